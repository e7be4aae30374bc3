// How much an import commits at a time: a whole row group only for a large file (gzipped or not) in a
// process that has the database to itself; inside `serve` a long transaction would hold the one writer.
import { describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { detectFileShape } from '../../ingest/file-source.js'
import {
  LARGE_FILE_BYTES,
  LARGE_FILE_RAW_BYTES_PER_COMMIT,
  rawBytesPerCommitFor,
} from '../../ingest/import-files.js'
import { RAW_BYTES_PER_COMMIT, ROWS_PER_COMMIT } from '../../ingest/event-store-queries.js'

describe('import transactions', () => {
  it('commit a row group at a time only for a large file in a process of its own', () => {
    const large = LARGE_FILE_BYTES + 1
    expect(rawBytesPerCommitFor(large, true)).toBe(LARGE_FILE_RAW_BYTES_PER_COMMIT)
    expect(rawBytesPerCommitFor(large, false)).toBe(RAW_BYTES_PER_COMMIT)
    expect(rawBytesPerCommitFor(LARGE_FILE_BYTES, true)).toBe(RAW_BYTES_PER_COMMIT)
    // The byte bound must not end a row group's transaction early for Okta-sized (2–2.6 KB)
    // events, nor pass the 320 MiB that 13 KB events were measured to fit in the 128 MB pool.
    expect(LARGE_FILE_RAW_BYTES_PER_COMMIT).toBeGreaterThan(ROWS_PER_COMMIT * 2_600)
    expect(LARGE_FILE_RAW_BYTES_PER_COMMIT).toBeLessThanOrEqual(320 * 1024 * 1024)
  })

  it('size a gzip file by the text it holds, not by its compressed bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-size-'))
    try {
      const text = `${'{"uuid":"u","note":"aaaaaaaaaaaaaaaa"}\n'.repeat(50_000)}`
      const plain = join(dir, 'x.ndjson')
      const gz = join(dir, 'x.ndjson.gz')
      writeFileSync(plain, text)
      writeFileSync(gz, gzipSync(text))
      expect((await detectFileShape(plain)).textBytes).toBe(Buffer.byteLength(text))
      // The trailer's ISIZE: the gzip file is a small fraction of the text it holds.
      expect((await detectFileShape(gz)).textBytes).toBe(Buffer.byteLength(text))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
