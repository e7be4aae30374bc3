// Off-hours: the user's sign-ins as an hour-of-day × weekday grid in the finding's local time zone,
// with the flagged sign-in's cell marked.
import { useEffect, useState } from 'preact/hooks'
import { api } from '../api'
import type { Anomaly, Timeline } from '../types'

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
const HOURS = Array.from({ length: 24 }, (_, h) => h)

/** Weekday (0 = Monday) and hour of `iso` in `timeZone`. */
export function localSlot(iso: string, timeZone: string): { day: number; hour: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso))
  const weekday = parts.find((p) => p.type === 'weekday')?.value ?? 'Mon'
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? '0')
  return { day: Math.max(0, DAYS.indexOf(weekday)), hour: hour % 24 }
}

export function OffHoursHeatmap({ anomaly, userId }: { anomaly: Anomaly; userId: string }) {
  const [timeline, setTimeline] = useState<Timeline | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    api<Timeline>(`/users/${encodeURIComponent(userId)}/timeline?limit=1000`).then(
      setTimeline,
      (e: unknown) => setError(String(e)),
    )
  }, [userId])
  const zone = typeof anomaly.details.timeZone === 'string' ? anomaly.details.timeZone : 'UTC'
  if (error) {
    return <p class="error">{error}</p>
  }
  if (!timeline) {
    return <p class="loading">Loading sign-ins…</p>
  }
  const counts = DAYS.map(() => HOURS.map(() => 0))
  for (const s of timeline.signIns) {
    const { day, hour } = localSlot(s.at, zone)
    const row = counts[day]
    if (row) {
      row[hour] = (row[hour] ?? 0) + 1
    }
  }
  const flagged = localSlot(anomaly.occurredAt, zone)
  const max = Math.max(1, ...counts.flat())
  const usual = typeof anomaly.details.usualWindow === 'string' ? anomaly.details.usualWindow : null
  return (
    <figure class="heatmap">
      <figcaption>
        <strong>Sign-ins by hour and weekday</strong> in {zone} ({timeline.signIns.length} most
        recent). The flagged sign-in ({DAYS[flagged.day]} {String(flagged.hour).padStart(2, '0')}:00
        {typeof anomaly.details.localTime === 'string' && `, ${anomaly.details.localTime} local`})
        is outlined.
        {usual && ` Usual window: ${usual}.`}
        {typeof anomaly.details.probability === 'number' &&
          ` Probability at that hour: ${anomaly.details.probability}.`}
      </figcaption>
      <div class="scroll">
        <table class="grid" data-testid="heatmap">
          <thead>
            <tr>
              <th scope="col">
                <span class="sr-only">Weekday</span>
              </th>
              {HOURS.map((h) => (
                <th scope="col">{String(h).padStart(2, '0')}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {DAYS.map((d, day) => (
              <tr>
                <th scope="row">{d}</th>
                {HOURS.map((h) => {
                  const n = counts[day]?.[h] ?? 0
                  const mark = flagged.day === day && flagged.hour === h
                  return (
                    <td
                      class={mark ? 'flagged' : undefined}
                      style={{ '--level': String(n / max) }}
                      title={`${d} ${h}:00 — ${n} sign-in${n === 1 ? '' : 's'}${mark ? ' (flagged)' : ''}`}
                      data-count={n}
                      data-flagged={mark ? 'true' : undefined}
                    >
                      <span class="sr-only">
                        {n}
                        {mark ? ' flagged' : ''}
                      </span>
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  )
}
