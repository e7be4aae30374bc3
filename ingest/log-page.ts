// One System Log page, read raw through the SDK's HTTP layer (auth, our executor) rather than its
// typed LogEvent model, which drops and renames fields: the element texts are stored as Okta sent them.
import type { Client } from '@okta/okta-sdk-nodejs'
import { OktaAuthFailed, OktaBadResponse } from '../lib/errors.js'
import { JsonArraySplitter } from './json-array-splitter.js'
import { readEventKeys, type EventKeys } from './event-keys.js'
import { EVENTS_PER_TURN, nextTurn } from './event-loop-turns.js'

type HttpRequest = NonNullable<Parameters<Client['http']['http']>[1]>

export interface LogPage {
  /** The exact text of each event in the page, in order. */
  events: string[]
  /** Each event's uuid and published, read as the page arrives (while the writer stores earlier pages). */
  keys: EventKeys[]
  /** The `rel="next"` link: always present in polling mode, absent at the end of a bounded query. */
  next: string | undefined
  bytes: number
}

interface SdkResponse {
  status: number
  headers: { get(name: string): string | null }
  text(): Promise<string>
}

export async function fetchLogPage(client: Client, url: string, orgName: string): Promise<LogPage> {
  let res: SdkResponse
  try {
    res = (await client.http.http(url, { headers: { Accept: 'application/json' } } as HttpRequest, {
      isCollection: true,
      resources: [],
    })) as SdkResponse
  } catch (err) {
    throw asOktaError(err, orgName)
  }
  const text = await res.text()
  const splitter = new JsonArraySplitter()
  let events: string[]
  try {
    events = splitter.push(text)
    splitter.end()
  } catch (err) {
    throw new OktaBadResponse(
      `Okta org ${orgName} sent a System Log page that is not a JSON array (${(err as Error).message})`,
      res.status,
    )
  }
  const keys: EventKeys[] = []
  for (const event of events) {
    keys.push(readEventKeys(event))
    if (keys.length % EVENTS_PER_TURN === 0) {
      await nextTurn()
    }
  }
  return { events, keys, next: nextLink(res.headers.get('link')), bytes: text.length }
}

/** The `rel="next"` URL among one or more Link header values (joined by commas). */
export function nextLink(header: string | null): string | undefined {
  if (!header) {
    return undefined
  }
  for (const m of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]*)*)/g)) {
    if (/;\s*rel="?next"?/i.test(m[2] ?? '')) {
      return m[1]
    }
  }
  return undefined
}

/** Maps what the SDK throws to our errors: bad credentials stop the org; the rest is a bad response. */
export function asOktaError(err: unknown, orgName: string): Error {
  const e = err as {
    status?: unknown
    errorCode?: unknown
    errorSummary?: unknown
    message?: unknown
  }
  const status = typeof e.status === 'number' ? e.status : undefined
  const code = typeof e.errorCode === 'string' ? e.errorCode : undefined
  const summary = typeof e.errorSummary === 'string' ? e.errorSummary : String(e.message ?? err)
  if (status === 401 || status === 403) {
    return new OktaAuthFailed(orgName, status, code, summary)
  }
  if (err instanceof Error && err.name === 'AbortError') {
    return err
  }
  const what = status ? `HTTP ${status} ${code ?? ''} ${summary}` : summary.split('\n')[0]
  return new OktaBadResponse(`Okta org ${orgName}: ${what}`.replace(/\s+/g, ' ').trim(), status, {
    cause: err,
  })
}
