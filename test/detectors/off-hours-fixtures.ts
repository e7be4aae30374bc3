// Shared by the off-hours SQL tests: two partners in their own zones (Amsterdam with DST, Tokyo
// without), a sign-in event as Okta logs it, and the directory users (two partner users, one staff).
import { fixedClock } from '../../lib/clock.js'
import { parseConfig } from '../../lib/config.js'
import type { Database } from '../../lib/db.js'

export const clock = fixedClock('2026-11-20T12:00:00Z')
export const { partners } = parseConfig(
  {
    partners: [
      {
        id: 'northwind',
        name: 'Northwind',
        match: { emailDomains: ['northwind.example'] },
        timeZone: 'Europe/Amsterdam',
      },
      {
        id: 'contoso',
        name: 'Contoso',
        match: { emailDomains: ['contoso.example'] },
        timeZone: 'Asia/Tokyo',
      },
    ],
  },
  { env: {}, cwd: '/', source: 'test' },
)
export const ctx = { now: clock.now(), config: {}, partners }

export function event(
  uuid: string,
  published: string,
  actor: string,
  o: { eventType?: string; result?: string } = {},
) {
  return {
    position: uuid,
    raw: JSON.stringify({
      uuid,
      published,
      eventType: o.eventType ?? 'user.session.start',
      outcome: { result: o.result ?? 'SUCCESS' },
      actor: { id: actor, alternateId: `${actor}@x.example`, type: 'User' },
      client: { ipAddress: '198.51.100.7', geographicalContext: { city: 'Amsterdam' } },
      securityContext: { asNumber: 1136, asOrg: 'KPN' },
      debugContext: {
        debugData: { behaviors: '{New Device=NEGATIVE, New Geo-Location=NEGATIVE}' },
      },
    }),
  }
}

export async function users(db: Database): Promise<void> {
  await db.run(
    `INSERT INTO dir_users (id, org, sync_id, synced_at, status, login, profile, partner_id, looks_external, jit)
     VALUES ('ana', 'hub', 1, now(), 'ACTIVE', 'ana@northwind.example', '{}', 'northwind', true, false),
            ('ken', 'hub', 1, now(), 'ACTIVE', 'ken@contoso.example', '{}', 'contoso', true, false),
            ('emp', 'hub', 1, now(), 'ACTIVE', 'emp@hub.example', '{}', NULL, false, false)`,
  )
}
