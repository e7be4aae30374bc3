// An independent, strict LEEF 2.0 parser for the tests (reference §3.2): five header fields split
// on `|`, the declared delimiter (one character, or x/0x and 1–4 hex digits), then `key=value`
// attributes split on the delimiter and at the first `=`. No escaping exists in LEEF; a line break,
// an empty or duplicate key, or a pair without `=` is an error.

export interface LeefRecord {
  version: string
  vendor: string
  product: string
  productVersion: string
  eventId: string
  delimiter: string
  attrs: Map<string, string>
}

export function parseLeef(line: string): LeefRecord {
  if (/[\r\n]/.test(line)) {
    throw new Error('raw line break in a LEEF line')
  }
  const parts = line.split('|')
  if (parts.length < 7 || parts[0] !== 'LEEF:2.0') {
    throw new Error('not a LEEF 2.0 line with a delimiter field')
  }
  const [, vendor, product, productVersion, eventId, delimField] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ]
  const hex = /^(?:0x|x)([0-9a-fA-F]{1,4})$/.exec(delimField)
  const delimiter = hex ? String.fromCharCode(parseInt(hex[1] as string, 16)) : delimField
  if ([...delimiter].length !== 1) {
    throw new Error(`bad delimiter field ${JSON.stringify(delimField)}`)
  }
  const body = parts.slice(6).join('|')
  const attrs = new Map<string, string>()
  for (const pair of body.split(delimiter)) {
    const eq = pair.indexOf('=')
    if (eq <= 0) {
      throw new Error(`attribute without key=value: ${JSON.stringify(pair)}`)
    }
    const key = pair.slice(0, eq)
    if (!/^[A-Za-z0-9_]+$/.test(key) || attrs.has(key)) {
      throw new Error(`bad or duplicate key ${JSON.stringify(key)}`)
    }
    attrs.set(key, pair.slice(eq + 1))
  }
  return { version: '2.0', vendor, product, productVersion, eventId, delimiter, attrs }
}
