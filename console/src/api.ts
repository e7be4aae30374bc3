// Calls to the API on the same origin. The token lives in sessionStorage for this browser session
// only and travels in the Authorization header, never in a URL.

const KEY = 'partnerwatch.token'

export function storedToken(): string | null {
  return sessionStorage.getItem(KEY)
}

export function storeToken(token: string): void {
  sessionStorage.setItem(KEY, token)
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY)
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** One request with the bearer token; a refusal becomes an ApiError with the API's message. */
export async function request(
  path: string,
  init: { method?: string; body?: unknown; accept?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { accept: init.accept ?? 'application/json' }
  const token = storedToken()
  if (token) {
    headers.authorization = `Bearer ${token}`
  }
  if (init.body !== undefined) {
    headers['content-type'] = 'application/json'
  }
  const response = await fetch(`/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  if (!response.ok) {
    const text = await response.text()
    let err: { code?: string; message?: string } | null = null
    try {
      err = text ? (JSON.parse(text) as { code?: string; message?: string }) : null
    } catch {
      err = null
    }
    throw new ApiError(
      response.status,
      err?.code ?? 'error',
      err?.message ?? `${response.status} ${response.statusText}`,
    )
  }
  return response
}

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const text = await (await request(path, init)).text()
  return (text ? JSON.parse(text) : null) as T
}

/**
 * Fetches `path` with the token in the header and hands the browser the body as a Blob behind an
 * object URL (the token never goes into a URL); returns the file name and size.
 */
export async function download(
  path: string,
  fallbackName: string,
): Promise<{ name: string; bytes: number }> {
  const response = await request(path, { accept: '*/*' })
  const disposition = response.headers.get('content-disposition') ?? ''
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName
  const blob = await response.blob()
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return { name, bytes: blob.size }
}

/** The message to show for a failed call: the API's own words, with what the status means. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    const what =
      e.status === 403
        ? 'Not allowed for this token'
        : e.status === 404
          ? 'Not found'
          : e.status === 409 || e.status === 400
            ? 'Refused'
            : `Error ${e.status}`
    return `${what}: ${e.message}`
  }
  return e instanceof Error ? e.message : String(e)
}

/** A query string from the set values only. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') {
      q.set(k, String(v))
    }
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}
