// Where each account is in its life during the window: active all along, long dormant, joining,
// leaving at the end of its contract, suspended for a while, or gone before the window began. The
// activity bounds leave a clear margin around every contract end and admin action, so normal
// activity never looks like access after expiry or after deactivation.
import { adminInstant, localDayOfWindowDay } from './calendar.js'
import type { Lifecycle, ScenarioWindow } from './model.js'
import type { PartnerSpec } from './partners.js'
import type { Rng } from './random.js'
import { MS_PER_DAY, dayOfIsoDate, isoDate, localToUtc } from './time-zone.js'

export interface LifecycleDraft {
  life: Lifecycle
  contractEndDate: string | null
  createdMs: number
  activatedMs: number | null
}

export function sampleLifecycle(
  rng: Rng,
  window: ScenarioWindow,
  zone: string,
  partner: PartnerSpec | null,
): LifecycleDraft {
  const { startMs, endMs, days } = window
  const createdMs = startMs - rng.int(30, 900) * MS_PER_DAY - rng.int(0, 86_399) * 1000
  const life: Lifecycle = {
    category: 'active',
    activeFromMs: startMs,
    activeUntilMs: endMs,
    pauses: [],
    events: [],
    status: 'ACTIVE',
    statusChangedMs: createdMs + 60_000,
    lastLoginBeforeMs: startMs - rng.int(1, 4) * MS_PER_DAY + rng.int(0, 86_399_999),
  }
  const draft: LifecycleDraft = {
    life,
    contractEndDate: partner
      ? (partner.contractEnd ?? isoDate(Math.floor(endMs / MS_PER_DAY) + rng.int(90, 500)))
      : null,
    createdMs,
    activatedMs: createdMs + 60_000,
  }
  if (!partner) {
    return draft
  }
  const r = rng.next()
  if (r < 0.035) {
    const at = startMs - rng.int(5, 200) * MS_PER_DAY - rng.int(0, 86_399_999)
    Object.assign(life, {
      category: 'deprovisioned',
      status: 'DEPROVISIONED',
      statusChangedMs: at,
      lastLoginBeforeMs: at - rng.int(1, 30) * MS_PER_DAY - rng.int(0, 86_399_999),
    })
    life.activeUntilMs = life.activeFromMs
    draft.contractEndDate = isoDate(Math.floor(at / MS_PER_DAY) - rng.int(0, 5))
  } else if (r < 0.05) {
    const at = startMs - rng.int(5, 120) * MS_PER_DAY - rng.int(0, 86_399_999)
    Object.assign(life, {
      category: 'frozen',
      status: 'SUSPENDED',
      statusChangedMs: at,
      lastLoginBeforeMs: at - rng.int(1, 20) * MS_PER_DAY - rng.int(0, 86_399_999),
    })
    life.activeUntilMs = life.activeFromMs
  } else if (r < 0.1) {
    life.category = 'dormant'
    life.lastLoginBeforeMs = startMs - rng.int(95, 400) * MS_PER_DAY - rng.int(0, 86_399_999)
    life.activeUntilMs = life.activeFromMs
  } else if (r < 0.14 && days >= 6) {
    const at = adminInstant(rng, window, rng.int(1, days - 4))
    draft.createdMs = at
    life.events.push({ type: 'create', atMs: at })
    life.lastLoginBeforeMs = null
    if (rng.chance(0.15)) {
      Object.assign(life, { category: 'pending', status: 'PROVISIONED', statusChangedMs: null })
      draft.activatedMs = null
      life.activeUntilMs = life.activeFromMs
    } else {
      life.category = 'joiner'
      life.events.push({ type: 'activate', atMs: at + rng.int(20, 300) * 1000 })
      life.activeFromMs = at + MS_PER_DAY / 2
      draft.activatedMs = at + 60_000
      life.statusChangedMs = draft.activatedMs
    }
  } else if (r < 0.19 && days >= 8) {
    leave(rng, window, zone, draft, rng.int(4, days - 1))
  } else if (r < 0.205 && days >= 8) {
    suspendForAWhile(rng, window, zone, life, rng.int(3, days - 3))
  }
  applyPartnerContract(rng, window, zone, partner, draft)
  // An account exists before anything happens to it.
  const firstMs = Math.min(life.lastLoginBeforeMs ?? Infinity, life.statusChangedMs ?? Infinity)
  if (
    draft.createdMs >= firstMs - 7 * MS_PER_DAY &&
    life.category !== 'joiner' &&
    life.category !== 'pending'
  ) {
    draft.createdMs = firstMs - rng.int(7, 400) * MS_PER_DAY
    draft.activatedMs = draft.createdMs + 60_000
  }
  return draft
}

/** The contract ends on window day `i`; an admin may deactivate the account some days later. */
function leave(
  rng: Rng,
  window: ScenarioWindow,
  zone: string,
  draft: LifecycleDraft,
  i: number,
): void {
  const day = localDayOfWindowDay(zone, window, i)
  draft.contractEndDate = isoDate(day)
  const life = draft.life
  life.category = 'leaver'
  life.activeUntilMs = Math.min(life.activeUntilMs, localToUtc(zone, day - 1, 720))
  if (rng.chance(0.6)) {
    deactivate(life, adminInstant(rng, window, i + rng.int(1, 6)), window)
  }
}

export function deactivate(life: Lifecycle, atMs: number, window: ScenarioWindow): void {
  if (atMs >= window.endMs || life.status === 'DEPROVISIONED') {
    return
  }
  life.events.push({ type: 'deactivate', atMs })
  life.status = 'DEPROVISIONED'
  life.statusChangedMs = atMs
  life.activeUntilMs = Math.min(life.activeUntilMs, atMs - MS_PER_DAY)
}

function suspendForAWhile(
  rng: Rng,
  window: ScenarioWindow,
  zone: string,
  life: Lifecycle,
  i: number,
): void {
  const fromMs = localToUtc(zone, localDayOfWindowDay(zone, window, i) - 1, 720)
  const suspendAt = adminInstant(rng, window, i + 1)
  life.category = 'suspended'
  life.events.push({ type: 'suspend', atMs: suspendAt })
  life.status = 'SUSPENDED'
  life.statusChangedMs = suspendAt
  let toMs = window.endMs
  const back = i + 1 + rng.int(3, 10)
  if (rng.chance(0.5) && back < window.days - 1) {
    const unsuspendAt = adminInstant(rng, window, back)
    if (unsuspendAt < window.endMs) {
      life.events.push({ type: 'unsuspend', atMs: unsuspendAt })
      life.status = 'ACTIVE'
      life.statusChangedMs = unsuspendAt
      toMs = unsuspendAt + MS_PER_DAY / 2
    }
  }
  life.pauses.push({ fromMs, toMs })
}

/** A partner whose contract ended: nobody works after it; admins deactivate about half. */
function applyPartnerContract(
  rng: Rng,
  window: ScenarioWindow,
  zone: string,
  partner: PartnerSpec,
  draft: LifecycleDraft,
): void {
  if (!partner.contractEnd) {
    return
  }
  const endDay = dayOfIsoDate(partner.contractEnd)
  const until = localToUtc(zone, endDay - 1, 720)
  const life = draft.life
  if (until >= window.endMs) {
    return
  }
  if (draft.contractEndDate === null || dayOfIsoDate(draft.contractEndDate) > endDay) {
    draft.contractEndDate = partner.contractEnd
  }
  life.activeUntilMs = Math.min(life.activeUntilMs, until)
  const afterDay = Math.floor((localToUtc(zone, endDay, 720) - window.startMs) / MS_PER_DAY)
  if (life.status === 'ACTIVE' && rng.chance(0.5)) {
    deactivate(life, adminInstant(rng, window, Math.max(0, afterDay) + rng.int(2, 8)), window)
  }
}
