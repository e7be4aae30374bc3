// What a CLI command is, and the flag parsing every command shares. Commands write to the streams
// they are given (never console), return an exit code, and throw ServiceError for a one-line failure.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from '../lib/errors.js'
import { isMemorySize } from '../lib/memory-limit.js'

export interface CommandIo {
  argv: string[]
  env: Readonly<Record<string, string | undefined>>
  cwd: string
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  /** Aborted on SIGINT/SIGTERM; long-running commands finish what is in flight and return. */
  signal: AbortSignal
}

export interface Command {
  name: string
  /** One line for the command list. */
  summary: string
  /** The full --help text. */
  help: string
  run(io: CommandIo): Promise<number>
}

/** A line in the command table: enough for the command list; the command itself loads on use. */
export interface CommandEntry {
  name: string
  summary: string
  load(): Promise<Command>
}

type Options = NonNullable<ParseArgsConfig['options']>

/** Parses flags strictly; an unknown flag or a missing value is a UsageError naming it. */
export function parseFlags<O extends Options>(
  argv: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals })
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0] ?? 'bad arguments')
  }
}

/** A flag that must be a whole number within bounds. */
export function intFlag(
  value: string | undefined,
  flag: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) {
    return fallback
  }
  if (!/^-?\d+$/.test(value)) {
    throw new UsageError(`--${flag} must be a whole number, got ${JSON.stringify(value)}`)
  }
  const n = Number(value)
  if (n < min || n > max) {
    throw new UsageError(`--${flag} must be between ${min} and ${max}, got ${n}`)
  }
  return n
}

/** A flag that must be a number (fractions allowed) within bounds. */
export function numberFlag(
  value: string | undefined,
  flag: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) {
    return fallback
  }
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new UsageError(`--${flag} must be a number, got ${JSON.stringify(value)}`)
  }
  if (n < min || n > max) {
    throw new UsageError(`--${flag} must be between ${min} and ${max}, got ${n}`)
  }
  return n
}

/** A flag that must be an ISO-8601 instant. */
export function isoFlag(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) {
    return undefined
  }
  const ms = Date.parse(value)
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms)) {
    throw new UsageError(
      `--${flag} must be an ISO-8601 time such as 2026-11-01T00:00:00Z, got ${JSON.stringify(value)}`,
    )
  }
  return new Date(ms)
}

export function writeLine(stream: NodeJS.WritableStream, line: string): void {
  stream.write(`${line}\n`)
}

/** A `--memory-limit` size (64MB, 1GB, …) or undefined when not given; `example` is named in the error. */
export function memorySizeFlag(value: string | undefined, example = '256MB'): string | undefined {
  if (value !== undefined && !isMemorySize(value)) {
    throw new UsageError(
      `--memory-limit must be a size such as ${example} or 1GB, got ${JSON.stringify(value)}`,
    )
  }
  return value
}
