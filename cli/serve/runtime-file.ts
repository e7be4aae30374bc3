// While `serve` holds the database, it leaves a note beside it: where it listens and a secret that
// lets a CLI command of the same user on the same machine run through it. The file is readable by
// its owner only and removed at shutdown; the secret is new at every start and never stored hashed
// elsewhere, so it is worth nothing once the server stops.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'

/** Commands that make no sense inside a running server: it already serves and ingests. */
export const NOT_FORWARDED: ReadonlySet<string> = new Set(['serve', 'ingest'])

/** The loopback route (under /api/v1) that runs a forwarded command. */
export const CLI_ROUTE = '/_cli'

export interface RuntimeNote {
  url: string
  pid: number
  secret: string
}

export function runtimeFileFor(databasePath: string): string {
  return `${databasePath}.serve.json`
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url')
}

export function writeRuntimeNote(databasePath: string, note: RuntimeNote): void {
  writeFileSync(runtimeFileFor(databasePath), JSON.stringify(note), { mode: 0o600 })
}

export function removeRuntimeNote(databasePath: string): void {
  rmSync(runtimeFileFor(databasePath), { force: true })
}

export function readRuntimeNote(databasePath: string): RuntimeNote | undefined {
  try {
    const note = JSON.parse(readFileSync(runtimeFileFor(databasePath), 'utf8')) as unknown
    if (
      typeof note === 'object' &&
      note !== null &&
      'url' in note &&
      'pid' in note &&
      'secret' in note &&
      typeof note.url === 'string' &&
      typeof note.pid === 'number' &&
      typeof note.secret === 'string'
    ) {
      return { url: note.url, pid: note.pid, secret: note.secret }
    }
  } catch {
    // No note, or not ours: the caller reports the lock as it is.
  }
  return undefined
}

export function secretsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
