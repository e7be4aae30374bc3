// `npm run bench`: runs every benchmark, one child process each (so peak RSS is each one's own),
// and passes their JSON lines through. Name some to run only those: `npm run bench -- ingest`.
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'

const BENCHMARKS = ['generate', 'ingest', 'detect'] as const

const wanted = process.argv.slice(2)
const chosen = wanted.length > 0 ? BENCHMARKS.filter((b) => wanted.includes(b)) : BENCHMARKS
let failed = 0
for (const name of chosen) {
  const run = spawnSync(process.execPath, [resolve('bin/run-ts.js'), resolve(`bench/${name}.ts`)], {
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  if (run.status !== 0) {
    failed += 1
    process.stderr.write(`bench ${name} failed with exit code ${run.status}\n`)
  }
}
process.exitCode = failed > 0 ? 1 : 0
