import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPraxisError } from '../../api';
import { SimulatedArm } from '../simulated-arm';
import { type CameraImage, RayCastCamera } from './ray-cast-camera';

// The overhead camera as declared in so101.xml: at (0.2, 0, 0.75), image right = world −y,
// image up = world +x, looking straight down, vertical field of view 60°.
const OVERHEAD = { position: [0.2, 0, 0.75], right: [0, -1, 0], up: [1, 0, 0], fovyDeg: 60 };
const W = 96;
const H = 72;

/** Pixel (column, row) where world point `p` appears in the overhead image. */
function overheadPixel(p: number[]): [number, number] {
  const rel = p.map((x, i) => x - OVERHEAD.position[i]);
  const along = (axis: number[]) => rel[0] * axis[0] + rel[1] * axis[1] + rel[2] * axis[2];
  const distance = -rel[2];
  const focal = H / 2 / Math.tan((OVERHEAD.fovyDeg * Math.PI) / 360);
  return [Math.floor(W / 2 + (focal * along(OVERHEAD.right)) / distance), Math.floor(H / 2 - (focal * along(OVERHEAD.up)) / distance)];
}

function pixel(image: CameraImage, [u, v]: [number, number]) {
  const i = v * image.width + u;
  return { r: image.rgb[3 * i], g: image.rgb[3 * i + 1], b: image.rgb[3 * i + 2], depth: image.depth[i] };
}

const isRed = ({ r, g, b }: { r: number; g: number; b: number }) => r > 2 * g && r > 2 * b && r > 60;

let arm: SimulatedArm;
let overhead: RayCastCamera;

beforeAll(async () => {
  arm = await SimulatedArm.load();
  overhead = new RayCastCamera(arm, 'overhead', { width: W, height: H });
});

afterAll(() => {
  overhead?.dispose();
  arm?.dispose();
});

describe('RayCastCamera', () => {
  it('sees the table top from the overhead camera at a constant z-depth of 0.75 m', () => {
    arm.reset();
    const image = overhead.capture();
    expect(image.width).toBe(W);
    expect(image.rgb).toHaveLength(W * H * 3);
    // Bare table at three places away from the arm and cube: z-depth, not range, so all equal.
    for (const spot of [[0.45, -0.25, 0], [-0.15, 0.25, 0], [0.2, -0.3, 0]]) {
      const seen = pixel(image, overheadPixel(spot));
      expect(seen.depth, `depth at ${spot}`).toBeCloseTo(0.75, 2);
      expect(seen.r).toBeGreaterThan(seen.b); // wood-brown
    }
  });

  it('shows the red cube where it is, 3 cm nearer than the table', () => {
    arm.reset();
    const cube = arm.readState().objects[0].position;
    const image = overhead.capture();
    const seen = pixel(image, overheadPixel([cube[0], cube[1], 0.03]));
    expect(isRed(seen)).toBe(true);
    expect(seen.depth).toBeCloseTo(0.72, 2);
  });

  it('follows the cube when it moves', () => {
    arm.reset();
    const before = arm.readState().objects[0].position.slice();
    arm.placeObject('cube', [0.15, -0.2, 0.015]);
    const image = overhead.capture();
    expect(isRed(pixel(image, overheadPixel([0.15, -0.2, 0.03])))).toBe(true);
    expect(isRed(pixel(image, overheadPixel([before[0], before[1], 0.03])))).toBe(false);
  });

  it('sees the orange arm from the front camera, nearer than the table behind it', () => {
    arm.reset();
    const front = new RayCastCamera(arm, 'front', { width: W, height: H });
    try {
      const image = front.capture();
      // The arm stands ~0.6–0.75 m from the camera; the far edge of the table is ~1.05 m away.
      let orange = 0;
      let armFarthest = 0;
      let tableFarthest = 0;
      for (let p = 0; p < W * H; p++) {
        const [r, g, b] = [image.rgb[3 * p], image.rgb[3 * p + 1], image.rgb[3 * p + 2]];
        if (r > 150 && g > 60 && g < r * 0.8 && b < g * 0.5) {
          orange++;
          armFarthest = Math.max(armFarthest, image.depth[p]);
        } else if (r > b * 1.3 && !(r > 2 * g)) {
          tableFarthest = Math.max(tableFarthest, image.depth[p]);
        }
      }
      expect(orange).toBeGreaterThan(30);
      expect(armFarthest).toBeLessThan(0.85);
      expect(tableFarthest).toBeGreaterThan(1);
      expect(image.t).toBe(arm.time);
    } finally {
      front.dispose();
    }
  });

  it('reports no return as depth 0 beyond maxDepth', () => {
    const short = new RayCastCamera(arm, 'overhead', { width: 8, height: 6, maxDepth: 0.5 });
    try {
      expect(Array.from(short.capture().depth).every((d) => d === 0)).toBe(true);
    } finally {
      short.dispose();
    }
  });

  it('renders into an existing image, stamped with the simulation time', () => {
    arm.reset();
    const image = overhead.capture();
    const { rgb, depth } = image;
    arm.stepFor(0.1);
    expect(overhead.captureInto(image)).toBe(image);
    expect(image.rgb).toBe(rgb);
    expect(image.depth).toBe(depth);
    expect(image.t).toBeCloseTo(0.1, 9);
  });

  it('rejects an unknown camera and use after dispose', () => {
    try {
      new RayCastCamera(arm, 'wrist');
      expect.unreachable();
    } catch (e) {
      expect(isPraxisError(e) && e.code).toBe('INVALID_ARGUMENT');
    }
    const temporary = new RayCastCamera(arm, 'front', { width: 4, height: 3 });
    temporary.dispose();
    temporary.dispose();
    expect(() => temporary.capture()).toThrow(/disposed/);
  });
});
