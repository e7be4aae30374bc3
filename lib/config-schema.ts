// The one configuration schema: what users write in partnerwatch.config.json (DESIGN.md), with a
// description on every key. The `Config` type is derived from it, never written by hand.
import { Type, type Static } from '@sinclair/typebox'

const Day = Type.Union(
  ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => Type.Literal(d)),
  { description: 'A weekday, three letters' },
)
const HourMinute = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: 'HH:MM, 24 h',
})
const IsoDate = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'A calendar date, YYYY-MM-DD',
})

export const PrivateKeyAuthSchema = Type.Object(
  {
    type: Type.Literal('private-key'),
    clientId: Type.String({ minLength: 1, description: 'OAuth service app client id' }),
    privateKeyEnv: Type.String({
      minLength: 1,
      description: 'Environment variable holding the PEM or JWK private key',
    }),
    keyId: Type.Optional(
      Type.String({ description: 'Key id (kid) registered with the service app' }),
    ),
    scopes: Type.Array(Type.String(), {
      minItems: 1,
      default: [
        'okta.logs.read',
        'okta.users.read',
        'okta.groups.read',
        'okta.apps.read',
        'okta.idps.read',
      ],
      description:
        'OAuth scopes to request; add okta.users.manage to let remediation deactivate users',
    }),
  },
  { additionalProperties: false },
)

export const OrgSchema = Type.Object(
  {
    name: Type.String({
      pattern: '^[a-z0-9][a-z0-9_-]{0,62}$',
      description: 'Short org name; tags every row',
    }),
    url: Type.String({
      minLength: 1,
      description: 'Full Okta base URL, e.g. https://acme.okta.com',
    }),
    tokenEnv: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Environment variable holding this org’s SSWS API token',
      }),
    ),
    auth: Type.Optional(PrivateKeyAuthSchema),
    role: Type.Union([Type.Literal('hub'), Type.Literal('spoke')], {
      default: 'hub',
      description: 'Hub (where partners sign in) or spoke org',
    }),
  },
  { additionalProperties: false },
)

export const PartnerMatchSchema = Type.Object(
  {
    profileAttribute: Type.Optional(
      Type.Object(
        { name: Type.String({ minLength: 1 }), value: Type.String({ minLength: 1 }) },
        {
          additionalProperties: false,
          description: 'A user profile attribute and the value that means this partner',
        },
      ),
    ),
    idpIds: Type.Array(Type.String(), {
      default: [],
      description: 'Okta IdP ids that federate this partner',
    }),
    groupIds: Type.Array(Type.String(), {
      default: [],
      description: 'Okta group ids that hold this partner’s users',
    }),
    emailDomains: Type.Array(Type.String({ pattern: '^[A-Za-z0-9.-]+$' }), {
      default: [],
      description: 'Login/email domains of this partner',
    }),
  },
  { additionalProperties: false },
)

export const PartnerSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$', description: 'Stable partner id' }),
    name: Type.String({ minLength: 1, description: 'Display name' }),
    match: PartnerMatchSchema,
    timeZone: Type.String({
      minLength: 1,
      description: 'IANA time zone of the partner (off-hours is judged in it)',
    }),
    businessHours: Type.Object(
      {
        days: Type.Array(Day, { minItems: 1, description: 'Working days' }),
        start: HourMinute,
        end: HourMinute,
      },
      {
        additionalProperties: false,
        default: { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], start: '07:00', end: '19:00' },
        description:
          'Business hours in the partner’s time zone, used until a user’s own model is learned',
      },
    ),
    allowedCountries: Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), {
      default: [],
      description: 'ISO 3166-1 alpha-2 countries partner users are expected in (empty: any)',
    }),
    knownEgress: Type.Object(
      {
        asns: Type.Array(Type.Integer({ minimum: 0 }), { default: [] }),
        cidrs: Type.Array(Type.String(), { default: [] }),
      },
      {
        additionalProperties: false,
        default: { asns: [], cidrs: [] },
        description:
          'The partner’s corporate VPN / proxy egress; sign-ins through it are not located',
      },
    ),
    contractEnd: Type.Optional(IsoDate),
    requireMfa: Type.Boolean({
      default: true,
      description: 'Sessions must complete with a strong factor',
    }),
    dormantAfterDays: Type.Integer({
      minimum: 1,
      default: 90,
      description: 'Days without activity that make an account dormant',
    }),
    color: Type.Optional(
      Type.String({
        pattern: '^#[0-9a-fA-F]{6}$',
        description: 'Brand colour for the partner portal',
      }),
    ),
  },
  { additionalProperties: false },
)

export const IngestSchema = Type.Object(
  {
    pollIntervalSeconds: Type.Number({
      minimum: 1,
      default: 30,
      description: 'Wait after a caught-up polling cycle',
    }),
    rateLimitShare: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      default: 0.5,
      description: 'Largest share of each Okta rate-limit budget partnerwatch may use',
    }),
    sinceDays: Type.Integer({
      minimum: 1,
      maximum: 90,
      default: 7,
      description: 'First-run bootstrap window',
    }),
    directorySyncMinutes: Type.Number({
      minimum: 1,
      default: 60,
      description: 'Directory refresh interval',
    }),
    requestTimeoutMs: Type.Integer({
      minimum: 1000,
      default: 30_000,
      description: 'Per-request timeout',
    }),
    maxRetries: Type.Integer({
      minimum: 0,
      default: 8,
      description: 'Retries per request (5xx, network, 429)',
    }),
  },
  { additionalProperties: false, default: {} },
)

export const CertificationSchema = Type.Object(
  {
    maxSnapshotAgeHours: Type.Number({
      exclusiveMinimum: 0,
      default: 24,
      description:
        'A campaign refuses to launch when the newest successful directory sync of an org is older than this',
    }),
    noResponse: Type.Union([Type.Literal('revoke'), Type.Literal('keep')], {
      default: 'revoke',
      description:
        'What closing a campaign does to items no reviewer answered: revoke (the access goes into the remediation plan) or keep',
    }),
    sponsorAttribute: Type.String({
      minLength: 1,
      default: 'sponsor',
      description:
        'User profile attribute naming a partner user’s internal sponsor (a login); the sponsor reviews that user’s items',
    }),
    excludeGroupTypes: Type.Array(Type.String({ minLength: 1 }), {
      default: ['BUILT_IN'],
      description:
        'Group types whose memberships are listed as exclusions, not reviewed (BUILT_IN: Everyone, which no one can leave)',
    }),
    reviewDays: Type.Integer({
      minimum: 1,
      maximum: 365,
      default: 14,
      description: 'Days reviewers have after launch; the due date is recorded with the campaign',
    }),
    retentionDays: Type.Integer({
      minimum: 365,
      default: 1095,
      description:
        'Days a signed-off campaign and its evidence are kept after sign-off before purgeCampaigns may delete them (default 3 years)',
    }),
  },
  { additionalProperties: false, default: {} },
)

export const ConfigFileSchema = Type.Object(
  {
    orgs: Type.Array(OrgSchema, {
      default: [],
      description: 'Okta orgs to read: a hub and any spokes',
    }),
    partners: Type.Array(PartnerSchema, {
      default: [],
      description: 'Partner organisations and how to recognise their users',
    }),
    internalDomains: Type.Array(Type.String({ pattern: '^[A-Za-z0-9.-]+$' }), {
      default: [],
      description:
        'Login domains of the org’s own staff; users outside them look external. Empty: inferred at each directory sync as the commonest login domain of Okta-mastered users matching no partner',
    }),
    detectors: Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()), {
      default: {},
      description: 'Per-detector settings, keyed by detector id',
    }),
    ingest: IngestSchema,
    certification: CertificationSchema,
    database: Type.Optional(Type.String({ minLength: 1, description: 'DuckDB file path' })),
    databaseMemoryLimit: Type.String({
      pattern: '^\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$',
      default: '512MB',
      description:
        'Largest buffer pool DuckDB may keep (its own default is 80 % of RAM; at least 256MB, which the service needs to ingest beside the detectors); queries spill to disk beyond it',
    }),
    server: Type.Object(
      {
        host: Type.String({ default: '127.0.0.1', description: 'Listen address' }),
        port: Type.Integer({
          minimum: 0,
          maximum: 65535,
          default: 8080,
          description: 'Listen port',
        }),
        rateLimitPerMinute: Type.Integer({
          minimum: 1,
          default: 600,
          description: 'API requests each token may make per minute (per address without a token)',
        }),
        bodyLimitBytes: Type.Integer({
          minimum: 1024,
          maximum: 10 * 1024 * 1024,
          default: 65_536,
          description: 'Largest API request body, in bytes',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false },
)

export type ConfigFile = Static<typeof ConfigFileSchema>
export type OrgConfig = Static<typeof OrgSchema>
export type PartnerConfig = Static<typeof PartnerSchema>
export type CertificationConfig = Static<typeof CertificationSchema>
