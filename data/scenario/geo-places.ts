// Real cities with the fields Okta's geolocation gives (city, state, country full name, postal code,
// lat/lon at city precision). Names are ASCII, as Okta often writes them.

export interface Place {
  city: string
  state: string
  country: string
  countryCode: string
  postalCode: string
  lat: number
  lon: number
}

type Row = [city: string, state: string, postalCode: string, lat: number, lon: number]

const COUNTRIES: Record<string, { name: string; rows: Row[] }> = {
  NL: {
    name: 'Netherlands',
    rows: [
      ['Amsterdam', 'North Holland', '1012', 52.374, 4.8897],
      ['Rotterdam', 'South Holland', '3011', 51.9225, 4.4792],
      ['Utrecht', 'Utrecht', '3511', 52.0907, 5.1214],
      ['The Hague', 'South Holland', '2511', 52.0705, 4.3007],
      ['Eindhoven', 'North Brabant', '5611', 51.4416, 5.4697],
      ['Groningen', 'Groningen', '9711', 53.2194, 6.5665],
    ],
  },
  BE: {
    name: 'Belgium',
    rows: [
      ['Brussels', 'Brussels Capital', '1000', 50.8503, 4.3517],
      ['Antwerp', 'Flanders', '2000', 51.2194, 4.4025],
      ['Ghent', 'Flanders', '9000', 51.0543, 3.7174],
      ['Liege', 'Wallonia', '4000', 50.6326, 5.5797],
    ],
  },
  DE: {
    name: 'Germany',
    rows: [
      ['Berlin', 'Land Berlin', '10115', 52.52, 13.405],
      ['Munich', 'Bavaria', '80331', 48.1351, 11.582],
      ['Frankfurt am Main', 'Hesse', '60311', 50.1109, 8.6821],
      ['Hamburg', 'Hamburg', '20095', 53.5511, 9.9937],
      ['Cologne', 'North Rhine-Westphalia', '50667', 50.9375, 6.9603],
      ['Stuttgart', 'Baden-Wurttemberg', '70173', 48.7758, 9.1829],
      ['Leipzig', 'Saxony', '04109', 51.3397, 12.3731],
    ],
  },
  PL: {
    name: 'Poland',
    rows: [
      ['Warsaw', 'Mazovia', '00-001', 52.2297, 21.0122],
      ['Krakow', 'Lesser Poland', '30-001', 50.0647, 19.945],
      ['Wroclaw', 'Lower Silesia', '50-001', 51.1079, 17.0385],
      ['Gdansk', 'Pomerania', '80-001', 54.352, 18.6466],
      ['Poznan', 'Greater Poland', '60-001', 52.4064, 16.9252],
    ],
  },
  GB: {
    name: 'United Kingdom',
    rows: [
      ['London', 'England', 'EC1A', 51.5074, -0.1278],
      ['Manchester', 'England', 'M1', 53.4808, -2.2426],
      ['Birmingham', 'England', 'B1', 52.4862, -1.8904],
      ['Edinburgh', 'Scotland', 'EH1', 55.9533, -3.1883],
      ['Glasgow', 'Scotland', 'G1', 55.8642, -4.2518],
      ['Bristol', 'England', 'BS1', 51.4545, -2.5879],
      ['Leeds', 'England', 'LS1', 53.8008, -1.5491],
    ],
  },
  IE: {
    name: 'Ireland',
    rows: [
      ['Dublin', 'Leinster', 'D02', 53.3498, -6.2603],
      ['Cork', 'Munster', 'T12', 51.8985, -8.4756],
      ['Galway', 'Connacht', 'H91', 53.2707, -9.0568],
      ['Limerick', 'Munster', 'V94', 52.6638, -8.6267],
    ],
  },
  FR: {
    name: 'France',
    rows: [
      ['Paris', 'Ile-de-France', '75001', 48.8566, 2.3522],
      ['Lyon', 'Auvergne-Rhone-Alpes', '69002', 45.764, 4.8357],
      ['Marseille', "Provence-Alpes-Cote d'Azur", '13001', 43.2965, 5.3698],
      ['Toulouse', 'Occitanie', '31000', 43.6047, 1.4442],
      ['Lille', 'Hauts-de-France', '59000', 50.6292, 3.0573],
    ],
  },
  ES: {
    name: 'Spain',
    rows: [
      ['Madrid', 'Madrid', '28005', 40.4168, -3.7038],
      ['Barcelona', 'Catalonia', '08001', 41.3874, 2.1686],
      ['Valencia', 'Valencia', '46001', 39.4699, -0.3763],
      ['Seville', 'Andalusia', '41001', 37.3891, -5.9845],
    ],
  },
  CH: {
    name: 'Switzerland',
    rows: [
      ['Zurich', 'Zurich', '8001', 47.3769, 8.5417],
      ['Geneva', 'Geneva', '1201', 46.2044, 6.1432],
      ['Basel', 'Basel-City', '4001', 47.5596, 7.5886],
      ['Bern', 'Bern', '3011', 46.948, 7.4474],
      ['Lausanne', 'Vaud', '1003', 46.5197, 6.6323],
    ],
  },
  SE: { name: 'Sweden', rows: [['Stockholm', 'Stockholm', '111 20', 59.3293, 18.0686]] },
  IT: { name: 'Italy', rows: [['Milan', 'Lombardy', '20121', 45.4642, 9.19]] },
  US: {
    name: 'United States',
    rows: [
      ['New York', 'New York', '10001', 40.7128, -74.006],
      ['Boston', 'Massachusetts', '02108', 42.3601, -71.0589],
      ['Philadelphia', 'Pennsylvania', '19103', 39.9526, -75.1652],
      ['Newark', 'New Jersey', '07102', 40.7357, -74.1724],
      ['Pittsburgh', 'Pennsylvania', '15222', 40.4406, -79.9959],
      ['Washington', 'District of Columbia', '20001', 38.9072, -77.0369],
      ['Ashburn', 'Virginia', '20147', 39.0438, -77.4874],
      ['Atlanta', 'Georgia', '30303', 33.749, -84.388],
      ['Miami', 'Florida', '33131', 25.7617, -80.1918],
      ['Chicago', 'Illinois', '60601', 41.8781, -87.6298],
      ['Milwaukee', 'Wisconsin', '53202', 43.0389, -87.9065],
      ['Minneapolis', 'Minnesota', '55401', 44.9778, -93.265],
      ['Dallas', 'Texas', '75201', 32.7767, -96.797],
      ['Denver', 'Colorado', '80202', 39.7392, -104.9903],
      ['Los Angeles', 'California', '90012', 34.0522, -118.2437],
      ['San Diego', 'California', '92101', 32.7157, -117.1611],
      ['San Francisco', 'California', '94105', 37.7749, -122.4194],
      ['San Jose', 'California', '95113', 37.3382, -121.8863],
      ['Sacramento', 'California', '95814', 38.5816, -121.4944],
      ['Seattle', 'Washington', '98101', 47.6062, -122.3321],
      ['Portland', 'Oregon', '97204', 45.5152, -122.6784],
    ],
  },
  CA: {
    name: 'Canada',
    rows: [
      ['Toronto', 'Ontario', 'M5V', 43.6532, -79.3832],
      ['Ottawa', 'Ontario', 'K1P', 45.4215, -75.6972],
      ['Montreal', 'Quebec', 'H2Y', 45.5017, -73.5673],
      ['Vancouver', 'British Columbia', 'V6B', 49.2827, -123.1207],
    ],
  },
  MX: {
    name: 'Mexico',
    rows: [
      ['Mexico City', 'Mexico City', '06000', 19.4326, -99.1332],
      ['Guadalajara', 'Jalisco', '44100', 20.6597, -103.3496],
      ['Monterrey', 'Nuevo Leon', '64000', 25.6866, -100.3161],
      ['Puebla', 'Puebla', '72000', 19.0414, -98.2063],
      ['Queretaro', 'Queretaro', '76000', 20.5888, -100.3899],
    ],
  },
  BR: {
    name: 'Brazil',
    rows: [
      ['Sao Paulo', 'Sao Paulo', '01000-000', -23.5505, -46.6333],
      ['Rio de Janeiro', 'Rio de Janeiro', '20000-000', -22.9068, -43.1729],
      ['Campinas', 'Sao Paulo', '13010-000', -22.9099, -47.0626],
      ['Belo Horizonte', 'Minas Gerais', '30110-000', -19.9167, -43.9345],
      ['Curitiba', 'Parana', '80010-000', -25.4284, -49.2733],
      ['Porto Alegre', 'Rio Grande do Sul', '90010-000', -30.0346, -51.2177],
    ],
  },
  AR: { name: 'Argentina', rows: [['Buenos Aires', 'Buenos Aires', 'C1002', -34.6037, -58.3816]] },
  CO: { name: 'Colombia', rows: [['Bogota', 'Bogota D.C.', '110111', 4.711, -74.0721]] },
  JP: {
    name: 'Japan',
    rows: [
      ['Tokyo', 'Tokyo', '100-0001', 35.6762, 139.6503],
      ['Yokohama', 'Kanagawa', '220-0011', 35.4437, 139.638],
      ['Saitama', 'Saitama', '330-0063', 35.8617, 139.6455],
      ['Osaka', 'Osaka', '530-0001', 34.6937, 135.5023],
      ['Kyoto', 'Kyoto', '600-8001', 35.0116, 135.7681],
      ['Nagoya', 'Aichi', '450-0002', 35.1815, 136.9066],
      ['Fukuoka', 'Fukuoka', '810-0001', 33.5904, 130.4017],
      ['Sendai', 'Miyagi', '980-0811', 38.2682, 140.8694],
    ],
  },
  AU: {
    name: 'Australia',
    rows: [
      ['Sydney', 'New South Wales', '2000', -33.8688, 151.2093],
      ['Newcastle', 'New South Wales', '2300', -32.9283, 151.7817],
      ['Wollongong', 'New South Wales', '2500', -34.4278, 150.8931],
      ['Canberra', 'Australian Capital Territory', '2601', -35.2809, 149.13],
      ['Melbourne', 'Victoria', '3000', -37.8136, 144.9631],
      ['Geelong', 'Victoria', '3220', -38.1499, 144.3617],
      ['Perth', 'Western Australia', '6000', -31.9505, 115.8605],
    ],
  },
  NZ: { name: 'New Zealand', rows: [['Auckland', 'Auckland', '1010', -36.8485, 174.7633]] },
  IN: {
    name: 'India',
    rows: [
      ['Bengaluru', 'Karnataka', '560001', 12.9716, 77.5946],
      ['Chennai', 'Tamil Nadu', '600001', 13.0827, 80.2707],
      ['Hyderabad', 'Telangana', '500001', 17.385, 78.4867],
      ['Pune', 'Maharashtra', '411001', 18.5204, 73.8567],
      ['Mumbai', 'Maharashtra', '400001', 19.076, 72.8777],
      ['New Delhi', 'Delhi', '110001', 28.6139, 77.209],
    ],
  },
  SG: { name: 'Singapore', rows: [['Singapore', 'Singapore', '018989', 1.2903, 103.8519]] },
  MY: {
    name: 'Malaysia',
    rows: [
      ['Kuala Lumpur', 'Kuala Lumpur', '50000', 3.139, 101.6869],
      ['Johor Bahru', 'Johor', '80000', 1.4927, 103.7414],
      ['George Town', 'Penang', '10200', 5.4141, 100.3288],
    ],
  },
  HK: { name: 'Hong Kong', rows: [['Hong Kong', 'Central and Western', '', 22.3193, 114.1694]] },
  KR: { name: 'South Korea', rows: [['Seoul', 'Seoul', '04524', 37.5665, 126.978]] },
  AE: { name: 'United Arab Emirates', rows: [['Dubai', 'Dubai', '', 25.2048, 55.2708]] },
  ZA: { name: 'South Africa', rows: [['Johannesburg', 'Gauteng', '2001', -26.2041, 28.0473]] },
  NG: { name: 'Nigeria', rows: [['Lagos', 'Lagos', '100001', 6.5244, 3.3792]] },
  RO: { name: 'Romania', rows: [['Bucharest', 'Bucuresti', '010011', 44.4268, 26.1025]] },
  RU: { name: 'Russia', rows: [['Moscow', 'Moscow', '101000', 55.7558, 37.6173]] },
  TR: { name: 'Turkey', rows: [['Istanbul', 'Istanbul', '34110', 41.0082, 28.9784]] },
  VN: { name: 'Vietnam', rows: [['Ho Chi Minh City', 'Ho Chi Minh', '700000', 10.8231, 106.6297]] },
  ID: { name: 'Indonesia', rows: [['Jakarta', 'Jakarta', '10110', -6.2088, 106.8456]] },
  TH: { name: 'Thailand', rows: [['Bangkok', 'Bangkok', '10200', 13.7563, 100.5018]] },
  CN: { name: 'China', rows: [['Shanghai', 'Shanghai', '200000', 31.2304, 121.4737]] },
}

const byKey = new Map<string, Place>()
const byCountry = new Map<string, Place[]>()
for (const [code, { name, rows }] of Object.entries(COUNTRIES)) {
  const places = rows.map(([city, state, postalCode, lat, lon]): Place => ({
    city,
    state,
    country: name,
    countryCode: code,
    postalCode,
    lat,
    lon,
  }))
  byCountry.set(code, places)
  for (const p of places) {
    byKey.set(`${code}/${p.city}`, p)
  }
}

/** A place by `CC/City`; throws for a typo in the catalogues. */
export function place(key: string): Place {
  const p = byKey.get(key)
  if (!p) {
    throw new RangeError(`unknown place ${key}`)
  }
  return p
}

/** Every catalogued place, in catalogue order. */
export const ALL_PLACES: readonly Place[] = [...byKey.values()]

export function placesIn(countryCode: string): Place[] {
  return byCountry.get(countryCode) ?? []
}

/** Great-circle distance in km. */
export function distanceKm(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const toRad = Math.PI / 180
  const dLat = (b.lat - a.lat) * toRad
  const dLon = (b.lon - a.lon) * toRad
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLon / 2) ** 2
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)))
}
