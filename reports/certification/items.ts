// Reading a campaign's items page by page (cursor: the last seq seen), with each item's decision.
import { getCampaign } from './campaign-queries.js'
import { pageItems, type ReviewItem } from './item-queries.js'
import { ListItemsInput, checkInput } from './schemas.js'
import type { Actor, CertContext } from './types.js'

export type { ReviewItem } from './item-queries.js'

export interface ItemPage {
  items: ReviewItem[]
  /** Pass as afterSeq for the next page; null at the end. */
  nextAfterSeq: number | null
}

export async function listItems(
  ctx: CertContext,
  input: ListItemsInput,
  _actor: Actor,
): Promise<ItemPage> {
  const i = checkInput(ListItemsInput, input, 'query')
  await getCampaign(ctx.db, i.campaignId)
  const limit = i.limit ?? 100
  const items = await pageItems(ctx.db, {
    campaignId: i.campaignId,
    afterSeq: i.afterSeq ?? 0,
    reviewer: i.reviewer ?? null,
    undecidedOnly: i.undecidedOnly ?? false,
    limit: limit + 1,
  })
  const more = items.length > limit
  const page = more ? items.slice(0, limit) : items
  return { items: page, nextAfterSeq: more ? (page.at(-1)?.seq ?? null) : null }
}
