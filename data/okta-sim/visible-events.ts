// Inspection for tests: every event a complete poll would return now, in polling order.
import type { EventRef, EventStore } from './event-store.js'
import { uuidOf } from './event-text.js'
import { positionBefore } from './log-cursor.js'
import { RETENTION_MS } from './logs-query.js'

export interface VisibleEvent {
  uuid: string
  published: string
  /** When it became visible; later than `published` by more than a few ms for late arrivals. */
  persistedAt: string
}

const BATCH = 5000

export async function visibleEvents(store: EventStore, nowMs: number): Promise<VisibleEvent[]> {
  const oldestMs = nowMs - RETENTION_MS
  const out: VisibleEvent[] = []
  let batch: EventRef[] = []
  const flush = async () => {
    const texts = await store.texts(batch)
    batch.forEach((ref, i) =>
      out.push({
        uuid: uuidOf(texts[i] ?? '') ?? '',
        published: new Date(ref.publishedMs).toISOString(),
        persistedAt: new Date(ref.persistMs).toISOString(),
      }),
    )
    batch = []
  }
  for (const ref of store.byPersistence(positionBefore(oldestMs))) {
    if (ref.persistMs > nowMs) {
      break
    }
    if (ref.publishedMs >= oldestMs) {
      batch.push(ref)
    }
    if (batch.length >= BATCH) {
      await flush()
    }
  }
  await flush()
  return out
}
