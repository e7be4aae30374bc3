// What the event store knows, in memory, of the uuids already stored: a Bloom filter over their
// `uuid_hash` (migration 7: the first 8 bytes of MD5(uuid)). A batch none of whose uuids the filter
// may hold, and with no uuid twice, is all new: the store skips the scan of every stored `uuid_hash`
// it would otherwise run for the batch (its cost grows with the store: 15 of ~120 s for a 1M-event
// import, 125–152 ms per 10k-event batch at 10M). When the filter may hold one, the store runs that
// scan as before, so the filter only decides how much work a batch takes, never what is stored.
//
// The filter must hold every stored uuid (false positives only cost a scan). The store keeps it so:
// at the start of each transaction `sync` reads what was stored since it last looked (rows above
// the highest `ingest_seq` it has read, by zone maps) and checks the row count; any other change
// (rows deleted, rows some other writer numbered below that) rebuilds it from the table. Inside the
// transaction the store adds each batch's uuids itself. Rows of a rolled-back batch stay in the
// filter as false positives.
import { hash } from 'node:crypto'
import type { Database } from '../lib/db.js'
import { UUID_HASH_SQL } from '../lib/migrations/007-events-dedupe-hash.js'

/** `uuid_hash` as two 32-bit halves (JavaScript numbers, no BigInt per event). */
export interface UuidHash {
  hi: number
  lo: number
}

/** `UUID_HASH_SQL` in JavaScript: MD5 of the UTF-8 text, its first 8 bytes big-endian. */
export function uuidHash(uuid: string): UuidHash {
  const digest = hash('md5', uuid, 'buffer')
  return { hi: digest.readUInt32BE(0), lo: digest.readUInt32BE(4) }
}

/** Probes per uuid: the optimum (bits per uuid × ln 2) for 24 bits per uuid. */
const PROBES = 16
const BITS_PER_UUID = 24
const MIN_CAPACITY = 1 << 20

/**
 * A Bloom filter of 24 bits per uuid of its capacity (3 bytes: 1M uuids in 3 MB, at most 1 in ~100k
 * false positives per lookup when full, fewer below). Positions by double hashing of the two halves.
 */
export class UuidBloom {
  readonly capacity: number
  private readonly words: Uint32Array
  private readonly bits: number

  constructor(capacity: number) {
    this.capacity = Math.max(MIN_CAPACITY, Math.ceil(capacity))
    this.words = new Uint32Array(Math.ceil((this.capacity * BITS_PER_UUID) / 32))
    this.bits = this.words.length * 32
  }

  add({ hi, lo }: UuidHash): void {
    const step = hi | 1
    for (let i = 0; i < PROBES; i++) {
      const bit = ((lo + Math.imul(i, step)) >>> 0) % this.bits
      this.words[bit >>> 5] = (this.words[bit >>> 5] ?? 0) | (1 << (bit & 31))
    }
  }

  mayHold({ hi, lo }: UuidHash): boolean {
    const step = hi | 1
    for (let i = 0; i < PROBES; i++) {
      const bit = ((lo + Math.imul(i, step)) >>> 0) % this.bits
      if (((this.words[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) {
        return false
      }
    }
    return true
  }
}

/** How a `sync` brought the filter up to date (for tests). */
export type SyncKind = 'current' | 'added' | 'rebuilt'

const HASHES_SQL = (where: string): string =>
  `SELECT (h >> 32)::UINTEGER AS hi, (h & 4294967295)::UINTEGER AS lo FROM (
     SELECT coalesce(uuid_hash, ${UUID_HASH_SQL('uuid')}) AS h FROM events ${where})`

/**
 * The filter of one database handle, shared by the event stores on it, kept in step with `events`
 * (see the header).
 */
export class StoredUuids {
  private bloom: UuidBloom | undefined
  /** Rows of the table the filter holds, and the highest `ingest_seq` among them. */
  private rows = 0
  private highSeq = -1n
  /** How many times it was built from the whole table. */
  builds = 0

  /**
   * Brings the filter up to date with the table; called inside the store's transaction, before
   * its first batch, so that it reads one snapshot of what is committed.
   */
  async sync(db: Database): Promise<SyncKind> {
    const now = await db.one<{ n: bigint; hi: bigint | null }>(
      'SELECT count(*) AS n, max(ingest_seq) AS hi FROM events',
    )
    const count = Number(now?.n ?? 0n)
    const high = now?.hi ?? -1n
    if (this.bloom && count === this.rows && high === this.highSeq) {
      return 'current'
    }
    let kind: SyncKind = 'rebuilt'
    const added =
      this.bloom && high > this.highSeq && count <= this.bloom.capacity
        ? await this.read(db, 'WHERE ingest_seq > $after', { after: this.highSeq })
        : undefined
    if (added !== undefined && this.rows + added === count) {
      kind = 'added'
    } else {
      this.bloom = new UuidBloom(count * 1.5)
      this.builds += 1
      await this.read(db, '', {})
    }
    this.rows = count
    this.highSeq = high
    return kind
  }

  /** True if some uuid may be stored already, or occurs twice: the batch needs the exact check. */
  mayRepeat(uuids: readonly { uuid: string; hash: UuidHash }[]): boolean {
    const seen = new Set<string>()
    for (const { uuid, hash: h } of uuids) {
      if (seen.has(uuid) || this.bloom === undefined || this.bloom.mayHold(h)) {
        return true
      }
      seen.add(uuid)
    }
    return false
  }

  /** Uuids stored by this transaction (their rows are read again by the next `sync`: no harm). */
  add(hashes: readonly UuidHash[]): void {
    for (const h of hashes) {
      this.bloom?.add(h)
    }
  }

  /** Adds the hashes of the rows `where` selects; returns how many. */
  private async read(db: Database, where: string, params: Record<string, bigint>): Promise<number> {
    let rows = 0
    const result = await db.connection.stream(HASHES_SQL(where), params)
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0;) {
      const his = chunk.getColumnVector(0)
      const los = chunk.getColumnVector(1)
      for (let i = 0; i < chunk.rowCount; i++) {
        this.bloom?.add({ hi: Number(his.getItem(i)), lo: Number(los.getItem(i)) })
      }
      rows += chunk.rowCount
      chunk = await result.fetchChunk()
    }
    return rows
  }
}

/**
 * One filter per database handle, shared by every store on it (`serve` makes one store per org):
 * each filter holds every stored uuid, so one per org would hold them all N times over.
 */
const filters = new WeakMap<Database, StoredUuids>()

export function storedUuidsOf(db: Database): StoredUuids {
  let filter = filters.get(db)
  if (!filter) {
    filter = new StoredUuids()
    filters.set(db, filter)
  }
  return filter
}
