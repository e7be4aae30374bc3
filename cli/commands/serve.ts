import { resolve } from 'node:path'
import { systemClock } from '../../lib/clock.js'
import type { Config } from '../../lib/config.js'
import type { Database } from '../../lib/db.js'
import { createToken, listTokens, revokeToken } from '../../api/auth/tokens.js'
import { parseFlags, writeLine, type Command, type CommandIo } from '../command.js'
import { configFor } from '../context.js'
import { startDemo } from '../serve/demo.js'
import { runService } from '../serve/service.js'
import { DEMO_PARAMS } from '../../data/demo-scenario.js'

const help = `usage: partnerwatch serve [--config FILE] [--cache DIR]

Runs partnerwatch as one process: an ingest loop per configured Okta org, the detectors after each
ingest cycle, directory sync every ingest.directorySyncMinutes, and the HTTP API (server.host,
server.port or $PORT). SIGTERM or Ctrl-C finishes the page in flight, stores the cursor, closes the
database and exits 0. While it runs, other partnerwatch commands on the same database run through it.

With no Okta org configured (no OKTA_ORG_URL, no orgs in the config file) it runs the demo: a
generated partner scenario, clearly marked as demo data, served by the simulated Okta org on a free
loopback port and ingested through the same SDK path; it prints the URL, an admin token and curls.

Logs are JSON lines (pino) on stdout, at $LOG_LEVEL (default info; warn in the demo).

options:
  --config FILE   configuration file (default: $PARTNERWATCH_CONFIG or ./partnerwatch.config.json)
  --cache DIR     where the demo keeps its scenario and database (default: ./.partnerwatch)
`

const commands = async () => (await import('./index.js')).COMMANDS

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the service (with no Okta org configured: the demo on a simulated org)',
  help,
  async run(io) {
    const { values } = parseFlags(io.argv, {
      config: { type: 'string' },
      cache: { type: 'string' },
    })
    const config = configFor(io, values.config)
    if (config.orgs.length > 0) {
      return runService({
        config,
        clock: systemClock,
        signal: io.signal,
        commands,
        logger: { level: io.env.LOG_LEVEL ?? 'info', stream: io.stdout },
        onListening: (url) =>
          writeLine(io.stderr, `partnerwatch: API at ${url}/api/v1, console at ${url}/`),
        onReady: ({ app }) => app.log.info('ready: every org caught up once and detectors ran'),
      })
    }
    return runDemo(io, config, resolve(io.cwd, values.cache ?? '.partnerwatch'))
  },
}

async function runDemo(io: CommandIo, base: Readonly<Config>, cacheDir: string): Promise<number> {
  const started = Date.now()
  const out = (line: string) => writeLine(io.stdout, line)
  out('partnerwatch demo — DEMO DATA: a generated partner ecosystem, not a real Okta org')
  const demo = await startDemo({ cacheDir, clock: systemClock, server: base.server })
  try {
    out(
      `scenario: ${demo.scenario.dir} (${demo.scenario.reused ? 'cached' : 'generated'}; ${DEMO_PARAMS.partners} partners, ${DEMO_PARAMS.users} users, ${DEMO_PARAMS.days} days)`,
    )
    out(`simulated Okta org: ${demo.sim.url} (ingested through the Okta SDK like a real org)`)
    return await runService({
      config: demo.config,
      clock: systemClock,
      signal: io.signal,
      commands,
      logger: { level: io.env.LOG_LEVEL ?? 'warn', stream: io.stdout },
      onListening: async (url, db) => {
        const token = await demoToken(db)
        out(`console: ${url}/   API: ${url}/api/v1   docs: ${url}/docs   (DEMO DATA)`)
        out(`demo admin token (shown once): ${token}`)
        out('try:')
        out(
          `  curl -s -H 'Authorization: Bearer ${token}' '${url}/api/v1/anomalies?severity=high&limit=5'`,
        )
        out(`  curl -s -H 'Authorization: Bearer ${token}' '${url}/api/v1/partners'`)
        out(`  curl -s -H 'Authorization: Bearer ${token}' '${url}/readyz'`)
        out('ingesting the simulated org and running the detectors…')
      },
      onReady: async ({ db }) => {
        const row = await db.one<{ events: bigint; findings: bigint }>(
          'SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM findings) AS findings',
        )
        out(
          `ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${Number(row?.events ?? 0)} events, ${Number(row?.findings ?? 0)} findings (DEMO DATA) — Ctrl-C to stop`,
        )
      },
    })
  } finally {
    await demo.close()
  }
}

/** A fresh admin token for this demo run; earlier demo tokens are revoked. */
async function demoToken(db: Database): Promise<string> {
  for (const t of await listTokens(db)) {
    if (t.name === 'demo-admin' && t.revokedAt === null) {
      await revokeToken(db, t.id, systemClock)
    }
  }
  const created = await createToken(
    db,
    { role: 'admin', name: 'demo-admin' },
    { clock: systemClock, partnerIds: [] },
  )
  return created.token
}
