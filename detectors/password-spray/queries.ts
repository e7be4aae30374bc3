// Password spray, the DuckDB half: the same rows as brute force (password failures, lockouts and
// the successes that explain or escalate them) for the whole tenant, with a longer look back so a
// distributed spray of up to a few hours is read whole.
import type { Database } from '../../lib/db.js'
import type { DetectionWindow, DetectorContext } from '../types.js'
import {
  LOOKBACK_MINUTES,
  SUCCESS_WITHIN_MINUTES,
  readAttempts,
  type Attempt,
} from '../brute-force/queries.js'

export type { Attempt } from '../brute-force/queries.js'
// A success of a targeted user from the spray's network SUCCESS_WITHIN_MINUTES after it escalates
// it; LOOKBACK_MINUTES reads a distributed spray of a few hours whole (the same margins as brute
// force: the two share one read).
export { LOOKBACK_MINUTES, SUCCESS_WITHIN_MINUTES }

export function candidates(
  db: Database,
  window: DetectionWindow,
  ctx: DetectorContext,
): Promise<Attempt[]> {
  return readAttempts(db, window, ctx, {
    lookbackMinutes: LOOKBACK_MINUTES,
    lookaheadMinutes: SUCCESS_WITHIN_MINUTES,
  })
}
