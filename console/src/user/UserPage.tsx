// A user's timeline: the directory record, sign-ins per day (chart), each sign-in with place, network,
// device and outcome, and the user's findings.
import { useEffect, useState } from 'preact/hooks'
import { api, ApiError } from '../api'
import { BarChart } from '../BarChart'
import { href } from '../router'
import type { SignIn, Timeline } from '../types'

function perDay(signIns: SignIn[]): { labels: string[]; ok: number[]; failed: number[] } {
  const days = new Map<string, { ok: number; failed: number }>()
  for (const s of [...signIns].reverse()) {
    const day = s.at.slice(0, 10)
    const d = days.get(day) ?? { ok: 0, failed: 0 }
    if (s.outcome.result === 'SUCCESS') {
      d.ok += 1
    } else {
      d.failed += 1
    }
    days.set(day, d)
  }
  const labels = [...days.keys()]
  return {
    labels,
    ok: labels.map((l) => days.get(l)?.ok ?? 0),
    failed: labels.map((l) => days.get(l)?.failed ?? 0),
  }
}

export function UserPage({ id }: { id: string }) {
  const [timeline, setTimeline] = useState<Timeline | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    setError(null)
    api<Timeline>(`/users/${encodeURIComponent(id)}/timeline?limit=500`).then(
      setTimeline,
      (e: unknown) =>
        setError(
          e instanceof ApiError && e.status === 404 ? `No user ${id} that you may see.` : String(e),
        ),
    )
  }, [id])
  if (error) {
    return (
      <p role="alert" class="error" data-testid="user-error">
        {error}
      </p>
    )
  }
  if (!timeline) {
    return <p class="loading">Loading timeline…</p>
  }
  const { user, signIns, findings } = timeline
  const days = perDay(signIns)
  return (
    <section>
      <h1>{user.login ?? user.id}</h1>
      <dl class="facts">
        <dt>Name</dt>
        <dd>{[user.firstName, user.lastName].filter(Boolean).join(' ') || '—'}</dd>
        <dt>Status</dt>
        <dd>{user.status}</dd>
        <dt>Partner</dt>
        <dd>
          {user.partnerId ? (
            <a href={href({ page: 'partner', id: user.partnerId })}>{user.partnerId}</a>
          ) : (
            '—'
          )}
          {user.partnerRule && ` (by ${user.partnerRule})`}
        </dd>
        <dt>Last sign-in</dt>
        <dd>{user.lastLogin ?? 'never'}</dd>
        <dt>Contract end</dt>
        <dd>{user.contractEnd ?? '—'}</dd>
      </dl>
      <BarChart
        id="chart-user-signins"
        title={`Sign-ins per day (UTC), the ${signIns.length} most recent`}
        labels={days.labels}
        stacked
        series={[
          { label: 'Success', values: days.ok, color: '#1f6f43' },
          { label: 'Failure', values: days.failed, color: '#b42318' },
        ]}
      />
      <h2>Findings</h2>
      {findings.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {findings.map((f) => (
            <li key={f.id}>
              <a href={href({ page: 'finding', id: f.id })}>{f.summary}</a> — {f.severity},{' '}
              {f.status}
            </li>
          ))}
        </ul>
      )}
      <h2>Sign-ins</h2>
      <table class="table" aria-label="Sign-ins, newest first">
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Outcome</th>
            <th scope="col">Place</th>
            <th scope="col">Network</th>
            <th scope="col">Device</th>
          </tr>
        </thead>
        <tbody>
          {signIns.map((s) => (
            <tr key={s.eventId} data-event={s.eventId}>
              <td>{s.at.slice(0, 19).replace('T', ' ')}</td>
              <td>
                {s.outcome.result ?? '—'}
                {s.outcome.reason && ` (${s.outcome.reason})`}
              </td>
              <td>{[s.place.city, s.place.country].filter(Boolean).join(', ') || '—'}</td>
              <td>
                {s.network.ip ?? '—'}
                {s.network.asOrg && ` · ${s.network.asOrg}`}
              </td>
              <td>
                {[s.device.kind, s.device.os, s.device.browser].filter(Boolean).join(' · ') || '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
