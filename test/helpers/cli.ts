// Runs the partnerwatch CLI in-process, its stdout and stderr captured as text.
import { tmpdir } from 'node:os'
import { COMMANDS } from '../../cli/commands/index.js'
import { runCli } from '../../cli/run.js'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** One command line, with `env` as its environment and `env.HOME` (else the temp dir) as cwd. */
export async function cli(argv: string[], env: Record<string, string>): Promise<CliResult> {
  const out: string[] = []
  const err: string[] = []
  const sink = (into: string[]) =>
    ({
      write: (s: string | Uint8Array) => into.push(String(s)) > 0,
      once: () => undefined,
    }) as unknown as NodeJS.WritableStream
  const code = await runCli(COMMANDS, {
    argv,
    env,
    cwd: env.HOME ?? tmpdir(),
    stdout: sink(out),
    stderr: sink(err),
    signal: new AbortController().signal,
  })
  return { code, stdout: out.join(''), stderr: err.join('') }
}
