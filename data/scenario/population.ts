// The people: hub employees (a few of them admins) and partner users, each with a home city, a
// residential ISP, maybe a phone on a mobile carrier, one or two computers, habits, holidays and a
// lifecycle. Everything is drawn from per-user random streams, so user N is the same whatever the
// other users are.
import { desktopDevice, mobileDevice } from './devices.js'
import { distanceKm, placesIn, type Place } from './geo-places.js'
import { sampleHabits } from './habits.js'
import { ADMIN_ROLES, HUB } from './hub.js'
import { oktaId } from './ids.js'
import { sampleLifecycle } from './lifecycle.js'
import type { ScenarioUser, ScenarioWindow } from './model.js'
import { personName, loginLocalPart } from './names.js'
import { mobileNetwork, residentialNetworks } from './networks.js'
import type { PartnerSpec } from './partners.js'
import { Rng, STREAM } from './random.js'
import { MS_PER_DAY, localDay } from './time-zone.js'

/** Carrier gateways geolocate a phone up to this far from home (so two of them ≤ 700 km apart). */
export const CARRIER_RADIUS_KM = 350

/** How many users each partner gets, by weight, at least three each; the rest are employees. */
export function partnerSizes(
  partners: PartnerSpec[],
  users: number,
): { employees: number; sizes: number[] } {
  const employees = Math.max(3, Math.round(users * 0.06))
  const pool = users - employees - 3 * partners.length
  const total = partners.reduce((s, p) => s + p.weight, 0)
  const exact = partners.map((p) => (pool * p.weight) / total)
  const sizes = exact.map((x) => 3 + Math.floor(x))
  let left = users - employees - sizes.reduce((s, n) => s + n, 0)
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i)
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) {
    const i = order[k]?.i ?? 0
    sizes[i] = (sizes[i] ?? 0) + 1
  }
  return { employees, sizes }
}

export function buildPopulation(
  window: ScenarioWindow,
  partners: PartnerSpec[],
  users: number,
): ScenarioUser[] {
  const { employees, sizes } = partnerSizes(partners, users)
  const logins = new Set<string>()
  const out: ScenarioUser[] = []
  const admins = Math.max(2, Math.min(6, Math.ceil(employees / 6)))
  for (let i = 0; i < employees; i++) {
    out.push(
      buildUser(
        window,
        out.length,
        null,
        i < admins ? (ADMIN_ROLES[i % ADMIN_ROLES.length] ?? null) : null,
        logins,
      ),
    )
  }
  partners.forEach((partner, p) => {
    for (let i = 0; i < (sizes[p] ?? 0); i++) {
      out.push(buildUser(window, out.length, partner, null, logins))
    }
  })
  return out
}

function homeOf(rng: Rng, partner: PartnerSpec | null): Place {
  const places = partner
    ? rng.weighted(partner.homes, (h) => h.share).places
    : (HUB.homes as readonly Place[])
  // The first city of each list is the biggest.
  return rng.weighted(
    places.map((p, i) => ({ p, w: 1 / Math.pow(i + 1, 0.8) })),
    (x) => x.w,
  ).p
}

function buildUser(
  window: ScenarioWindow,
  index: number,
  partner: PartnerSpec | null,
  adminRole: string | null,
  logins: Set<string>,
): ScenarioUser {
  const rng = new Rng(window.seed, STREAM.user, index)
  const home = homeOf(rng, partner)
  const { firstName, lastName } = personName(rng, home.countryCode)
  const domain = partner ? partner.domain : HUB.domain
  let local = loginLocalPart(firstName, lastName)
  for (let n = 2; logins.has(`${local}@${domain}`); n++) {
    local = `${loginLocalPart(firstName, lastName)}${n}`
  }
  const login = `${local}@${domain}`
  logins.add(login)
  const zone = partner ? partner.timeZone : HUB.zone
  const isps = residentialNetworks(home.countryCode)
  const carrier = rng.chance(0.7) ? mobileNetwork(home.countryCode) : null
  const computers = [desktopDevice(rng)]
  if (rng.chance(0.3)) {
    computers.push(desktopDevice(rng))
  }
  const phone = carrier ? mobileDevice(rng) : null
  const egressShare = partner ? partner.egressShare : 0.4
  const habits = sampleHabits(rng, egressShare, phone !== null)
  const draft = sampleLifecycle(rng, window, zone, partner)
  const auth = partner ? partner.auth : 'okta'
  const holidays: ScenarioUser['holidays'] = []
  if (rng.chance(0.55)) {
    const first = localDay(zone, window.startMs) + rng.int(0, Math.max(0, window.days - 4))
    holidays.push({ fromDay: first, toDay: first + rng.int(4, 12) })
  }
  const user: ScenarioUser = {
    index,
    id: oktaId(rng, '00u'),
    login,
    firstName,
    lastName,
    partner,
    role: partner ? 'partner' : adminRole ? 'admin' : 'employee',
    adminRole,
    zone,
    home,
    homeNetwork: rng.pick(isps),
    carrier,
    carrierPlaces: placesIn(home.countryCode).filter(
      (p) => distanceKm(p, home) < CARRIER_RADIUS_KM,
    ),
    computers,
    phone,
    habits,
    auth,
    passwordEnrollmentId: oktaId(rng, 'lae'),
    factorEnrollmentId: oktaId(rng, 'pfd'),
    createdMs: draft.createdMs,
    activatedMs: draft.activatedMs,
    passwordChangedMs: auth === 'okta' ? window.startMs - rng.int(1, 85) * MS_PER_DAY : null,
    contractEndDate: draft.contractEndDate,
    holidays,
    life: draft.life,
    apps: [],
    groups: [],
    trips: [],
    idpExternalId: null,
    ipMemo: { epoch: Number.NaN, ip: '' },
  }
  if (auth !== 'okta') {
    user.idpExternalId =
      auth === 'saml' ? login : `${rng.int(100000, 999999)}-${oktaId(rng, 'ext').slice(3, 15)}`
  }
  return user
}

export function displayName(user: ScenarioUser): string {
  return `${user.firstName} ${user.lastName}`
}
