// One step of bench/export.ts, run in a process of its own: DuckDB's COPY of the page's rows to CSV
// (`copy`), or one export page in a format through exportPage, written to a file with back-pressure.
import { createWriteStream, rmSync, statSync } from 'node:fs'
import { once } from 'node:events'
import { openDatabase } from '../lib/db.js'
import { exportPage } from '../reports/export/export-page.js'
import { EVENT_FROM, eventColumns } from '../reports/export/export-queries.js'
import type { ExportFormat } from '../reports/export/formats/index.js'

export interface Step {
  step: string
  rows: number
  bytes: number
  seconds: number
  /** CPU time of the process (DuckDB's threads included): steadier than wall time on a shared machine. */
  cpuSeconds: number
  mbPerSecond: number
  mbPerCpuSecond: number
  rowsPerSecond: number
  peakRssMb: number
  /**
   * RSS sampled every 250 ms, the highest of each quarter of the step's time: flat from one
   * quarter to the next once every bounded part (pool, heaps) is full.
   */
  rssMbByQuarter: number[]
  /** Peaks sampled every 250 ms: V8 heap used, and memory outside it (DuckDB, buffers). */
  peakHeapUsedMb: number
  peakExternalMb: number
  /** DuckDB's own accounting at the end (buffer pool and other tagged memory), and by tag. */
  duckdbMemoryMb: number
  duckdbMemoryByTagMb: Record<string, number>
  /** The DuckDB settings the step ran with, as DuckDB reports them. */
  settings: { memory_limit: string; threads: string }
}

export interface StepOptions {
  step: 'copy' | ExportFormat | string
  dbPath: string
  file: string
  limit: number
  memoryLimit: string
  threads?: string | undefined
  batchRows?: number | undefined
  /** Format threads (exportPage's default when undefined: one per core). */
  formatThreads?: number | undefined
}

export async function runStep(options: StepOptions): Promise<Step> {
  const { step, file, limit } = options
  const db = await openDatabase({
    path: options.dbPath,
    settings: {
      memory_limit: options.memoryLimit,
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
    },
  })
  const settings = (await db.one<{ memory_limit: string; threads: string }>(
    "SELECT current_setting('memory_limit') AS memory_limit, current_setting('threads')::VARCHAR AS threads",
  )) ?? { memory_limit: '?', threads: '?' }
  const started = performance.now()
  const cpu0 = process.cpuUsage()
  let rows = 0
  const peak = { heapUsed: 0, external: 0 }
  const rssSamples: { at: number; rss: number }[] = []
  const sample = (): void => {
    const m = process.memoryUsage()
    rssSamples.push({ at: performance.now() - started, rss: m.rss })
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed)
    peak.external = Math.max(peak.external, m.external)
  }
  const sampler = setInterval(sample, 250)
  try {
    if (step === 'copy') {
      const last = await db.one<{ s: bigint }>(
        'SELECT max(ingest_seq) AS s FROM (SELECT ingest_seq FROM events ORDER BY ingest_seq LIMIT $limit)',
        { limit },
      )
      // No ORDER BY: DuckDB keeps insertion order (which is ingest order) and COPY is fastest so.
      rows = await db.changes(
        `COPY (SELECT ${eventColumns(false)} ${EVENT_FROM} WHERE e.ingest_seq <= $last)
         TO '${file.replace(/'/g, "''")}' (FORMAT csv, HEADER)`,
        { last: last?.s ?? 0n },
      )
    } else {
      const page = await exportPage(db, {
        stream: 'events',
        format: step as ExportFormat,
        limit,
        batchRows: options.batchRows,
        formatThreads: options.formatThreads,
      })
      rows = page.count
      const sink = createWriteStream(file)
      for await (const chunk of page.records) {
        if (!sink.write(chunk)) {
          await once(sink, 'drain')
        }
      }
      sink.end()
      await once(sink, 'finish')
    }
    const seconds = (performance.now() - started) / 1000
    const cpu = process.cpuUsage(cpu0)
    sample()
    const tags = await db.all<{ tag: string; b: number }>(
      'SELECT tag, memory_usage_bytes::DOUBLE AS b FROM duckdb_memory() WHERE memory_usage_bytes > 0',
    )
    const duckBytes = tags.reduce((sum, t) => sum + t.b, 0)
    const cpuSeconds = (cpu.user + cpu.system) / 1e6
    const bytes = statSync(file).size
    return {
      step,
      rows,
      bytes,
      seconds: round(seconds),
      cpuSeconds: round(cpuSeconds),
      mbPerSecond: round(bytes / 1e6 / seconds),
      mbPerCpuSecond: round(bytes / 1e6 / cpuSeconds),
      rowsPerSecond: Math.round(rows / seconds),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      rssMbByQuarter: [0, 1, 2, 3].map((q) =>
        Math.round(
          Math.max(
            0,
            ...rssSamples
              .filter((x) => Math.min(3, Math.floor((x.at / (seconds * 1000)) * 4)) === q)
              .map((x) => x.rss),
          ) /
            2 ** 20,
        ),
      ),
      peakHeapUsedMb: Math.round(peak.heapUsed / 1e6),
      peakExternalMb: Math.round(peak.external / 1e6),
      duckdbMemoryMb: Math.round(duckBytes / 1e6),
      duckdbMemoryByTagMb: Object.fromEntries(tags.map((t) => [t.tag, Math.round(t.b / 1e6)])),
      settings,
    }
  } finally {
    clearInterval(sampler)
    db.closeSync()
    rmSync(file, { force: true })
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}
