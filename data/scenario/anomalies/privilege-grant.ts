// An admin role granted to a partner (external) user: user.account.privilege.grant with a hub admin
// as actor and the partner user as target. Grants to employees happen too and are normal.
import { adminContext } from '../admin-plan.js'
import { privilegeGrant } from '../admin-events.js'
import { adminInstant } from '../calendar.js'
import { ROLE_LABEL } from '../hub.js'
import { ATTEMPTS, type Injection, type SchedulerContext } from './context.js'
import { victims } from './helpers.js'

const ROLES = ['APP_ADMIN', 'USER_ADMIN', 'HELP_DESK_ADMIN', 'READ_ONLY_ADMIN', 'ORG_ADMIN']

export function schedulePrivilegeGrant(ctx: SchedulerContext, count: number): Injection[] {
  const out: Injection[] = []
  const { window, rng } = ctx
  const pool = victims(ctx)
  for (let n = 0; n < ATTEMPTS && out.length < count && pool.length > 0; n++) {
    const user = rng.pick(pool)
    const t = adminInstant(rng, window, rng.int(1, window.days - 1))
    if (ctx.used.has(user.index) || t >= window.endMs) {
      continue
    }
    const roleType = rng.pick(ROLES)
    ctx.used.add(user.index)
    ctx.roleGrants.push({ userIndex: user.index, roleType, atMs: t })
    out.push({
      t,
      kind: 'privilege-grant',
      run(e) {
        const c = adminContext(e, t)
        const ev = privilegeGrant(e.rng, t, c, user, roleType)
        e.emit(ev)
        e.labels.anomaly(
          'privilege-grant',
          user,
          [ev.uuid],
          t,
          `${c.admin.login} granted ${roleType} (${ROLE_LABEL[roleType] ?? roleType}) to partner user ${user.login}`,
        )
      },
    })
  }
  return out
}
