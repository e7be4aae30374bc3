// One partner: its users and findings.
import { useEffect, useState } from 'preact/hooks'
import { api, ApiError } from '../api'
import type { PartnerDetail } from '../types'

export function PartnerOverview({ id }: { id: string }) {
  const [partner, setPartner] = useState<PartnerDetail | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    api<PartnerDetail>(`/partners/${encodeURIComponent(id)}`).then(setPartner, (e: unknown) =>
      setError(
        e instanceof ApiError && e.status === 404
          ? `No partner ${id} that you may see.`
          : String(e),
      ),
    )
  }, [id])
  if (error) {
    return (
      <p role="alert" class="error">
        {error}
      </p>
    )
  }
  if (!partner) {
    return <p class="loading">Loading partner…</p>
  }
  return (
    <section>
      <h1>{partner.name}</h1>
      <p>
        {partner.users} users, {partner.activeUsers} active; {partner.findings.open} open findings.
      </p>
    </section>
  )
}
