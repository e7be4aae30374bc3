// The partner firms: where their people live, how they sign in (their own SAML/OIDC IdP, or Okta
// passwords with Okta Verify), their corporate egress (at home, or abroad for a VPN concentrator),
// and their contract. Past twelve partners the catalogue repeats with a numeric suffix.
import { oktaId } from './ids.js'
import { place, type Place } from './geo-places.js'
import { corporateNetwork, type Network } from './networks.js'
import { Rng, STREAM } from './random.js'
import { MS_PER_DAY, isoDate } from './time-zone.js'

export type PartnerAuth = 'saml' | 'oidc' | 'okta'

export interface PartnerSpec {
  index: number
  id: string
  name: string
  domain: string
  timeZone: string
  color: string
  /** Home countries with their cities and share of the partner's users. */
  homes: { countryCode: string; places: Place[]; share: number }[]
  auth: PartnerAuth
  egress: { network: Network; place: Place; abroad: boolean; zoneName: string }
  /** Typical share of desktop sign-ins through the egress. */
  egressShare: number
  contractEnd: string | null
  requireMfa: boolean
  dormantAfterDays: number
  businessHours: { days: string[]; start: string; end: string }
  /** Relative size. */
  weight: number
  groupId: string
  idpId: string | null
}

// id|name|domain|zone|color|homes|auth|egress place|egress share|contract|requireMfa|dormant days|weight|hours
const CATALOGUE = `
northwind|Northwind Logistics|northwind.example|Europe/Amsterdam|#1f6feb|NL:Amsterdam,Rotterdam,Utrecht,The Hague,Eindhoven,Groningen=0.7;BE:Antwerp,Brussels,Ghent=0.3|saml|NL/Amsterdam|0.35|active|false|90|1.5|Mon-Fri 07:00-19:00
contoso|Contoso Precision KK|contoso-jp.example|Asia/Tokyo|#d73a49|JP:Tokyo,Yokohama,Saitama,Osaka,Kyoto,Nagoya=1|okta|JP/Tokyo|0.5|active|true|30|1.0|Mon-Fri 08:00-20:00
fabrikam|Fabrikam Consulting|fabrikam.example|America/New_York|#6f42c1|US:New York,Boston,Philadelphia,Newark,Pittsburgh,Washington=0.75;CA:Toronto,Ottawa,Montreal=0.25|oidc|US/New York|0.3|active|false|60|1.3|Mon-Fri 07:00-19:00
adatum|Adatum Software|adatum.example|America/Sao_Paulo|#28a745|BR:Sao Paulo,Campinas,Rio de Janeiro,Belo Horizonte,Curitiba,Porto Alegre=1|okta|US/Miami|0.55|active|true|45|1.0|Mon-Fri 08:00-19:00
tailspin|Tailspin Analytics|tailspin.example|Australia/Sydney|#e36209|AU:Sydney,Newcastle,Wollongong,Canberra,Melbourne,Geelong=1|okta|AU/Sydney|0.4|active|true|90|0.8|Mon-Fri 07:30-18:30
proseware|Proseware Ltd|proseware.example|Europe/London|#005cc5|GB:London,Manchester,Birmingham,Bristol,Leeds,Edinburgh,Glasgow=0.8;IE:Dublin,Cork=0.2|okta|GB/London|0.4|ended|true|30|0.8|Mon-Fri 07:00-19:00
litware|Litware Services|litware.example|Asia/Kolkata|#b08800|IN:Bengaluru,Chennai,Hyderabad,Pune,Mumbai=1|okta|IN/Bengaluru|0.6|active|false|60|1.1|Mon-Sat 09:00-21:00
wingtip|Wingtip Manufacturing|wingtip.example|Europe/Warsaw|#22863a|PL:Warsaw,Krakow,Wroclaw,Gdansk,Poznan=1|saml|DE/Frankfurt am Main|0.6|active|false|45|0.8|Mon-Fri 07:00-18:00
alpine|Alpine Ski House|alpineskihouse.example|Europe/Zurich|#cb2431|CH:Zurich,Geneva,Basel,Bern,Lausanne=1|oidc|CH/Zurich|0.3|open|false|90|0.6|Mon-Fri 07:00-19:00
margie|Margie's Travel|margiestravel.example|Asia/Singapore|#0366d6|SG:Singapore=0.6;MY:Kuala Lumpur,Johor Bahru,George Town=0.4|okta|SG/Singapore|0.45|active|true|30|0.7|Mon-Fri 08:00-19:00
woodgrove|Woodgrove Services|woodgrove.example|America/Los_Angeles|#6a737d|US:Los Angeles,San Diego,San Francisco,San Jose,Sacramento,Seattle,Portland=1|okta|US/San Francisco|0.3|ended|true|90|1.0|Mon-Fri 07:00-19:00
lucerne|Lucerne Publishing|lucernepublishing.example|America/Mexico_City|#5a32a3|MX:Mexico City,Guadalajara,Monterrey,Puebla,Queretaro=1|okta|MX/Mexico City|0.4|active|true|60|0.6|Mon-Fri 08:00-19:00
`
  .trim()
  .split('\n')

const EGRESS_BLOCKS = [
  [185, 199],
  [194, 150],
  [212, 83],
  [37, 44],
  [91, 217],
  [176, 57],
  [5, 183],
  [62, 112],
  [80, 94],
  [146, 185],
  [188, 93],
  [203, 27],
]

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

function dayRange(text: string): string[] {
  const [from = 'Mon', to = 'Fri'] = text.split('-')
  const a = DAYS.indexOf(from)
  const b = DAYS.indexOf(to)
  return DAYS.slice(a, b + 1)
}

export function buildPartners(
  seed: number,
  count: number,
  window: { startMs: number; endMs: number; days: number },
): PartnerSpec[] {
  const rng = new Rng(seed, STREAM.partners)
  const partners: PartnerSpec[] = []
  for (let index = 0; index < count; index++) {
    const line = CATALOGUE[index % CATALOGUE.length] ?? ''
    const round = Math.floor(index / CATALOGUE.length)
    const [
      id0,
      name0,
      domain0,
      zone,
      color,
      homes,
      auth,
      egressAt,
      share,
      contract,
      mfa,
      dormant,
      weight,
      hours,
    ] = line.split('|') as [
      string,
      string,
      string,
      string,
      string,
      string,
      PartnerAuth,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ]
    const suffix = round === 0 ? '' : `-${round + 1}`
    const id = id0 + suffix
    const name = round === 0 ? name0 : `${name0} ${round + 1}`
    const domain = round === 0 ? domain0 : domain0.replace('.example', `${round + 1}.example`)
    const egressPlace = place(egressAt)
    const homeList = homes.split(';').map((h) => {
      const [cc = '', rest = ''] = h.split(':')
      const [cities = '', s = '1'] = rest.split('=')
      return {
        countryCode: cc,
        places: cities.split(',').map((c) => place(`${cc}/${c}`)),
        share: Number(s),
      }
    })
    const block = EGRESS_BLOCKS[index % EGRESS_BLOCKS.length] ?? [198, 18]
    const [dayText = 'Mon-Fri', time = '07:00-19:00'] = hours.split(' ')
    const [start = '07:00', end = '19:00'] = time.split('-')
    partners.push({
      index,
      id,
      name,
      domain,
      timeZone: zone,
      color,
      homes: homeList,
      auth,
      egress: {
        network: corporateNetwork(64512 + index, `${name} Corp`, domain, [...block, 40 + index]),
        place: egressPlace,
        abroad: !homeList.some((h) => h.countryCode === egressPlace.countryCode),
        zoneName: `Partner ${name} egress`,
      },
      egressShare: Number(share),
      contractEnd: contractEndOf(contract, rng, window),
      requireMfa: mfa === 'true',
      dormantAfterDays: Number(dormant),
      businessHours: { days: dayRange(dayText), start, end },
      weight: Number(weight),
      groupId: oktaId(rng, '00g'),
      idpId: auth === 'okta' ? null : oktaId(rng, '0oa'),
    })
  }
  return partners
}

function contractEndOf(
  kind: string,
  rng: Rng,
  window: { startMs: number; endMs: number; days: number },
): string | null {
  const endDay = Math.floor(window.endMs / MS_PER_DAY)
  if (kind === 'open') {
    return null
  }
  if (kind === 'ended') {
    // Ended inside the window, leaving room for sign-ins that should not have happened.
    const before = Math.max(3, Math.min(25, Math.round(window.days * 0.3)))
    return isoDate(endDay - before)
  }
  return isoDate(endDay + rng.int(60, 700))
}
