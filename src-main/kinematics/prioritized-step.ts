// A two-task IK step (Siciliano & Slotine's task priority; Chiaverini's damped form): the position of
// the tool is the first task and is met as if alone; the orientation is the second and uses only the
// motion left over (the null space of the position task). A 5-joint arm jogging its tool in a straight
// line keeps the gripper's pitch this way, instead of letting it drift as position-only IK does.
//   dq₁ = J₁⁺ e₁,   N = I − J₁⁺ J₁,   dq = dq₁ + N (J₂ N)⁺ (e₂ − J₂ dq₁),   with A⁺ = Aᵀ (A Aᵀ + λ² I)⁻¹

/** Solves the SPD 3×3 system a·x = b by Cholesky (a is overwritten). */
function solveSpd3(a: Float64Array, b: ArrayLike<number>, x: Float64Array, floor: number): void {
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c <= r; c++) {
      let s = a[r * 3 + c];
      for (let k = 0; k < c; k++) s -= a[r * 3 + k] * a[c * 3 + k];
      a[r * 3 + c] = r === c ? Math.sqrt(Math.max(s, floor)) : s / a[c * 3 + c];
    }
  }
  for (let r = 0; r < 3; r++) {
    let s = b[r];
    for (let k = 0; k < r; k++) s -= a[r * 3 + k] * x[k];
    x[r] = s / a[r * 3 + r];
  }
  for (let r = 2; r >= 0; r--) {
    let s = x[r];
    for (let k = r + 1; k < 3; k++) s -= a[k * 3 + r] * x[k];
    x[r] = s / a[r * 3 + r];
  }
}

export class PrioritizedStep {
  private readonly gram = new Float64Array(9);
  private readonly y = new Float64Array(3);
  private readonly unit = new Float64Array(3);
  private readonly pinv: Float64Array;
  private readonly nullspace: Float64Array;
  private readonly projected: Float64Array;
  private readonly residual = new Float64Array(3);
  private readonly secondary: Float64Array;

  constructor(private readonly n: number) {
    this.pinv = new Float64Array(n * 3);
    this.nullspace = new Float64Array(n * n);
    this.projected = new Float64Array(3 * n);
    this.secondary = new Float64Array(n);
  }

  /**
   * `jacobian`: 6 × n row-major (linear rows 0–2, angular rows 3–5). `e1`: position error, `e2`: rotation
   * error (world-frame rotation vector). Writes the joint step into `out` (n).
   */
  compute(jacobian: Float64Array, e1: ArrayLike<number>, e2: ArrayLike<number>, damping1: number, damping2: number, out: Float64Array): void {
    const { n, gram, y, unit, pinv, nullspace, projected, residual, secondary } = this;
    // J₁⁺ column by column: J₁ᵀ (J₁J₁ᵀ + λ²I)⁻¹ uₖ.
    for (let c = 0; c < 3; c++) {
      this.gramOf(jacobian, damping1);
      unit.fill(0);
      unit[c] = 1;
      solveSpd3(gram, unit, y, damping1 * damping1);
      for (let k = 0; k < n; k++) pinv[k * 3 + c] = jacobian[k] * y[0] + jacobian[n + k] * y[1] + jacobian[2 * n + k] * y[2];
    }
    for (let k = 0; k < n; k++) out[k] = pinv[k * 3] * e1[0] + pinv[k * 3 + 1] * e1[1] + pinv[k * 3 + 2] * e1[2];
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        nullspace[r * n + c] = (r === c ? 1 : 0) - (pinv[r * 3] * jacobian[c] + pinv[r * 3 + 1] * jacobian[n + c] + pinv[r * 3 + 2] * jacobian[2 * n + c]);
      }
    }
    // J₂N and what the position step already does to the orientation.
    for (let r = 0; r < 3; r++) {
      let done = 0;
      for (let c = 0; c < n; c++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += jacobian[(3 + r) * n + k] * nullspace[k * n + c];
        projected[r * n + c] = s;
        done += jacobian[(3 + r) * n + c] * out[c];
      }
      residual[r] = e2[r] - done;
    }
    this.gramOf(projected, damping2);
    solveSpd3(gram, residual, y, damping2 * damping2);
    for (let k = 0; k < n; k++) secondary[k] = projected[k] * y[0] + projected[n + k] * y[1] + projected[2 * n + k] * y[2];
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += nullspace[r * n + k] * secondary[k];
      out[r] += s;
    }
  }

  /** gram ← M Mᵀ + λ² I for the first three rows of `m` (n columns). */
  private gramOf(m: Float64Array, damping: number): void {
    const n = this.n;
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) {
        let s = r === c ? damping * damping : 0;
        for (let k = 0; k < n; k++) s += m[r * n + k] * m[c * n + k];
        this.gram[r * 3 + c] = s;
      }
    }
  }
}
