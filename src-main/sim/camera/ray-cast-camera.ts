// A headless RGB-D camera for the simulated scene, by ray casting: one MuJoCo ray per pixel
// (mj_multiRay) from a named MJCF camera. No GPU or GL context is needed, so it runs in CI, in the
// headless server and in worker threads. The image is small by design (96×72 by default): enough
// for a world model's encoder, cheap enough (~8 ms here) to run beside the physics.
//
// Colour is the hit geom's material (or geom) rgba under one directional light plus ambient, no
// shadows or textures. Depth is z-depth along the optical axis in metres, as depth cameras report
// it; 0 means no return (nothing within maxDepth), again as depth cameras do.

import { ErrorCodes, PraxisError, type Seconds } from '../../api';
import type { MujocoModule } from '../mujoco-runtime';
import type { SimulatedArm } from '../simulated-arm';

type MjModel = InstanceType<MujocoModule['MjModel']>;
type MjData = InstanceType<MujocoModule['MjData']>;
type IntBuffer = InstanceType<MujocoModule['IntBuffer']>;
type DoubleBuffer = InstanceType<MujocoModule['DoubleBuffer']>;

export interface CameraImage {
  camera: string;
  width: number;
  height: number;
  /** Simulation time of the capture. */
  t: Seconds;
  /** Row-major from the top-left pixel, 3 bytes (R, G, B) per pixel. */
  rgb: Uint8Array;
  /** Row-major, metres along the optical axis; 0 where no surface is within maxDepth. */
  depth: Float32Array;
}

export interface RayCastCameraOptions {
  width?: number;
  height?: number;
  /** Metres; farther surfaces read as no return. Default 3. */
  maxDepth?: number;
}

const AMBIENT = 0.35;
const DIFFUSE = 0.65;
const BACKGROUND = [38, 40, 46];

function cameraError(message: string, hint: string, details?: Record<string, unknown>): PraxisError {
  return new PraxisError(ErrorCodes.INVALID_ARGUMENT, message, hint, details);
}

export class RayCastCamera {
  readonly camera: string;
  readonly width: number;
  readonly height: number;
  private readonly arm: SimulatedArm;
  private readonly cameraId: number;
  private readonly maxDepth: number;
  /** Ray directions in the camera frame (x right, y up, looking down −z), unit length. */
  private readonly localRays: Float64Array;
  private readonly worldRays: Float64Array;
  private geomId: IntBuffer | undefined;
  private distance: DoubleBuffer | undefined;
  private normal: DoubleBuffer | undefined;
  /** Per-geom base colour, 0..1, looked up once: materials do not change while running. */
  private readonly geomColor: Float32Array;

  constructor(arm: SimulatedArm, camera: string, options: RayCastCameraOptions = {}) {
    const { mujoco, model } = arm.mujocoHandles();
    this.arm = arm;
    this.camera = camera;
    this.width = options.width ?? 96;
    this.height = options.height ?? 72;
    this.maxDepth = options.maxDepth ?? 3;
    if (!Number.isInteger(this.width) || !Number.isInteger(this.height) || this.width < 1 || this.height < 1 || this.width * this.height > 1 << 20) {
      throw cameraError(`Camera size ${this.width}×${this.height} is not usable.`, 'Use whole-pixel sizes up to about 1024×1024.');
    }
    this.cameraId = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_CAMERA.value, camera);
    if (this.cameraId < 0) throw cameraError(`The scene has no camera named "${camera}".`, 'Use a camera defined in the robot MJCF, e.g. "overhead" or "front".', { camera });

    // Pinhole model from MuJoCo's vertical field of view; square pixels.
    const fovy = ((model.cam_fovy as Float64Array)[this.cameraId] * Math.PI) / 180;
    const focal = this.height / 2 / Math.tan(fovy / 2);
    const pixels = this.width * this.height;
    this.localRays = new Float64Array(pixels * 3);
    for (let v = 0; v < this.height; v++) {
      for (let u = 0; u < this.width; u++) {
        const x = (u + 0.5 - this.width / 2) / focal;
        const y = -(v + 0.5 - this.height / 2) / focal;
        const norm = Math.hypot(x, y, 1);
        const i = 3 * (v * this.width + u);
        this.localRays[i] = x / norm;
        this.localRays[i + 1] = y / norm;
        this.localRays[i + 2] = -1 / norm;
      }
    }
    this.worldRays = new Float64Array(pixels * 3);
    this.geomColor = geomColors(model);
    this.geomId = new mujoco.IntBuffer(pixels);
    this.distance = new mujoco.DoubleBuffer(pixels);
    this.normal = new mujoco.DoubleBuffer(pixels * 3);
  }

  /** Renders the scene as it is now into a new image. */
  capture(): CameraImage {
    const pixels = this.width * this.height;
    return this.captureInto({
      camera: this.camera,
      width: this.width,
      height: this.height,
      t: 0 as Seconds,
      rgb: new Uint8Array(pixels * 3),
      depth: new Float32Array(pixels),
    });
  }

  /** Renders into an image from an earlier capture() of this camera, without allocating. */
  captureInto(image: CameraImage): CameraImage {
    const { mujoco, model, data } = this.arm.mujocoHandles();
    const { geomId, distance, normal } = this.buffers();
    // mj_step leaves geom and camera poses one step behind qpos; bring them up to date.
    mujoco.mj_kinematics(model, data);
    const camPos = (data.cam_xpos as Float64Array).subarray(3 * this.cameraId, 3 * this.cameraId + 3);
    const r = (data.cam_xmat as Float64Array).subarray(9 * this.cameraId, 9 * this.cameraId + 9);
    const local = this.localRays;
    const world = this.worldRays;
    for (let i = 0; i < world.length; i += 3) {
      const x = local[i];
      const y = local[i + 1];
      const z = local[i + 2];
      world[i] = r[0] * x + r[1] * y + r[2] * z;
      world[i + 1] = r[3] * x + r[4] * y + r[5] * z;
      world[i + 2] = r[6] * x + r[7] * y + r[8] * z;
    }
    const pixels = this.width * this.height;
    mujoco.mj_multiRay(model, data, [camPos[0], camPos[1], camPos[2]], world as unknown as number[], null as unknown as number[], true, -1, geomId, distance, normal, pixels, this.maxDepth);

    const light = keyLightDirection(data);
    const ids = geomId.GetView() as Int32Array;
    const dist = distance.GetView() as Float64Array;
    const normals = normal.GetView() as Float64Array;
    const { rgb, depth } = image;
    for (let p = 0; p < pixels; p++) {
      const id = ids[p];
      const d = dist[p];
      if (id < 0 || !(d >= 0) || d > this.maxDepth) {
        depth[p] = 0;
        rgb[3 * p] = BACKGROUND[0];
        rgb[3 * p + 1] = BACKGROUND[1];
        rgb[3 * p + 2] = BACKGROUND[2];
        continue;
      }
      // z-depth: range times the cosine between the ray and the optical axis (−z in camera frame).
      depth[p] = d * -local[3 * p + 2];
      const lambert = Math.max(0, -(normals[3 * p] * light[0] + normals[3 * p + 1] * light[1] + normals[3 * p + 2] * light[2]));
      const shade = AMBIENT + DIFFUSE * lambert;
      rgb[3 * p] = Math.min(255, Math.round(255 * this.geomColor[3 * id] * shade));
      rgb[3 * p + 1] = Math.min(255, Math.round(255 * this.geomColor[3 * id + 1] * shade));
      rgb[3 * p + 2] = Math.min(255, Math.round(255 * this.geomColor[3 * id + 2] * shade));
    }
    image.t = data.time as Seconds;
    return image;
  }

  /** Frees the ray buffers on the WASM heap. Idempotent. */
  dispose(): void {
    this.geomId?.delete();
    this.distance?.delete();
    this.normal?.delete();
    this.geomId = undefined;
    this.distance = undefined;
    this.normal = undefined;
  }

  private buffers(): { geomId: IntBuffer; distance: DoubleBuffer; normal: DoubleBuffer } {
    if (!this.geomId || !this.distance || !this.normal) {
      throw new PraxisError(ErrorCodes.SIM_ERROR, `Camera "${this.camera}" has been disposed.`, 'Create a new camera.');
    }
    return { geomId: this.geomId, distance: this.distance, normal: this.normal };
  }
}

/** Base colour of every geom: its material's rgba if it has one, else its own rgba. */
function geomColors(model: MjModel): Float32Array {
  const matId = model.geom_matid as Int32Array;
  const geomRgba = model.geom_rgba as Float32Array;
  const matRgba = model.mat_rgba as Float32Array;
  const out = new Float32Array(model.ngeom * 3);
  for (let g = 0; g < model.ngeom; g++) {
    const source = matId[g] >= 0 ? matRgba : geomRgba;
    const offset = 4 * (matId[g] >= 0 ? matId[g] : g);
    out[3 * g] = source[offset];
    out[3 * g + 1] = source[offset + 1];
    out[3 * g + 2] = source[offset + 2];
  }
  return out;
}

/** Direction the scene's first light shines in (world frame), or straight down if it has none. */
function keyLightDirection(data: MjData): [number, number, number] {
  const dir = data.light_xdir as Float64Array;
  if (dir.length < 3) return [0, 0, -1];
  const norm = Math.hypot(dir[0], dir[1], dir[2]) || 1;
  return [dir[0] / norm, dir[1] / norm, dir[2] / norm];
}
