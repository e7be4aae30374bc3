// A minimal ustar writer: regular files from a folder, streamed one after another, so an evidence
// bundle (its files and the manifest of their hashes) downloads as one consistent archive that any
// `tar` reads. Names are ASCII and short (the bundle's own file names).
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'

const BLOCK = 512

function header(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK)
  const put = (text: string, offset: number, length: number) =>
    h.write(text.slice(0, length), offset, length, 'ascii')
  put(name, 0, 100)
  put('0000644\0', 100, 8)
  put('0000000\0', 108, 8)
  put('0000000\0', 116, 8)
  put(`${size.toString(8).padStart(11, '0')}\0`, 124, 12)
  put(
    `${Math.floor(mtime.getTime() / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
    12,
  )
  put('        ', 148, 8)
  put('0', 156, 1)
  put('ustar\0', 257, 6)
  put('00', 263, 2)
  let sum = 0
  for (const byte of h) {
    sum += byte
  }
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8)
  return h
}

export async function* tarFiles(dir: string, names: readonly string[]): AsyncGenerator<Buffer> {
  for (const name of names) {
    const path = join(dir, name)
    const info = await stat(path)
    yield header(name, info.size, info.mtime)
    for await (const chunk of createReadStream(path)) {
      yield chunk as Buffer
    }
    const pad = (BLOCK - (info.size % BLOCK)) % BLOCK
    if (pad > 0) {
      yield Buffer.alloc(pad)
    }
  }
  yield Buffer.alloc(BLOCK * 2)
}
