// The console's shell: sign-in until a token works, then a header (partner branding for a partner
// admin), navigation by role, and the page of the current hash route.
import { render } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { api, ApiError, forgetToken, storedToken, storeToken } from './api'
import { FindingPage } from './finding/FindingPage'
import { PartnerPage, PartnersPage } from './partner/PartnerPage'
import { Queue } from './queue/Queue'
import { href, useRoute } from './router'
import { SignIn } from './SignIn'
import type { Session } from './types'
import { UserPage } from './user/UserPage'
import './style.css'

const READERS = ['admin', 'analyst', 'partner-admin']

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
  const reader = READERS.includes(session.role)
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
        <a class="logo" href="#/queue">
          partnerwatch
        </a>
        {session.partner && (
          <span class="partner-badge" data-testid="partner-badge">
            {session.partner.name}
          </span>
        )}
        {reader && (
          <nav aria-label="Main">
            <a
              href={href({ page: 'queue' })}
              aria-current={route.page === 'queue' ? 'page' : undefined}
            >
              Anomalies
            </a>
            <a
              href={
                session.partner
                  ? href({ page: 'partner', id: session.partner.id })
                  : href({ page: 'partners' })
              }
              aria-current={
                route.page === 'partners' || route.page === 'partner' ? 'page' : undefined
              }
            >
              {session.partner ? 'Overview' : 'Partners'}
            </a>
          </nav>
        )}
        <span class="who">
          {session.name} <span class="role">({session.role})</span>
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {!reader ? (
          <NoPages session={session} />
        ) : route.page === 'finding' ? (
          <FindingPage id={route.id} session={session} />
        ) : route.page === 'partners' ? (
          <PartnersPage />
        ) : route.page === 'partner' ? (
          <PartnerPage id={route.id} />
        ) : route.page === 'user' ? (
          <UserPage id={route.id} />
        ) : (
          <Queue key={route.partner ?? ''} session={session} partner={route.partner ?? ''} />
        )}
      </main>
    </div>
  )
}

function NoPages({ session }: { session: Session }) {
  return (
    <section>
      <h1>Signed in as {session.role}</h1>
      <p data-testid="no-pages">
        The {session.role} role reads{' '}
        {session.role === 'auditor' ? 'the audit trail' : 'the exports'} through the API (
        <a href="/docs">/docs</a>); the console's anomaly and partner pages are for analysts, admins
        and partner admins.
      </p>
    </section>
  )
}

const root = document.getElementById('app')
if (root) {
  render(<App />, root)
}
