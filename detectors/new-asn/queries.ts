// New ASN, the DuckDB half: every new successful sign-in in the window with the user's last
// sign-ins summarised (ASNs, networks, devices) — the shared history query of the pack.
export { readNoveltyCandidates as candidates } from '../sign-in-history.js'
export type { NoveltyCandidate } from '../sign-in-history.js'
