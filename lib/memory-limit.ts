// DuckDB buffer pools of one-shot processes (`partnerwatch export`, `partnerwatch detect`): each has
// its own default, which a `--memory-limit` flag, or a `databaseMemoryLimit` the configuration sets,
// overrides. `serve` keeps the configuration's pool.
import { ConfigFileSchema } from './config-schema.js'

const setting = ConfigFileSchema.properties.databaseMemoryLimit as {
  default?: unknown
  pattern?: string
}
/** The configuration's own default for `databaseMemoryLimit` (the service's pool). */
const SERVICE_DEFAULT = setting.default
const SIZE = new RegExp(setting.pattern ?? '^$')

/** Whether `value` is a size `databaseMemoryLimit` accepts (64MB, 1.5GB, 512MiB, …). */
export function isMemorySize(value: string): boolean {
  return SIZE.test(value)
}

/**
 * The pool for a one-shot process: an explicit `--memory-limit` first, then a `databaseMemoryLimit`
 * the configuration sets to anything but the service's default (a configuration that sets exactly
 * the default cannot be told from one that does not), else the process's own pool.
 */
export function processMemoryLimit(
  configured: string,
  flag: string | undefined,
  own: string,
): string {
  if (flag !== undefined) {
    return flag
  }
  return configured !== SERVICE_DEFAULT ? configured : own
}

/**
 * The smallest pool that stores events, that of an ingest- or import-only process (`--memory-limit`;
 * the service needs more, MIN_SERVICE_MEMORY_LIMIT). DuckDB's INSERT of a batch needs a good part of a small pool whatever the
 * batch: with 64MB the first batch of 2,000 usual 2.2 KB events failed with "Out of Memory" (500
 * passed), while 96MB stored 52k events in import batches of 5,120, a pull of 52k, a 1M-event import
 * and 13 KB events (ingest/README.md, Ninth session).
 */
export const MIN_STORE_MEMORY_LIMIT = '96MB'

/**
 * The smallest pool of the service (`databaseMemoryLimit`), where the detectors and the API share
 * the pool with ingest (and DuckDB runs a thread per core). `serve` on a simulated org
 * (ingest/README.md, Tenth session): with 96MB the first pull of 52k events failed with "Out of
 * Memory" in its INSERT, and a detector with it; with 128MB a pull of 1M failed so while the
 * detectors ran beside it; 256MB took in the 1M and ran the detectors with no failure.
 */
export const MIN_SERVICE_MEMORY_LIMIT = '256MB'

const UNITS: Readonly<Record<string, number>> = {
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KIB: 2 ** 10,
  MIB: 2 ** 20,
  GIB: 2 ** 30,
  TIB: 2 ** 40,
}

/** The bytes of a size `isMemorySize` accepts, as DuckDB reads it (MB = 1000², MiB = 1024²). */
export function memoryBytes(size: string): number {
  const unit = UNITS[size.replace(/^[\d.\s]+/, '').toUpperCase()]
  if (!isMemorySize(size) || unit === undefined) {
    throw new RangeError(`not a memory size: ${JSON.stringify(size)}`)
  }
  return Number.parseFloat(size) * unit
}
