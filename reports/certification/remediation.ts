// Remediation: a campaign's revokes (or the users of partners whose contract ended) become a plan of
// actions; applying it calls Okta through the SDK, one action at a time, and records Okta's answer.
// Dry run by default: without `apply` nothing is sent and nothing changes.
import { OktaApiError, type Client } from '@okta/okta-sdk-nodejs'
import { errorLine } from '../../lib/errors.js'
import { getCampaign } from './campaign-queries.js'
import { CertificationRefused } from './errors.js'
import type { RecordingExecutor } from './okta-recorder.js'
import {
  linkEvidence,
  pendingActions,
  planFromCampaign,
  planOffboarding,
  recordAnswer,
  type OktaAnswer,
  type PlannedAction,
} from './remediation-queries.js'
import { ApplyRemediationInput, CampaignRef, OffboardInput, checkInput } from './schemas.js'
import type { Actor, CertContext } from './types.js'
import { inSpan } from '../../lib/telemetry.js'

export { linkEvidence } from './remediation-queries.js'
export type { PlannedAction } from './remediation-queries.js'

/** Plans one action per revoked item of a closed or signed-off campaign; returns how many were added. */
export async function planCampaignRemediation(
  ctx: CertContext,
  input: CampaignRef,
  actor: Actor,
): Promise<number> {
  const { campaignId } = checkInput(CampaignRef, input, 'campaign')
  const c = await getCampaign(ctx.db, campaignId)
  if (c.state !== 'closed' && c.state !== 'signed_off') {
    throw new CertificationRefused(
      'campaign-state',
      `campaign ${c.id}`,
      `is ${c.state}; remediation follows the close`,
    )
  }
  return ctx.db.transaction(() => planFromCampaign(ctx.db, c.id, actor, ctx.clock.now()))
}

/** Plans the deactivation of every partner user whose contract has ended (today, UTC). */
export async function planOffboardingRemediation(
  ctx: CertContext,
  input: OffboardInput,
  actor: Actor,
): Promise<number> {
  const i = checkInput(OffboardInput, input, 'offboarding')
  const now = ctx.clock.now()
  return ctx.db.transaction(() =>
    planOffboarding(ctx.db, {
      partner: i.partnerId ?? null,
      today: now.toISOString().slice(0, 10),
      partners: ctx.partners.map((p) => ({ id: p.id, contractEnd: p.contractEnd ?? null })),
      by: actor,
      at: now,
    }),
  )
}

/** An SDK client per org, with the executor that records its answers. */
export type OktaFor = (org: string) => { client: Client; recorder: RecordingExecutor }

export interface ApplyResult {
  dryRun: boolean
  actions: (PlannedAction & { answer?: OktaAnswer })[]
  applied: number
  failed: number
}

/**
 * Carries out the planned actions (all, one campaign's, or one trigger's). With `apply: false`
 * (the default) it returns the plan and calls nothing.
 */
export async function applyRemediation(
  ctx: CertContext,
  input: ApplyRemediationInput,
  actor: Actor,
  oktaFor: OktaFor,
): Promise<ApplyResult> {
  const i = checkInput(ApplyRemediationInput, input, 'remediation')
  const plan = await pendingActions(ctx.db, {
    campaignId: i.campaignId ?? null,
    trigger: i.trigger ?? null,
  })
  if (!i.apply) {
    return { dryRun: true, actions: plan, applied: 0, failed: 0 }
  }
  return inSpan('certification.remediation.apply', { actions: plan.length }, () =>
    carryOut(ctx, plan, actor, oktaFor),
  )
}

async function carryOut(
  ctx: CertContext,
  plan: PlannedAction[],
  actor: Actor,
  oktaFor: OktaFor,
): Promise<ApplyResult> {
  const actions: ApplyResult['actions'] = []
  for (const a of plan) {
    const answer = await callOkta(oktaFor(a.org), a)
    await recordAnswer(ctx.db, a.id, answer, actor, ctx.clock.now())
    actions.push({
      ...a,
      status: answer.status,
      oktaStatus: answer.oktaStatus,
      oktaRequestId: answer.requestId,
      oktaErrorCode: answer.errorCode,
      oktaError: answer.error,
      answer,
    })
  }
  await linkEvidence(ctx.db)
  return {
    dryRun: false,
    actions,
    applied: actions.filter((a) => a.answer?.status === 'applied').length,
    failed: actions.filter((a) => a.answer?.status === 'failed').length,
  }
}

async function callOkta(
  okta: { client: Client; recorder: RecordingExecutor },
  a: PlannedAction,
): Promise<OktaAnswer> {
  const { client, recorder } = okta
  try {
    if (a.action === 'deactivate_user') {
      await client.userApi.deactivateUser({ userId: a.userId })
    } else if (a.action === 'remove_app_assignment') {
      await client.applicationApi.unassignUserFromApplication({
        appId: a.targetId ?? '',
        userId: a.userId,
      })
    } else if (a.action === 'remove_group_membership') {
      await client.groupApi.unassignUserFromGroup({ groupId: a.targetId ?? '', userId: a.userId })
    }
    return {
      status: 'applied',
      oktaStatus: recorder.last?.status ?? null,
      requestId: recorder.last?.requestId ?? null,
      errorCode: null,
      error: null,
    }
  } catch (err) {
    const api = err instanceof OktaApiError ? err : undefined
    return {
      status: 'failed',
      oktaStatus: api?.status ?? recorder.last?.status ?? null,
      requestId: recorder.last?.requestId ?? null,
      errorCode: api ? String(api.errorCode) : null,
      error: api?.errorSummary ?? errorLine(err),
    }
  }
}
