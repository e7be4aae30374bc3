// A user's timeline: directory record, sign-ins and findings.
import { useEffect, useState } from 'preact/hooks'
import { api, ApiError } from '../api'
import type { Timeline } from '../types'

export function UserPage({ id }: { id: string }) {
  const [timeline, setTimeline] = useState<Timeline | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    api<Timeline>(`/users/${encodeURIComponent(id)}/timeline?limit=500`).then(
      setTimeline,
      (e: unknown) =>
        setError(
          e instanceof ApiError && e.status === 404 ? `No user ${id} that you may see.` : String(e),
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
  if (!timeline) {
    return <p class="loading">Loading timeline…</p>
  }
  return (
    <section>
      <h1>{timeline.user.login ?? timeline.user.id}</h1>
      <p>{timeline.signIns.length} sign-ins.</p>
    </section>
  )
}
