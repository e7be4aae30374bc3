// Quarterly recurrence and evidence retention: the next quarter's campaign copies a campaign's
// scope, owner and description; campaigns signed off more than certification.retentionDays ago
// can be purged with everything recorded under them.
import { deleteCampaign, expiredCampaigns, getCampaign, type Campaign } from './campaign-queries.js'
import { createCampaign } from './campaigns.js'
import { nextPeriod } from './period.js'
import { CampaignRef, checkInput } from './schemas.js'
import type { Actor, CertContext } from './types.js'

/** Creates the campaign for the quarter after `campaignId`'s, with the same scope and owner. */
export async function createNextCampaign(
  ctx: CertContext,
  input: CampaignRef,
  actor: Actor,
): Promise<Campaign> {
  const { campaignId } = checkInput(CampaignRef, input, 'campaign')
  const prev = await getCampaign(ctx.db, campaignId)
  return createCampaign(
    ctx,
    {
      period: nextPeriod(prev.period),
      owner: prev.owner,
      ...(prev.partnerId ? { partnerId: prev.partnerId } : {}),
      ...(prev.description ? { description: prev.description } : {}),
    },
    actor,
  )
}

/** Deletes the campaigns signed off before now − retentionDays; returns their ids. */
export async function purgeCampaigns(ctx: CertContext): Promise<string[]> {
  const before = new Date(ctx.clock.now().getTime() - ctx.settings.retentionDays * 86_400_000)
  return ctx.db.transaction(async () => {
    const ids = await expiredCampaigns(ctx.db, before)
    for (const id of ids) {
      await deleteCampaign(ctx.db, id)
    }
    return ids
  })
}
