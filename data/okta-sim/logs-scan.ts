// Walks the event store for one /logs page: keeps the events that are visible by now (persisted),
// inside retention and matching filter / q, until the page is full. A finite query looks one match
// further to know whether a next link is due. At most `maxScan` events are examined per request;
// when that budget runs out the page is short and the cursor resumes after the last one examined,
// as Okta's own short pages do.
import type { EventRef, EventStore, Position } from './event-store.js'
import { parseEvent } from './event-text.js'
import { matchesFilter } from './filter-eval.js'
import { positionBefore } from './log-cursor.js'
import { RETENTION_MS, type LogsQuery } from './logs-query.js'

export interface LogsScan {
  refs: EventRef[]
  texts: string[]
  /** Where the next page starts: the last event served or examined; undefined if none was. */
  resume: EventRef | undefined
  /** Finite mode: more events may follow (a next link is due). */
  more: boolean
}

const TEXT_BATCH = 500

export async function scanLogs(
  store: EventStore,
  q: LogsQuery,
  nowMs: number,
  maxScan: number,
): Promise<LogsScan> {
  const oldestMs = nowMs - RETENTION_MS
  const needsText = q.filter !== undefined || q.keywords.length > 0
  const start = q.descending ? q.start : later(q.start, positionBefore(oldestMs))
  const source = q.polling ? store.byPersistence(start) : store.byPublished(start, q.descending)
  const lowestMs = Math.max(q.sinceMs, oldestMs)
  const refs: EventRef[] = []
  const texts: string[] = []
  let resume: EventRef | undefined
  let more = false
  let stopped = false
  let pending: { ref: EventRef; eligible: boolean }[] = []

  const flush = async (): Promise<void> => {
    const batch = pending
    pending = []
    const eligible = batch.filter((p) => p.eligible).map((p) => p.ref)
    const batchTexts = needsText ? await store.texts(eligible) : []
    let t = 0
    for (const { ref, eligible: ok } of batch) {
      if (stopped) {
        return
      }
      resume = ref
      if (!ok) {
        continue
      }
      const text = needsText ? (batchTexts[t++] ?? '') : ''
      if (needsText && !matches(text, q)) {
        continue
      }
      if (refs.length >= q.limit) {
        more = true
        stopped = true
        resume = refs[refs.length - 1]
        return
      }
      refs.push(ref)
      texts.push(text)
      if (q.polling && refs.length >= q.limit) {
        stopped = true
      }
    }
  }

  let examined = 0
  for (const ref of source) {
    const beyond = q.polling
      ? ref.persistMs > nowMs
      : q.descending
        ? ref.publishedMs < lowestMs
        : ref.publishedMs >= q.untilMs
    if (beyond) {
      break
    }
    if (examined >= maxScan) {
      more = true
      break
    }
    examined += 1
    const eligible = ref.persistMs <= nowMs && ref.publishedMs >= oldestMs
    pending.push({ ref, eligible })
    if (!needsText || pending.length >= TEXT_BATCH) {
      await flush()
    }
    if (stopped) {
      break
    }
  }
  if (!stopped) {
    await flush()
  }
  return { refs, texts: needsText ? texts : await store.texts(refs), resume, more }
}

function later(a: Position, b: Position): Position {
  return a.ms > b.ms || (a.ms === b.ms && a.seq >= b.seq) ? a : b
}

function matches(text: string, q: LogsQuery): boolean {
  const event = parseEvent(text)
  if (!event) {
    return false
  }
  if (q.filter && !matchesFilter(q.filter, event)) {
    return false
  }
  if (q.keywords.length === 0) {
    return true
  }
  const values: string[] = []
  collectStrings(event, values)
  return q.keywords.every((k) => values.some((v) => v.includes(k)))
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') {
    out.push(value.toLowerCase())
  } else if (typeof value === 'number' || typeof value === 'boolean') {
    out.push(String(value))
  } else if (Array.isArray(value)) {
    value.forEach((v) => collectStrings(v, out))
  } else if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach((v) => collectStrings(v, out))
  }
}
