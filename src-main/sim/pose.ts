// Rigid-body poses: positions in metres (world frame, z up) and unit quaternions in MuJoCo's
// (w, x, y, z) order, the order api/robot.ts ObjectPose uses too. Rotation matrices are 3×3,
// row-major, as MuJoCo stores xmat.

export type Vec3 = [x: number, y: number, z: number];
export type Quaternion = [w: number, x: number, y: number, z: number];

export interface Pose {
  position: Vec3;
  quaternion: Quaternion;
}

/**
 * Quaternion (w, x, y, z) of a row-major rotation matrix, with w ≥ 0. Shepperd's method: pick the
 * largest of the four diagonal combinations to divide by, so no branch loses precision.
 */
export function rotationToQuaternion(m: ArrayLike<number>, offset = 0, out: Quaternion = [1, 0, 0, 0]): Quaternion {
  const r00 = m[offset];
  const r01 = m[offset + 1];
  const r02 = m[offset + 2];
  const r10 = m[offset + 3];
  const r11 = m[offset + 4];
  const r12 = m[offset + 5];
  const r20 = m[offset + 6];
  const r21 = m[offset + 7];
  const r22 = m[offset + 8];
  const trace = r00 + r11 + r22;
  let w: number;
  let x: number;
  let y: number;
  let z: number;
  if (trace > 0) {
    const s = Math.sqrt(trace + 1) * 2;
    w = 0.25 * s;
    x = (r21 - r12) / s;
    y = (r02 - r20) / s;
    z = (r10 - r01) / s;
  } else if (r00 > r11 && r00 > r22) {
    const s = Math.sqrt(1 + r00 - r11 - r22) * 2;
    w = (r21 - r12) / s;
    x = 0.25 * s;
    y = (r01 + r10) / s;
    z = (r02 + r20) / s;
  } else if (r11 > r22) {
    const s = Math.sqrt(1 + r11 - r00 - r22) * 2;
    w = (r02 - r20) / s;
    x = (r01 + r10) / s;
    y = 0.25 * s;
    z = (r12 + r21) / s;
  } else {
    const s = Math.sqrt(1 + r22 - r00 - r11) * 2;
    w = (r10 - r01) / s;
    x = (r02 + r20) / s;
    y = (r12 + r21) / s;
    z = 0.25 * s;
  }
  const sign = w < 0 ? -1 : 1;
  const norm = sign / Math.hypot(w, x, y, z);
  out[0] = w * norm;
  out[1] = x * norm;
  out[2] = y * norm;
  out[3] = z * norm;
  return out;
}

/** Row-major rotation matrix of a rotation by `angle` radians about the unit `axis`. */
export function rotationAboutAxis(axis: Vec3, angle: number): Float64Array {
  const [x, y, z] = axis;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const t = 1 - c;
  return Float64Array.of(
    t * x * x + c, t * x * y - s * z, t * x * z + s * y,
    t * x * y + s * z, t * y * y + c, t * y * z - s * x,
    t * x * z - s * y, t * y * z + s * x, t * z * z + c,
  );
}

/** Row-major rotation matrix of URDF roll-pitch-yaw: R = Rz(yaw) · Ry(pitch) · Rx(roll). */
export function rotationFromRpy(roll: number, pitch: number, yaw: number): Float64Array {
  return rotationMultiply(
    rotationAboutAxis([0, 0, 1], yaw),
    rotationMultiply(rotationAboutAxis([0, 1, 0], pitch), rotationAboutAxis([1, 0, 0], roll)),
  );
}

/** a · b for row-major 3×3 matrices. */
export function rotationMultiply(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(9);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      out[r * 3 + c] = a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c];
    }
  }
  return out;
}

/** m · v for a row-major 3×3 matrix. */
export function rotationApply(m: ArrayLike<number>, v: ArrayLike<number>): Vec3 {
  return [
    m[0] * v[0] + m[1] * v[1] + m[2] * v[2],
    m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
    m[6] * v[0] + m[7] * v[1] + m[8] * v[2],
  ];
}
