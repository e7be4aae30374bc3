// A format thread (`format-pool.ts`): turns pieces of event JSON array texts into record bytes for
// the page's format, and hands the bytes back without a copy (their ArrayBuffer is transferred).
// It says `ready` once loaded; the pool sends it nothing before that.
import { parentPort, workerData } from 'node:worker_threads'
import type { FormatThreadData, FormatReply } from './format-pool.js'
import { eventRecords } from './text-records.js'

const port = parentPort
if (port === null) {
  throw new Error('format-worker.ts runs as a worker thread (format-pool.ts starts it)')
}
const { format, framing } = workerData as FormatThreadData
const toBytes = eventRecords(format, framing)

port.on('message', (texts: string[]) => {
  let bytes: Buffer | undefined
  try {
    bytes = toBytes(texts)
  } catch (err) {
    const reply: FormatReply = { error: err instanceof Error ? err.message : String(err) }
    port.postMessage(reply)
    return
  }
  const reply: FormatReply = { bytes: bytes ?? null }
  // recordBytes gives each chunk an ArrayBuffer of its own (never Node's shared pool): moved, not copied.
  port.postMessage(reply, bytes?.buffer instanceof ArrayBuffer ? [bytes.buffer] : [])
})
port.postMessage('ready')
