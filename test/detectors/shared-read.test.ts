// One read shared by the detectors that run one after the other with the same parameters.
import { describe, expect } from 'vitest'
import { sharedRead } from '../../detectors/shared-read.js'
import { dbTest } from '../helpers/db.js'

describe('sharedRead', () => {
  dbTest('reuses a read of the same kind and parameters on the same database', async ({ db }) => {
    let reads = 0
    const read = async () => {
      reads += 1
      return (await db.all<{ n: number }>('SELECT 41 + $k AS n', { k: reads })).map((r) => r.n)
    }
    const first = await sharedRead(db, 'test-kind', { after: 1n, until: 9n }, read)
    const again = await sharedRead(db, 'test-kind', { after: 1n, until: 9n }, read)
    expect(again).toBe(first)
    expect(reads).toBe(1)
    // Another window, or another kind, reads again.
    await sharedRead(db, 'test-kind', { after: 9n, until: 12n }, read)
    await sharedRead(db, 'other-kind', { after: 9n, until: 12n }, read)
    expect(reads).toBe(3)
  })

  dbTest('shares a read while it runs and forgets one that failed', async ({ db }) => {
    let reads = 0
    const failing = async () => {
      reads += 1
      await db.all('SELECT 1')
      throw new Error('query failed')
    }
    const a = sharedRead(db, 'failing', { w: 1 }, failing)
    const b = sharedRead(db, 'failing', { w: 1 }, failing)
    await expect(a).rejects.toThrow('query failed')
    await expect(b).rejects.toThrow('query failed')
    expect(reads).toBe(1)
    await expect(sharedRead(db, 'failing', { w: 1 }, failing)).rejects.toThrow('query failed')
    expect(reads).toBe(2)
  })
})
