// Triage: a new status and the comment saying why; the API records who and when.
import { useState } from 'preact/hooks'
import { api } from '../api'
import { STATUSES, type Anomaly, type Status } from '../types'

export function TriageForm({
  anomaly,
  onDone,
}: {
  anomaly: Anomaly
  onDone: (a: Anomaly) => void
}) {
  const [status, setStatus] = useState<Status>(
    anomaly.status === 'open' ? 'acknowledged' : anomaly.status,
  )
  const [comment, setComment] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const idBase = `triage-${anomaly.id}`
  return (
    <form
      class="triage"
      aria-label={`Triage ${anomaly.id}`}
      onSubmit={async (e) => {
        e.preventDefault()
        setBusy(true)
        try {
          const updated = await api<Anomaly>(
            `/anomalies/${encodeURIComponent(anomaly.id)}/triage`,
            {
              method: 'POST',
              body: { status, comment },
            },
          )
          setComment('')
          setError(null)
          onDone(updated)
        } catch (err) {
          setError(err instanceof Error ? err.message : String(err))
        } finally {
          setBusy(false)
        }
      }}
    >
      <label for={`${idBase}-status`}>New status</label>
      <select
        id={`${idBase}-status`}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value as Status)}
      >
        {STATUSES.map((s) => (
          <option value={s}>{s}</option>
        ))}
      </select>
      <label for={`${idBase}-comment`}>Comment</label>
      <input
        id={`${idBase}-comment`}
        value={comment}
        maxLength={2000}
        required
        onInput={(e) => setComment(e.currentTarget.value)}
      />
      <button type="submit" disabled={busy || comment.trim() === ''}>
        Save
      </button>
      {error && (
        <span role="alert" class="error">
          {error}
        </span>
      )}
    </form>
  )
}
