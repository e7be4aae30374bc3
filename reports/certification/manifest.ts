// The integrity record of a bundle: the SHA-256 of every file, as manifest.json and as SHA256SUMS
// (so `sha256sum -c SHA256SUMS` checks the folder). Files are hashed by streaming them.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'

export interface ManifestEntry {
  name: string
  bytes: number
  sha256: string
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}

export async function writeManifest(
  dir: string,
  names: readonly string[],
  meta: { generator: string; createdAt: string },
): Promise<ManifestEntry[]> {
  const files: ManifestEntry[] = []
  for (const name of names) {
    const path = join(dir, name)
    files.push({ name, bytes: (await stat(path)).size, sha256: await sha256File(path) })
  }
  const manifest = { ...meta, algorithm: 'SHA-256', files }
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  await writeFile(join(dir, 'SHA256SUMS'), files.map((f) => `${f.sha256}  ${f.name}\n`).join(''))
  return files
}
