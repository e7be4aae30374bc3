// The names and contents of a ustar archive (the certification evidence bundle), from bytes or a file.
import { readFileSync } from 'node:fs'

export function untar(archive: Buffer | string): Map<string, Buffer> {
  const buf = typeof archive === 'string' ? readFileSync(archive) : archive
  const files = new Map<string, Buffer>()
  let at = 0
  while (at + 512 <= buf.length && buf[at] !== 0) {
    const name = buf
      .subarray(at, at + 100)
      .toString('ascii')
      .replace(/\0.*$/s, '')
    const size = parseInt(buf.subarray(at + 124, at + 136).toString('ascii'), 8)
    files.set(name, buf.subarray(at + 512, at + 512 + size))
    at += 512 + Math.ceil(size / 512) * 512
  }
  return files
}
