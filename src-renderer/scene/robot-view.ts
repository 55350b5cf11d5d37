import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { TransformControls } from 'three/addons/controls/TransformControls.js';
import URDFLoader, { type URDFRobot } from 'urdf-loader';
import type { ObjectPose, RobotDescription } from '../../src-main/api';

/**
 * The 3D view: a robot built from its URDF text, the scene's loose objects, a grid and an orbit camera.
 * Robots are authored Z-up (ROS/MuJoCo); three.js is Y-up, so the world is rotated once at the root.
 */
export class RobotView {
  readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(45, 1, 0.01, 50);
  private readonly controls: OrbitControls;
  /** Z-up world frame. */
  private readonly world = new THREE.Group();
  private robot: URDFRobot | null = null;
  /** A translucent second arm: the world model's prediction, drawn beside the recorded pose. */
  private ghost: URDFRobot | null = null;
  private urdf = '';
  private jointNames: string[] = [];
  private readonly objectMeshes = new Map<string, THREE.Mesh>();
  private readonly resizeObserver: ResizeObserver;
  /** The end-effector drag gizmo: a target in the robot's base frame, moved with TransformControls. */
  private gizmo: { controls: TransformControls; target: THREE.Object3D; marker: THREE.Mesh } | null = null;

  constructor(private readonly host: HTMLElement) {
    this.renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    this.renderer.setClearColor(0x15171c);
    host.appendChild(this.renderer.domElement);
    this.renderer.domElement.dataset.testid = 'scene-canvas';

    this.camera.position.set(0.55, 0.45, 0.55);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.target.set(0, 0.15, 0);
    this.controls.update();

    this.world.rotation.x = -Math.PI / 2;
    this.scene.add(this.world);
    const grid = new THREE.GridHelper(2, 40, 0x3a3f4b, 0x262a33);
    this.scene.add(grid);
    this.scene.add(new THREE.HemisphereLight(0xdfe8ff, 0x202020, 1.6));
    const sun = new THREE.DirectionalLight(0xffffff, 1.8);
    sun.position.set(1, 2, 1.5);
    this.scene.add(sun);

    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(host);
    this.resize();
  }

  setRobot(description: RobotDescription | null): void {
    if (this.robot) {
      this.world.remove(this.robot);
      this.robot = null;
    }
    this.setGhost(null);
    for (const mesh of this.objectMeshes.values()) this.world.remove(mesh);
    this.objectMeshes.clear();
    if (!description) return;
    const loader = new URDFLoader();
    this.urdf = description.urdf;
    this.robot = loader.parse(description.urdf);
    this.jointNames = description.joints.map((j) => j.name);
    this.world.add(this.robot);
    for (const o of description.objects) {
      const mesh = new THREE.Mesh(
        new THREE.BoxGeometry(o.halfSize[0] * 2, o.halfSize[1] * 2, o.halfSize[2] * 2),
        new THREE.MeshStandardMaterial({ color: o.color, roughness: 0.6 }),
      );
      mesh.name = o.name;
      this.objectMeshes.set(o.name, mesh);
      this.world.add(mesh);
    }
  }

  /** Draw `object` in the robot's Z-up base frame (plan overlays); remove it with removeOverlay. */
  addOverlay(object: THREE.Object3D): void {
    this.world.add(object);
  }

  removeOverlay(object: THREE.Object3D): void {
    this.world.remove(object);
  }

  /** The shown robot's URDF and joint order (empty before setRobot), for overlays that draw more arms. */
  get robotModel(): { urdf: string; jointNames: readonly string[] } {
    return { urdf: this.urdf, jointNames: this.jointNames };
  }

  /** Where a base-frame point is on the canvas, CSS pixels (for e2e and tooltips). */
  screenPosition(point: readonly [number, number, number]): [number, number] {
    const p = new THREE.Vector3(point[0], point[1], point[2]);
    this.world.localToWorld(p);
    p.project(this.camera);
    const el = this.renderer.domElement;
    return [((p.x + 1) / 2) * el.clientWidth, ((1 - p.y) / 2) * el.clientHeight];
  }

  setJoints(position: ArrayLike<number>): void {
    if (!this.robot) return;
    for (let j = 0; j < this.jointNames.length && j < position.length; j++) {
      this.robot.setJointValue(this.jointNames[j], position[j]);
    }
  }

  /** Show the ghost arm at `position` (joint order), or hide it with null. */
  setGhost(position: ArrayLike<number> | null): void {
    if (!position) {
      if (this.ghost) this.ghost.visible = false;
      return;
    }
    if (!this.ghost && this.urdf) {
      this.ghost = new URDFLoader().parse(this.urdf);
      const material = new THREE.MeshStandardMaterial({ color: 0x4fc3f7, transparent: true, opacity: 0.45, depthWrite: false });
      this.ghost.traverse((o) => {
        if ((o as THREE.Mesh).isMesh) (o as THREE.Mesh).material = material;
      });
      this.world.add(this.ghost);
    }
    if (!this.ghost) return;
    this.ghost.visible = true;
    for (let j = 0; j < this.jointNames.length && j < position.length; j++) this.ghost.setJointValue(this.jointNames[j], position[j]);
  }

  /**
   * Show the tool gizmo at `pose` (base frame, quaternion w x y z) and report drags through `onDrag`; null
   * hides it. Orbiting is paused while a handle is held so the camera does not move with the tool.
   */
  setGizmo(pose: { position: readonly number[]; quaternion?: readonly number[] } | null, onDrag?: (position: [number, number, number], quaternion: [number, number, number, number]) => void): void {
    if (!pose) {
      if (this.gizmo) {
        this.gizmo.controls.detach();
        this.scene.remove(this.gizmo.controls.getHelper());
        this.world.remove(this.gizmo.target);
        this.gizmo.controls.dispose();
        this.gizmo = null;
      }
      return;
    }
    if (!this.gizmo) {
      const target = new THREE.Object3D();
      const marker = new THREE.Mesh(new THREE.SphereGeometry(0.012, 16, 12), new THREE.MeshBasicMaterial({ color: 0x66bb6a }));
      target.add(marker);
      this.world.add(target);
      const controls = new TransformControls(this.camera, this.renderer.domElement);
      controls.setSize(0.7);
      controls.attach(target);
      controls.addEventListener('dragging-changed', (e) => {
        this.controls.enabled = !(e as unknown as { value: boolean }).value;
      });
      this.scene.add(controls.getHelper());
      this.gizmo = { controls, target, marker };
    }
    const g = this.gizmo;
    if (!g.controls.dragging) {
      g.target.position.set(pose.position[0], pose.position[1], pose.position[2]);
      if (pose.quaternion) g.target.quaternion.set(pose.quaternion[1], pose.quaternion[2], pose.quaternion[3], pose.quaternion[0]);
    }
    g.controls.removeEventListener('objectChange', this.gizmoListener);
    this.gizmoListener = () => {
      const p = g.target.position;
      const q = g.target.quaternion;
      onDrag?.([p.x, p.y, p.z], [q.w, q.x, q.y, q.z]);
    };
    g.controls.addEventListener('objectChange', this.gizmoListener);
  }

  /** Green when the arm reaches the gizmo, red when the pose is out of reach. */
  setGizmoReachable(ok: boolean): void {
    (this.gizmo?.marker.material as THREE.MeshBasicMaterial | undefined)?.color.set(ok ? 0x66bb6a : 0xef5350);
  }

  /** Switch the gizmo between moving and turning the tool. */
  setGizmoMode(mode: 'translate' | 'rotate'): void {
    this.gizmo?.controls.setMode(mode);
  }

  private gizmoListener: () => void = () => undefined;

  /** The gizmo's centre in canvas pixels (CSS), or null when hidden: its handle is grabbed there. */
  gizmoScreenPosition(): [number, number] | null {
    if (!this.gizmo) return null;
    const p = new THREE.Vector3();
    this.gizmo.target.getWorldPosition(p);
    p.project(this.camera);
    const el = this.renderer.domElement;
    return [((p.x + 1) / 2) * el.clientWidth, ((1 - p.y) / 2) * el.clientHeight];
  }

  setObjects(objects: readonly ObjectPose[]): void {
    for (const o of objects) {
      const mesh = this.objectMeshes.get(o.name);
      if (!mesh) continue;
      mesh.position.set(o.position[0], o.position[1], o.position[2]);
      const [w, x, y, z] = o.quaternion;
      mesh.quaternion.set(x, y, z, w);
    }
  }

  render(): void {
    this.renderer.render(this.scene, this.camera);
  }

  dispose(): void {
    this.setGizmo(null);
    this.resizeObserver.disconnect();
    this.controls.dispose();
    this.renderer.dispose();
    this.renderer.domElement.remove();
  }

  private resize(): void {
    const w = Math.max(1, this.host.clientWidth);
    const h = Math.max(1, this.host.clientHeight);
    this.renderer.setSize(w, h, false);
    this.renderer.domElement.style.width = '100%';
    this.renderer.domElement.style.height = '100%';
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
  }
}
