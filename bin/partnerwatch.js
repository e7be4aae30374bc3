#!/usr/bin/env node
// The package's bin: registers the TypeScript loader, then hands over to the one CLI entry.
import { register } from 'tsx/esm/api'

register()
await import('../cli/main.ts')
