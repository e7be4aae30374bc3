// Reviewing: decide (approve / revoke, a justification required on revoke, never on one's own
// access), reassign (recorded), close (the no-response rule decides what nobody answered), and the
// owner's sign-off, refused unless the population reconciles and every item is decided.
import { getCampaign, storedCounts, setState, type Campaign } from './campaign-queries.js'
import {
  campaignStats,
  decideUnanswered,
  insertDecision,
  insertSignOff,
  itemHead,
  reassign,
  type CampaignStats,
  type ItemHead,
} from './decision-queries.js'
import { CertificationRefused } from './errors.js'
import { CampaignRef, DecideInput, ReassignInput, SignOffInput, checkInput } from './schemas.js'
import type { Actor, CertContext } from './types.js'

const same = (a: string | null, b: string) => a !== null && a.toLowerCase() === b.toLowerCase()

/** Whether `who` is the user the item is about (login, email or Okta id). */
export function isSelf(item: Pick<ItemHead, 'userId' | 'login' | 'email'>, who: string): boolean {
  return same(item.login, who) || same(item.email, who) || same(item.userId, who)
}

async function activeCampaign(ctx: CertContext, id: string): Promise<Campaign> {
  const c = await getCampaign(ctx.db, id)
  if (c.state !== 'active') {
    throw new CertificationRefused(
      'campaign-state',
      `campaign ${c.id}`,
      `is ${c.state}; reviews happen while it is active`,
    )
  }
  return c
}

function mayAct(c: Campaign, item: ItemHead, actor: Actor, where: string): void {
  if (isSelf(item, actor)) {
    throw new CertificationRefused('self-review', where, `${actor} cannot review their own access`)
  }
  if (!same(item.reviewer, actor) && !same(c.owner, actor)) {
    throw new CertificationRefused(
      'not-reviewer',
      where,
      `${actor} is neither the item's reviewer (${item.reviewer}) nor the campaign owner`,
    )
  }
}

export async function decideItem(
  ctx: CertContext,
  input: DecideInput,
  actor: Actor,
): Promise<{ itemSeq: number; decision: string; decidedAt: Date }> {
  const i = checkInput(DecideInput, input, 'decision')
  const where = `campaign ${i.campaignId} item ${i.itemSeq}`
  return ctx.db.transaction(async () => {
    const c = await activeCampaign(ctx, i.campaignId)
    const item = await itemHead(ctx.db, c.id, i.itemSeq)
    mayAct(c, item, actor, where)
    if (item.decision !== null) {
      throw new CertificationRefused('already-decided', where, `already decided: ${item.decision}`)
    }
    const justification = i.justification?.trim() ?? ''
    if (i.decision === 'revoke' && justification === '') {
      throw new CertificationRefused(
        'justification-required',
        `${where} justification`,
        'a revoke needs a justification',
      )
    }
    const decidedAt = ctx.clock.now()
    await insertDecision(ctx.db, {
      campaignId: c.id,
      itemSeq: item.seq,
      decision: i.decision,
      effect: i.decision === 'revoke' ? 'revoke' : 'keep',
      justification: justification === '' ? null : justification,
      decidedBy: actor,
      decidedAt,
    })
    return { itemSeq: item.seq, decision: i.decision, decidedAt }
  })
}

export async function reassignItem(
  ctx: CertContext,
  input: ReassignInput,
  actor: Actor,
): Promise<{ itemSeq: number; reviewer: string }> {
  const i = checkInput(ReassignInput, input, 'reassignment')
  const where = `campaign ${i.campaignId} item ${i.itemSeq}`
  return ctx.db.transaction(async () => {
    const c = await activeCampaign(ctx, i.campaignId)
    const item = await itemHead(ctx.db, c.id, i.itemSeq)
    mayAct(c, item, actor, where)
    if (item.decision !== null) {
      throw new CertificationRefused('already-decided', where, `already decided: ${item.decision}`)
    }
    if (isSelf(item, i.toReviewer)) {
      throw new CertificationRefused(
        'self-review',
        `${where} toReviewer`,
        `${i.toReviewer} cannot review their own access`,
      )
    }
    await reassign(
      ctx.db,
      {
        campaignId: c.id,
        seq: item.seq,
        from: item.reviewer,
        to: i.toReviewer,
        reason: i.reason ?? null,
      },
      actor,
      ctx.clock.now(),
    )
    return { itemSeq: item.seq, reviewer: i.toReviewer }
  })
}

/** Ends the review: every unanswered item gets `no_response` with the configured effect. */
export async function closeCampaign(
  ctx: CertContext,
  input: CampaignRef,
  actor: Actor,
): Promise<{ unanswered: number; rule: string }> {
  const { campaignId } = checkInput(CampaignRef, input, 'campaign')
  return ctx.db.transaction(async () => {
    const c = await activeCampaign(ctx, campaignId)
    if (!same(c.owner, actor)) {
      throw new CertificationRefused(
        'not-reviewer',
        `campaign ${c.id}`,
        `only the owner ${c.owner} closes it`,
      )
    }
    const rule = c.noResponseRule === 'keep' ? 'keep' : 'revoke'
    const now = ctx.clock.now()
    const unanswered = await decideUnanswered(ctx.db, c.id, rule, now)
    await setState(ctx.db, c.id, 'closed', { closedAt: now, closedBy: actor })
    return { unanswered, rule }
  })
}

export interface SignOff {
  campaignId: string
  signedBy: string
  signedAt: Date
  completeness: { sourceCount: number; items: number; exclusions: number; reconciled: boolean }
  stats: CampaignStats
}

/** The owner signs a closed campaign off; a population that no longer reconciles blocks it. */
export async function signOffCampaign(
  ctx: CertContext,
  input: SignOffInput,
  actor: Actor,
): Promise<SignOff> {
  const i = checkInput(SignOffInput, input, 'signOff')
  return ctx.db.transaction(async () => {
    const c = await getCampaign(ctx.db, i.campaignId)
    const where = `campaign ${c.id}`
    if (c.state !== 'closed') {
      throw new CertificationRefused(
        'campaign-state',
        where,
        `is ${c.state}; close it before sign-off`,
      )
    }
    if (!same(c.owner, actor)) {
      throw new CertificationRefused('not-reviewer', where, `only the owner ${c.owner} signs off`)
    }
    const stored = await storedCounts(ctx.db, c.id)
    const sourceCount = c.sourceCount ?? -1
    const reconciled = stored.items + stored.exclusions === sourceCount
    if (!reconciled) {
      throw new CertificationRefused(
        'incomplete',
        where,
        `source count ${sourceCount} ≠ ${stored.items} items + ${stored.exclusions} exclusions; sign-off blocked`,
      )
    }
    const stats = await campaignStats(ctx.db, c.id)
    if (stats.undecided > 0) {
      throw new CertificationRefused('undecided-items', where, `${stats.undecided} items undecided`)
    }
    const signedAt = ctx.clock.now()
    const completeness = { sourceCount, ...stored, reconciled }
    await insertSignOff(ctx.db, {
      campaignId: c.id,
      by: actor,
      at: signedAt,
      statement: i.statement ?? null,
      stats: { completeness, ...stats },
    })
    await setState(ctx.db, c.id, 'signed_off')
    return { campaignId: c.id, signedBy: actor, signedAt, completeness, stats }
  })
}
