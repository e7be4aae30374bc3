// SQL for review items and their decisions, reassignments and the sign-off.
import type { Database } from '../../lib/db.js'
import { NotFound } from '../../lib/errors.js'

export interface ItemHead {
  seq: number
  userId: string
  login: string | null
  email: string | null
  reviewer: string
  decision: string | null
}

export async function itemHead(db: Database, campaignId: string, seq: number): Promise<ItemHead> {
  const row = await db.one<ItemHead>(
    `SELECT i.seq, i.user_id AS "userId", i.login, i.email, i.reviewer, d.decision
     FROM cert_items i
     LEFT JOIN cert_decisions d ON d.campaign_id = i.campaign_id AND d.item_seq = i.seq
     WHERE i.campaign_id = $c AND i.seq = $seq`,
    { c: campaignId, seq },
  )
  if (!row) {
    throw new NotFound(`item ${seq} of campaign ${campaignId}`)
  }
  return row
}

export interface DecisionRow {
  campaignId: string
  itemSeq: number
  decision: 'approve' | 'revoke' | 'no_response'
  effect: 'keep' | 'revoke'
  justification: string | null
  decidedBy: string
  decidedAt: Date
}

export async function insertDecision(db: Database, d: DecisionRow): Promise<void> {
  await db.run(
    `INSERT INTO cert_decisions VALUES ($c, $seq, $decision, $effect, $justification, $by, $at::TIMESTAMPTZ)`,
    {
      c: d.campaignId,
      seq: d.itemSeq,
      decision: d.decision,
      effect: d.effect,
      justification: d.justification,
      by: d.decidedBy,
      at: d.decidedAt.toISOString(),
    },
  )
}

export async function reassign(
  db: Database,
  r: { campaignId: string; seq: number; from: string; to: string; reason: string | null },
  by: string,
  at: Date,
): Promise<void> {
  await db.run(
    `INSERT INTO cert_reassignments VALUES ($c, $seq, $from, $to, $reason, $by, $at::TIMESTAMPTZ)`,
    {
      c: r.campaignId,
      seq: r.seq,
      from: r.from,
      to: r.to,
      reason: r.reason,
      by,
      at: at.toISOString(),
    },
  )
  await db.run('UPDATE cert_items SET reviewer = $to WHERE campaign_id = $c AND seq = $seq', {
    c: r.campaignId,
    seq: r.seq,
    to: r.to,
  })
}

/** Records `no_response` with the rule's effect for every item nobody decided; returns how many. */
export async function decideUnanswered(
  db: Database,
  campaignId: string,
  effect: 'keep' | 'revoke',
  at: Date,
): Promise<number> {
  return db.changes(
    `INSERT INTO cert_decisions
     SELECT i.campaign_id, i.seq, 'no_response', $effect,
       'no reviewer answered before the campaign closed; rule: ' || $effect, 'rule:no-response', $at::TIMESTAMPTZ
     FROM cert_items i ANTI JOIN cert_decisions d ON d.campaign_id = i.campaign_id AND d.item_seq = i.seq
     WHERE i.campaign_id = $c`,
    { c: campaignId, effect, at: at.toISOString() },
  )
}

export interface CampaignStats {
  items: number
  exclusions: number
  decided: number
  undecided: number
  approved: number
  revoked: number
  noResponse: number
  effectRevoke: number
  reassigned: number
  reviewers: { reviewer: string; items: number; decided: number }[]
}

export async function campaignStats(db: Database, campaignId: string): Promise<CampaignStats> {
  const p = { c: campaignId }
  const head = await db.one<Omit<CampaignStats, 'reviewers'>>(
    `SELECT count(*)::INTEGER AS items,
       (SELECT count(*) FROM cert_exclusions WHERE campaign_id = $c)::INTEGER AS exclusions,
       count(d.decision)::INTEGER AS decided,
       count(*) FILTER (WHERE d.decision IS NULL)::INTEGER AS undecided,
       count(*) FILTER (WHERE d.decision = 'approve')::INTEGER AS approved,
       count(*) FILTER (WHERE d.decision = 'revoke')::INTEGER AS revoked,
       count(*) FILTER (WHERE d.decision = 'no_response')::INTEGER AS "noResponse",
       count(*) FILTER (WHERE d.effect = 'revoke')::INTEGER AS "effectRevoke",
       (SELECT count(DISTINCT item_seq) FROM cert_reassignments WHERE campaign_id = $c)::INTEGER AS reassigned
     FROM cert_items i LEFT JOIN cert_decisions d ON d.campaign_id = i.campaign_id AND d.item_seq = i.seq
     WHERE i.campaign_id = $c`,
    p,
  )
  const reviewers = await db.all<CampaignStats['reviewers'][number]>(
    `SELECT i.reviewer, count(*)::INTEGER AS items,
       count(d.decision) FILTER (WHERE d.decision <> 'no_response')::INTEGER AS decided
     FROM cert_items i LEFT JOIN cert_decisions d ON d.campaign_id = i.campaign_id AND d.item_seq = i.seq
     WHERE i.campaign_id = $c GROUP BY 1 ORDER BY 1`,
    p,
  )
  if (!head) {
    throw new NotFound(`campaign ${campaignId}`)
  }
  return { ...head, reviewers }
}

export async function insertSignOff(
  db: Database,
  s: { campaignId: string; by: string; at: Date; statement: string | null; stats: unknown },
): Promise<void> {
  await db.run(
    `INSERT INTO cert_signoffs VALUES ($c, $by, $at::TIMESTAMPTZ, $statement, $stats::JSON)`,
    {
      c: s.campaignId,
      by: s.by,
      at: s.at.toISOString(),
      statement: s.statement,
      stats: JSON.stringify(s.stats),
    },
  )
}
