// An SDK request executor that remembers Okta's answer to the last call (HTTP status and
// X-Okta-Request-Id), so an applied remediation can name the request and, through it, the System
// Log event Okta wrote for it. No retries: a remediation call is sent once and its answer recorded.
import { RequestExecutor } from '@okta/okta-sdk-nodejs'

interface ResponseLike {
  status: number
  headers: { get(name: string): string | null }
}

export interface RecordedAnswer {
  status: number
  requestId: string | null
}

export class RecordingExecutor extends RequestExecutor {
  last: RecordedAnswer | undefined

  constructor() {
    super()
    this.on('request', () => {
      this.last = undefined
    })
    this.on('response', (res: ResponseLike) => {
      this.last = { status: res.status, requestId: res.headers.get('x-okta-request-id') }
    })
  }
}
