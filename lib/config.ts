// Loads the configuration once: the JSON file plus the environment, validated against one schema.
// Every violation is reported at once, each naming its key. The result is frozen and passed down;
// nothing else in partnerwatch reads process.env.
import { readFileSync, existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { Value } from '@sinclair/typebox/value'
import { ConfigInvalid, type ConfigIssue } from './errors.js'
import {
  checkPartners,
  checkUnique,
  dedupe,
  deepFreeze,
  describe,
  keyOf,
  normaliseUrl,
} from './config-checks.js'
import { ConfigFileSchema, type ConfigFile, type OrgConfig } from './config-schema.js'
import { MIN_SERVICE_MEMORY_LIMIT, memoryBytes } from './memory-limit.js'

export type { OrgConfig, PartnerConfig } from './config-schema.js'
export { isCidr, isTimeZone, keyOf } from './config-checks.js'

/** An org ready to connect to: its credentials resolved from the environment. */
export interface ResolvedOrg extends OrgConfig {
  credentials:
    | { kind: 'ssws'; token: string }
    | {
        kind: 'private-key'
        clientId: string
        privateKey: string
        keyId?: string
        scopes: string[]
      }
}

export interface Config extends Omit<ConfigFile, 'orgs' | 'database'> {
  orgs: ResolvedOrg[]
  databasePath: string
  configPath: string | undefined
}

export const DEFAULT_CONFIG_FILE = 'partnerwatch.config.json'
export const DEFAULT_DATABASE = 'partnerwatch.duckdb'

export interface LoadConfigOptions {
  env: Readonly<Record<string, string | undefined>>
  cwd: string
  /** Explicit config path (a --config flag); otherwise PARTNERWATCH_CONFIG, then ./partnerwatch.config.json if present. */
  path?: string
}

export function loadConfig(options: LoadConfigOptions): Readonly<Config> {
  const { env, cwd } = options
  const explicit = options.path ?? env.PARTNERWATCH_CONFIG
  const path = explicit ? resolve(cwd, explicit) : resolve(cwd, DEFAULT_CONFIG_FILE)
  let raw: unknown = {}
  let source = 'environment'
  if (explicit || existsSync(path)) {
    source = path
    raw = readJson(path)
  }
  return parseConfig(raw, {
    env,
    cwd,
    source,
    configPath: source === 'environment' ? undefined : path,
  })
}

function readJson(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new ConfigInvalid(path, [
      {
        key: '(file)',
        message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      },
    ])
  }
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw new ConfigInvalid(path, [
      { key: '(file)', message: `not valid JSON: ${(err as Error).message}` },
    ])
  }
}

export interface ParseConfigContext {
  env: Readonly<Record<string, string | undefined>>
  cwd: string
  source: string
  configPath?: string | undefined
}

/** Validates a parsed config document plus the environment; throws ConfigInvalid listing every issue. */
export function parseConfig(raw: unknown, ctx: ParseConfigContext): Readonly<Config> {
  const issues: ConfigIssue[] = []
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigInvalid(ctx.source, [{ key: '(root)', message: 'must be a JSON object' }])
  }
  const doc = Value.Default(ConfigFileSchema, structuredClone(raw)) as unknown
  for (const e of Value.Errors(ConfigFileSchema, doc)) {
    issues.push({ key: keyOf(e.path), message: describe(e.schema, e.message) })
  }
  const envOrgs = orgFromEnv(ctx.env, issues)
  if (issues.length > 0) {
    throw new ConfigInvalid(ctx.source, dedupe(issues))
  }

  const file = doc as ConfigFile
  const orgs: ResolvedOrg[] = []
  file.orgs.forEach((org, i) => {
    const resolved = resolveOrg(org, `orgs[${i}]`, ctx.env, issues)
    if (resolved) {
      orgs.push(resolved)
    }
  })
  if (envOrgs && file.orgs.length === 0) {
    orgs.push(envOrgs)
  }
  checkUnique(
    file.orgs.map((o) => o.name),
    'orgs',
    'name',
    issues,
  )
  checkPartners(file.partners, issues)
  if (memoryBytes(file.databaseMemoryLimit) < memoryBytes(MIN_SERVICE_MEMORY_LIMIT)) {
    issues.push({
      key: 'databaseMemoryLimit',
      message: `must be at least ${MIN_SERVICE_MEMORY_LIMIT}: the service ingests and runs the detectors in this pool`,
    })
  }
  const port = ctx.env.PORT
  if (port !== undefined && !/^\d{1,5}$/.test(port)) {
    issues.push({ key: 'env.PORT', message: 'must be a port number' })
  }
  if (issues.length > 0) {
    throw new ConfigInvalid(ctx.source, dedupe(issues))
  }

  const config: Config = {
    orgs,
    partners: file.partners,
    internalDomains: file.internalDomains,
    detectors: file.detectors,
    ingest: file.ingest,
    certification: file.certification,
    server: { ...file.server, port: port !== undefined ? Number(port) : file.server.port },
    databasePath: resolve(ctx.cwd, ctx.env.PARTNERWATCH_DB ?? file.database ?? DEFAULT_DATABASE),
    databaseMemoryLimit: file.databaseMemoryLimit,
    configPath: ctx.configPath,
  }
  return deepFreeze(config)
}

function orgFromEnv(
  env: ParseConfigContext['env'],
  issues: ConfigIssue[],
): ResolvedOrg | undefined {
  const url = env.OKTA_ORG_URL
  if (!url) {
    return undefined
  }
  const base = normaliseUrl(url, 'env.OKTA_ORG_URL', issues)
  const clientId = env.OKTA_CLIENT_ID
  if (env.OKTA_API_TOKEN) {
    return {
      name: 'default',
      url: base,
      role: 'hub',
      credentials: { kind: 'ssws', token: env.OKTA_API_TOKEN },
    }
  }
  if (clientId && env.OKTA_PRIVATE_KEY) {
    const scopes = (
      env.OKTA_SCOPES ??
      'okta.logs.read okta.users.read okta.groups.read okta.apps.read okta.idps.read'
    )
      .split(/[\s,]+/)
      .filter(Boolean)
    return {
      name: 'default',
      url: base,
      role: 'hub',
      credentials: {
        kind: 'private-key',
        clientId,
        privateKey: env.OKTA_PRIVATE_KEY,
        scopes,
        ...(env.OKTA_KEY_ID ? { keyId: env.OKTA_KEY_ID } : {}),
      },
    }
  }
  issues.push({
    key: 'env.OKTA_API_TOKEN',
    message:
      'OKTA_ORG_URL is set but neither OKTA_API_TOKEN nor OKTA_CLIENT_ID + OKTA_PRIVATE_KEY is',
  })
  return undefined
}

function resolveOrg(
  org: OrgConfig,
  key: string,
  env: ParseConfigContext['env'],
  issues: ConfigIssue[],
): ResolvedOrg | undefined {
  const url = normaliseUrl(org.url, `${key}.url`, issues)
  if (org.auth) {
    const privateKey = env[org.auth.privateKeyEnv]
    if (!privateKey) {
      issues.push({
        key: `${key}.auth.privateKeyEnv`,
        message: `environment variable ${org.auth.privateKeyEnv} is not set`,
      })
      return undefined
    }
    const { clientId, keyId, scopes } = org.auth
    return {
      ...org,
      url,
      credentials: {
        kind: 'private-key',
        clientId,
        privateKey,
        scopes,
        ...(keyId ? { keyId } : {}),
      },
    }
  }
  const tokenEnv = org.tokenEnv ?? 'OKTA_API_TOKEN'
  const token = env[tokenEnv]
  if (!token) {
    issues.push({ key: `${key}.tokenEnv`, message: `environment variable ${tokenEnv} is not set` })
    return undefined
  }
  return { ...org, url, credentials: { kind: 'ssws', token } }
}
