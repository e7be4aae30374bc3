// The SIEM streams (admins, analysts, SIEM tokens, partner admins for their partner): choose the
// stream and format, fetch a page, read its records and the cursor of the next page, follow it, and
// download the page (a Blob behind an object URL: the token stays in the Authorization header).
import { useState } from 'preact/hooks'
import { describeError, query, request } from '../api'
import { Alert, Field } from '../Field'
import type { Session } from '../types'

const FORMATS = ['ndjson', 'cef', 'leef', 'ocsf', 'ecs', 'hec', 'syslog', 'arrow', 'parquet']
const BINARY = new Set(['arrow', 'parquet'])
const EXTENSION: Record<string, string> = { ndjson: 'ndjson', arrow: 'arrow', parquet: 'parquet' }
const SHOWN_LINES = 200

interface Fetched {
  count: number
  nextCursor: string
  hasMore: boolean
  blob: Blob
  text: string | null
  format: string
  stream: string
}

export function ExportPage({ session }: { session: Session }) {
  const [stream, setStream] = useState('anomalies')
  const [format, setFormat] = useState('ndjson')
  const [limit, setLimit] = useState('100')
  const [partner, setPartner] = useState('')
  const [fetched, setFetched] = useState<Fetched | null>(null)
  const [cursors, setCursors] = useState<string[]>([])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const load = async (after: string | null, trail: string[]) => {
    setBusy(true)
    try {
      const q = query({ format, limit, partner: partner.trim(), after })
      const response = await request(`/exports/${stream}${q}`, { accept: '*/*' })
      const blob = await response.blob()
      setFetched({
        count: Number(response.headers.get('x-record-count') ?? '0'),
        nextCursor: response.headers.get('x-next-cursor') ?? '',
        hasMore: response.headers.get('x-has-more') === 'true',
        blob,
        text: BINARY.has(format) ? null : await blob.text(),
        format,
        stream,
      })
      setCursors(trail)
      setError(null)
    } catch (e) {
      setError(describeError(e))
    } finally {
      setBusy(false)
    }
  }
  const save = (f: Fetched) => {
    const url = URL.createObjectURL(f.blob)
    const a = document.createElement('a')
    a.href = url
    a.download = `${f.stream}-page-${cursors.length + 1}.${EXTENSION[f.format] ?? 'txt'}`
    document.body.append(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
  const lines = fetched?.text?.split('\n').filter((l) => l !== '') ?? []

  return (
    <section>
      <h1>Exports</h1>
      <form
        class="filters"
        aria-label="Export"
        onSubmit={(e) => {
          e.preventDefault()
          void load(null, [])
        }}
      >
        <Field id="x-stream" label="Stream">
          <select id="x-stream" value={stream} onChange={(e) => setStream(e.currentTarget.value)}>
            <option value="anomalies">anomalies</option>
            <option value="events">events</option>
          </select>
        </Field>
        <Field id="x-format" label="Format">
          <select id="x-format" value={format} onChange={(e) => setFormat(e.currentTarget.value)}>
            {FORMATS.map((f) => (
              <option value={f}>{f}</option>
            ))}
          </select>
        </Field>
        <Field id="x-limit" label="Records per page">
          <input
            id="x-limit"
            type="number"
            min={1}
            max={10000}
            value={limit}
            onInput={(e) => setLimit(e.currentTarget.value)}
          />
        </Field>
        {!session.partner && (
          <Field id="x-partner" label="Partner id (optional)">
            <input
              id="x-partner"
              value={partner}
              onInput={(e) => setPartner(e.currentTarget.value)}
            />
          </Field>
        )}
        <button type="submit" disabled={busy}>
          Fetch first page
        </button>
      </form>
      <Alert message={error} />
      {fetched && (
        <>
          <dl class="facts" data-testid="export-page">
            <dt>Page</dt>
            <dd>{cursors.length + 1}</dd>
            <dt>Records</dt>
            <dd data-testid="export-count">{fetched.count}</dd>
            <dt>Bytes</dt>
            <dd>{fetched.blob.size.toLocaleString('en')}</dd>
            <dt>Next cursor</dt>
            <dd>
              <code data-testid="export-cursor">{fetched.nextCursor}</code>
              {!fetched.hasMore && ' (the end for now: later records will follow it)'}
            </dd>
          </dl>
          <div class="actions" role="group" aria-label="Export page actions">
            <button
              type="button"
              disabled={busy || !fetched.hasMore}
              onClick={() => void load(fetched.nextCursor, [...cursors, fetched.nextCursor])}
            >
              Next page
            </button>
            <button type="button" onClick={() => save(fetched)}>
              Download this page
            </button>
          </div>
          {fetched.text === null ? (
            <p>{fetched.format} is binary: download the page to read it.</p>
          ) : (
            <pre class="json" data-testid="export-records" tabIndex={0} aria-label="Records">
              {lines.slice(0, SHOWN_LINES).join('\n')}
              {lines.length > SHOWN_LINES && `\n… ${lines.length - SHOWN_LINES} more lines`}
            </pre>
          )}
        </>
      )}
    </section>
  )
}
