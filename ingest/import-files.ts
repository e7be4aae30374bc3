// `partnerwatch import`: streams each file through the event store in batches. The summary adds up:
// for every file, records = stored + duplicates + quarantined (blank lines counted apart).
import { counters, inSpan } from '../lib/telemetry.js'
import { basename } from 'node:path'
import { stat } from 'node:fs/promises'
import { InputInvalid } from '../lib/errors.js'
import type { Database } from '../lib/db.js'
import type { Clock } from '../lib/clock.js'
import { createEventStoreQueries, type BatchResult } from './event-store-queries.js'
import { readEventFile } from './file-source.js'

export interface FileImportSummary extends BatchResult {
  path: string
  blank: number
}

export interface ImportSummary extends BatchResult {
  files: FileImportSummary[]
  blank: number
  elapsedMs: number
}

export interface ImportOptions {
  db: Database
  clock: Clock
  files: readonly string[]
  /** The org the events are tagged with. */
  org: string
  batchSize?: number
  onProgress?: (progress: { path: string; received: number }) => void
}

export async function importFiles(options: ImportOptions): Promise<ImportSummary> {
  const { db, clock, files, org } = options
  const batchSize = options.batchSize ?? 10_000
  for (const path of files) {
    const info = await stat(path).catch(() => undefined)
    if (!info?.isFile()) {
      throw new InputInvalid(path, 'no such file')
    }
  }
  const started = performance.now()
  const store = await createEventStoreQueries(db, clock)
  const summary: ImportSummary = {
    files: [],
    received: 0,
    stored: 0,
    duplicates: 0,
    quarantined: 0,
    blank: 0,
    elapsedMs: 0,
  }
  for (const path of files) {
    const file: FileImportSummary = {
      path,
      received: 0,
      stored: 0,
      duplicates: 0,
      quarantined: 0,
      blank: 0,
    }
    for await (const batch of readEventFile(path, batchSize)) {
      file.blank += batch.blank
      if (batch.events.length > 0) {
        const result = await inSpan(
          'ingest.file_batch',
          { 'okta.org': org, 'ingest.file': basename(path), 'ingest.events': batch.events.length },
          () => store.storeBatch(org, `file:${basename(path)}`, batch.events),
        )
        counters.events.add(result.stored, { org })
        counters.duplicates.add(result.duplicates, { org })
        counters.quarantined.add(result.quarantined, { org })
        add(file, result)
      }
      options.onProgress?.({ path, received: file.received })
    }
    summary.files.push(file)
    add(summary, file)
    summary.blank += file.blank
  }
  summary.elapsedMs = Math.round(performance.now() - started)
  return summary
}

function add(into: BatchResult, from: BatchResult): void {
  into.received += from.received
  into.stored += from.stored
  into.duplicates += from.duplicates
  into.quarantined += from.quarantined
}
