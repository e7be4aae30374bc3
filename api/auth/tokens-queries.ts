// The api_tokens table. The token itself is never stored or returned; only its SHA-256.
import type { SqlRunner } from '../sql-runner.js'
import type { Role } from './roles.js'

export interface TokenRecord {
  id: string
  name: string
  role: Role
  partnerId: string | null
  createdAt: Date
  revokedAt: Date | null
  lastUsedAt: Date | null
}

export interface TokenWithHash extends TokenRecord {
  hash: string
}

interface TokenRow {
  id: string
  name: string
  role: Role
  partner_id: string | null
  hash: string
  created_at: Date
  revoked_at: Date | null
  last_used_at: Date | null
}

const COLUMNS = 'id, name, role, partner_id, hash, created_at, revoked_at, last_used_at'

export function createTokensQueries(db: SqlRunner) {
  return {
    async insert(t: Omit<TokenWithHash, 'revokedAt' | 'lastUsedAt'>): Promise<void> {
      await db.run(
        `INSERT INTO api_tokens (id, name, role, partner_id, hash, created_at)
         VALUES ($id, $name, $role, $partner, $hash, $createdAt::TIMESTAMPTZ)`,
        {
          id: t.id,
          name: t.name,
          role: t.role,
          partner: t.partnerId,
          hash: t.hash,
          createdAt: t.createdAt.toISOString(),
        },
      )
    },

    async nameTaken(name: string): Promise<boolean> {
      const row = await db.one(
        'SELECT 1 AS x FROM api_tokens WHERE name = $name AND revoked_at IS NULL',
        { name },
      )
      return row !== undefined
    },

    /** The live (not revoked) token with this hash, if any. */
    async byHash(hash: string): Promise<TokenWithHash | undefined> {
      const row = await db.one<TokenRow>(
        `SELECT ${COLUMNS} FROM api_tokens WHERE hash = $hash AND revoked_at IS NULL`,
        { hash },
      )
      return row ? { ...toRecord(row), hash: row.hash } : undefined
    },

    async list(): Promise<TokenRecord[]> {
      const rows = await db.all<TokenRow>(
        `SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at, id`,
      )
      return rows.map(toRecord)
    },

    async get(id: string): Promise<TokenRecord | undefined> {
      const row = await db.one<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE id = $id`, { id })
      return row ? toRecord(row) : undefined
    },

    /** Marks the token revoked (once; a second revoke keeps the first time). Returns whether it exists. */
    async revoke(id: string, at: Date): Promise<boolean> {
      await db.run(
        `UPDATE api_tokens SET revoked_at = $at::TIMESTAMPTZ WHERE id = $id AND revoked_at IS NULL`,
        { id, at: at.toISOString() },
      )
      return (await db.one('SELECT 1 AS x FROM api_tokens WHERE id = $id', { id })) !== undefined
    },

    async touch(ids: readonly string[], at: Date): Promise<void> {
      if (ids.length === 0) {
        return
      }
      await db.run(
        `UPDATE api_tokens SET last_used_at = $at::TIMESTAMPTZ
         WHERE list_contains(from_json($ids, '["VARCHAR"]'), id)`,
        { ids: JSON.stringify(ids), at: at.toISOString() },
      )
    },
  }
}

function toRecord(r: TokenRow): TokenRecord {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    partnerId: r.partner_id,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  }
}
