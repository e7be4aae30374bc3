// Autonomous systems the scenario's traffic comes from: residential ISPs and mobile carriers per
// country, hosting providers (where attackers rent machines), and the partners' corporate egress.
// ASNs and names are the real operators'; address blocks are plausible, not authoritative.
import type { Rng } from './random.js'

export type NetworkKind = 'residential' | 'mobile' | 'hosting' | 'corporate'

export interface Network {
  asn: number
  asOrg: string
  isp: string
  domain: string
  kind: NetworkKind
  /** Blocks addresses are drawn from: two octets (a /16), or three for a corporate /24. */
  prefixes: readonly (readonly number[])[]
  isProxy: boolean
}

// key|asn|asOrg|isp|domain|prefixes — key is the country code (hosting: the places it serves).
const RESIDENTIAL = `
NL|1136|kpn b.v.|KPN B.V.|kpn.com|84.26 145.53
NL|33915|vodafone libertel b.v.|Ziggo B.V.|ziggo.nl|84.104 62.194
BE|5432|proximus nv|Proximus NV|proximus.be|81.241 91.180
BE|6848|telenet bv|Telenet BV|telenet.be|84.193 81.82
DE|3320|deutsche telekom ag|Deutsche Telekom AG|telekom.de|79.192 91.40
DE|3209|vodafone gmbh|Vodafone GmbH|vodafone.de|88.70 95.88
PL|5617|orange polska spolka akcyjna|Orange Polska|orange.pl|83.24 31.60
PL|12741|netia sa|Netia SA|netia.pl|77.253 89.76
GB|2856|british telecommunications plc|BT|bt.com|86.128 81.152
GB|5089|virgin media limited|Virgin Media|virginmedia.com|82.5 86.2
IE|5466|eircom limited|Eir|eir.ie|86.40 159.134
IE|6830|liberty global b.v.|Virgin Media Ireland|virginmedia.ie|89.100
FR|3215|orange s.a.|Orange|orange.fr|90.3 86.246
ES|3352|telefonica de espana|Telefonica de Espana|telefonica.es|83.44
CH|3303|swisscom (schweiz) ag|Swisscom|swisscom.ch|85.1 178.192
CH|6730|sunrise gmbh|Sunrise|sunrise.ch|77.56 213.55
SE|3301|telia company ab|Telia|telia.com|81.224
IT|3269|telecom italia s.p.a.|TIM|telecomitalia.it|79.24
US|7922|comcast cable communications, llc|Comcast|comcast.net|73.12 98.207
US|701|verizon business|Verizon Fios|verizon.net|71.105 96.250
US|7018|at&t services, inc.|AT&T|att.net|99.12 107.192
US|20115|charter communications|Spectrum|charter.com|24.151 66.190
CA|812|rogers communications canada inc.|Rogers|rogers.com|99.224 174.112
CA|577|bell canada|Bell Canada|bell.ca|70.48 142.113
MX|8151|uninet s.a. de c.v.|Telmex|telmex.com|187.190 189.203
BR|18881|telefonica brasil s.a|Vivo|vivo.com.br|177.139 191.32
BR|28573|claro nxt telecomunicacoes ltda|Claro|claro.com.br|179.216 189.6
AR|7303|telecom argentina s.a.|Telecom Argentina|telecom.com.ar|181.46
CO|10620|telmex colombia s.a.|Claro Colombia|claro.com.co|181.52
JP|4713|ntt communications corporation|NTT OCN|ocn.ne.jp|153.156 114.160
JP|2516|kddi corporation|KDDI|kddi.com|106.72 118.154
JP|17676|softbank corp.|SoftBank|softbank.jp|126.94 219.108
AU|1221|telstra limited|Telstra|telstra.com.au|120.144 58.160
AU|4804|optus internet pty ltd|Optus|optus.com.au|49.180 211.30
AU|7545|tpg telecom limited|TPG|tpg.com.au|110.174 203.219
NZ|4771|spark new zealand trading ltd.|Spark|spark.co.nz|122.56
IN|24560|bharti airtel ltd.|Airtel Broadband|airtel.in|122.171 182.73
IN|24309|atria convergence technologies|ACT Fibernet|actcorp.in|106.51
SG|7473|singapore telecommunications ltd|Singtel|singtel.com|116.86 220.255
SG|4657|starhub ltd|StarHub|starhub.com|119.56 42.61
MY|4788|telekom malaysia berhad|TM Unifi|tm.com.my|175.139 60.48
HK|4760|hkt limited|PCCW|pccw.com|112.118
KR|4766|korea telecom|KT|kt.com|211.36
AE|15802|emirates integrated telecommunications|du|du.ae|94.205
ZA|29975|vodacom|Vodacom|vodacom.co.za|41.13
NG|29465|mtn nigeria|MTN Nigeria|mtnnigeria.net|102.89
RO|8708|rcs & rds sa|Digi Romania|rcs-rds.ro|86.120 5.12
RU|12389|rostelecom|Rostelecom|rt.ru|95.24
TR|9121|turk telekomunikasyon a.s|Turk Telekom|turktelekom.com.tr|88.230
VN|7552|viettel group|Viettel|viettel.vn|27.72 116.110
ID|7713|pt telekomunikasi indonesia|Telkom Indonesia|telkom.co.id|36.72
TH|7470|true internet co.,ltd.|True Internet|trueinternet.co.th|49.228
CN|4134|chinanet|China Telecom|chinatelecom.cn|101.80
`

const MOBILE = `
NL|31615|odido netherlands b.v.|Odido|odido.nl|62.140
BE|47377|orange belgium sa|Orange Belgium|orange.be|46.31
DE|6805|telefonica germany gmbh & co.ohg|O2 Germany|telefonica.de|176.0 89.204
PL|39603|p4 sp. z o.o.|Play|play.pl|37.248
GB|12576|ee limited|EE|ee.co.uk|31.94 92.40
IE|13280|three ireland (hutchison) limited|Three Ireland|three.ie|37.228
CH|15796|salt mobile sa|Salt|salt.ch|31.10
US|21928|t-mobile usa, inc.|T-Mobile USA|t-mobile.com|172.56 172.58
CA|852|telus communications inc.|TELUS Mobility|telus.com|142.198
MX|28403|radiomovil dipsa, s.a. de c.v.|Telcel|telcel.com|189.217
BR|26615|tim s/a|TIM Brasil|tim.com.br|177.24 187.26
JP|9605|ntt docomo, inc.|NTT Docomo|docomo.ne.jp|1.66 49.96
AU|1221|telstra limited|Telstra Mobile|telstra.com.au|1.128 101.112
IN|55836|reliance jio infocomm limited|Reliance Jio|jio.com|49.36 157.32
SG|17547|m1 limited|M1|m1.com.sg|118.189
MY|9534|maxis broadband sdn bhd|Maxis|maxis.com.my|175.136
`

const HOSTING_ROWS = `
US/Ashburn,DE/Frankfurt am Main,SG/Singapore,BR/Sao Paulo,IE/Dublin|16509|amazon.com, inc.|Amazon.com|amazonaws.com|3.91 18.184 54.93
NL/Amsterdam,SG/Singapore,IN/Bengaluru,DE/Frankfurt am Main,US/New York|14061|digitalocean, llc|DigitalOcean|digitalocean.com|159.89 167.99
FR/Lille,CA/Montreal,PL/Warsaw|16276|ovh sas|OVH SAS|ovh.net|51.75 145.239
RO/Bucharest,GB/London,HK/Hong Kong,AE/Dubai|9009|m247 europe srl|M247 Europe|m247.com|185.156 193.27
KR/Seoul,ZA/Johannesburg,US/Dallas,MX/Mexico City|20473|the constant company, llc|Vultr|vultr.com|45.32 45.77
CN/Shanghai,ID/Jakarta|45102|alibaba (us) technology co., ltd.|Alibaba Cloud|alibaba-inc.com|47.74
`

function parse(text: string, kind: NetworkKind): { key: string; network: Network }[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [key = '', asn = '0', asOrg = '', isp = '', domain = '', prefixes = ''] =
        line.split('|')
      const network: Network = {
        asn: Number(asn),
        asOrg,
        isp,
        domain,
        kind,
        prefixes: prefixes.split(' ').map((p) => p.split('.').map(Number)),
        isProxy: false,
      }
      return { key, network }
    })
}

const residential = new Map<string, Network[]>()
for (const { key, network } of parse(RESIDENTIAL, 'residential')) {
  residential.set(key, [...(residential.get(key) ?? []), network])
}
const mobile = new Map(parse(MOBILE, 'mobile').map(({ key, network }) => [key, network]))

/** Hosting providers and the `CC/City` places their machines geolocate to. */
export const HOSTING: readonly { network: Network; places: string[] }[] = parse(
  HOSTING_ROWS,
  'hosting',
).map(({ key, network }) => ({ network, places: key.split(',') }))

export function residentialNetworks(countryCode: string): Network[] {
  return residential.get(countryCode) ?? []
}

export function mobileNetwork(countryCode: string): Network | null {
  return mobile.get(countryCode) ?? null
}

/** A corporate egress network: a private-use ASN and one /24. */
export function corporateNetwork(
  asn: number,
  name: string,
  domain: string,
  prefix: readonly number[],
): Network {
  return {
    asn,
    asOrg: name.toLowerCase(),
    isp: name,
    domain,
    kind: 'corporate',
    prefixes: [prefix],
    isProxy: false,
  }
}

/** The `a.b.c.0/24` a corporate network egresses from. */
export function cidrOf(network: Network): string {
  const p = network.prefixes[0] ?? []
  return `${p[0]}.${p[1]}.${p[2]}.0/24`
}

/** An IPv4 address in one of the network's blocks (corporate: one of a few NAT addresses). */
export function addressIn(network: Network, rng: Rng): string {
  const p = rng.pick(network.prefixes)
  if (p.length >= 3) {
    return `${p[0]}.${p[1]}.${p[2]}.${rng.int(10, 13)}`
  }
  return `${p[0]}.${p[1]}.${rng.int(0, 255)}.${rng.int(1, 254)}`
}
