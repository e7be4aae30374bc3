// A body that keeps working while its consumer is busy. A consumer writing to a file, a pipe or a
// socket awaits each write ('drain'); pulling the next piece only then left DuckDB, the format
// threads and the main thread idle for every write. Here a producer reads `source` and starts each
// item's work as soon as fewer than `most` results wait to be taken, and the results are yielded in
// the order of `source`, each once.

/**
 * `work(item)` for each item of `source`, started up to `most` ahead of the consumer, results in
 * source order. A failure of the source or of an item's work is thrown to the consumer in its turn.
 * When the consumer stops early, the producer stops and `source` is closed (its `return()` runs)
 * before this generator's own `return()` settles.
 */
export async function* readAhead<T, R>(
  source: AsyncIterable<T>,
  work: (item: T) => Promise<R>,
  most: number,
): AsyncGenerator<R> {
  const out: Promise<R>[] = []
  let ended = false
  let stopped = false
  let failure: { error: unknown } | undefined
  // Whoever waits (the consumer for a result, the producer for room) leaves its wake-up here.
  let wakeConsumer: (() => void) | undefined
  let wakeProducer: (() => void) | undefined
  const wake = (): void => {
    wakeConsumer?.()
    wakeConsumer = undefined
  }

  const producer = (async () => {
    try {
      for await (const item of source) {
        const result = work(item)
        // Reported when its turn comes, not as an unhandled rejection before.
        result.catch(() => undefined)
        out.push(result)
        wake()
        while (out.length >= most && !stopped) {
          await new Promise<void>((resolve) => {
            wakeProducer = resolve
          })
        }
        if (stopped) {
          break
        }
      }
    } catch (error) {
      failure = { error }
    } finally {
      ended = true
      wake()
    }
  })()

  try {
    for (;;) {
      const next = out.shift()
      if (next === undefined) {
        if (failure) {
          throw failure.error
        }
        if (ended) {
          return
        }
        await new Promise<void>((resolve) => {
          wakeConsumer = resolve
        })
        continue
      }
      wakeProducer?.()
      wakeProducer = undefined
      yield await next
    }
  } finally {
    stopped = true
    wakeProducer?.()
    wakeProducer = undefined
    await producer
  }
}
