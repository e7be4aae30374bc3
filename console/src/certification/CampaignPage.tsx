// One campaign: its facts and completeness figures (source count = items + exclusions, decisions so
// far, reviewers), the owner's actions as its state allows (launch, close, sign off), the evidence
// bundle download, and its review items.
import { useEffect, useState } from 'preact/hooks'
import { api, describeError, download } from '../api'
import { Alert, Field } from '../Field'
import { actsOnCertification } from '../roles'
import { href } from '../router'
import type { Campaign, CampaignFigures, Session } from '../types'
import { CampaignItems } from './CampaignItems'

const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—')

export function CampaignPage({ id, session }: { id: string; session: Session }) {
  const [campaign, setCampaign] = useState<Campaign | null>(null)
  const [figures, setFigures] = useState<CampaignFigures | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const path = `/certification/campaigns/${encodeURIComponent(id)}`
  useEffect(() => {
    Promise.all([api<Campaign>(path), api<CampaignFigures>(`/console${path}/figures`)]).then(
      ([c, f]) => (setCampaign(c), setFigures(f), setError(null)),
      (e: unknown) => setError(describeError(e)),
    )
  }, [id, version])
  const changed = () => setVersion(version + 1)

  if (!campaign || !figures) {
    return (
      <section>
        <h1>Campaign</h1>
        {error ? <Alert message={error} /> : <p class="loading">Loading…</p>}
      </section>
    )
  }
  const reconciled =
    campaign.sourceCount !== null &&
    campaign.sourceCount === (campaign.itemCount ?? 0) + (campaign.exclusionCount ?? 0)
  const d = figures.decisions
  return (
    <section>
      <p>
        <a href={href({ page: 'campaigns' })}>← Campaigns</a>
      </p>
      <h1>{campaign.name}</h1>
      <dl class="facts" data-testid="campaign-facts">
        <dt>State</dt>
        <dd data-testid="campaign-state">{campaign.state}</dd>
        <dt>Period</dt>
        <dd>{campaign.period}</dd>
        <dt>Scope</dt>
        <dd>{campaign.partnerId ?? 'all partners'}</dd>
        <dt>Owner</dt>
        <dd>{campaign.owner}</dd>
        <dt>Launched</dt>
        <dd>{day(campaign.launchedAt)}</dd>
        <dt>Due</dt>
        <dd>{day(campaign.dueAt)}</dd>
        <dt>Directory snapshot</dt>
        <dd>{day(campaign.snapshotAt)}</dd>
        <dt>Unanswered items</dt>
        <dd>{campaign.noResponseRule} at close</dd>
      </dl>
      {campaign.state !== 'created' && (
        <>
          <h2>Completeness</h2>
          <dl class="facts" data-testid="completeness">
            <dt>Source rows</dt>
            <dd>{campaign.sourceCount ?? '—'}</dd>
            <dt>Items + exclusions</dt>
            <dd>
              {campaign.itemCount ?? 0} + {campaign.exclusionCount ?? 0}{' '}
              <strong>{reconciled ? '(reconciled)' : '(does not reconcile)'}</strong>
            </dd>
            <dt>Decided</dt>
            <dd data-testid="decided">
              {d.approve} approved, {d.revoke} revoked, {d.no_response} no response, {d.undecided}{' '}
              undecided
            </dd>
            <dt>Reviewers</dt>
            <dd>
              {figures.reviewers
                .map((r) => `${r.reviewer}: ${r.items - r.undecided}/${r.items}`)
                .join(', ') || '—'}
            </dd>
            <dt>Signed off</dt>
            <dd data-testid="signed-off">
              {figures.signOff
                ? `${figures.signOff.signedBy} at ${day(figures.signOff.signedAt)}`
                : 'not yet'}
            </dd>
          </dl>
        </>
      )}
      {actsOnCertification(session) && (
        <OwnerActions campaign={campaign} path={path} onChanged={changed} />
      )}
      {campaign.state !== 'created' && <Bundle path={path} />}
      {campaign.state !== 'created' && (
        <CampaignItems
          key={campaign.state}
          campaign={campaign}
          figures={figures}
          canAct={actsOnCertification(session) && campaign.state === 'active'}
          onDecided={changed}
        />
      )}
    </section>
  )
}

function OwnerActions({
  campaign,
  path,
  onChanged,
}: {
  campaign: Campaign
  path: string
  onChanged: () => void
}) {
  const [error, setError] = useState<string | null>(null)
  const [statement, setStatement] = useState('')
  const [busy, setBusy] = useState(false)
  const act = (what: string, body?: object) => async () => {
    setBusy(true)
    try {
      await api(`${path}/${what}`, { method: 'POST', body })
      setError(null)
      onChanged()
    } catch (e) {
      setError(describeError(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div class="actions" aria-label="Campaign actions" role="group">
      {campaign.state === 'created' && (
        <button type="button" disabled={busy} onClick={act('launch')}>
          Launch campaign
        </button>
      )}
      {campaign.state === 'active' && (
        <button type="button" disabled={busy} onClick={act('close')}>
          Close campaign
        </button>
      )}
      {campaign.state === 'closed' && (
        <form
          class="filters"
          aria-label="Sign-off"
          onSubmit={(e) => {
            e.preventDefault()
            void act('sign-off', statement.trim() ? { statement: statement.trim() } : {})()
          }}
        >
          <Field id="s-statement" label="Sign-off statement (optional)">
            <input
              id="s-statement"
              value={statement}
              maxLength={2000}
              onInput={(e) => setStatement(e.currentTarget.value)}
            />
          </Field>
          <button type="submit" disabled={busy}>
            Sign off
          </button>
        </form>
      )}
      <Alert message={error} />
    </div>
  )
}

function Bundle({ path }: { path: string }) {
  const [format, setFormat] = useState('csv')
  const [status, setStatus] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <form
      class="filters"
      aria-label="Evidence bundle"
      onSubmit={async (e) => {
        e.preventDefault()
        setBusy(true)
        setStatus('Preparing the bundle…')
        try {
          const got = await download(`${path}/bundle?format=${format}`, `bundle-${format}.tar`)
          setStatus(`Downloaded ${got.name} (${got.bytes.toLocaleString('en')} bytes)`)
          setError(null)
        } catch (err) {
          setStatus(null)
          setError(describeError(err))
        } finally {
          setBusy(false)
        }
      }}
    >
      <Field id="b-format" label="Evidence bundle format">
        <select id="b-format" value={format} onChange={(e) => setFormat(e.currentTarget.value)}>
          <option value="csv">CSV</option>
          <option value="json">JSON</option>
          <option value="xlsx">Excel (xlsx)</option>
        </select>
      </Field>
      <button type="submit" disabled={busy}>
        Download bundle (.tar)
      </button>
      {status && (
        <span role="status" data-testid="bundle-status">
          {status}
        </span>
      )}
      <Alert message={error} />
    </form>
  )
}
