// A parser for the SCIM filter subset Okta accepts in `filter` and `search` parameters:
// `attr op value` with eq ne co sw ew gt ge lt le, `attr pr`, combined with and / or / not and
// parentheses (no `[ ]`). Values are "strings" (JSON escapes), numbers, true, false, null.

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le'
export type FilterValue = string | number | boolean | null

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; path: string; op: CompareOp; value: FilterValue }
  | { kind: 'present'; path: string }

/** A filter the parser cannot read; the message is Okta's style (`Invalid filter '…': …`). */
export class FilterSyntaxError extends Error {
  constructor(text: string, reason: string, position: number) {
    super(`Invalid filter '${text}': ${reason} at position ${position}`)
    this.name = 'FilterSyntaxError'
  }
}

const OPS = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'])
const OPS_TEXT = 'eq,ne,co,sw,ew,pr,gt,ge,lt,le'
const ATTR = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/

interface Token {
  text: string
  at: number
  /** A quoted string literal (its decoded value is `text`). */
  quoted: boolean
}

export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text)
  let k = 0
  const fail = (reason: string, at = tokens[k]?.at ?? text.length): never => {
    throw new FilterSyntaxError(text, reason, at)
  }
  const peekWord = () => {
    const t = tokens[k]
    return t && !t.quoted ? t.text.toLowerCase() : undefined
  }
  const parseOr = (): FilterNode => {
    let left = parseAnd()
    while (peekWord() === 'or') {
      k += 1
      left = { kind: 'or', left, right: parseAnd() }
    }
    return left
  }
  const parseAnd = (): FilterNode => {
    let left = parseUnary()
    while (peekWord() === 'and') {
      k += 1
      left = { kind: 'and', left, right: parseUnary() }
    }
    return left
  }
  const parseUnary = (): FilterNode => {
    const word = peekWord()
    if (word === 'not') {
      k += 1
      return { kind: 'not', operand: parseUnary() }
    }
    if (word === '(') {
      k += 1
      const inner = parseOr()
      if (peekWord() !== ')') {
        fail("Expected ')'")
      }
      k += 1
      return inner
    }
    return parseComparison()
  }
  const parseComparison = (): FilterNode => {
    const attr = tokens[k]
    if (!attr || attr.quoted || !ATTR.test(attr.text)) {
      return fail(attr ? `Unexpected '${attr.text}', expected an attribute` : 'Unexpected end')
    }
    const opToken = tokens[k + 1]
    const op = opToken && !opToken.quoted ? opToken.text.toLowerCase() : ''
    if (op === 'pr') {
      k += 2
      return { kind: 'present', path: attr.text }
    }
    if (!OPS.has(op)) {
      const what = opToken ? `'${opToken.text}'` : 'end of filter'
      return fail(`Unrecognized attribute operator ${what}. Expected: ${OPS_TEXT}`, opToken?.at)
    }
    const valueToken = tokens[k + 2]
    if (!valueToken) {
      return fail('Expected a value', text.length)
    }
    k += 3
    return { kind: 'compare', path: attr.text, op: op as CompareOp, value: literal(valueToken) }
  }
  const literal = (t: Token): FilterValue => {
    if (t.quoted) {
      return t.text
    }
    const lower = t.text.toLowerCase()
    if (lower === 'true' || lower === 'false') {
      return lower === 'true'
    }
    if (lower === 'null') {
      return null
    }
    if (/^-?\d+(\.\d+)?$/.test(t.text)) {
      return Number(t.text)
    }
    return fail(`Invalid value '${t.text}'`, t.at)
  }
  if (tokens.length === 0) {
    fail('Empty filter', 0)
  }
  const node = parseOr()
  if (k < tokens.length) {
    fail(`Unexpected '${tokens[k]?.text ?? ''}'`)
  }
  return node
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text.charAt(i)
    if (/\s/.test(c)) {
      i += 1
    } else if (c === '(' || c === ')') {
      tokens.push({ text: c, at: i, quoted: false })
      i += 1
    } else if (c === '"') {
      let j = i + 1
      while (j < text.length && text.charAt(j) !== '"') {
        j += text.charAt(j) === '\\' ? 2 : 1
      }
      if (j >= text.length) {
        throw new FilterSyntaxError(text, 'Unterminated string', i)
      }
      tokens.push({ text: decodeString(text, i, j + 1), at: i, quoted: true })
      i = j + 1
    } else {
      let j = i
      while (j < text.length && !/[\s()"]/.test(text.charAt(j))) {
        j += 1
      }
      tokens.push({ text: text.slice(i, j), at: i, quoted: false })
      i = j
    }
  }
  return tokens
}

function decodeString(text: string, from: number, to: number): string {
  try {
    return JSON.parse(text.slice(from, to)) as string
  } catch {
    throw new FilterSyntaxError(text, 'Invalid string escape', from)
  }
}

/** Every attribute path the filter names, for validating against a resource's fields. */
export function filterPaths(node: FilterNode): { path: string; op: CompareOp | 'pr' }[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...filterPaths(node.left), ...filterPaths(node.right)]
    case 'not':
      return filterPaths(node.operand)
    case 'present':
      return [{ path: node.path, op: 'pr' }]
    case 'compare':
      return [{ path: node.path, op: node.op }]
  }
}
