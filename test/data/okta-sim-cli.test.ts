// `partnerwatch okta-sim`: starts, prints the URL, token and env lines, serves until the signal
// aborts, and refuses bad flags with a UsageError naming them.
import { PassThrough } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { oktaSimCommand } from '../../cli/commands/okta-sim.js'
import type { CommandIo } from '../../cli/command.js'
import { UsageError } from '../../lib/errors.js'
import { eventSeries, makeDirectory, writeScenario } from './okta-sim-fixtures.js'

function io(argv: string[], cwd: string) {
  const stdout = new PassThrough()
  const controller = new AbortController()
  let text = ''
  stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8')
  })
  const value: CommandIo = {
    argv,
    env: {},
    cwd,
    stdout,
    stderr: new PassThrough(),
    signal: controller.signal,
  }
  return { io: value, abort: () => controller.abort(), output: () => text }
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('okta-sim command', () => {
  test('serves the scenario until aborted and prints how to reach it', async () => {
    const dir = await writeScenario(eventSeries(3), {
      ...makeDirectory(),
      asOf: '2026-03-02T13:00:00Z',
    })
    const run = io(
      ['--scenario', dir, '--token', 'tok', '--now', 'scenario', '--rate-limit', 'logs=5'],
      '/',
    )
    const exit = oktaSimCommand.run(run.io)
    await until(() => run.output().includes('OKTA_API_TOKEN'))
    const url = /OKTA_ORG_URL=(\S+) OKTA_API_TOKEN=tok/.exec(run.output())?.[1] ?? ''
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(run.output()).toMatch(
      /okta-sim: http:\/\/127\.0\.0\.1:\d+ token tok \(3 events, 0 late, now 2026-03-02T13:00/,
    )
    const res = await fetch(`${url}/api/v1/logs?since=2026-03-02T00:00:00Z`, {
      headers: { Authorization: 'SSWS tok' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-rate-limit-limit')).toBe('5')
    expect(await res.json()).toHaveLength(3)
    run.abort()
    expect(await exit).toBe(0)
    expect(run.output()).toContain('okta-sim: stopped')
    await expect(fetch(`${url}/api/v1/users`)).rejects.toThrow()
  })

  test.each([
    [[], /--scenario DIR is required/],
    [['--scenario', '.', '--faults', '3:oops'], /--faults: fault spec: bad item "3:oops"/],
    [['--scenario', '.', '--rate-limit', 'logz=5'], /--rate-limit: bad item "logz=5"/],
    [['--scenario', '.', '--late-fraction', '2'], /--late-fraction must be between 0 and 1/],
    [['--scenario', '.', '--late-delay', '5-2'], /--late-delay must be MIN-MAX/],
    [['--scenario', '.', '--now', 'tomorrow'], /--now must be an ISO-8601 instant/],
    [['--bogus'], /bogus/],
  ])('%j is a usage error', async (argv, message) => {
    const run = io(argv, '/')
    const err = await oktaSimCommand.run(run.io).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UsageError)
    expect((err as Error).message).toMatch(message)
  })
})
