// Dispatch: `partnerwatch <command> [flags]`, `--help` anywhere, errors as one line on stderr.
import { StoreLocked, errorLine, isServiceError } from '../lib/errors.js'
import { writeLine, type CommandEntry, type CommandIo } from './command.js'
import { forwardToServer } from './forward.js'

export const EXIT_USAGE = 2
export const EXIT_FAILURE = 1

export function usage(commands: readonly CommandEntry[]): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return [
    'usage: partnerwatch <command> [options]',
    '',
    'Access governance and anomaly detection for partner identities in Okta.',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'partnerwatch <command> --help' for a command's options.",
  ].join('\n')
}

export async function runCli(commands: readonly CommandEntry[], io: CommandIo): Promise<number> {
  const [name, ...rest] = io.argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    writeLine(name === undefined ? io.stderr : io.stdout, usage(commands))
    return name === undefined ? EXIT_USAGE : 0
  }
  const entry = commands.find((c) => c.name === name)
  if (!entry) {
    writeLine(io.stderr, `partnerwatch: unknown command '${name}' (see 'partnerwatch --help')`)
    return EXIT_USAGE
  }
  const command = await entry.load()
  if (rest.includes('--help') || rest.includes('-h')) {
    writeLine(io.stdout, command.help.trimEnd())
    return 0
  }
  try {
    return await command.run({ ...io, argv: rest })
  } catch (err) {
    if (err instanceof StoreLocked) {
      const forwarded = await forwardToServer(err.path, io.argv, io)
      if (forwarded !== undefined) {
        return forwarded
      }
    }
    writeLine(io.stderr, `partnerwatch ${name}: ${errorLine(err)}`)
    if (isServiceError(err) && err.code === 'ERR_USAGE') {
      return EXIT_USAGE
    }
    if (!isServiceError(err) && err instanceof Error && err.stack && io.env.PARTNERWATCH_DEBUG) {
      writeLine(io.stderr, err.stack)
    }
    return EXIT_FAILURE
  }
}
