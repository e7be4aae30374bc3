import { createToken, listTokens, revokeToken } from '../../api/auth/tokens.js'
import type { TokenRecord } from '../../api/auth/tokens-queries.js'
import { systemClock } from '../../lib/clock.js'
import { UsageError } from '../../lib/errors.js'
import { parseFlags, writeLine, type Command } from '../command.js'
import { configFor, withDatabase } from '../context.js'

const help = `usage: partnerwatch token create --role ROLE [--partner ID] [--name NAME] [--json] [--config FILE]
       partnerwatch token list [--json] [--config FILE]
       partnerwatch token revoke ID [--config FILE]

Manages API tokens in the database file. 'create' prints the new bearer token once: only its SHA-256
is stored, so it cannot be shown again. Roles: admin (everything), analyst (read all, triage),
auditor (reports and the audit trail), siem (exports), partner-admin (read-only, one partner: --partner).
'list' shows every token without secrets; 'revoke' refuses a token from its next request on.

options:
  --role ROLE     admin, analyst, auditor, siem or partner-admin
  --partner ID    for a partner-admin: the configured partner it may read
  --name NAME     a name for the audit trail (default: role, partner and id)
  --json          print JSON
  --config FILE   configuration file (default: $PARTNERWATCH_CONFIG or ./partnerwatch.config.json)
`

export const tokenCommand: Command = {
  name: 'token',
  summary: 'create, list or revoke API tokens',
  help,
  async run(io) {
    const { values, positionals } = parseFlags(
      io.argv,
      {
        role: { type: 'string' },
        partner: { type: 'string' },
        name: { type: 'string' },
        json: { type: 'boolean' },
        config: { type: 'string' },
      },
      true,
    )
    const [action, ...args] = positionals
    const config = configFor(io, values.config)
    if (action === 'create') {
      if (args.length > 0 || values.role === undefined) {
        throw new UsageError('usage: token create --role ROLE [--partner ID] [--name NAME]')
      }
      const role = values.role
      const created = await withDatabase(config, (db) =>
        createToken(
          db,
          { role, partnerId: values.partner, name: values.name },
          { clock: systemClock, partnerIds: config.partners.map((p) => p.id) },
        ),
      )
      if (values.json) {
        writeLine(io.stdout, JSON.stringify(created))
      } else {
        writeLine(io.stdout, created.token)
        writeLine(
          io.stderr,
          `created token ${created.id} (${created.name}, ${describe(created)}); it is shown this once`,
        )
      }
      return 0
    }
    if (action === 'list') {
      const tokens = await withDatabase(config, (db) => listTokens(db))
      if (values.json) {
        writeLine(io.stdout, JSON.stringify(tokens))
        return 0
      }
      for (const t of tokens) {
        const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'live'
        const used = t.lastUsedAt ? `last used ${t.lastUsedAt.toISOString()}` : 'never used'
        writeLine(io.stdout, `${t.id}  ${t.name}  ${describe(t)}  ${state}  ${used}`)
      }
      if (tokens.length === 0) {
        writeLine(io.stderr, 'no tokens')
      }
      return 0
    }
    if (action === 'revoke') {
      const [id] = args
      if (id === undefined || args.length > 1) {
        throw new UsageError('usage: token revoke ID')
      }
      const record = await withDatabase(config, (db) => revokeToken(db, id, systemClock))
      writeLine(io.stdout, `revoked ${record.id} (${record.name})`)
      return 0
    }
    throw new UsageError(
      `token needs an action: create, list or revoke${action ? `, not ${JSON.stringify(action)}` : ''}`,
    )
  },
}

function describe(t: TokenRecord): string {
  return t.partnerId ? `${t.role} of ${t.partnerId}` : t.role
}
