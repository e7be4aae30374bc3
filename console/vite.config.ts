// Vite build of the console: Preact through Oxc's automatic JSX runtime, output in console/dist,
// served by `partnerwatch serve` at / (api/routes/console.ts).
import { fileURLToPath } from 'node:url'
// vitest/config re-exports vite's defineConfig; eslint's import resolver cannot load 'vite' itself.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1200,
  },
})
