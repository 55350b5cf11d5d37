import type { PlanStatus } from '../../src-main/api';

export interface PlanSnapshot {
  status: PlanStatus | null;
  /** The timeline cursor: which plan step the ghost shows (0-based). */
  step: number;
  /** The goal gizmo is shown in 3D and dragging it sets an end-effector goal. */
  editingGoal: boolean;
}

/**
 * The plan as the Plan panel and the 3D view share it: the server's plan status (goal, plan, executed
 * blocks, stop reason), the timeline cursor and whether the goal is being dragged.
 */
export class PlanStore {
  private snapshot: PlanSnapshot = { status: null, step: 0, editingGoal: false };
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): PlanSnapshot => this.snapshot;

  /** A new status from the server; a new plan puts the cursor on its first step not yet executed. */
  update(status: PlanStatus): void {
    const before = this.snapshot.status?.plan;
    const plan = status.plan;
    const fresh = plan && (!before || before.atBlock !== plan.atBlock || before.latencyMs !== plan.latencyMs);
    const steps = plan?.steps.length ?? 0;
    const step = fresh ? Math.min(plan.cursor, Math.max(0, steps - 1)) : Math.min(this.snapshot.step, Math.max(0, steps - 1));
    this.set({ ...this.snapshot, status, step });
  }

  setStep(step: number): void {
    const steps = this.snapshot.status?.plan?.steps.length ?? 0;
    this.set({ ...this.snapshot, step: Math.max(0, Math.min(steps - 1, step)) });
  }

  editGoal(on: boolean): void {
    this.set({ ...this.snapshot, editingGoal: on });
  }

  /** Joints of the ghost at the cursor (null without a plan or a probe). */
  ghost(): number[] | null {
    const plan = this.snapshot.status?.plan;
    return plan?.steps[this.snapshot.step]?.joints ?? null;
  }

  private set(s: PlanSnapshot): void {
    this.snapshot = s;
    for (const l of this.listeners) l();
  }
}
