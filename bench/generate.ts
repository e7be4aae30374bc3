// Benchmark: generate a scenario of about a million events into a temporary folder and report
// speed and peak memory as JSON. Run: node bin/run-ts.js bench/generate.ts [--users N] [--days N]
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { generateScenario } from '../data/scenario/generate.js'

// About 6 events per user-day: 2,750 users over 60 days write just over a million events.
const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '2750' },
    days: { type: 'string', default: '60' },
    keep: { type: 'boolean', default: false },
  },
})
const users = Number(values.users)
const days = Number(values.days)
const outDir = mkdtempSync(join(tmpdir(), 'pw-bench-generate-'))

let peakRss = process.memoryUsage.rss()
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss())
}, 50)

const cpuBefore = process.cpuUsage()
const started = performance.now()
try {
  const summary = await generateScenario({
    outDir,
    seed: 1,
    partners: 6,
    users,
    days,
    end: new Date('2026-11-29T00:00:00Z'),
    onProgress: () => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss())
    },
  })
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  clearInterval(sampler)
  peakRss = Math.max(peakRss, process.memoryUsage.rss())
  const result = {
    events: summary.counts.events,
    seconds: Number(seconds.toFixed(2)),
    eventsPerSecond: Math.round(summary.counts.events / seconds),
    peakRssMb: Math.round(peakRss / 1024 / 1024),
    command: `node bin/run-ts.js bench/generate.ts --users ${users} --days ${days}`,
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    eventsFileMb: Math.round(statSync(join(outDir, 'events.ndjson')).size / 1024 / 1024),
    signIns: summary.counts.signIns,
    anomalies: Object.values(summary.counts.anomalies).reduce((a, b) => a + b, 0),
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
} finally {
  clearInterval(sampler)
  if (!values.keep) {
    rmSync(outDir, { recursive: true, force: true })
  }
}
