// The names and contents of a ustar archive on disk (the evidence bundle the console downloaded).
import { readFileSync } from 'node:fs'

export function untar(path: string): Map<string, Buffer> {
  const buf = readFileSync(path)
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
