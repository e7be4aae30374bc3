import { describe, expect } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fixedClock } from '../../lib/clock.js'
import { importFiles } from '../../ingest/import-files.js'
import { dbTest } from '../helpers/db.js'

const samplesDir = join(import.meta.dirname, '../fixtures/samples')
const samples = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.ndjson'))
  .map((f) => join(samplesDir, f))

describe('import of the public samples', () => {
  dbTest('stores or quarantines every line, and the counts add up', async ({ db }) => {
    const clock = fixedClock('2026-11-29T00:00:00Z')
    const summary = await importFiles({ db, clock, files: samples, org: 'samples', batchSize: 50 })
    for (const file of summary.files) {
      const lines = readFileSync(file.path, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '').length
      expect(file.received, file.path).toBe(lines)
      expect(file.stored + file.duplicates + file.quarantined).toBe(file.received)
    }
    const counts = await db.one<{ events: bigint; quarantine: bigint }>(
      'SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM quarantine) AS quarantine',
    )
    expect(counts).toEqual({
      events: BigInt(summary.stored),
      quarantine: BigInt(summary.quarantined),
    })
    expect(summary.stored).toBeGreaterThan(150)
    // Every quarantined line says why and where.
    const reasons = await db.all<{ reason: string; n: bigint }>(
      'SELECT reason, count(*) AS n FROM quarantine GROUP BY reason ORDER BY reason',
    )
    expect(reasons.map((r) => r.reason)).toEqual(
      expect.arrayContaining([
        'no uuid',
        'unparseable published time',
        // The public fixtures reuse uuids for different events: those are kept visible, not dropped.
        'another event with this uuid and different content was already received',
      ]),
    )
    const positions = await db.all<{ position: string }>('SELECT position FROM quarantine')
    expect(positions.every((p) => /^line \d+$/.test(p.position))).toBe(true)

    // Stored raw JSON is byte for byte the line that was read.
    const row = await db.one<{ uuid: string; raw: string; published: Date; event_type: string }>(
      `SELECT uuid, raw, published, event_type FROM events WHERE source = 'file:sekoia-okta-intake-tests.ndjson' ORDER BY ingest_seq LIMIT 1`,
    )
    const sekoia = readFileSync(
      samples.find((s) => s.includes('sekoia'))!,
      'utf8',
    ).split('\n')
    expect(sekoia).toContain(row!.raw)
    expect(JSON.parse(row!.raw)).toMatchObject({ uuid: row!.uuid, eventType: row!.event_type })

    // Importing again stores nothing new: every stored event is now a duplicate.
    const again = await importFiles({ db, clock, files: samples, org: 'samples' })
    expect(again).toMatchObject({
      stored: 0,
      duplicates: summary.stored,
      quarantined: summary.quarantined,
    })
  })
})
