// How the readers that run ahead of DuckDB share the main thread with it. Every call into DuckDB
// returns on the main thread and waits for its current turn of the event loop to end before the
// next statement can start: a reader that parsed a whole 1 MiB read (~5–10 ms) in one turn held
// each of a batch's ~15 statements ~11 ms (ingest/README.md, Eighth session). 64 events take well
// under 1 ms.
export const EVENTS_PER_TURN = 64

/** Ends the current turn: DuckDB's finished calls run before the reader goes on. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
