import { useState } from 'react';
import type { GoalSpec, KeepOutBox, PlanStatus } from '../../../src-main/api';
import { usePlan, useRobotSnapshot, useStudio } from '../../state/context';
import { PlanTimeline } from './PlanTimeline';
import { StepDetails } from './StepDetails';

const PLANNERS = [
  { id: 'fast', label: 'CEM (replans every block)' },
  { id: 'lewm', label: 'CEM, LeWM settings' },
  { id: 'mppi', label: 'MPPI' },
  { id: 'amortised', label: 'Amortised (fast path)' },
  { id: 'random', label: 'Random shooting' },
];
/** Half the side of the keep-out box the panel puts around the goal, metres. */
const GOAL_BOX_HALF = 0.04;

/**
 * Plan with the world model: set a goal (drag it in 3D, type joints, or a spot for the cube), plan, look at
 * the plan step by step (the ghost in 3D, each step's cost and guardrails), then execute one step, the whole
 * plan, or closed-loop. A refused plan names its constraint; a surprise stops the arm and says why.
 */
export function Plan() {
  const { api, plan: store } = useStudio();
  const { description } = useRobotSnapshot();
  const { status, step, editingGoal } = usePlan();
  const [planner, setPlanner] = useState('fast');
  const [joints, setJoints] = useState('');
  const [cube, setCube] = useState('0.30, 0.05');
  const [error, setError] = useState<{ message: string; hint?: string } | null>(null);

  if (!description) return <div className="panel-empty">Connect the simulator or a follower arm to plan.</div>;

  const call = async (what: () => Promise<PlanStatus>) => {
    setError(null);
    try {
      store.update(await what());
    } catch (e) {
      const err = e as { message?: string; hint?: string };
      setError({ message: err.message ?? String(e), hint: err.hint });
    }
  };
  const setGoal = (goal: GoalSpec) => call(() => api.call('plan.setGoal', { goal }));
  const numbers = (text: string) => text.split(',').map((s) => Number(s.trim()));
  const keepOut = status?.keepOut ?? [];
  const boxAroundGoal = (): KeepOutBox[] => {
    const t = status?.goal?.tool;
    if (!t) return keepOut;
    const h = GOAL_BOX_HALF;
    return [...keepOut, { name: `box ${keepOut.length + 1} around the goal`, min: [t[0] - h, t[1] - h, t[2] - h], max: [t[0] + h, t[1] + h, t[2] + h] }];
  };
  const running = status?.phase === 'executing' || status?.phase === 'planning';
  const plan = status?.plan ?? null;
  const hasGoal = !!status?.goal;

  return (
    <div className="plan-panel">
      <section aria-label="Goal">
        <h3>Goal</h3>
        <div className="row">
          <button type="button" className={editingGoal ? 'on' : ''} aria-pressed={editingGoal} onClick={() => store.editGoal(!editingGoal)}>
            {editingGoal ? 'Done dragging' : 'Drag goal in 3D'}
          </button>
        </div>
        <div className="row">
          <input aria-label="Goal joints" placeholder="joints, rad: 0, -0.5, 0.6, 0.8, 0, 0.3" value={joints} onChange={(e) => setJoints(e.target.value)} />
          <button type="button" disabled={!joints.trim()} onClick={() => void setGoal({ kind: 'joints', joints: numbers(joints) })}>
            Set joints
          </button>
        </div>
        <div className="row">
          <input aria-label="Cube target" value={cube} onChange={(e) => setCube(e.target.value)} />
          <button type="button" onClick={() => void setGoal({ kind: 'cube', cube: numbers(cube).slice(0, 2) as [number, number] })}>
            Push cube there
          </button>
        </div>
        <p className="muted" data-testid="plan-goal">
          {status?.goal
            ? `${status.goal.goal.kind} goal${status.goal.tool ? ` · tool at ${status.goal.tool.map((v) => v.toFixed(3)).join(', ')} m` : ''}${status.goal.cube ? ` · cube to ${status.goal.cube.map((v) => v.toFixed(3)).join(', ')} m` : ''}`
            : 'No goal yet.'}
        </p>
      </section>

      <section aria-label="Plan">
        <div className="row">
          <select aria-label="Planner" value={planner} onChange={(e) => setPlanner(e.target.value)}>
            {PLANNERS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
          <button type="button" disabled={!hasGoal || running} onClick={() => void call(() => api.call('plan.plan', { planner, keepOut }))}>
            Plan
          </button>
          <button type="button" disabled={!plan || plan.status === 'refused' || running || plan.cursor >= plan.steps.length} onClick={() => void call(() => api.call('plan.step', {}))}>
            Execute step
          </button>
          <button type="button" disabled={!plan || plan.status === 'refused' || running} onClick={() => void call(() => api.call('plan.execute', { mode: 'plan' }))}>
            Execute plan
          </button>
          <button type="button" disabled={!hasGoal || running} onClick={() => void call(() => api.call('plan.execute', { mode: 'mpc', budgetS: 30 }))}>
            Run closed-loop
          </button>
          <button type="button" disabled={!running} onClick={() => void call(() => api.call('plan.stop', {}))}>
            Stop
          </button>
        </div>
        <div className="row">
          <button type="button" disabled={!status?.goal?.tool} onClick={() => void call(() => api.call('plan.plan', { planner, keepOut: boxAroundGoal() }))}>
            Keep out a box at the goal, and plan
          </button>
          <button type="button" disabled={keepOut.length === 0} onClick={() => void call(() => api.call('plan.plan', { planner, keepOut: [] }))}>
            Clear keep-out boxes
          </button>
        </div>
        <p className="muted">Keep-out: the table top{keepOut.map((b) => `, ${b.name}`).join('')}.</p>
        <PlanState status={status} />
        {error && (
          <div className="inline-error" role="alert">
            {error.message}
            {error.hint && <div className="muted">{error.hint}</div>}
          </div>
        )}
      </section>

      {status && (plan || status.executed.length > 0) && (
        <section aria-label="Timeline">
          <PlanTimeline status={status} step={step} onStep={(s) => store.setStep(s)} />
          {plan && <StepDetails plan={plan} step={step} />}
        </section>
      )}
    </div>
  );
}

function PlanState({ status }: { status: PlanStatus | null }) {
  if (!status) return null;
  const p = status.progress;
  const plan = status.plan;
  return (
    <div className="plan-state">
      <p data-testid="plan-phase" data-phase={status.phase} data-blocks={status.executed.length}>
        {status.phase}
        {plan ? ` · ${plan.planner}, planned in ${plan.latencyMs.toFixed(0)} ms` : ''}
        {status.executed.length ? ` · ${status.executed.length} blocks executed` : ''}
      </p>
      {plan?.status === 'refused' && (
        <p className="inline-error" data-testid="plan-refusal">
          Refused: {plan.refusal?.constraint} — {plan.refusal?.message}
        </p>
      )}
      {status.stop && status.stop.code !== 'refused' && (
        <p className={status.stop.code === 'surprise' ? 'inline-error' : 'muted'} data-testid="plan-stop" data-code={status.stop.code} data-block={status.stop.block ?? ''}>
          Stopped: {status.stop.message}
        </p>
      )}
      {status.error && (
        <p className="inline-error">
          {status.error.message} {status.error.hint}
        </p>
      )}
      {p && (
        <p className="muted" data-testid="plan-progress">
          {p.reached ? 'At the goal. ' : ''}
          {p.toolError !== null ? `tool ${(p.toolError * 100).toFixed(1)} cm from the goal · ` : ''}
          joints within {p.jointError.toFixed(3)} rad{p.cubeError !== null ? ` · cube ${(p.cubeError * 100).toFixed(1)} cm` : ''}
        </p>
      )}
      <p className="muted">{status.surpriseThreshold === null ? 'Surprise monitor off: this model has no calibration.' : `Surprise threshold ${status.surpriseThreshold.toFixed(2)} (latent distance)`}</p>
    </div>
  );
}
