import { type EvaluationSummary, jointErrorForDisplay, unitLabel } from '../../../src-main/api';

/**
 * The latest validation: k-step joint error beside the "no change" and linear baselines, and the
 * collapse diagnostics (a collapsed latent has low effective rank and dead dimensions).
 */
export function Diagnostics({ evaluation }: { evaluation: EvaluationSummary }) {
  // Angles in degrees whatever the dataset recorded; a LeRobot gripper range stays in its own unit.
  const shown = evaluation.unit === 'rad' ? 'deg' : evaluation.unit;
  const deg = (v: number) => `${jointErrorForDisplay(v, evaluation.unit).toFixed(2)}${shown === 'deg' ? '°' : ` ${unitLabel(shown)}`}`;
  const maxStd = Math.max(1e-9, ...evaluation.std);
  return (
    <div className="diagnostics" data-testid="diagnostics">
      <table className="kstep">
        <thead>
          <tr>
            <th>k (blocks)</th>
            <th>model</th>
            <th>no change</th>
            <th>linear</th>
          </tr>
        </thead>
        <tbody>
          {evaluation.k.map((k, i) => (
            <tr key={k}>
              <td>{k}</td>
              <td className={evaluation.model[i] < Math.min(evaluation.noChange[i], evaluation.linear[i]) ? 'good' : 'bad'}>{deg(evaluation.model[i])}</td>
              <td>{deg(evaluation.noChange[i])}</td>
              <td>{deg(evaluation.linear[i])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="collapse">
        <dt>effective rank</dt>
        <dd className={evaluation.effectiveRank >= 0.5 * evaluation.dim ? 'good' : 'bad'}>
          {evaluation.effectiveRank.toFixed(1)} / {evaluation.dim}
        </dd>
        <dt>min dim std</dt>
        <dd>{evaluation.minStd.toFixed(3)}</dd>
        <dt>SIGReg statistic</dt>
        <dd>{evaluation.sigreg.toFixed(3)}</dd>
        <dt>temporal straightness</dt>
        <dd>{evaluation.straightness.toFixed(3)}</dd>
        <dt>goal rank correlation</dt>
        <dd>{evaluation.goalRankCorrelation === null ? '—' : evaluation.goalRankCorrelation.toFixed(2)}</dd>
        <dt>probe floor</dt>
        <dd>{deg(evaluation.probeError)}</dd>
      </dl>
      <svg className="std-bars" width="100%" height="28" viewBox={`0 0 ${evaluation.std.length} 1`} preserveAspectRatio="none" role="img" aria-label="per-dimension std">
        {evaluation.std.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: one bar per latent dimension
          <rect key={i} x={i + 0.1} y={1 - s / maxStd} width={0.8} height={s / maxStd} fill={s < 0.05 * maxStd ? '#ef5350' : '#4fc3f7'} />
        ))}
      </svg>
    </div>
  );
}
