// The keys JavaScript reads while staging must agree with what DuckDB does with the same text: the
// INSERT's json_transform must never meet a text JSON.parse let through, and uuids are trimmed as
// DuckDB's trim() trims them (the dedupe compares them with uuids stored by earlier versions).
import { describe, expect, it } from 'vitest'
import { DuckDBInstance } from '@duckdb/node-api'
import { readEventKeys, trimSpaces } from '../../ingest/event-keys.js'
import { uuidHash } from '../../ingest/stored-uuids.js'

describe('event keys', () => {
  it('reads uuid and published, and says why an event cannot be stored', () => {
    expect(readEventKeys('{"uuid":"u-1","published":"2026-11-29T10:00:00Z"}')).toEqual({
      uuid: 'u-1',
      published: '2026-11-29T10:00:00Z',
      hash: uuidHash('u-1'),
    })
    expect(readEventKeys('{"uuid":"u-1",').reason).toBe('not valid JSON')
    expect(readEventKeys('[1, 2]').reason).toBe('not a JSON object')
    expect(readEventKeys('null').reason).toBe('not a JSON object')
    expect(readEventKeys('{"published":"2026-11-29T10:00:00Z"}').reason).toBe('no uuid')
    expect(readEventKeys('{"uuid":"   ","published":"x"}').reason).toBe('no uuid')
    expect(readEventKeys(`{"uuid":"${'a'.repeat(201)}","published":"x"}`).reason).toBe(
      'uuid longer than 200 characters',
    )
    // 200 characters of four UTF-16 units each pair: counted as characters, as DuckDB's length().
    expect(readEventKeys(`{"uuid":"${'😀'.repeat(200)}","published":"x"}`).reason).toBeUndefined()
    expect(readEventKeys('{"uuid":"u-1"}').reason).toBe('no published time')
    expect(readEventKeys('{"uuid":"u-1","published":null}').reason).toBe('no published time')
    // A non-text value is kept as its JSON text, as json_transform gives it for a VARCHAR field.
    expect(readEventKeys('{"uuid":42,"published":{"a":1}}')).toEqual({
      uuid: '42',
      published: '{"a":1}',
      hash: uuidHash('42'),
    })
    // The hash is of the trimmed uuid, the text the store compares.
    expect(readEventKeys('{"uuid":" u-1 ","published":"x"}').hash).toEqual(uuidHash('u-1'))
    expect(readEventKeys('{"uuid":"u-1"}').hash).toBeUndefined()
  })

  it('refuses what DuckDB refuses: lone surrogate escapes, in values and keys', () => {
    const bad = [
      String.raw`{"uuid":"a","published":"p","x":"\ud800"}`,
      String.raw`{"uuid":"a","published":"p","x":["\udc00 after"]}`,
      String.raw`{"uuid":"a","published":"p","\udbff":1}`,
    ]
    for (const raw of bad) {
      expect(readEventKeys(raw).reason).toBe('not valid JSON')
    }
    // A pair (an escaped emoji) and an escaped backslash before "ud800" are fine.
    expect(readEventKeys(String.raw`{"uuid":"a","published":"p","x":"\ud83d\ude00"}`).reason).toBe(
      undefined,
    )
    expect(readEventKeys(String.raw`{"uuid":"a","published":"p","x":"\\ud800"}`).reason).toBe(
      undefined,
    )
  })

  it('agrees with DuckDB on what is JSON and on trimming', async () => {
    const instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    try {
      const texts = [
        String.raw`{"uuid":"a","published":"p","x":"\ud800"}`,
        String.raw`{"uuid":"a","published":"p","x":"\ud83d\ude00"}`,
        '{"uuid":"a","published":"p","x":1e400}',
        '{"uuid":"a","published":"p","x":"\u0000"}',
        ' {"uuid":"a","published":"p"} ',
      ]
      for (const raw of texts) {
        const reader = await connection.runAndReadAll('SELECT json_valid($raw) AS ok', { raw })
        const [row] = reader.getRowObjectsJS() as { ok: boolean }[]
        // Whatever JS lets through, DuckDB's parser must accept.
        if (readEventKeys(raw).reason === undefined) {
          expect(row?.ok, raw).toBe(true)
        }
      }
      for (const s of [' a ', '\u00a0a\u3000', '\ta\n', 'a', '\u2003 a b \u2003']) {
        const reader = await connection.runAndReadAll('SELECT trim($s) AS t', { s })
        const [row] = reader.getRowObjectsJS() as { t: string }[]
        expect(trimSpaces(s), JSON.stringify(s)).toBe(row?.t)
      }
    } finally {
      connection.closeSync()
      instance.closeSync()
    }
  })
})
