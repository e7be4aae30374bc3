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
