/** A failure beside the control that caused it: the studio's code, its message and the next step. */
export function ErrorNotice({ failure, onDismiss }: { failure: { code: string; message: string; hint?: string } | null; onDismiss?: () => void }) {
  if (!failure) return null;
  return (
    <div className="inline-error" role="alert" data-testid="error-notice" data-code={failure.code}>
      <div className="inline-error__head">
        <span className="inline-error__code">{failure.code}</span>
        <span>{failure.message}</span>
        {onDismiss && (
          <button type="button" className="inline-error__close" aria-label="Dismiss error" onClick={onDismiss}>
            ×
          </button>
        )}
      </div>
      {failure.hint && <div className="hint">{failure.hint}</div>}
    </div>
  );
}
