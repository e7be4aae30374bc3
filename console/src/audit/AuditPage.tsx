// The audit trail of API requests (admins and auditors): who called what, when, with which
// parameters and answer; filters by token name and time, newest first, paged by cursor.
import { useEffect, useState } from 'preact/hooks'
import { api, describeError, query } from '../api'
import { Alert, Field } from '../Field'
import type { AuditEntry, Page } from '../types'

const PAGE = 50

interface Filters {
  token: string
  since: string
  until: string
}
const EMPTY: Filters = { token: '', since: '', until: '' }

export function AuditPage() {
  const [filters, setFilters] = useState<Filters>(EMPTY)
  const [draft, setDraft] = useState<Filters>(EMPTY)
  const [cursors, setCursors] = useState<string[]>([])
  const [page, setPage] = useState<Page<AuditEntry> | null>(null)
  const [error, setError] = useState<string | null>(null)
  const cursor = cursors.at(-1) ?? null
  useEffect(() => {
    let live = true
    const q = query({
      token: filters.token.trim(),
      since: filters.since ? `${filters.since}T00:00:00Z` : '',
      until: filters.until ? `${filters.until}T00:00:00Z` : '',
      limit: PAGE,
      cursor,
    })
    api<Page<AuditEntry>>(`/audit${q}`).then(
      (p) => live && (setPage(p), setError(null)),
      (e: unknown) => live && setError(describeError(e)),
    )
    return () => {
      live = false
    }
  }, [filters, cursor])
  const set = (key: keyof Filters) => (e: Event) =>
    setDraft({ ...draft, [key]: (e.currentTarget as HTMLInputElement).value })

  return (
    <section>
      <h1>Audit trail</h1>
      <form
        class="filters"
        aria-label="Audit filters"
        onSubmit={(e) => {
          e.preventDefault()
          setCursors([])
          setFilters(draft)
        }}
      >
        <Field id="a-token" label="Token name">
          <input id="a-token" value={draft.token} maxLength={100} onInput={set('token')} />
        </Field>
        <Field id="a-since" label="From (UTC)">
          <input id="a-since" type="date" value={draft.since} onInput={set('since')} />
        </Field>
        <Field id="a-until" label="Before (UTC)">
          <input id="a-until" type="date" value={draft.until} onInput={set('until')} />
        </Field>
        <button type="submit">Apply</button>
      </form>
      <Alert message={error} />
      {page && (
        <>
          <table class="table" aria-label="API requests, newest first">
            <thead>
              <tr>
                <th scope="col">At (UTC)</th>
                <th scope="col">Token</th>
                <th scope="col">Role</th>
                <th scope="col">Request</th>
                <th scope="col">Parameters</th>
                <th scope="col">Status</th>
                <th scope="col">ms</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((a) => (
                <tr key={a.id} data-audit={a.id}>
                  <td class="nowrap">{a.at.slice(0, 19).replace('T', ' ')}</td>
                  <td>{a.tokenName ?? '—'}</td>
                  <td>
                    {a.role ?? '—'}
                    {a.partnerId && <small> ({a.partnerId})</small>}
                  </td>
                  <td class="wrap">
                    <code>
                      {a.method} {a.route}
                    </code>
                  </td>
                  <td class="wrap">
                    <code>
                      {Object.keys(a.parameters).length ? JSON.stringify(a.parameters) : ''}
                    </code>
                  </td>
                  <td>{a.status}</td>
                  <td>{a.durationMs.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {page.items.length === 0 && <p>No requests match these filters.</p>}
          <nav class="pager" aria-label="Audit pages">
            <button
              type="button"
              disabled={cursors.length === 0}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              Newer
            </button>
            <span>Page {cursors.length + 1}</span>
            <button
              type="button"
              disabled={!page.nextCursor}
              onClick={() => page.nextCursor && setCursors([...cursors, page.nextCursor])}
            >
              Older
            </button>
          </nav>
        </>
      )}
    </section>
  )
}
