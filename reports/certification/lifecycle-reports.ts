// Writes one lifecycle report (contracts ending, expired, dormant, missing data, deactivations) to a
// folder like a campaign bundle: the table in the chosen format, summary.json (report, parameters,
// query, snapshot time, row count) and the SHA-256 manifest. Rows stream from DuckDB chunk by chunk.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Type, type Static } from '@sinclair/typebox'
import type { DuckDBValue } from '@duckdb/node-api'
import { StoreError, errorLine } from '../../lib/errors.js'
import { latestSnapshots } from './campaign-queries.js'
import { openTableWriter } from './formats/table-writer.js'
import { LIFECYCLE_QUERIES, LIFECYCLE_REPORTS } from './lifecycle-queries.js'
import { writeManifest, type ManifestEntry } from './manifest.js'
import { BundleFormat, checkInput } from './schemas.js'
import { GENERATOR, type Actor, type CertContext } from './types.js'

export const LifecycleReportInput = Type.Object(
  {
    report: Type.Union(LIFECYCLE_REPORTS.map((r) => Type.Literal(r))),
    days: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 3650, description: 'contracts-ending: the horizon' }),
    ),
    partnerId: Type.Optional(Type.String({ minLength: 1 })),
    format: BundleFormat,
  },
  { additionalProperties: false },
)
export type LifecycleReportInput = Static<typeof LifecycleReportInput>

export interface LifecycleResult {
  dir: string
  rows: number
  files: ManifestEntry[]
}

export async function writeLifecycleReport(
  ctx: CertContext,
  input: LifecycleReportInput,
  actor: Actor,
  outDir: string,
): Promise<LifecycleResult> {
  const i = checkInput(LifecycleReportInput, input, 'report')
  const q = LIFECYCLE_QUERIES[i.report]
  const now = ctx.clock.now()
  const days = i.days ?? 30
  const all: Record<string, DuckDBValue> = {
    partners: JSON.stringify(
      ctx.partners.map((p) => ({
        id: p.id,
        contractEnd: p.contractEnd ?? null,
        dormantAfterDays: p.dormantAfterDays,
      })),
    ),
    sponsorPath: `$."${ctx.settings.sponsorAttribute.replaceAll('"', '')}"`,
    partner: i.partnerId ?? null,
    now: now.toISOString(),
    days,
  }
  const params = Object.fromEntries(q.params.map((k) => [k, all[k] ?? null]))
  await mkdir(outDir, { recursive: true })
  const name = `${i.report}.${i.format}`
  const writer = await openTableWriter(join(outDir, name), i.format, q.columns, i.report)
  let rows = 0
  try {
    const result = await ctx.db.connection.stream(q.sql, params)
    for await (const chunk of result.yieldRowsJs()) {
      for (const row of chunk) {
        await writer.row(row)
      }
      rows += chunk.length
    }
  } catch (err) {
    throw new StoreError(`report ${i.report} failed: ${errorLine(err)}`, { cause: err })
  } finally {
    await writer.end()
  }
  const snapshots = await latestSnapshots(ctx.db)
  const summary = {
    report: i.report,
    generator: GENERATOR,
    generatedAt: now.toISOString(),
    generatedBy: actor,
    format: i.format,
    parameters: {
      partner: i.partnerId ?? null,
      ...(i.report === 'contracts-ending' ? { days } : {}),
      sponsorAttribute: ctx.settings.sponsorAttribute,
    },
    source: {
      query: q.sql.trim(),
      snapshots: snapshots.map((s) => ({ ...s, syncedAt: s.syncedAt.toISOString() })),
    },
    rows,
  }
  await writeFile(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`)
  const files = await writeManifest(outDir, [name, 'summary.json'], {
    generator: GENERATOR,
    createdAt: now.toISOString(),
  })
  return { dir: outDir, rows, files }
}
