import * as THREE from 'three';
import URDFLoader, { type URDFRobot } from 'urdf-loader';
import type { PlanStatus } from '../../src-main/api';

const COLORS = {
  ghost: 0x81c784,
  refused: 0xef5350,
  plan: 0x81c784,
  alternative: 0x9e9e9e,
  goal: 0xffca28,
  predicted: 0x4fc3f7,
  actual: 0xff8a65,
};

/**
 * The plan in 3D: the goal (a yellow ball at the goal's tool position, a square where the cube should go),
 * the best plan's tool path and a translucent ghost arm at the timeline's step (red when that step breaks a
 * guardrail), the user's keep-out boxes in red wireframe, the runner-up candidates' paths faintly, and after execution the model's one-block
 * predictions (blue) beside where the tool really went (orange).
 */
export class PlanOverlay {
  readonly group = new THREE.Group();
  private ghost: URDFRobot | null = null;
  private ghostMaterial = new THREE.MeshStandardMaterial({ color: COLORS.ghost, transparent: true, opacity: 0.4, depthWrite: false });
  private readonly goal = new THREE.Mesh(new THREE.SphereGeometry(0.014, 16, 12), new THREE.MeshBasicMaterial({ color: COLORS.goal }));
  private readonly cubeGoal = new THREE.Mesh(new THREE.BoxGeometry(0.03, 0.03, 0.002), new THREE.MeshBasicMaterial({ color: COLORS.goal, transparent: true, opacity: 0.6 }));
  private lines = new THREE.Group();
  private drawn: PlanStatus | null = null;

  constructor(
    readonly urdf: string,
    private readonly jointNames: readonly string[],
  ) {
    if (urdf) {
      this.ghost = new URDFLoader().parse(urdf);
      this.ghost.traverse((o) => {
        if ((o as THREE.Mesh).isMesh) (o as THREE.Mesh).material = this.ghostMaterial;
      });
      this.ghost.visible = false;
      this.group.add(this.ghost);
    }
    this.goal.visible = false;
    this.cubeGoal.visible = false;
    this.group.add(this.goal, this.cubeGoal, this.lines);
  }

  /** Redraw for `status` (paths only when it changed) with the ghost at plan step `step`. */
  update(status: PlanStatus | null, step: number): void {
    if (status !== this.drawn) {
      this.drawn = status;
      this.redraw(status);
    }
    const plan = status?.plan;
    const s = plan?.steps[step];
    if (this.ghost) {
      this.ghost.visible = !!s?.joints;
      if (s?.joints) for (let j = 0; j < this.jointNames.length && j < s.joints.length; j++) this.ghost.setJointValue(this.jointNames[j], s.joints[j]);
      this.ghostMaterial.color.set(plan?.status === 'refused' || (s && !s.safe) ? COLORS.refused : COLORS.ghost);
    }
  }

  /** The ghost's tool position at `step` (for e2e and the timeline). */
  ghostTool(status: PlanStatus | null, step: number): [number, number, number] | null {
    return status?.plan?.steps[step]?.endEffector ?? null;
  }

  dispose(): void {
    this.clearLines();
    this.ghostMaterial.dispose();
  }

  private redraw(status: PlanStatus | null): void {
    this.clearLines();
    const goal = status?.goal;
    this.goal.visible = !!goal?.tool;
    if (goal?.tool) this.goal.position.set(goal.tool[0], goal.tool[1], goal.tool[2]);
    this.cubeGoal.visible = !!goal?.cube;
    if (goal?.cube) this.cubeGoal.position.set(goal.cube[0], goal.cube[1], 0.001);
    for (const b of status?.keepOut ?? []) {
      // A user's keep-out box, as a red wireframe.
      const size = [b.max[0] - b.min[0], b.max[1] - b.min[1], b.max[2] - b.min[2]];
      const edges = new THREE.LineSegments(new THREE.EdgesGeometry(new THREE.BoxGeometry(size[0], size[1], size[2])), new THREE.LineBasicMaterial({ color: COLORS.refused }));
      edges.position.set((b.min[0] + b.max[0]) / 2, (b.min[1] + b.max[1]) / 2, (b.min[2] + b.max[2]) / 2);
      this.lines.add(edges);
    }
    const plan = status?.plan;
    if (plan) {
      for (const alt of plan.alternatives) this.polyline(alt.endEffector, COLORS.alternative, 0.25);
      this.polyline(
        plan.steps.flatMap((s) => (s.endEffector ? [s.endEffector] : [])),
        plan.status === 'refused' ? COLORS.refused : COLORS.plan,
        0.9,
      );
    }
    const executed = status?.executed ?? [];
    this.polyline(executed.flatMap((b) => (b.observedEndEffector ? [b.observedEndEffector] : [])), COLORS.actual, 0.9);
    for (const b of executed) {
      if (!b.predictedEndEffector || !b.observedEndEffector) continue;
      // Each block's prediction joined to what happened: a long stick is a surprise.
      this.polyline([b.predictedEndEffector, b.observedEndEffector], b.surprise && b.surprise.ratio > 1 ? COLORS.refused : COLORS.predicted, 0.8);
    }
  }

  private polyline(points: readonly (readonly [number, number, number])[], color: number, opacity: number): void {
    if (points.length < 2) return;
    const geometry = new THREE.BufferGeometry().setFromPoints(points.map((p) => new THREE.Vector3(p[0], p[1], p[2])));
    this.lines.add(new THREE.Line(geometry, new THREE.LineBasicMaterial({ color, transparent: opacity < 1, opacity })));
  }

  private clearLines(): void {
    for (const child of [...this.lines.children]) {
      const line = child as THREE.Line;
      line.geometry.dispose();
      (line.material as THREE.Material).dispose();
      this.lines.remove(line);
    }
  }
}
