// A small cache for list pages that many callers ask for again and again (a dashboard polling the
// newest anomalies of a partner). An entry is served while the data version it was read at is still
// current; the version is re-read at most every `checkMs`, and `invalidate()` (after a triage through
// the API) drops everything at once. So new findings show within `checkMs`, the API's own writes at once.
// Concurrent misses on one key share a single load.
export interface ListCache<T> {
  get(key: string, load: () => Promise<T>): Promise<T>
  invalidate(): void
}

export function createListCache<T>(options: {
  checkMs: number
  maxEntries: number
  version: () => Promise<string>
  now?: () => number
}): ListCache<T> {
  const now = options.now ?? Date.now
  const entries = new Map<string, { version: string; value: T }>()
  const inflight = new Map<string, { version: string; value: Promise<T> }>()
  let current: { version: string; checkedAt: number } | undefined
  let checking: Promise<string> | undefined
  // Bumped by invalidate(): a load that began before it is stored under a version never current again.
  let generation = 0

  const version = async (): Promise<string> => {
    if (current && now() - current.checkedAt < options.checkMs) {
      return current.version
    }
    const gen = generation
    checking ??= options
      .version()
      .then((dbVersion) => {
        const v = `${gen}|${dbVersion}`
        if (gen === generation) {
          current = { version: v, checkedAt: now() }
        }
        return v
      })
      .finally(() => {
        checking = undefined
      })
    return checking
  }

  return {
    async get(key, load) {
      if (options.checkMs <= 0) {
        return load()
      }
      const v = await version()
      const hit = entries.get(key)
      if (hit && hit.version === v) {
        entries.delete(key)
        entries.set(key, hit)
        return hit.value
      }
      // Callers that miss on the same key at the same time share one load.
      const shared = inflight.get(key)
      if (shared && shared.version === v) {
        return shared.value
      }
      const pending = load()
      inflight.set(key, { version: v, value: pending })
      let value: T
      try {
        value = await pending
      } finally {
        if (inflight.get(key)?.value === pending) {
          inflight.delete(key)
        }
      }
      entries.set(key, { version: v, value })
      if (entries.size > options.maxEntries) {
        const oldest = entries.keys().next()
        if (!oldest.done) {
          entries.delete(oldest.value)
        }
      }
      return value
    },
    invalidate() {
      entries.clear()
      inflight.clear()
      current = undefined
      checking = undefined
      generation += 1
    },
  }
}
