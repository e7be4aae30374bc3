// Buffers audit entries and writes them in batches (every `flushMs`, or at once past `maxBatch`), and
// marks the tokens they used. `close()` writes whatever is left, so nothing is lost on shutdown.
import type { FastifyBaseLogger } from 'fastify'
import { createTokensQueries } from '../auth/tokens-queries.js'
import type { SqlRunner } from '../sql-runner.js'
import { createAuditQueries, type AuditEntry } from './audit-queries.js'

export interface AuditWriter {
  record(entry: AuditEntry): void
  /** Writes what is buffered now; resolves when it is stored. */
  flush(): Promise<void>
  close(): Promise<void>
}

export function createAuditWriter(
  db: SqlRunner,
  log: FastifyBaseLogger,
  options: { flushMs?: number; maxBatch?: number } = {},
): AuditWriter {
  const flushMs = options.flushMs ?? 500
  const maxBatch = options.maxBatch ?? 500
  const audit = createAuditQueries(db)
  const tokens = createTokensQueries(db)
  let buffer: AuditEntry[] = []
  let writing: Promise<void> = Promise.resolve()
  let timer: NodeJS.Timeout | undefined

  const flush = (): Promise<void> => {
    if (timer) {
      clearTimeout(timer)
      timer = undefined
    }
    const batch = buffer
    buffer = []
    writing = writing.then(async () => {
      if (batch.length === 0) {
        return
      }
      try {
        await audit.insert(batch)
        const used = new Set(batch.flatMap((e) => (e.tokenId ? [e.tokenId] : [])))
        const last = batch.at(-1)
        if (last) {
          await tokens.touch([...used], last.at)
        }
      } catch (err) {
        // Kept in the log rather than dropped silently; the request itself already completed.
        log.error({ err, entries: batch.length }, 'audit write failed')
      }
    })
    return writing
  }

  return {
    record(entry) {
      buffer.push(entry)
      if (buffer.length >= maxBatch) {
        void flush()
      } else if (!timer) {
        timer = setTimeout(() => void flush(), flushMs)
        timer.unref()
      }
    },
    flush,
    close: flush,
  }
}
