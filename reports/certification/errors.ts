// Refusals of the certification module. They are ERR_INPUT_INVALID (lib/errors.ts has no codes of
// its own for them yet) with a stable `reason` an HTTP layer can map (409 for state, 403 for
// self-review / not-reviewer, 400 otherwise).
import { InputInvalid } from '../../lib/errors.js'

export type CertRefusal =
  | 'campaign-state'
  | 'snapshot-stale'
  | 'self-review'
  | 'not-reviewer'
  | 'justification-required'
  | 'already-decided'
  | 'incomplete'
  | 'undecided-items'

export class CertificationRefused extends InputInvalid {
  readonly reason: CertRefusal

  constructor(reason: CertRefusal, where: string, message: string) {
    super(where, message)
    this.reason = reason
  }
}
