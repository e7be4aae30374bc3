#!/usr/bin/env node
// Runs a TypeScript file (benchmarks, scripts) with the same loader as the CLI.
import { register } from 'tsx/esm/api'
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'

const file = process.argv[2]
if (!file) {
  process.stderr.write('usage: run-ts FILE.ts [ARGS...]\n')
  process.exit(2)
}
process.argv.splice(1, 1)
register()
await import(pathToFileURL(resolve(file)).href)
