// Format threads for a large events page: the records of each piece (`text-body.ts`) are built on
// worker threads (`format-worker.ts`) while the main thread reads on from DuckDB, so an export uses
// more than one core. Parsing and formatting were about two thirds of a CEF export's CPU and all of
// it ran on the main thread (README, Cost). The main thread still decodes the texts (DuckDB's
// memory cannot cross threads) and posts them; the bytes come back transferred. Until a thread has
// started (it loads the TypeScript loader and the formats: a few hundred ms), pieces are formatted
// on the main thread, so starting costs a large page little and a failed start only means no help.
import { createRequire } from 'node:module'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { TextFormat } from './formats/index.js'
import type { SyslogFraming } from './formats/syslog.js'
import { eventRecords } from './text-records.js'

/** What a format thread is started with. */
export interface FormatThreadData {
  format: TextFormat
  framing: SyslogFraming
}

/** A format thread's answer to one piece, in the order the pieces were sent. */
export type FormatReply = { bytes: Uint8Array | null } | { error: string }

export interface FormatPool extends FormatThreadData {
  readonly threads: number
  /** Settles when every thread has started (rejects if one could not). */
  readonly ready: Promise<void>
  /**
   * The piece's records as bytes (undefined for an empty piece): from the started thread with the
   * fewest pieces waiting, or built here when none has started or each has
   * `PIECES_PER_THREAD` waiting (the main thread formats too rather than wait).
   */
  records(texts: string[]): Promise<Buffer | undefined>
  /** How many pieces the threads and the main thread formatted. */
  stats(): { threaded: number; inline: number }
  /** Stops the threads; pieces still out are rejected. */
  close(): void
}

interface Job {
  /** Kept until the thread answers: a thread that stops leaves its pieces to the main thread. */
  texts: string[]
  resolve(bytes: Buffer | undefined): void
  reject(err: Error): void
}

interface Thread {
  worker: Worker
  started: boolean
  gone: boolean
  jobs: Job[]
}

/**
 * Pieces a thread may have waiting: enough that it always has the next one queued while the main
 * thread reads DuckDB, hands finished pieces on or formats one itself.
 */
export const PIECES_PER_THREAD = 8

/**
 * A thread's heap. What it holds at once is a piece or two (`PIECE_CHARS` of text), but with V8's
 * defaults a thread's garbage grew until it added ~60 MB to peak RSS at a million events; capped,
 * about 35 MB (README, Cost). Hitting the cap would stop the thread: a piece is a few MB at most.
 */
export interface HeapLimits {
  maxYoungGenerationSizeMb: number
  maxOldGenerationSizeMb: number
}

const THREAD_HEAP_LIMITS: HeapLimits = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 32 }

const ENTRY = new URL(`./format-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url)

/**
 * The thread's bootstrap (a CommonJS script). From TypeScript sources it registers tsx's
 * CommonJS hook first, which transforms in the thread itself: its ESM hook would start one more
 * loader thread per format thread (measured: 0.5 s of CPU and 35 MB to start, against 0.35–0.5 s
 * and 25 MB).
 */
function bootstrap(): string {
  const entry = JSON.stringify(fileURLToPath(ENTRY))
  if (!ENTRY.pathname.endsWith('.ts')) {
    return `require(${entry})`
  }
  // Resolved here, beside this file: the thread's own code resolves from the working directory.
  const tsx = JSON.stringify(createRequire(import.meta.url).resolve('tsx/cjs/api'))
  return `require(${tsx}).register(); require(${entry})`
}

export function formatPool(
  threads: number,
  format: TextFormat,
  framing: SyslogFraming,
  heapLimits: HeapLimits = THREAD_HEAP_LIMITS,
): FormatPool {
  const inline = eventRecords(format, framing)
  const counts = { threaded: 0, inline: 0 }
  let closed = false
  const pool: Thread[] = []
  const starts: Promise<void>[] = []
  for (let i = 0; i < threads; i += 1) {
    const data: FormatThreadData = { format, framing }
    const worker = new Worker(bootstrap(), {
      eval: true,
      workerData: data,
      stdout: true,
      resourceLimits: heapLimits,
    })
    // Records go to stdout in the CLI: nothing a thread prints may land there.
    worker.stdout.resume()
    // A thread keeps the process alive only while it has pieces: a body never iterated to its
    // end (nor abandoned) must not hold the process open.
    worker.unref()
    const thread: Thread = { worker, started: false, gone: false, jobs: [] }
    pool.push(thread)
    starts.push(
      new Promise<void>((resolve, reject) => {
        // A thread that stops (out of its heap, killed) is not used again, and what it had
        // waiting is formatted here instead; after `close()` nobody waits for it any more.
        const fail = (err: Error): void => {
          thread.gone = true
          reject(err)
          for (const job of thread.jobs.splice(0)) {
            if (closed) {
              job.reject(err)
              continue
            }
            counts.threaded -= 1
            counts.inline += 1
            try {
              job.resolve(inline(job.texts))
            } catch (formatError) {
              job.reject(
                formatError instanceof Error ? formatError : new Error(String(formatError)),
              )
            }
          }
        }
        worker.on('message', (message: 'ready' | FormatReply) => {
          if (message === 'ready') {
            thread.started = true
            resolve()
            return
          }
          const job = thread.jobs.shift()
          if (thread.jobs.length === 0) {
            worker.unref()
          }
          if ('error' in message) {
            job?.reject(new Error(`export formatting failed: ${message.error}`))
          } else {
            job?.resolve(
              message.bytes === null
                ? undefined
                : Buffer.from(
                    message.bytes.buffer,
                    message.bytes.byteOffset,
                    message.bytes.byteLength,
                  ),
            )
          }
        })
        worker.on('error', (err) => fail(new Error(`format thread failed: ${err.message}`)))
        worker.on('exit', () => fail(new Error('format thread stopped')))
      }),
    )
  }
  const ready = Promise.all(starts).then(() => undefined)
  // Nobody has to wait for the threads: a thread that fails to start is simply never used.
  ready.catch(() => undefined)

  return {
    format,
    framing,
    threads,
    ready,
    records(texts) {
      let best: Thread | undefined
      for (const thread of pool) {
        const free = thread.started && !thread.gone && thread.jobs.length < PIECES_PER_THREAD
        if (free && (!best || thread.jobs.length < best.jobs.length)) {
          best = thread
        }
      }
      if (closed || best === undefined) {
        counts.inline += 1
        return Promise.resolve(inline(texts))
      }
      const target = best
      counts.threaded += 1
      return new Promise<Buffer | undefined>((resolve, reject) => {
        if (target.jobs.push({ texts, resolve, reject }) === 1) {
          target.worker.ref()
        }
        target.worker.postMessage(texts)
      })
    },
    stats: () => ({ ...counts }),
    close() {
      closed = true
      for (const thread of pool) {
        void thread.worker.terminate()
      }
    },
  }
}
