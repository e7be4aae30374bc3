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

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
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
  const text = await response.text()
  const body: unknown = text ? JSON.parse(text) : null
  if (!response.ok) {
    const err = body as { code?: string; message?: string } | null
    throw new ApiError(
      response.status,
      err?.code ?? 'error',
      err?.message ?? `${response.status} ${response.statusText}`,
    )
  }
  return body as T
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
