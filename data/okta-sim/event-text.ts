// Reading fields out of an event's raw text without re-serialising it.

const UUID_KEY = '"uuid":"'

/** The event's uuid: the one `"uuid":"…"` on the line, or the parsed value when unusual. */
export function uuidOf(text: string): string | undefined {
  const at = text.indexOf(UUID_KEY)
  if (at >= 0 && text.indexOf(UUID_KEY, at + UUID_KEY.length) < 0) {
    const from = at + UUID_KEY.length
    return text.slice(from, text.indexOf('"', from))
  }
  const parsed = parseEvent(text)
  return typeof parsed?.uuid === 'string' ? parsed.uuid : undefined
}

export function parseEvent(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
