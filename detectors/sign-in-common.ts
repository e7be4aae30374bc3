// What the sign-in pack's detectors share: who is judged (partner users; everyone when no partner
// is configured), settings read with defaults, the slice's published span (so history reads are
// bounded by constants), hosting networks, scripted user agents, Okta's behaviour verdicts and
// debugData values read from the raw text.
import type { Database } from '../lib/db.js'
import {
  coversWholeStore,
  sliceParams,
  type DetectionWindow,
  type DetectorContext,
} from './types.js'
import { inCidrs, networkOf } from './impossible-travel/network.js'

export { inCidrs, networkOf }

/** A positive finite number from the detector's settings, else the default. */
export function settingNumber(
  config: Readonly<Record<string, unknown>>,
  key: string,
  fallback: number,
): number {
  const v = config[key]
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback
}

/**
 * The published span of the window's events that match `filter` (constant SQL of ours), or null
 * when there are none. Queries then bound `published` by constants, so DuckDB's zone maps skip the
 * row groups outside the slice and its history instead of scanning the whole store.
 */
export async function windowSpan(
  db: Database,
  window: DetectionWindow,
  filter: string,
): Promise<{ lo: Date; hi: Date } | null> {
  // A first run's slice is the whole store: the span of all its events holds every event of the
  // filter's kinds, and the detectors' reads filter by kind themselves — so the filter (a scan of
  // every row's event type at 10M events) is skipped. An empty store still gives null.
  const whole = coversWholeStore(window)
  const r = await db.one<{ lo: Date | null; hi: Date | null }>(
    whole
      ? `SELECT min(published) AS lo, max(published) AS hi FROM events WHERE ingest_seq <= $until`
      : `SELECT min(published) AS lo, max(published) AS hi FROM events
     WHERE ingest_seq > $after AND ingest_seq <= $until
       AND ($since IS NULL OR published >= $since::TIMESTAMPTZ) AND (${filter})`,
    whole
      ? { until: window.untilSeq }
      : {
          ...sliceParams(window),
        },
  )
  return r?.lo && r.hi ? { lo: r.lo, hi: r.hi } : null
}

export const minutesBefore = (d: Date, minutes: number): string =>
  new Date(d.getTime() - minutes * 60_000).toISOString()

/** Judge every user when no partner is configured or `partnersOnly: false`; else partner users. */
export function anyUser(ctx: DetectorContext): boolean {
  return ctx.partners.length === 0 || ctx.config.partnersOnly === false
}

export { isHosting as isHostingNetwork, type NetworkFacts } from './impossible-travel/network.js'

/** Okta's behaviour verdict (Classic text `{New Device=POSITIVE, …}` or OIE JSON) for one name. */
export function oktaBehavior(behaviors: string | null, name: string): string | null {
  const m = new RegExp(`"?${name}"?\\s*[=:]\\s*"?([A-Z_]+)`).exec(behaviors ?? '')
  return m?.[1] ?? null
}

/**
 * SQL for one debugData string value read straight from an event's raw text: `"key":"value"`.
 * Cheaper than parsing the event (or a regular expression) over thousands of rows; the keys used
 * (factor, amr, authnContextClassRef) occur only in debugData. `key` is a constant of ours.
 */
export function rawDebugValue(column: string, key: string): string {
  const needle = `'"${key}":"'`
  return `CASE WHEN strpos(${column}, ${needle}) > 0 THEN nullif(split_part(substr(${column}, strpos(${column}, ${needle}) + ${key.length + 4}), '"', 1), '') END`
}

/** Scripted clients: never a person's browser. */
export const TOOLING_UA =
  /python-requests|curl\/|httpx|aiohttp|go-http-client|headless|java\/|okhttp|powershell|urllib|okta-sdk|libwww|wget/i
