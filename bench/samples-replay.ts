// The public samples (test/fixtures/samples) replayed in order through `import` and every detector:
// per line of Panther's labelled attack scenarios, whether it was stored or quarantined and which
// detectors' findings rest on it, and per scenario what fired on its attack and its benign lines.
//
// The samples reuse uuids for different events (one uuid is on 14 lines of the scenarios file: a
// privilege grant, a brute-force burst and six baseline logins). `import` stores the first and
// quarantines the rest, as it must; their verdict is then "quarantined", never another line's
// findings. With `uniqueUuids`, a line whose uuid was already seen on a different line gets a fresh
// uuid (derived from its file and line) before the import, so the events those collisions hide can be
// judged too. That rewrite is the replay's, never the product's: Okta's uuid is the dedupe key.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Clock } from '../lib/clock.js'
import { openDatabase } from '../lib/db.js'
import { DETECTORS } from '../detectors/index.js'
import { runDetectors } from '../detectors/runner.js'
import { importFiles } from '../ingest/import-files.js'

export const SCENARIOS_FILE = 'panther-okta-test-scenarios.ndjson'
export const RULE_TESTS_FILE = 'panther-okta-tests.ndjson'

interface Verdict {
  uuid: string | null
  /** Why `import` did not store the line, or null when it did. */
  quarantined: string | null
  /** Detectors with a finding whose evidence lists this line's event. */
  fired: string[]
}

export interface LineVerdict extends Verdict {
  line: number
  label: string
  scenario: string
}

/** Panther's rule tests (one event each) of one rule: where our detectors fired. */
export interface RuleVerdict {
  rule: string
  /** Lines Panther's rule must alert on, and must not. */
  positives: number[]
  negatives: number[]
  quarantined: number[]
  /** detector → positive lines its findings rest on */
  firedOnPositive: Record<string, number[]>
  /** detector → negative lines its findings rest on */
  firedOnNegative: Record<string, number[]>
}

export interface ScenarioVerdict {
  scenario: string
  attackLines: number
  benignLines: number
  quarantinedLines: number
  /** detector → lines (attack-labelled) its findings rest on */
  firedOnAttack: Record<string, number[]>
  /** detector → lines (benign-labelled) its findings rest on: false positives */
  firedOnBenign: Record<string, number[]>
}

export interface Replay {
  uniqueUuids: boolean
  /** Lines of all sample files given a fresh uuid (0 without `uniqueUuids`). */
  rewritten: number
  lines: LineVerdict[]
  scenarios: ScenarioVerdict[]
  /** Rules of Panther's rule tests on which any detector fired. */
  rules: RuleVerdict[]
}

interface ScenarioLabel {
  line: number
  event_label: string
  scenario_label: string
}

interface RuleTestLabel {
  line: number
  labels: { rule_id: string; expected_result: boolean }[]
}

function labelsOf<T>(dir: string, file: string): T[] {
  const path = join(dir, file.replace('.ndjson', '.labels.json'))
  return (JSON.parse(readFileSync(path, 'utf8')) as { events: T[] }).events
}

/** A uuid-shaped id that depends only on the file and line. */
export function lineUuid(file: string, line: number): string {
  const h = createHash('sha256').update(`${file}:${line}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/**
 * The file's text with every line whose uuid was already seen on another, different line (in this
 * file or an earlier one: `seen` carries uuid → first line's text) given `lineUuid(file, line)`.
 * Exact repeats keep their uuid (they are duplicates, not collisions). Returns the new text and the
 * uuid of every line after the rewrite (index = line number - 1; null where a line has none).
 */
export function withUniqueUuids(
  file: string,
  text: string,
  seen: Map<string, string>,
): { text: string; uuids: (string | null)[]; rewritten: number } {
  let rewritten = 0
  const uuids = uuidsOf(text)
  const lines = text.split('\n').map((raw, i) => {
    const line = raw.trim()
    const uuid = uuids[i] ?? null
    if (uuid === null) {
      return raw
    }
    const first = seen.get(uuid)
    if (first === undefined) {
      seen.set(uuid, line)
      return raw
    }
    if (first === line) {
      return raw
    }
    const fresh = lineUuid(file, i + 1)
    uuids[i] = fresh
    rewritten += 1
    return JSON.stringify({ ...parseObject(line), uuid: fresh })
  })
  return { text: lines.join('\n'), uuids, rewritten }
}

function parseObject(line: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(line)
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

export async function replaySamples(options: {
  dir: string
  clock: Clock
  uniqueUuids: boolean
}): Promise<Replay> {
  const { dir, clock, uniqueUuids } = options
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.ndjson'))
    .sort()
  const work = mkdtempSync(join(tmpdir(), 'pw-samples-'))
  const db = await openDatabase({ path: ':memory:' })
  try {
    const seen = new Map<string, string>()
    let rewritten = 0
    const uuidsByFile = new Map<string, (string | null)[]>()
    const files = names.map((name) => {
      const text = readFileSync(join(dir, name), 'utf8')
      const file = uniqueUuids
        ? withUniqueUuids(name, text, seen)
        : { text, uuids: uuidsOf(text), rewritten: 0 }
      rewritten += file.rewritten
      uuidsByFile.set(name, file.uuids)
      const path = join(work, name)
      writeFileSync(path, file.text)
      return path
    })
    await importFiles({ db, clock, org: 'samples', files })
    await runDetectors({
      db,
      clock,
      detectors: DETECTORS,
      partners: [],
      settings: {},
      since: new Date('2000-01-01T00:00:00Z'),
    })
    const fired = await db.all<{ detector: string; uuid: string }>(
      'SELECT DISTINCT detector, unnest(event_ids) AS uuid FROM findings',
    )
    const quarantine = await db.all<{ source: string; position: string; reason: string }>(
      'SELECT source, position, reason FROM quarantine',
    )
    const verdict = (file: string, line: number): Verdict => {
      const uuid = uuidsByFile.get(file)?.[line - 1] ?? null
      const q = quarantine.find((r) => r.source === `file:${file}` && r.position === `line ${line}`)
      return {
        uuid,
        quarantined: q ? q.reason : null,
        // A quarantined line's uuid belongs to the event stored under it, not to this line.
        fired: q ? [] : [...new Set(fired.filter((f) => f.uuid === uuid).map((f) => f.detector))],
      }
    }
    const lines = labelsOf<ScenarioLabel>(dir, SCENARIOS_FILE).map((e): LineVerdict => ({
      line: e.line,
      label: e.event_label,
      scenario: e.scenario_label,
      ...verdict(SCENARIOS_FILE, e.line),
    }))
    const rules = byRule(
      labelsOf<RuleTestLabel>(dir, RULE_TESTS_FILE).map((e) => ({
        line: e.line,
        labels: e.labels,
        ...verdict(RULE_TESTS_FILE, e.line),
      })),
    )
    return { uniqueUuids, rewritten, lines, scenarios: byScenario(lines), rules }
  } finally {
    db.closeSync()
    rmSync(work, { recursive: true, force: true })
  }
}

/** The uuid of every line (index = line number - 1), null where a line has none. */
function uuidsOf(text: string): (string | null)[] {
  return text.split('\n').map((l) => {
    const event = parseObject(l.trim())
    return event && typeof event.uuid === 'string' ? event.uuid : null
  })
}

function byScenario(lines: readonly LineVerdict[]): ScenarioVerdict[] {
  const out = new Map<string, ScenarioVerdict>()
  for (const l of lines) {
    const s = out.get(l.scenario) ?? {
      scenario: l.scenario,
      attackLines: 0,
      benignLines: 0,
      quarantinedLines: 0,
      firedOnAttack: {},
      firedOnBenign: {},
    }
    out.set(l.scenario, s)
    const attack = l.label === 'attack'
    s.attackLines += attack ? 1 : 0
    s.benignLines += attack ? 0 : 1
    s.quarantinedLines += l.quarantined ? 1 : 0
    const into = attack ? s.firedOnAttack : s.firedOnBenign
    for (const d of l.fired) {
      into[d] = [...(into[d] ?? []), l.line]
    }
  }
  return [...out.values()]
}

function byRule(lines: readonly (Verdict & RuleTestLabel)[]): RuleVerdict[] {
  const out = new Map<string, RuleVerdict>()
  for (const l of lines) {
    for (const label of l.labels) {
      const r = out.get(label.rule_id) ?? {
        rule: label.rule_id,
        positives: [],
        negatives: [],
        quarantined: [],
        firedOnPositive: {},
        firedOnNegative: {},
      }
      out.set(label.rule_id, r)
      ;(label.expected_result ? r.positives : r.negatives).push(l.line)
      if (l.quarantined) {
        r.quarantined.push(l.line)
      }
      const into = label.expected_result ? r.firedOnPositive : r.firedOnNegative
      for (const d of l.fired) {
        into[d] = [...(into[d] ?? []), l.line]
      }
    }
  }
  const firedAny = (r: RuleVerdict): boolean =>
    Object.keys(r.firedOnPositive).length + Object.keys(r.firedOnNegative).length > 0
  return [...out.values()].filter(firedAny)
}
