// One partner: user and finding counts, sign-ins per day, findings per detector, contract end and
// dormant accounts.
import { useEffect, useState } from 'preact/hooks'
import { api, ApiError, query } from '../api'
import { BarChart } from '../BarChart'
import { href } from '../router'
import type { Activity, Anomaly, Page, PartnerDetail, User } from '../types'

const DAY = 86_400_000
/** The newest findings counted per detector (one page of the list). */
const SAMPLE = 500

export function PartnerOverview({ id }: { id: string }) {
  const [partner, setPartner] = useState<PartnerDetail | null>(null)
  const [users, setUsers] = useState<User[]>([])
  const [activity, setActivity] = useState<Activity | null>(null)
  const [findings, setFindings] = useState<Page<Anomaly> | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    const p = encodeURIComponent(id)
    setError(null)
    api<PartnerDetail>(`/partners/${p}`).then(setPartner, (e: unknown) =>
      setError(
        e instanceof ApiError && e.status === 404
          ? `No partner ${id} that you may see.`
          : String(e),
      ),
    )
    api<Page<User>>(`/partners/${p}/users?limit=1000`).then(
      (r) => setUsers(r.items),
      () => setUsers([]),
    )
    api<Activity>(`/console/partners/${p}/activity`).then(setActivity, () => setActivity(null))
    api<Page<Anomaly>>(`/anomalies${query({ partner: id, limit: SAMPLE })}`).then(setFindings, () =>
      setFindings(null),
    )
  }, [id])
  if (error) {
    return (
      <p role="alert" class="error" data-testid="partner-error">
        {error}
      </p>
    )
  }
  if (!partner) {
    return <p class="loading">Loading partner…</p>
  }
  const perDetector = new Map<string, number>()
  for (const f of findings?.items ?? []) {
    perDetector.set(f.detector, (perDetector.get(f.detector) ?? 0) + 1)
  }
  const detectors = [...perDetector.entries()].sort((a, b) => b[1] - a[1])
  const dormantDays = activity?.dormantAfterDays ?? 90
  const now = Date.now()
  const dormant = users.filter(
    (u) =>
      u.status === 'ACTIVE' && (!u.lastLogin || now - Date.parse(u.lastLogin) > dormantDays * DAY),
  )
  return (
    <section>
      <h1>{partner.name}</h1>
      <dl class="facts">
        <dt>Users</dt>
        <dd data-testid="partner-users">
          {partner.users} ({partner.activeUsers} active)
        </dd>
        <dt>Findings</dt>
        <dd>
          {partner.findings.open} open · {partner.findings.critical} critical ·{' '}
          {partner.findings.high} high · {partner.findings.medium} medium · {partner.findings.low}{' '}
          low
        </dd>
        <dt>Contract ends</dt>
        <dd>{activity?.contractEnd ?? 'not set'}</dd>
        <dt>Dormant accounts</dt>
        <dd data-testid="partner-dormant">
          {dormant.length} active account{dormant.length === 1 ? '' : 's'} without a sign-in for{' '}
          {dormantDays} days
        </dd>
      </dl>
      <p>
        <a href={href({ page: 'queue', partner: partner.id })}>This partner’s anomalies</a>
      </p>
      <div class="charts">
        {activity && (
          <BarChart
            id="chart-signins"
            title="Sign-ins per day (UTC), last 30 days"
            labels={activity.days.map((d) => d.day)}
            stacked
            series={[
              { label: 'Success', values: activity.days.map((d) => d.success), color: '#1f6f43' },
              { label: 'Failure', values: activity.days.map((d) => d.failure), color: '#b42318' },
            ]}
          />
        )}
        {findings && (
          <BarChart
            id="chart-detectors"
            title={`Findings per detector (newest ${SAMPLE}${findings.nextCursor ? ', more exist' : ''})`}
            labels={detectors.map(([d]) => d)}
            horizontal
            series={[{ label: 'Findings', values: detectors.map(([, n]) => n), color: '#1f4e8c' }]}
          />
        )}
      </div>
      <h2>Users</h2>
      <table class="table" aria-label={`Users of ${partner.name}`}>
        <thead>
          <tr>
            <th scope="col">Login</th>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">Contract end</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} data-user={u.id}>
              <td>
                <a href={href({ page: 'user', id: u.id })}>{u.login ?? u.id}</a>
              </td>
              <td>{[u.firstName, u.lastName].filter(Boolean).join(' ')}</td>
              <td>
                {u.status}
                {dormant.includes(u) && ' (dormant)'}
              </td>
              <td>{u.lastLogin?.slice(0, 10) ?? 'never'}</td>
              <td>{u.contractEnd ?? activity?.contractEnd ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
