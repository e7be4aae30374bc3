// Reviewing one item: approve or revoke (a revoke needs a justification; the API says so too, and its
// refusals — not the reviewer, self-review, already decided — are shown as it words them), or hand
// the item to another reviewer with a reason.
import { useState } from 'preact/hooks'
import { api, describeError } from '../api'
import type { CertItem, Decision } from '../types'

export function ItemReview({
  campaignId,
  item,
  onDone,
}: {
  campaignId: string
  item: CertItem
  onDone: (item: CertItem) => void
}) {
  const [decision, setDecision] = useState<'approve' | 'revoke'>(
    item.recommendation === 'revoke' ? 'revoke' : 'approve',
  )
  const [justification, setJustification] = useState('')
  const [toReviewer, setToReviewer] = useState('')
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const base = `/certification/campaigns/${encodeURIComponent(campaignId)}/items/${item.seq}`
  const id = `review-${item.seq}`
  const run = async (fn: () => Promise<CertItem>) => {
    setBusy(true)
    try {
      const updated = await fn()
      setError(null)
      onDone(updated)
    } catch (e) {
      setError(describeError(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div class="review">
      <form
        class="triage"
        aria-label={`Decide item ${item.seq}`}
        onSubmit={(e) => {
          e.preventDefault()
          void run(async () => {
            const text = justification.trim()
            const r = await api<{ decision: Decision; decidedAt: string }>(`${base}/decision`, {
              method: 'POST',
              body: text ? { decision, justification: text } : { decision },
            })
            return {
              ...item,
              decision: r.decision,
              decidedAt: r.decidedAt,
              justification: text || null,
            }
          })
        }}
      >
        <fieldset>
          <legend>Decision</legend>
          {(['approve', 'revoke'] as const).map((d) => (
            <label key={d}>
              <input
                type="radio"
                name={`${id}-decision`}
                value={d}
                checked={decision === d}
                onChange={() => setDecision(d)}
              />{' '}
              {d === 'approve' ? 'Approve (keep access)' : 'Revoke'}
            </label>
          ))}
        </fieldset>
        <label for={`${id}-justification`}>
          Justification{decision === 'revoke' ? ' (required for a revoke)' : ' (optional)'}
        </label>
        <input
          id={`${id}-justification`}
          value={justification}
          maxLength={2000}
          onInput={(e) => setJustification(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy}>
          Save decision
        </button>
      </form>
      <form
        class="triage"
        aria-label={`Reassign item ${item.seq}`}
        onSubmit={(e) => {
          e.preventDefault()
          void run(async () => {
            const text = reason.trim()
            const r = await api<{ reviewer: string }>(`${base}/reassign`, {
              method: 'POST',
              body: text
                ? { toReviewer: toReviewer.trim(), reason: text }
                : { toReviewer: toReviewer.trim() },
            })
            return { ...item, reviewer: r.reviewer }
          })
        }}
      >
        <label for={`${id}-to`}>Reassign to</label>
        <input
          id={`${id}-to`}
          value={toReviewer}
          required
          maxLength={200}
          onInput={(e) => setToReviewer(e.currentTarget.value)}
        />
        <label for={`${id}-reason`}>Reason</label>
        <input
          id={`${id}-reason`}
          value={reason}
          maxLength={2000}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy || toReviewer.trim() === ''}>
          Reassign
        </button>
      </form>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </div>
  )
}
