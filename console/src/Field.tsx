// A labelled form control in a filter bar.
import type { ComponentChildren } from 'preact'

export function Field({
  id,
  label,
  children,
}: {
  id: string
  label: string
  children: ComponentChildren
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
    </div>
  )
}

/** The API's refusal or any other failure, announced to screen readers. */
export function Alert({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" class="error">
      {message}
    </p>
  ) : null
}
