// The cost of candidate plans, per candidate and step, from one batched rollout: latent distance to the goal
// embedding (terminal, as LeWM, and running), costs on the probe-decoded states (end-effector by forward
// kinematics, cube, joints), action smoothness, guardrail penalties and the user's terms. Every term is kept
// per step so the answer's breakdown is read from the same numbers the search ranked by.
import { chainForward, chainPoseCreate, chainWorkspaceCreate } from '../kinematics';
import { guardrailCheck, guardrailsNeedEndEffector } from './guardrails';
import type { CostWeights, GuardrailViolation, PlanGoal, PlannerSettings, PlanningModel, RolloutView, UserCostTerm } from './types';

/** Built-in terms, in the order the breakdown lists them. */
export const COST_TERMS = ['latentTerminal', 'latentRunning', 'endEffector', 'cube', 'joints', 'smoothness', 'guardrail'] as const;
export type CostTermName = (typeof COST_TERMS)[number];

/** The cost added per unit of violation in 'reject' mode: no safe candidate can lose to an unsafe one. */
const REJECT_PENALTY = 1e6;

export class CandidateScorer {
  readonly terms: string[];
  /** Per term, [N, H] unweighted-then-weighted step costs of the last scored batch. */
  readonly perStep: Float32Array[];
  readonly total: Float32Array;
  /** Whether each candidate of the last batch violates a guardrail. */
  readonly unsafe: Uint8Array;
  /** [N, H, J] decoded joints and [N, H, 3] end-effector positions of the last batch (when decoded). */
  readonly joints: Float32Array;
  readonly endEffector: Float32Array;
  readonly hasEndEffector: boolean;
  private readonly user: readonly UserCostTerm[];
  private readonly scratch: Float32Array;
  private readonly pose = chainPoseCreate();
  private readonly work;
  private readonly q: Float64Array;

  constructor(
    private readonly model: PlanningModel,
    private readonly goal: PlanGoal,
    private readonly settings: PlannerSettings,
    readonly count: number,
    readonly horizon: number,
    user: readonly UserCostTerm[] = [],
  ) {
    this.user = user;
    this.terms = [...COST_TERMS, ...user.map((u) => u.name)];
    const NH = count * horizon;
    this.perStep = this.terms.map(() => new Float32Array(NH));
    this.total = new Float32Array(count);
    this.unsafe = new Uint8Array(count);
    const J = model.jointDims.length;
    this.joints = new Float32Array(NH * J);
    const chain = model.robot.chain;
    const c = settings.costs;
    this.hasEndEffector = chain !== null && ((c.endEffector > 0 && goal.endEffector !== undefined) || guardrailsNeedEndEffector(settings.guardrails));
    this.endEffector = new Float32Array(this.hasEndEffector ? NH * 3 : 0);
    this.scratch = new Float32Array(NH);
    this.work = chain ? chainWorkspaceCreate(chain) : null;
    this.q = new Float64Array(chain?.jointCount ?? 0);
  }

  /**
   * Score a batch: `targets` are the search variables [N, H, actDim] (one joint target per block) and
   * `start` the targets before the plan [actDim] (smoothness is measured from there); `current` is the
   * joints now [J]. Fills total, perStep and unsafe.
   */
  score(view: RolloutView, targets: Float32Array, start: Float32Array, current: Float32Array): Float32Array {
    const { model, goal, settings } = this;
    const w: CostWeights = settings.costs;
    const N = view.count;
    const H = view.horizon;
    const Z = model.latentDim;
    const D = model.obsDim;
    const A = model.actDim;
    const J = model.jointDims.length;
    for (const p of this.perStep) p.fill(0, 0, N * H);
    const [lt, lr, ee, cube, joints, smooth, guard] = this.perStep;
    const zg = goal.latent;
    for (let n = 0; n < N; n++) {
      for (let s = 0; s < H; s++) {
        const terminal = s === H - 1;
        if ((terminal && w.latentTerminal > 0) || (!terminal && w.latentRunning > 0)) {
          const o = (n * H + s) * Z;
          let d2 = 0;
          for (let k = 0; k < Z; k++) {
            const d = view.latents[o + k] - zg[k];
            d2 += d * d;
          }
          if (terminal) lt[n * H + s] = w.latentTerminal * d2;
          else lr[n * H + s] = (w.latentRunning * d2) / H;
        }
        if (settings.smoothness > 0) {
          let d2 = 0;
          for (let a = 0; a < A; a++) {
            const prev = s === 0 ? start[a] : targets[(n * H + s - 1) * A + a];
            const d = targets[(n * H + s) * A + a] - prev;
            d2 += d * d;
          }
          smooth[n * H + s] = settings.smoothness * d2;
        }
      }
    }
    const obs = view.observations;
    if (obs) {
      for (let r = 0; r < N * H; r++) for (let j = 0; j < J; j++) this.joints[r * J + j] = obs[r * D + model.jointDims[j]];
      if (this.hasEndEffector) this.forwardKinematics(N * H);
      const cd = model.cubeDims;
      for (let n = 0; n < N; n++) {
        const r = n * H + H - 1;
        if (w.endEffector > 0 && goal.endEffector && this.hasEndEffector) {
          const g = goal.endEffector;
          ee[r] = w.endEffector * ((this.endEffector[3 * r] - g[0]) ** 2 + (this.endEffector[3 * r + 1] - g[1]) ** 2 + (this.endEffector[3 * r + 2] - g[2]) ** 2);
        }
        if (w.cube > 0 && goal.cube && cd) cube[r] = w.cube * ((obs[r * D + cd[0]] - goal.cube[0]) ** 2 + (obs[r * D + cd[1]] - goal.cube[1]) ** 2);
        if (w.joints > 0 && goal.joints) {
          let d2 = 0;
          for (let j = 0; j < J; j++) d2 += (this.joints[r * J + j] - goal.joints[j]) ** 2;
          joints[r] = w.joints * d2;
        }
      }
      this.guardrails(N, H, current, guard);
    }
    for (let u = 0; u < this.user.length; u++) {
      const term = this.user[u];
      const out = this.perStep[COST_TERMS.length + u];
      this.scratch.fill(0);
      term.evaluate(view, this.scratch);
      for (let i = 0; i < N * H; i++) out[i] = term.weight * this.scratch[i];
    }
    this.total.fill(0);
    for (const p of this.perStep) for (let n = 0; n < N; n++) for (let s = 0; s < H; s++) this.total[n] += p[n * H + s];
    return this.total;
  }

  private forwardKinematics(rows: number): void {
    const chain = this.model.robot.chain;
    const work = this.work;
    if (!chain || !work) return;
    const J = this.model.jointDims.length;
    const q = this.q;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < q.length && j < J; j++) q[j] = this.joints[r * J + j];
      const p = chainForward(chain, q, this.pose, work).position;
      this.endEffector[3 * r] = p[0];
      this.endEffector[3 * r + 1] = p[1];
      this.endEffector[3 * r + 2] = p[2];
    }
  }

  private guardrails(N: number, H: number, current: Float32Array, guard: Float32Array): void {
    const g = this.settings.guardrails;
    const scale = g.mode === 'reject' ? REJECT_PENALTY : this.settings.costs.guardrail;
    const step = new Float32Array(H);
    for (let n = 0; n < N; n++) {
      step.fill(0);
      const p = guardrailCheck(g, this.model.robot.chain, this.model.robot.jointNames, this.candidateInput(n, H, current), step);
      this.unsafe[n] = p > 0 ? 1 : 0;
      for (let s = 0; s < H; s++) guard[n * H + s] = scale * step[s];
    }
  }

  private candidateInput(n: number, H: number, current: Float32Array) {
    const J = this.model.jointDims.length;
    return {
      horizon: H,
      joints: this.joints.subarray(n * H * J, (n + 1) * H * J),
      start: current,
      endEffector: this.hasEndEffector ? this.endEffector.subarray(n * H * 3, (n + 1) * H * 3) : null,
      blockSeconds: this.model.frameskip * this.model.actionPeriod,
    };
  }

  /** The named violations of candidate n of the last batch (for the answer). */
  violations(n: number, current: Float32Array): GuardrailViolation[] {
    const out: GuardrailViolation[] = [];
    if (!this.model.jointDims.length) return out;
    guardrailCheck(this.settings.guardrails, this.model.robot.chain, this.model.robot.jointNames, this.candidateInput(n, this.horizon, current), null, (v) => out.push(v));
    return out;
  }

  /** Candidate n's cost terms at step s (weighted), by name. */
  stepTerms(n: number, s: number): Record<string, number> {
    const out: Record<string, number> = {};
    this.terms.forEach((t, i) => {
      out[t] = this.perStep[i][n * this.horizon + s];
    });
    return out;
  }
}
