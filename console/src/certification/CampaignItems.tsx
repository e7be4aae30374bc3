// A campaign's review items: filters (decision, partner, reviewer), paging by seq, and the review
// form (approve / revoke with justification, reassign) under an item for analysts and admins.
import { Fragment } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { api, describeError, query } from '../api'
import { Alert, Field } from '../Field'
import type { Campaign, CampaignFigures, CertItem } from '../types'
import { ItemReview } from './ItemReview'

const PAGE = 25

interface Filters {
  decision: string
  partner: string
  reviewer: string
}
const EMPTY: Filters = { decision: '', partner: '', reviewer: '' }

export function CampaignItems({
  campaign,
  figures,
  canAct,
  onDecided,
}: {
  campaign: Campaign
  figures: CampaignFigures
  canAct: boolean
  onDecided: () => void
}) {
  const [filters, setFilters] = useState<Filters>(EMPTY)
  const [draft, setDraft] = useState<Filters>(EMPTY)
  const [afters, setAfters] = useState<number[]>([])
  const [page, setPage] = useState<{ items: CertItem[]; nextAfterSeq: number | null } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [open, setOpen] = useState<number | null>(null)
  const afterSeq = afters.at(-1) ?? null

  useEffect(() => {
    let live = true
    const q = query({ ...filters, afterSeq, limit: PAGE })
    api<{ items: CertItem[]; nextAfterSeq: number | null }>(
      `/console/certification/campaigns/${encodeURIComponent(campaign.id)}/items${q}`,
    ).then(
      (p) => live && (setPage(p), setError(null)),
      (e: unknown) => live && setError(describeError(e)),
    )
    return () => {
      live = false
    }
  }, [filters, afterSeq])

  const set = (key: keyof Filters) => (e: Event) =>
    setDraft({ ...draft, [key]: (e.currentTarget as HTMLSelectElement).value })
  const cols = canAct ? 8 : 7
  return (
    <>
      <h2>Review items</h2>
      <form
        class="filters"
        aria-label="Item filters"
        onSubmit={(e) => {
          e.preventDefault()
          setAfters([])
          setFilters(draft)
        }}
      >
        <Field id="i-decision" label="Decision">
          <select id="i-decision" value={draft.decision} onChange={set('decision')}>
            <option value="">All</option>
            <option value="undecided">undecided</option>
            <option value="approve">approve</option>
            <option value="revoke">revoke</option>
            <option value="no_response">no response</option>
          </select>
        </Field>
        <Field id="i-partner" label="Partner">
          <select id="i-partner" value={draft.partner} onChange={set('partner')}>
            <option value="">All</option>
            {figures.partners.map((p) => (
              <option value={p.id}>
                {p.id} ({p.items})
              </option>
            ))}
          </select>
        </Field>
        <Field id="i-reviewer" label="Reviewer">
          <select id="i-reviewer" value={draft.reviewer} onChange={set('reviewer')}>
            <option value="">All</option>
            {figures.reviewers.map((r) => (
              <option value={r.reviewer}>{r.reviewer}</option>
            ))}
          </select>
        </Field>
        <button type="submit">Apply</button>
      </form>
      <Alert message={error} />
      {page && (
        <>
          <table class="table" aria-label="Review items">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">User</th>
                <th scope="col">Partner</th>
                <th scope="col">Entitlement</th>
                <th scope="col">Recommendation</th>
                <th scope="col">Reviewer</th>
                <th scope="col">Decision</th>
                {canAct && <th scope="col">Review</th>}
              </tr>
            </thead>
            <tbody>
              {page.items.map((item) => (
                <Fragment key={item.seq}>
                  <tr data-item={item.seq}>
                    <td>{item.seq}</td>
                    <td>
                      {item.displayName ?? item.login ?? '—'}
                      <br />
                      <small>
                        {item.login} · {item.userStatus}
                        {item.daysInactive !== null && ` · ${item.daysInactive} d inactive`}
                      </small>
                    </td>
                    <td>{item.partnerId}</td>
                    <td class="wrap">
                      {item.entitlementType}: {item.entitlementName ?? '—'}
                    </td>
                    <td>
                      {item.recommendation}
                      {item.reasons.length > 0 && <small> ({item.reasons.join(', ')})</small>}
                    </td>
                    <td>{item.reviewer}</td>
                    <td class="decision">
                      {item.decision ?? 'undecided'}
                      {item.justification && <small> — {item.justification}</small>}
                    </td>
                    {canAct && (
                      <td>
                        {item.decision === null && (
                          <button
                            type="button"
                            aria-expanded={open === item.seq}
                            aria-label={`Review item ${item.seq}`}
                            onClick={() => setOpen(open === item.seq ? null : item.seq)}
                          >
                            Review
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                  {canAct && open === item.seq && (
                    <tr class="triage-row">
                      <td colSpan={cols}>
                        <ItemReview
                          campaignId={campaign.id}
                          item={item}
                          onDone={(updated) => {
                            setPage({
                              ...page,
                              items: page.items.map((x) => (x.seq === updated.seq ? updated : x)),
                            })
                            setOpen(null)
                            onDecided()
                          }}
                        />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
          {page.items.length === 0 && <p>No items match these filters.</p>}
          <nav class="pager" aria-label="Item pages">
            <button
              type="button"
              disabled={afters.length === 0}
              onClick={() => setAfters(afters.slice(0, -1))}
            >
              Previous
            </button>
            <span>Page {afters.length + 1}</span>
            <button
              type="button"
              disabled={page.nextAfterSeq === null}
              onClick={() =>
                page.nextAfterSeq !== null && setAfters([...afters, page.nextAfterSeq])
              }
            >
              Next
            </button>
          </nav>
        </>
      )}
    </>
  )
}
