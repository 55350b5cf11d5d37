import type { PlanView } from '../../../src-main/api';

/** One plan step: its cost broken into terms, and its guardrail status. */
export function StepDetails({ plan, step }: { plan: PlanView; step: number }) {
  const s = plan.steps[step];
  if (!s) return null;
  return (
    <div className="plan-step-details" data-testid="plan-step-details">
      <table>
        <tbody>
          {Object.entries(s.terms)
            .filter(([, v]) => v !== 0)
            .map(([name, v]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{v.toFixed(4)}</td>
              </tr>
            ))}
          <tr>
            <th scope="row">total</th>
            <td>{s.cost.toFixed(4)}</td>
          </tr>
        </tbody>
      </table>
      <p className={s.safe ? 'muted' : 'inline-error'} data-testid="plan-guardrails">
        {s.safe ? 'Guardrails: all met' : `Guardrails: ${s.violations.map((v) => `${v.constraint} (by ${v.amount.toFixed(3)})`).join('; ')}`}
      </p>
      {s.endEffector && <p className="muted">Predicted tool: {s.endEffector.map((v) => v.toFixed(3)).join(', ')} m</p>}
    </div>
  );
}
