// Partners: the list (admins, analysts) and one partner's overview.
import { useEffect, useState } from 'preact/hooks'
import { api } from '../api'
import { href } from '../router'
import type { PartnerSummary } from '../types'
import { PartnerOverview } from './PartnerOverview'

export function PartnersPage() {
  const [partners, setPartners] = useState<PartnerSummary[] | null>(null)
  useEffect(() => {
    api<{ items: PartnerSummary[] }>('/partners').then(
      (r) => setPartners(r.items),
      () => setPartners([]),
    )
  }, [])
  return (
    <section>
      <h1>Partners</h1>
      {partners === null ? (
        <p class="loading">Loading…</p>
      ) : (
        <ul class="partners">
          {partners.map((p) => (
            <li key={p.id}>
              <a href={href({ page: 'partner', id: p.id })}>{p.name}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export function PartnerPage({ id }: { id: string }) {
  return <PartnerOverview id={id} />
}
