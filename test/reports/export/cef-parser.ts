// An independent, strict CEF parser for the tests (written from the reference §3.1 rules, not from
// our encoder): header fields split on unescaped `|` with only `\|` and `\\` allowed as escapes;
// extension pairs `key=value` separated by one space, where a value may hold `\\`, `\=`, `\n`, `\r`
// and nothing else escaped, and an unescaped `=` that does not start a new `key=` is an error, as is
// an escaped pipe in the extension (Beats rejects it) or a raw line break anywhere.

export interface CefRecord {
  version: number
  vendor: string
  product: string
  deviceVersion: string
  classId: string
  name: string
  severity: number
  ext: Map<string, string>
}

const KEY = /^[A-Za-z0-9_.,[\]]+$/

export function parseCef(line: string): CefRecord {
  if (/[\r\n]/.test(line)) {
    throw new Error('raw line break in a CEF line')
  }
  const m = /^CEF:(\d+)\|/.exec(line)
  if (!m) {
    throw new Error('does not start with CEF:<version>|')
  }
  const header: string[] = []
  let i = m[0].length
  let cur = ''
  while (header.length < 6) {
    const c = line[i]
    if (c === undefined) {
      throw new Error(`truncated header after ${header.length} fields`)
    }
    if (c === '\\') {
      const n = line[i + 1]
      if (n !== '|' && n !== '\\') {
        throw new Error(`bad header escape \\${n ?? ''} at ${i}`)
      }
      cur += n
      i += 2
    } else if (c === '|') {
      header.push(cur)
      cur = ''
      i += 1
    } else {
      cur += c
      i += 1
    }
  }
  const [vendor, product, deviceVersion, classId, name, sev] = header as [
    string,
    string,
    string,
    string,
    string,
    string,
  ]
  if (!/^(10|[0-9])$/.test(sev)) {
    throw new Error(`severity ${sev} is not an integer 0–10`)
  }
  return {
    version: Number(m[1]),
    vendor,
    product,
    deviceVersion,
    classId,
    name,
    severity: Number(sev),
    ext: parseExtension(line.slice(i)),
  }
}

function parseExtension(ext: string): Map<string, string> {
  const out = new Map<string, string>()
  if (ext === '') {
    return out
  }
  // Unescaped `=` positions: each one ends a key.
  const eqs: number[] = []
  for (let i = 0; i < ext.length; i++) {
    if (ext[i] === '\\') {
      i += 1
    } else if (ext[i] === '=') {
      eqs.push(i)
    }
  }
  if (eqs.length === 0) {
    throw new Error('extension without key=value')
  }
  let keyStart = 0
  for (let k = 0; k < eqs.length; k++) {
    const eq = eqs[k] as number
    const key = ext.slice(keyStart, eq)
    if (!KEY.test(key)) {
      throw new Error(`bad extension key ${JSON.stringify(key)} (an unescaped = in a value?)`)
    }
    const next = eqs[k + 1]
    let valueEnd = ext.length
    if (next !== undefined) {
      const space = ext.lastIndexOf(' ', next)
      if (space <= eq) {
        throw new Error(`unescaped = in the value of ${key}`)
      }
      valueEnd = space
      keyStart = space + 1
    }
    if (out.has(key)) {
      throw new Error(`duplicate key ${key}`)
    }
    out.set(key, unescapeValue(ext.slice(eq + 1, valueEnd), key))
  }
  return out
}

function unescapeValue(raw: string, key: string): string {
  let v = ''
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string
    if (c !== '\\') {
      v += c
      continue
    }
    const n = raw[i + 1]
    i += 1
    if (n === '\\' || n === '=') {
      v += n
    } else if (n === 'n') {
      v += '\n'
    } else if (n === 'r') {
      v += '\r'
    } else {
      throw new Error(`bad escape \\${n ?? ''} in the value of ${key}`)
    }
  }
  return v
}
