import { useEstop, useStudio } from './state/context';
import { attempt } from './state/failures';

/**
 * Across the whole window while the e-stop is engaged: what it means, the keys it swallowed, and a
 * release that takes two deliberate clicks ("Keep stopped" has the focus, so a stray Enter or Space
 * keeps the arm stopped; Esc never releases).
 */
export function EstopBanner() {
  const { api, estop, failures } = useStudio();
  const { estopped, confirming, ignored } = useEstop();
  if (!estopped) return null;
  const release = () => void attempt(failures, 'Release e-stop', () => api.call('robot.release', {}));
  return (
    <div className="estop-banner" role="alert" data-testid="estop-banner">
      <strong className="estop-banner__title">■ E-STOP ENGAGED</strong>
      <span className="estop-banner__text">The robot holds still. Keys, sliders, gamepad, gizmo and leader arm are refused until you release it.</span>
      {ignored && (
        <span className="estop-banner__ignored" data-testid="estop-ignored">
          Key {ignored.key} ignored: the e-stop is engaged{ignored.count > 1 ? ` (${ignored.count} key presses so far)` : ''}.
        </span>
      )}
      <span className="grow" />
      {confirming ? (
        <span className="estop-banner__confirm">
          Release? The arm starts again from where it stands.
          <button type="button" className="estop-banner__yes" onClick={release}>
            Yes, release
          </button>
          {/* biome-ignore lint/a11y/noAutofocus: the safe choice takes the focus so a stray key cannot release */}
          <button type="button" autoFocus onClick={() => estop.cancelRelease()}>
            Keep stopped
          </button>
        </span>
      ) : (
        <button type="button" className="estop-banner__release" onClick={() => estop.askRelease()}>
          Release e-stop…
        </button>
      )}
    </div>
  );
}
