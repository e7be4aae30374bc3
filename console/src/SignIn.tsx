// The sign-in form: a bearer token, kept in sessionStorage for this browser session.
import { useState } from 'preact/hooks'

export function SignIn({
  onToken,
  error,
}: {
  onToken: (token: string) => void
  error: string | null
}) {
  const [token, setToken] = useState('')
  return (
    <main class="sign-in">
      <h1>partnerwatch</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (token.trim()) {
            onToken(token.trim())
          }
        }}
      >
        <label for="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
          aria-describedby="token-help"
          required
        />
        <p id="token-help" class="help">
          A token from <code>partnerwatch token create</code>. It is kept for this browser tab only.
        </p>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit">Sign in</button>
      </form>
    </main>
  )
}
