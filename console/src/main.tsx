// The console's shell: sign-in until a token works, then a header (partner branding for a partner
// admin), navigation by role, and the page of the current hash route.
import { render } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { api, ApiError, forgetToken, storedToken, storeToken } from './api'
import { FindingPage } from './finding/FindingPage'
import { PartnerPage, PartnersPage } from './partner/PartnerPage'
import { Queue } from './queue/Queue'
import { AuditPage } from './audit/AuditPage'
import { CampaignList } from './certification/CampaignList'
import { CampaignPage } from './certification/CampaignPage'
import { ExportPage } from './exports/ExportPage'
import { readsAnomalies, readsAudit, readsCertification, readsExports } from './roles'
import { href, useRoute, type Route } from './router'
import { SignIn } from './SignIn'
import type { Session } from './types'
import { UserPage } from './user/UserPage'
import './style.css'

function App() {
  const [session, setSession] = useState<Session | null>(null)
  const [checking, setChecking] = useState(storedToken() !== null)
  const [error, setError] = useState<string | null>(null)

  const signIn = async (token: string | null) => {
    if (token) {
      storeToken(token)
    }
    try {
      setSession(await api<Session>('/console/session'))
      setError(null)
    } catch (e) {
      forgetToken()
      setSession(null)
      setError(e instanceof ApiError && e.status === 401 ? 'That token is not valid.' : String(e))
    } finally {
      setChecking(false)
    }
  }
  useEffect(() => {
    if (storedToken()) {
      void signIn(null)
    }
  }, [])

  if (checking) {
    return <p class="loading">Checking the saved token…</p>
  }
  if (!session) {
    return <SignIn onToken={(t) => void signIn(t)} error={error} />
  }
  const signOut = () => {
    forgetToken()
    setSession(null)
    location.hash = ''
  }
  return <Shell session={session} onSignOut={signOut} />
}

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const route = useRoute()
  const brand = session.partner?.color ?? null
  const links: { label: string; route: Route; current: Route['page'][] }[] = [
    ...(readsAnomalies(session)
      ? [
          { label: 'Anomalies', route: { page: 'queue' } as Route, current: ['queue' as const] },
          {
            label: session.partner ? 'Overview' : 'Partners',
            route: session.partner
              ? ({ page: 'partner', id: session.partner.id } as Route)
              : ({ page: 'partners' } as Route),
            current: ['partners' as const, 'partner' as const],
          },
        ]
      : []),
    ...(readsCertification(session)
      ? [
          {
            label: 'Certification',
            route: { page: 'campaigns' } as Route,
            current: ['campaigns' as const, 'campaign' as const],
          },
        ]
      : []),
    ...(readsAudit(session)
      ? [{ label: 'Audit trail', route: { page: 'audit' } as Route, current: ['audit' as const] }]
      : []),
    ...(readsExports(session)
      ? [{ label: 'Exports', route: { page: 'exports' } as Route, current: ['exports' as const] }]
      : []),
  ]
  // No hash: the role's first page (an auditor lands on certification, a SIEM token on exports).
  const home = links[0]?.route ?? { page: 'queue' }
  const shown: Route = route.page === 'queue' && !location.hash.startsWith('#/queue') ? home : route
  return (
    <div class="shell" style={brand ? { '--brand': brand } : undefined}>
      <a
        class="skip"
        href="#main"
        onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}
      >
        Skip to content
      </a>
      <header class="top">
        <a class="logo" href={href(home)}>
          partnerwatch
        </a>
        {session.partner && (
          <span class="partner-badge" data-testid="partner-badge">
            {session.partner.name}
          </span>
        )}
        <nav aria-label="Main">
          {links.map((l) => (
            <a
              href={href(l.route)}
              aria-current={l.current.includes(shown.page) ? 'page' : undefined}
            >
              {l.label}
            </a>
          ))}
        </nav>
        <span class="who">
          {session.name} <span class="role">({session.role})</span>
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={shown} session={session} />
      </main>
    </div>
  )
}

/** The page of a route. A page a role may not read still renders: the API's 403 says why. */
function Page({ route, session }: { route: Route; session: Session }) {
  switch (route.page) {
    case 'finding':
      return <FindingPage id={route.id} session={session} />
    case 'partners':
      return <PartnersPage />
    case 'partner':
      return <PartnerPage id={route.id} />
    case 'user':
      return <UserPage id={route.id} />
    case 'campaigns':
      return <CampaignList session={session} />
    case 'campaign':
      return <CampaignPage id={route.id} session={session} />
    case 'audit':
      return <AuditPage />
    case 'exports':
      return <ExportPage session={session} />
    case 'queue':
      return <Queue key={route.partner ?? ''} session={session} partner={route.partner ?? ''} />
  }
}

const root = document.getElementById('app')
if (root) {
  render(<App />, root)
}
