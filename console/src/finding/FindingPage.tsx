// One finding explained: what, who, the numbers, a picture for travel and off-hours, triage, and the
// evidence events with their raw JSON.
import { useEffect, useState } from 'preact/hooks'
import { api, ApiError } from '../api'
import { TriageForm } from '../queue/Triage'
import { href } from '../router'
import type { Anomaly, EvidenceEvent, Session } from '../types'
import { OffHoursHeatmap } from './OffHoursHeatmap'
import { TravelMap, travelOf } from './TravelMap'

export function FindingPage({ id, session }: { id: string; session: Session }) {
  const [anomaly, setAnomaly] = useState<Anomaly | null>(null)
  const [evidence, setEvidence] = useState<EvidenceEvent[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    setAnomaly(null)
    setError(null)
    const path = `/anomalies/${encodeURIComponent(id)}`
    api<Anomaly>(path).then(setAnomaly, (e: unknown) =>
      setError(
        e instanceof ApiError && e.status === 404
          ? `No finding ${id} that you may see.`
          : String(e),
      ),
    )
    api<{ items: EvidenceEvent[] }>(`/console${path}/evidence`).then(
      (r) => setEvidence(r.items),
      () => setEvidence([]),
    )
  }, [id])

  if (error) {
    return (
      <section>
        <h1>Finding</h1>
        <p role="alert" class="error" data-testid="finding-error">
          {error}
        </p>
        <a href={href({ page: 'queue' })}>Back to the queue</a>
      </section>
    )
  }
  if (!anomaly) {
    return <p class="loading">Loading finding…</p>
  }
  const travel = anomaly.detector === 'impossible-travel' ? travelOf(anomaly.details) : null
  const canTriage = session.role === 'admin' || session.role === 'analyst'
  return (
    <section class="finding">
      <p>
        <a href={href({ page: 'queue' })}>← Anomalies</a>
      </p>
      <h1>{anomaly.summary}</h1>
      <dl class="facts">
        <dt>Detector</dt>
        <dd>{anomaly.detector}</dd>
        <dt>Severity</dt>
        <dd>
          <span class={`sev sev-${anomaly.severity}`}>{anomaly.severity}</span> (score{' '}
          {anomaly.score})
        </dd>
        <dt>User</dt>
        <dd>
          {anomaly.userId ? (
            <a href={href({ page: 'user', id: anomaly.userId })}>
              {anomaly.userLogin ?? anomaly.userId}
            </a>
          ) : (
            '—'
          )}
        </dd>
        <dt>Partner</dt>
        <dd>
          {anomaly.partnerId ? (
            <a href={href({ page: 'partner', id: anomaly.partnerId })}>{anomaly.partnerId}</a>
          ) : (
            '—'
          )}
        </dd>
        <dt>Occurred</dt>
        <dd>{anomaly.occurredAt}</dd>
        <dt>Status</dt>
        <dd data-testid="finding-status">
          {anomaly.status}
          {anomaly.statusBy && ` by ${anomaly.statusBy}`}
          {anomaly.statusComment && ` — “${anomaly.statusComment}”`}
        </dd>
      </dl>
      {canTriage && <TriageForm anomaly={anomaly} onDone={setAnomaly} />}
      {travel && <TravelMap travel={travel} />}
      {anomaly.detector === 'off-hours' && anomaly.userId && (
        <OffHoursHeatmap anomaly={anomaly} userId={anomaly.userId} />
      )}
      <h2>Details</h2>
      <pre class="json" tabIndex={0} aria-label="Finding details as JSON">
        {JSON.stringify(anomaly.details, null, 2)}
      </pre>
      <h2>Evidence events</h2>
      {evidence === null ? (
        <p class="loading">Loading evidence…</p>
      ) : evidence.length === 0 ? (
        <p>The evidence events are not in the database (ids: {anomaly.eventIds.join(', ')}).</p>
      ) : (
        <ol class="evidence">
          {evidence.map((e) => (
            <li key={e.id} data-event={e.id}>
              <details>
                <summary>
                  {e.published} · {e.eventType ?? 'event'} · <code>{e.id}</code>
                </summary>
                <pre class="json" tabIndex={0} aria-label={`Raw JSON of event ${e.id}`}>
                  {JSON.stringify(e.raw, null, 2)}
                </pre>
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
