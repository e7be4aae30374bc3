// Certification campaigns: the list (newest first, as the API gives it) and, for analysts and admins,
// the form that creates one for a quarter and a scope; a created campaign is launched from its page.
import { useEffect, useState } from 'preact/hooks'
import { api, describeError } from '../api'
import { Alert, Field } from '../Field'
import { actsOnCertification } from '../roles'
import { href } from '../router'
import type { Campaign, PartnerSummary, Session } from '../types'

/** The calendar quarter of `d` in UTC, e.g. 2026-Q4. */
export function quarterOf(d: Date): string {
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`
}

export function CampaignList({ session }: { session: Session }) {
  const [campaigns, setCampaigns] = useState<Campaign[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [reload, setReload] = useState(0)
  useEffect(() => {
    api<Campaign[]>('/certification/campaigns').then(
      (c) => (setCampaigns(c), setError(null)),
      (e: unknown) => setError(describeError(e)),
    )
  }, [reload])

  return (
    <section>
      <h1>Certification campaigns</h1>
      <Alert message={error} />
      {actsOnCertification(session) && <CreateCampaign onCreated={() => setReload(reload + 1)} />}
      {campaigns && campaigns.length === 0 && <p>No campaigns yet.</p>}
      {campaigns && campaigns.length > 0 && (
        <table class="table" aria-label="Campaigns">
          <thead>
            <tr>
              <th scope="col">Campaign</th>
              <th scope="col">Period</th>
              <th scope="col">Scope</th>
              <th scope="col">Owner</th>
              <th scope="col">State</th>
              <th scope="col">Items</th>
              <th scope="col">Due (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => (
              <tr key={c.id} data-campaign={c.id}>
                <td>
                  <a href={href({ page: 'campaign', id: c.id })}>{c.name}</a>
                </td>
                <td>{c.period}</td>
                <td>{c.partnerId ?? 'all partners'}</td>
                <td>{c.owner}</td>
                <td class="state">{c.state}</td>
                <td>{c.itemCount ?? '—'}</td>
                <td>{c.dueAt ? c.dueAt.slice(0, 10) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

function CreateCampaign({ onCreated }: { onCreated: (c: Campaign) => void }) {
  const [partners, setPartners] = useState<PartnerSummary[]>([])
  const [period, setPeriod] = useState(quarterOf(new Date()))
  const [partnerId, setPartnerId] = useState('')
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    api<{ items: PartnerSummary[] }>('/partners').then(
      (r) => setPartners(r.items),
      () => setPartners([]),
    )
  }, [])
  return (
    <form
      class="filters"
      aria-label="New campaign"
      onSubmit={async (e) => {
        e.preventDefault()
        setBusy(true)
        try {
          const body: Record<string, string> = { period }
          if (partnerId) {
            body.partnerId = partnerId
          }
          if (name.trim()) {
            body.name = name.trim()
          }
          const created = await api<Campaign>('/certification/campaigns', { method: 'POST', body })
          setError(null)
          setName('')
          onCreated(created)
          location.hash = href({ page: 'campaign', id: created.id })
        } catch (err) {
          setError(describeError(err))
        } finally {
          setBusy(false)
        }
      }}
    >
      <Field id="c-period" label="Quarter (e.g. 2026-Q4)">
        <input
          id="c-period"
          value={period}
          required
          pattern="\d{4}-Q[1-4]"
          onInput={(e) => setPeriod(e.currentTarget.value)}
        />
      </Field>
      <Field id="c-partner" label="Scope">
        <select
          id="c-partner"
          value={partnerId}
          onChange={(e) => setPartnerId(e.currentTarget.value)}
        >
          <option value="">All partners</option>
          {partners.map((p) => (
            <option value={p.id}>{p.name}</option>
          ))}
        </select>
      </Field>
      <Field id="c-name" label="Name (optional)">
        <input
          id="c-name"
          value={name}
          maxLength={255}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </Field>
      <button type="submit" disabled={busy}>
        Create campaign
      </button>
      <Alert message={error} />
    </form>
  )
}
