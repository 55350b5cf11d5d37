import type { PlanStatus } from '../../../src-main/api';

/**
 * The plan's steps left to right (green safe, red breaking a guardrail), the executed ones filled, the
 * ghost's step outlined; under it every executed block with its surprise as a bar (red past the threshold).
 */
export function PlanTimeline({ status, step, onStep }: { status: PlanStatus; step: number; onStep: (s: number) => void }) {
  const plan = status.plan;
  const steps = plan?.steps ?? [];
  const surprises = status.executed.filter((b) => b.surprise);
  return (
    <div className="plan-timeline">
      <div className="row">
        <button type="button" aria-label="Step back" disabled={step <= 0} onClick={() => onStep(step - 1)}>
          ◀
        </button>
        <ol className="plan-timeline__steps" aria-label="Plan steps">
          {steps.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a plan's steps are its positions in time; a new plan replaces them all
            <li key={i}>
              <button
                type="button"
                className={`plan-step ${s.safe ? 'safe' : 'unsafe'} ${i === step ? 'current' : ''} ${plan && i < plan.cursor ? 'done' : ''}`}
                aria-current={i === step ? 'step' : undefined}
                title={`Step ${i + 1}: cost ${s.cost.toFixed(3)}${s.safe ? '' : ` — ${s.violations.map((v) => v.constraint).join(', ')}`}`}
                onClick={() => onStep(i)}
              >
                {i + 1}
              </button>
            </li>
          ))}
        </ol>
        <button type="button" aria-label="Step forward" disabled={step >= steps.length - 1} onClick={() => onStep(step + 1)}>
          ▶
        </button>
        <span className="muted" data-testid="plan-step">
          {steps.length ? `step ${step + 1} of ${steps.length}` : 'no plan'}
        </span>
      </div>
      {surprises.length > 0 && (
        <div className="plan-timeline__surprise" role="img" aria-label="Surprise per executed block" data-testid="surprise-strip">
          {surprises.map((b) => {
            const r = b.surprise?.ratio ?? 0;
            return (
              <span
                key={b.block}
                className={r > 1 ? 'over' : ''}
                style={{ height: `${Math.min(100, r * 50)}%` }}
                title={`Block ${b.block + 1}: surprise ${r.toFixed(2)}× the threshold${b.seconds !== null ? `, took ${(b.seconds * 1000).toFixed(0)} ms` : ''}`}
              />
            );
          })}
        </div>
      )}
    </div>
  );
}
