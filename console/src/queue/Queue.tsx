// The anomaly queue: filters, a sort (newest or oldest first, highest score), keyset paging by
// cursor, triage from the list.
import { Fragment } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { api, describeError, query } from '../api'
import { Field } from '../Field'
import { href } from '../router'
import {
  DETECTORS,
  SEVERITIES,
  STATUSES,
  type Anomaly,
  type Page,
  type PartnerSummary,
  type Session,
} from '../types'
import { TriageForm } from './Triage'

interface Filters {
  partner: string
  detector: string
  severity: string
  status: string
  user: string
  since: string
  until: string
  sort: string
}

const EMPTY: Filters = {
  partner: '',
  detector: '',
  severity: '',
  status: '',
  user: '',
  since: '',
  until: '',
  sort: 'newest',
}
const SORTS: Record<string, string> = {
  newest: 'Newest first',
  oldest: 'Oldest first',
  score: 'Highest score first',
}
const PAGE = 25

export function Queue({ session, partner }: { session: Session; partner: string }) {
  const initial = session.partner ? EMPTY : { ...EMPTY, partner }
  const [filters, setFilters] = useState<Filters>(initial)
  const [draft, setDraft] = useState<Filters>(initial)
  const [cursors, setCursors] = useState<string[]>([])
  const [page, setPage] = useState<Page<Anomaly> | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [partners, setPartners] = useState<PartnerSummary[]>([])
  const [open, setOpen] = useState<string | null>(null)
  const canTriage = session.role === 'admin' || session.role === 'analyst'
  const cursor = cursors.at(-1) ?? null

  useEffect(() => {
    api<{ items: PartnerSummary[] }>('/partners').then(
      (r) => setPartners(r.items),
      () => setPartners([]),
    )
  }, [])
  useEffect(() => {
    let live = true
    const q = query({
      ...filters,
      since: filters.since ? `${filters.since}T00:00:00Z` : '',
      until: filters.until ? `${filters.until}T00:00:00Z` : '',
      sort: filters.sort === 'newest' ? '' : filters.sort,
      limit: PAGE,
      cursor,
    })
    api<Page<Anomaly>>(`/anomalies${q}`).then(
      (p) => live && (setPage(p), setError(null)),
      (e: unknown) => live && setError(describeError(e)),
    )
    return () => {
      live = false
    }
  }, [filters, cursor])

  const set = (key: keyof Filters) => (e: Event) =>
    setDraft({ ...draft, [key]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value })
  const replace = (a: Anomaly) =>
    page && setPage({ ...page, items: page.items.map((x) => (x.id === a.id ? a : x)) })

  return (
    <section>
      <h1>Anomalies</h1>
      <form
        class="filters"
        aria-label="Filters"
        onSubmit={(e) => {
          e.preventDefault()
          setCursors([])
          setFilters(draft)
        }}
      >
        {!session.partner && (
          <Field id="f-partner" label="Partner">
            <select id="f-partner" value={draft.partner} onChange={set('partner')}>
              <option value="">All</option>
              {partners.map((p) => (
                <option value={p.id} selected={p.id === draft.partner}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id="f-detector" label="Detector">
          <select id="f-detector" value={draft.detector} onChange={set('detector')}>
            <option value="">All</option>
            {DETECTORS.map((d) => (
              <option value={d}>{d}</option>
            ))}
          </select>
        </Field>
        <Field id="f-severity" label="Severity">
          <select id="f-severity" value={draft.severity} onChange={set('severity')}>
            <option value="">All</option>
            {SEVERITIES.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </Field>
        <Field id="f-status" label="Status">
          <select id="f-status" value={draft.status} onChange={set('status')}>
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </Field>
        <Field id="f-user" label="User (login or id)">
          <input id="f-user" value={draft.user} onInput={set('user')} />
        </Field>
        <Field id="f-since" label="From (UTC)">
          <input id="f-since" type="date" value={draft.since} onInput={set('since')} />
        </Field>
        <Field id="f-until" label="Before (UTC)">
          <input id="f-until" type="date" value={draft.until} onInput={set('until')} />
        </Field>
        <Field id="f-sort" label="Sort">
          <select id="f-sort" value={draft.sort} onChange={set('sort')}>
            {Object.entries(SORTS).map(([value, label]) => (
              <option value={value}>{label}</option>
            ))}
          </select>
        </Field>
        <button type="submit">Apply</button>
      </form>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {page && (
        <>
          <table
            class="queue"
            aria-label={`Anomalies, ${(SORTS[filters.sort] ?? '').toLowerCase()}`}
          >
            <thead>
              <tr>
                <th scope="col">Occurred (UTC)</th>
                <th scope="col">Severity (score)</th>
                <th scope="col">Detector</th>
                {!session.partner && <th scope="col">Partner</th>}
                <th scope="col">User</th>
                <th scope="col">Summary</th>
                <th scope="col">Status</th>
                {canTriage && <th scope="col">Triage</th>}
              </tr>
            </thead>
            <tbody>
              {page.items.map((a) => (
                <Fragment key={a.id}>
                  <tr data-finding={a.id}>
                    <td>{a.occurredAt.slice(0, 16).replace('T', ' ')}</td>
                    <td>
                      <span class={`sev sev-${a.severity}`}>{a.severity}</span> {a.score}
                    </td>
                    <td>{a.detector}</td>
                    {!session.partner && <td>{a.partnerId ?? '—'}</td>}
                    <td>
                      {a.userId ? (
                        <a href={href({ page: 'user', id: a.userId })}>{a.userLogin ?? a.userId}</a>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>
                      <a href={href({ page: 'finding', id: a.id })}>{a.summary}</a>
                    </td>
                    <td class="status">{a.status}</td>
                    {canTriage && (
                      <td>
                        <button
                          type="button"
                          aria-expanded={open === a.id}
                          aria-label={`Triage ${a.summary}`}
                          onClick={() => setOpen(open === a.id ? null : a.id)}
                        >
                          Triage
                        </button>
                      </td>
                    )}
                  </tr>
                  {canTriage && open === a.id && (
                    <tr class="triage-row">
                      <td colSpan={8}>
                        <TriageForm
                          anomaly={a}
                          onDone={(u) => {
                            replace(u)
                            setOpen(null)
                          }}
                        />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
          {page.items.length === 0 && <p>No anomalies match these filters.</p>}
          <nav class="pager" aria-label="Pages">
            <button
              type="button"
              disabled={cursors.length === 0}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              {filters.sort === 'newest' ? 'Newer' : 'Previous'}
            </button>
            <span>Page {cursors.length + 1}</span>
            <button
              type="button"
              disabled={!page.nextCursor}
              onClick={() => page.nextCursor && setCursors([...cursors, page.nextCursor])}
            >
              {filters.sort === 'newest' ? 'Older' : 'Next'}
            </button>
          </nav>
        </>
      )}
    </section>
  )
}
