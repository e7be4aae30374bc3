// The one CLI entry: picks the command, runs it with the process's streams, and turns any error into
// a one-line reason and a non-zero exit code.
import { COMMANDS } from './commands/index.js'
import { runCli } from './run.js'
import { startTelemetry } from './telemetry-sdk.js'

const controller = new AbortController()
let signals = 0
const onSignal = (): void => {
  signals += 1
  if (signals > 1) {
    process.exit(130)
  }
  controller.abort()
}
process.on('SIGINT', onSignal)
process.on('SIGTERM', onSignal)

const telemetry = await startTelemetry(process.env)
process.exitCode = await runCli(COMMANDS, {
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
})
process.off('SIGINT', onSignal)
process.off('SIGTERM', onSignal)
await telemetry?.shutdown()
