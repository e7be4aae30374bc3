// How many anomalies of each kind, and in which order they are placed: kinds that change a
// victim's lifecycle first (the plans other kinds look at must already reflect it). The total stays
// well under 1 % of the expected sign-ins, and each kind gets at least one where the budget allows.
import type { AnomalyKind } from '../types.js'
import type { Injection, SchedulerContext } from './context.js'
import { scheduleBruteForce } from './brute-force.js'
import { scheduleContractExpired } from './contract-expired.js'
import { scheduleDeactivatedAccess } from './deactivated-access.js'
import { scheduleDormantReactivated } from './dormant-reactivated.js'
import { scheduleImpossibleTravel } from './impossible-travel.js'
import { scheduleMfaFatigue } from './mfa-fatigue.js'
import { scheduleOffHours } from './off-hours.js'
import { schedulePasswordSpray } from './password-spray.js'
import { schedulePrivilegeGrant } from './privilege-grant.js'
import { scheduleSessionHijack } from './session-hijack.js'
import { scheduleNewCountry } from './new-country.js'
import { scheduleNewAsn } from './new-asn.js'
import { scheduleNewDevice } from './new-device.js'
import { scheduleNoMfa } from './no-mfa.js'
import { scheduleAnonymizer } from './anonymizer.js'
import { scheduleOktaThreat } from './okta-threat.js'

/** Per 10,000 user-days, in placement order. */
const RATES: [AnomalyKind, number, (ctx: SchedulerContext, n: number) => Injection[]][] = [
  ['deactivated-access', 3, scheduleDeactivatedAccess],
  ['dormant-reactivated', 3, scheduleDormantReactivated],
  ['contract-expired', 4, scheduleContractExpired],
  ['impossible-travel', 12, scheduleImpossibleTravel],
  ['session-hijack', 6, scheduleSessionHijack],
  ['off-hours', 10, scheduleOffHours],
  ['mfa-fatigue', 4, scheduleMfaFatigue],
  ['brute-force', 3, scheduleBruteForce],
  ['password-spray', 2, schedulePasswordSpray],
  ['privilege-grant', 2, schedulePrivilegeGrant],
  ['new-country', 2, scheduleNewCountry],
  ['new-asn', 2, scheduleNewAsn],
  ['new-device', 2, scheduleNewDevice],
  ['no-mfa', 2, scheduleNoMfa],
  ['anonymizer', 2, scheduleAnonymizer],
  ['okta-threat', 2, scheduleOktaThreat],
]

/** Successful sign-ins per user-day the population produces on average (measured, rounded down). */
export const SIGN_INS_PER_USER_DAY = 1.0
/** Labelled anomalies stay below this share of the expected sign-ins. */
export const MAX_ANOMALY_SHARE = 0.006

export function scheduleAnomalies(ctx: SchedulerContext): Injection[] {
  const userDays = ctx.users.length * ctx.window.days
  const cap = Math.floor(userDays * SIGN_INS_PER_USER_DAY * MAX_ANOMALY_SHARE)
  const wanted = RATES.map(([, rate]) => Math.max(1, Math.round((userDays * rate) / 10_000)))
  // Trim from the most frequent kinds down to one each, then drop the last kinds, until it fits.
  let total = wanted.reduce((a, b) => a + b, 0)
  while (total > cap && wanted.some((w) => w > 1)) {
    const i = wanted.indexOf(Math.max(...wanted))
    wanted[i] = (wanted[i] ?? 1) - 1
    total--
  }
  for (let i = wanted.length - 1; total > cap && i >= 0; i--) {
    total -= wanted[i] ?? 0
    wanted[i] = 0
  }
  const out: Injection[] = []
  RATES.forEach(([, , schedule], i) => {
    const n = wanted[i] ?? 0
    if (n > 0) {
      out.push(...schedule(ctx, n))
    }
  })
  return out.sort((a, b) => a.t - b.t)
}
