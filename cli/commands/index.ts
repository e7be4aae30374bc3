// The command table: every `partnerwatch <command>` there is, in the order --help lists them. Each
// command's module (and what it pulls in: the Okta SDK, DuckDB) loads only when that command runs.
import type { CommandEntry } from '../command.js'

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'serve',
    summary: 'run the service (with no Okta org configured: the demo on a simulated org)',
    load: async () => (await import('./serve.js')).serveCommand,
  },
  {
    name: 'ingest',
    summary: 'pull the Okta System Log of the configured org(s)',
    load: async () => (await import('./ingest.js')).ingestCommand,
  },
  {
    name: 'import',
    summary: 'import Okta System Log NDJSON or JSON-array files (gzip too)',
    load: async () => (await import('./import.js')).importCommand,
  },
  {
    name: 'detect',
    summary: 'run the detectors over what is stored',
    load: async () => (await import('./detect.js')).detectCommand,
  },
  {
    name: 'anomalies',
    summary: 'list findings, newest first',
    load: async () => (await import('./anomalies.js')).anomaliesCommand,
  },
  {
    name: 'export',
    summary: 'write a page of events or anomalies in a SIEM format, with the cursor to resume from',
    load: async () => (await import('./export.js')).exportCommand,
  },
  {
    name: 'token',
    summary: 'create, list or revoke API tokens',
    load: async () => (await import('./token.js')).tokenCommand,
  },
  {
    name: 'report',
    summary: 'write a certification evidence bundle or a partner-lifecycle report',
    load: async () => (await import('./report.js')).reportCommand,
  },
  {
    name: 'campaign',
    summary: 'run a certification campaign: create, launch, decide, close, sign off, remediate',
    load: async () => (await import('./campaign.js')).campaignCommand,
  },
  {
    name: 'simulate',
    summary: 'write a synthetic partner scenario (log, directory, config, labels)',
    load: async () => (await import('./simulate.js')).simulateCommand,
  },
  {
    name: 'okta-sim',
    summary: 'serve a scenario as a simulated Okta org on loopback',
    load: async () => (await import('./okta-sim.js')).oktaSimCommand,
  },
]
