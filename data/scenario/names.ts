// Given and family names by region (ASCII), for display names and logins.
import type { Rng } from './random.js'

/** Comma-separated lists, split once. */
type Region = { first: string; last: string }

const REGIONS: Record<string, Region> = {
  dutch: {
    first:
      'Daan,Sanne,Lars,Femke,Joost,Eva,Bram,Lotte,Ruben,Anouk,Thijs,Noor,Pieter,Iris,Koen,Maaike',
    last: 'de Vries,Jansen,Bakker,Visser,Smit,Meijer,Mulder,de Boer,Peeters,Maes,Claes,Willems,Dekker,Vos,Hendriks,Janssens',
  },
  german: {
    first:
      'Lukas,Anna,Felix,Lea,Jonas,Marie,Tobias,Julia,Stefan,Katrin,Matthias,Sabine,Nico,Laura,Reto,Nadine',
    last: 'Muller,Schmidt,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Hofmann,Keller,Brunner,Huber,Frei,Graf,Baumann,Koch',
  },
  polish: {
    first:
      'Jakub,Zofia,Piotr,Anna,Tomasz,Katarzyna,Michal,Agnieszka,Krzysztof,Magdalena,Pawel,Joanna',
    last: 'Nowak,Kowalski,Wisniewski,Wojcik,Kowalczyk,Kaminski,Lewandowski,Zielinski,Szymanski,Wozniak,Dabrowski,Kozlowski',
  },
  british: {
    first:
      'Oliver,Amelia,Harry,Isla,George,Emily,Jack,Sophie,Liam,Aoife,Callum,Niamh,Thomas,Grace,James,Chloe',
    last: 'Smith,Jones,Taylor,Brown,Williams,Wilson,Evans,Murphy,Kelly,Obrien,Walsh,Byrne,Campbell,Stewart,Hughes,Wright',
  },
  american: {
    first:
      'Michael,Jennifer,David,Jessica,Chris,Ashley,Daniel,Sarah,Matthew,Emily,Ryan,Megan,Kevin,Lauren,Brian,Nicole',
    last: 'Johnson,Miller,Davis,Garcia,Rodriguez,Martinez,Anderson,Thomas,Moore,Martin,Lee,Thompson,White,Harris,Clark,Lewis',
  },
  hispanic: {
    first: 'Jose,Maria,Juan,Guadalupe,Luis,Fernanda,Carlos,Sofia,Miguel,Valentina,Diego,Camila',
    last: 'Hernandez,Garcia,Martinez,Lopez,Gonzalez,Perez,Sanchez,Ramirez,Torres,Flores,Rivera,Gomez',
  },
  brazilian: {
    first: 'Joao,Ana,Pedro,Beatriz,Lucas,Mariana,Gabriel,Larissa,Rafael,Camila,Thiago,Fernanda',
    last: 'Silva,Santos,Oliveira,Souza,Rodrigues,Ferreira,Alves,Pereira,Lima,Gomes,Costa,Ribeiro',
  },
  japanese: {
    first: 'Haruto,Yui,Sota,Aoi,Ren,Hina,Takumi,Sakura,Kenji,Yuki,Daiki,Mio',
    last: 'Sato,Suzuki,Takahashi,Tanaka,Watanabe,Ito,Yamamoto,Nakamura,Kobayashi,Kato,Yoshida,Yamada',
  },
  australian: {
    first: 'Jack,Charlotte,William,Olivia,Noah,Mia,Cooper,Ava,Lachlan,Matilda,Riley,Zoe',
    last: 'Smith,Jones,Williams,Brown,Wilson,Taylor,Nguyen,Johnson,Martin,White,Anderson,Walker',
  },
  indian: {
    first: 'Aarav,Priya,Rohan,Ananya,Vikram,Divya,Arjun,Sneha,Rahul,Kavya,Karthik,Meera',
    last: 'Sharma,Patel,Iyer,Reddy,Nair,Gupta,Rao,Singh,Kumar,Menon,Joshi,Das',
  },
  southeastAsian: {
    first: 'Wei Ling,Jun Jie,Hui Min,Ahmad,Siti,Raj,Mei,Farid,Nurul,Kai,Li Na,Arif',
    last: 'Tan,Lim,Lee,Ng,Wong,Chua,Abdullah,Rahman,Ismail,Goh,Teo,Ong',
  },
}

const COUNTRY_REGION: Record<string, string> = {
  NL: 'dutch',
  BE: 'dutch',
  DE: 'german',
  CH: 'german',
  PL: 'polish',
  GB: 'british',
  IE: 'british',
  US: 'american',
  CA: 'american',
  MX: 'hispanic',
  BR: 'brazilian',
  JP: 'japanese',
  AU: 'australian',
  IN: 'indian',
  SG: 'southeastAsian',
  MY: 'southeastAsian',
}

const splitCache = new Map<string, string[]>()

function split(list: string): string[] {
  let names = splitCache.get(list)
  if (!names) {
    names = list.split(',')
    splitCache.set(list, names)
  }
  return names
}

export function personName(rng: Rng, countryCode: string): { firstName: string; lastName: string } {
  const region = REGIONS[COUNTRY_REGION[countryCode] ?? 'american'] ?? REGIONS.american
  if (!region) {
    throw new RangeError('no name region')
  }
  return { firstName: rng.pick(split(region.first)), lastName: rng.pick(split(region.last)) }
}

/** `first.last` for a login: lowercase ASCII, spaces and apostrophes removed. */
export function loginLocalPart(firstName: string, lastName: string): string {
  const clean = (s: string): string => s.toLowerCase().replace(/[^a-z]/g, '')
  return `${clean(firstName)}.${clean(lastName)}`
}
