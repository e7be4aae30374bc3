// The opaque `after` cursor of /api/v1/logs, shaped like Okta's (`1627500044869_1`): the position of
// the last event served, as `<ms>_<seq + 1>`. In polling mode ms is a persistence time, in bounded
// mode a `published` time. A descending query also carries its lower bound (`_<sinceMs>`), because
// the next link has no `since`. `<ms>_0` means "from ms inclusive", used before anything was served.
import type { Position } from './event-store.js'

export interface LogCursor {
  position: Position
  /** Descending queries only: the lower bound on `published` (inclusive). */
  sinceMs?: number
}

const CURSOR = /^(\d{1,15})_(\d{1,15})(?:_(\d{1,15}))?$/

export function formatCursor(cursor: LogCursor): string {
  const base = `${cursor.position.ms}_${cursor.position.seq + 1}`
  return cursor.sinceMs === undefined ? base : `${base}_${cursor.sinceMs}`
}

/** The cursor in `text`, or undefined when it is not one this server made. */
export function parseCursor(text: string): LogCursor | undefined {
  const m = CURSOR.exec(text)
  if (!m) {
    return undefined
  }
  const position = { ms: Number(m[1]), seq: Number(m[2]) - 1 }
  return m[3] === undefined ? { position } : { position, sinceMs: Number(m[3]) }
}

/** The position just before every event at or after `ms`. */
export function positionBefore(ms: number): Position {
  return { ms, seq: -1 }
}
