// `partnerwatch okta-sim`: serves a scenario folder as a simulated Okta org on loopback until
// interrupted, and prints how to point partnerwatch (or curl) at it.
import { join, resolve } from 'node:path'
import { offsetClock, systemClock, type Clock } from '../../lib/clock.js'
import { InputInvalid, UsageError } from '../../lib/errors.js'
import { SCENARIO_FILES } from '../../data/scenario/types.js'
import { scenarioAsOf } from '../../data/okta-sim/directory-state.js'
import { parseFaultSpec } from '../../data/okta-sim/faults.js'
import { startOktaSim, type Family } from '../../data/okta-sim/server.js'
import { FAMILIES } from '../../data/okta-sim/types.js'
import { intFlag, numberFlag, parseFlags, writeLine, type Command } from '../command.js'

const help = `usage: partnerwatch okta-sim --scenario DIR [--port N] [--token T] [--faults SPEC]
                             [--late-fraction F] [--late-delay MIN-MAX] [--rate-limit FAMILY=N,...]
                             [--seed N] [--now ISO|scenario]

Serves a scenario folder (events.ndjson + directory.json, as written by 'partnerwatch simulate')
as a simulated Okta org on 127.0.0.1: SSWS auth, the System Log in polling and bounded modes,
Link paging, rate limits, late-arriving events, scripted faults, directory and lifecycle calls.
Runs until interrupted (Ctrl-C).

options:
  --scenario DIR        the scenario folder (required)
  --port N              port to listen on (default 0: a free port, printed at start)
  --token T             the API token to accept (default sim-token)
  --faults SPEC         faults by request number, e.g. 3:429,5:500,7:503,9:slow=1500,11:drop,13:truncate
  --late-fraction F     fraction 0-1 of past events that arrive a few seconds after start (default 0)
  --late-delay MIN-MAX  seconds after start when late events appear (default 2-10)
  --rate-limit LIST     per-minute budgets, e.g. logs=20,users=100 (families: ${FAMILIES.join(', ')})
  --seed N              seeds which events are late (default 1)
  --now ISO|scenario    start the sim's clock at this instant, running at real speed; 'scenario'
                        uses the scenario's asOf (default: the system clock)
`

export const oktaSimCommand: Command = {
  name: 'okta-sim',
  summary: 'serve a scenario as a simulated Okta org on loopback',
  help,
  async run(io) {
    const { values } = parseFlags(io.argv, {
      scenario: { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      faults: { type: 'string' },
      'late-fraction': { type: 'string' },
      'late-delay': { type: 'string' },
      'rate-limit': { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
    })
    if (!values.scenario) {
      throw new UsageError('--scenario DIR is required')
    }
    const scenarioDir = resolve(io.cwd, values.scenario)
    if (values.faults !== undefined) {
      try {
        parseFaultSpec(values.faults)
      } catch (err) {
        throw new UsageError(`--faults: ${err instanceof InputInvalid ? err.message : String(err)}`)
      }
    }
    const sim = await startOktaSim({
      scenarioDir,
      port: intFlag(values.port, 'port', 0, 0, 65535),
      ...(values.token === undefined ? {} : { token: values.token }),
      ...(values.faults === undefined ? {} : { faults: values.faults }),
      lateFraction: numberFlag(values['late-fraction'], 'late-fraction', 0, 0, 1),
      lateDelaySeconds: lateDelay(values['late-delay']),
      rateLimits: rateLimits(values['rate-limit']),
      seed: intFlag(values.seed, 'seed', 1, 0, 2 ** 31 - 1),
      clock: await clockFor(values.now, scenarioDir),
    })
    writeLine(
      io.stdout,
      `okta-sim: ${sim.url} token ${sim.token} (${sim.stats.events} events, ${sim.stats.lateEvents} late, now ${sim.clock.now().toISOString()})`,
    )
    writeLine(io.stdout, `OKTA_ORG_URL=${sim.url} OKTA_API_TOKEN=${sim.token}`)
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) {
        resolve()
        return
      }
      io.signal.addEventListener('abort', () => resolve(), { once: true })
    })
    await sim.close()
    writeLine(io.stdout, 'okta-sim: stopped')
    return 0
  },
}

function lateDelay(value: string | undefined): [number, number] {
  if (value === undefined) {
    return [2, 10]
  }
  const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(value)
  const min = Number(m?.[1])
  const max = Number(m?.[2])
  if (!m || max < min) {
    throw new UsageError(
      `--late-delay must be MIN-MAX seconds such as 2-10, got ${JSON.stringify(value)}`,
    )
  }
  return [min, max]
}

function rateLimits(value: string | undefined): Partial<Record<Family, number>> {
  const limits: Partial<Record<Family, number>> = {}
  for (const item of (value ?? '').split(',').filter((s) => s.trim() !== '')) {
    const m = /^\s*([a-z]+)=(\d+)\s*$/.exec(item)
    const family = m?.[1] as Family | undefined
    const n = Number(m?.[2])
    if (!family || !FAMILIES.includes(family) || !(n > 0)) {
      throw new UsageError(
        `--rate-limit: bad item ${JSON.stringify(item)} (use FAMILY=N with N > 0; families: ${FAMILIES.join(', ')})`,
      )
    }
    limits[family] = n
  }
  return limits
}

async function clockFor(value: string | undefined, scenarioDir: string): Promise<Clock> {
  if (value === undefined) {
    return systemClock
  }
  if (value === 'scenario') {
    const asOf = await scenarioAsOf(join(scenarioDir, SCENARIO_FILES.directory))
    if (!asOf) {
      throw new UsageError(`--now scenario: ${scenarioDir} has no asOf in its directory`)
    }
    return offsetClock(asOf)
  }
  const ms = Date.parse(value)
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || !Number.isFinite(ms)) {
    throw new UsageError(
      `--now must be an ISO-8601 instant or 'scenario', got ${JSON.stringify(value)}`,
    )
  }
  return offsetClock(new Date(ms))
}
