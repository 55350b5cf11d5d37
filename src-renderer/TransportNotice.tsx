import { useRobotSnapshot } from './state/context';

/**
 * When the studio refuses this page (wrong or missing token) nothing else can work: say so over the
 * whole window, with the fix, instead of leaving panels that silently do nothing.
 */
export function TransportNotice() {
  const { transport } = useRobotSnapshot();
  if (!transport.error || !/token/i.test(transport.error)) return null;
  return (
    <div className="notice-overlay" role="alertdialog" aria-label="Not authorised">
      <div className="notice">
        <h2>This page cannot reach the studio</h2>
        <p>{transport.error}</p>
        <p className="hint">
          Open the exact address that <code>praxis serve</code> printed in its terminal: it ends with <code>#token=…</code>, and
          the token changes at every launch.
        </p>
      </div>
    </div>
  );
}
