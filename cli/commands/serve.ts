import { join } from 'node:path'
import { loadConfig } from '../../lib/config.js'
import { systemClock } from '../../lib/clock.js'
import { UsageError } from '../../lib/errors.js'
import { ensureDemoScenario } from '../../data/demo-scenario.js'
import { startOktaSim } from '../../data/okta-sim/server.js'
import { parseFlags, writeLine, type Command } from '../command.js'

const help = `usage: partnerwatch serve [--config FILE] [--cache DIR]

Runs partnerwatch as one process. With no Okta org configured (no OKTA_ORG_URL, no orgs in the
config file) it runs the demo: a generated partner scenario, clearly marked as demo data, served by
the simulated Okta org on a free loopback port.

Today serve runs the simulated org of the demo; ingest, detectors and the API join it as they land.

options:
  --config FILE   configuration file (default: $PARTNERWATCH_CONFIG or ./partnerwatch.config.json)
  --cache DIR     where the demo scenario is cached (default: ./.partnerwatch)
`

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the service (with no Okta org configured: the demo on a simulated org)',
  help,
  async run(io) {
    const { values } = parseFlags(io.argv, {
      config: { type: 'string' },
      cache: { type: 'string' },
    })
    const config = loadConfig({
      env: io.env,
      cwd: io.cwd,
      ...(values.config ? { path: values.config } : {}),
    })
    if (config.orgs.length > 0) {
      throw new UsageError(
        'serving a real Okta org needs the ingest loop, which has not landed yet; unset OKTA_ORG_URL / orgs to run the demo',
      )
    }
    const started = Date.now()
    const cacheDir = join(io.cwd, values.cache ?? '.partnerwatch')
    writeLine(
      io.stdout,
      'partnerwatch demo — DEMO DATA: a generated partner ecosystem, not a real Okta org',
    )
    const scenario = await ensureDemoScenario(cacheDir, systemClock)
    writeLine(io.stdout, `scenario: ${scenario.dir} (${scenario.reused ? 'cached' : 'generated'})`)
    const sim = await startOktaSim({ scenarioDir: scenario.dir, port: 0 })
    writeLine(io.stdout, `simulated Okta org: ${sim.url}  token: ${sim.token}`)
    writeLine(io.stdout, 'try:')
    writeLine(
      io.stdout,
      `  curl -s -H 'Authorization: SSWS ${sim.token}' '${sim.url}/api/v1/logs?limit=5'`,
    )
    writeLine(
      io.stdout,
      `  curl -s -H 'Authorization: SSWS ${sim.token}' '${sim.url}/api/v1/users?limit=5'`,
    )
    writeLine(
      io.stdout,
      `  curl -s -H 'Authorization: SSWS ${sim.token}' '${sim.url}/api/v1/users?search=status%20eq%20%22DEPROVISIONED%22'`,
    )
    writeLine(
      io.stdout,
      `ready in ${((Date.now() - started) / 1000).toFixed(1)} s — Ctrl-C to stop`,
    )
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) {
        resolve()
      }
      io.signal.addEventListener('abort', () => resolve(), { once: true })
    })
    await sim.close()
    writeLine(io.stdout, 'stopped')
    return 0
  },
}
