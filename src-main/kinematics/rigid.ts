// Rigid-body maths for kinematics, over flat Float64Arrays so the IK inner loop allocates nothing.
// Rotations are 3×3 row-major (MuJoCo's xmat order); quaternions are (w, x, y, z), MuJoCo's order.

/** out = a · b (3×3 row-major). `out` may not alias `a` or `b`. */
export function mat3Multiply(a: ArrayLike<number>, b: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let r = 0; r < 3; r++) {
    const a0 = a[r * 3];
    const a1 = a[r * 3 + 1];
    const a2 = a[r * 3 + 2];
    out[r * 3] = a0 * b[0] + a1 * b[3] + a2 * b[6];
    out[r * 3 + 1] = a0 * b[1] + a1 * b[4] + a2 * b[7];
    out[r * 3 + 2] = a0 * b[2] + a1 * b[5] + a2 * b[8];
  }
  return out;
}

/** out = m · v, written at out[offset..offset+2]. `out` may not alias `v`. */
export function mat3Apply(m: ArrayLike<number>, v: ArrayLike<number>, out: Float64Array, offset = 0): Float64Array {
  const x = v[0];
  const y = v[1];
  const z = v[2];
  out[offset] = m[0] * x + m[1] * y + m[2] * z;
  out[offset + 1] = m[3] * x + m[4] * y + m[5] * z;
  out[offset + 2] = m[6] * x + m[7] * y + m[8] * z;
  return out;
}

/** Rotation by `angle` about the unit `axis` (Rodrigues). */
export function mat3FromAxisAngle(axis: ArrayLike<number>, angle: number, out: Float64Array = new Float64Array(9)): Float64Array {
  const x = axis[0];
  const y = axis[1];
  const z = axis[2];
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const t = 1 - c;
  out[0] = t * x * x + c;
  out[1] = t * x * y - s * z;
  out[2] = t * x * z + s * y;
  out[3] = t * x * y + s * z;
  out[4] = t * y * y + c;
  out[5] = t * y * z - s * x;
  out[6] = t * x * z - s * y;
  out[7] = t * y * z + s * x;
  out[8] = t * z * z + c;
  return out;
}

/** URDF roll-pitch-yaw: R = Rz(yaw) · Ry(pitch) · Rx(roll). */
export function mat3FromRpy(roll: number, pitch: number, yaw: number): Float64Array {
  const cr = Math.cos(roll);
  const sr = Math.sin(roll);
  const cp = Math.cos(pitch);
  const sp = Math.sin(pitch);
  const cy = Math.cos(yaw);
  const sy = Math.sin(yaw);
  return Float64Array.of(
    cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr,
    sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr,
    -sp, cp * sr, cp * cr,
  );
}

/** Rotation matrix of a quaternion (w, x, y, z); the quaternion is normalised first. */
export function mat3FromQuaternion(q: ArrayLike<number>, out: Float64Array = new Float64Array(9)): Float64Array {
  const n = Math.hypot(q[0], q[1], q[2], q[3]);
  const w = q[0] / n;
  const x = q[1] / n;
  const y = q[2] / n;
  const z = q[3] / n;
  out[0] = 1 - 2 * (y * y + z * z);
  out[1] = 2 * (x * y - w * z);
  out[2] = 2 * (x * z + w * y);
  out[3] = 2 * (x * y + w * z);
  out[4] = 1 - 2 * (x * x + z * z);
  out[5] = 2 * (y * z - w * x);
  out[6] = 2 * (x * z - w * y);
  out[7] = 2 * (y * z + w * x);
  out[8] = 1 - 2 * (x * x + y * y);
  return out;
}

/** Quaternion (w, x, y, z), w ≥ 0, of a rotation matrix (Shepperd's method: divide by the largest term). */
export function quaternionFromMat3(m: ArrayLike<number>, out: Float64Array = new Float64Array(4)): Float64Array {
  const trace = m[0] + m[4] + m[8];
  let w: number;
  let x: number;
  let y: number;
  let z: number;
  if (trace > 0) {
    const s = Math.sqrt(trace + 1) * 2;
    w = 0.25 * s;
    x = (m[7] - m[5]) / s;
    y = (m[2] - m[6]) / s;
    z = (m[3] - m[1]) / s;
  } else if (m[0] > m[4] && m[0] > m[8]) {
    const s = Math.sqrt(1 + m[0] - m[4] - m[8]) * 2;
    w = (m[7] - m[5]) / s;
    x = 0.25 * s;
    y = (m[1] + m[3]) / s;
    z = (m[2] + m[6]) / s;
  } else if (m[4] > m[8]) {
    const s = Math.sqrt(1 + m[4] - m[0] - m[8]) * 2;
    w = (m[2] - m[6]) / s;
    x = (m[1] + m[3]) / s;
    y = 0.25 * s;
    z = (m[5] + m[7]) / s;
  } else {
    const s = Math.sqrt(1 + m[8] - m[0] - m[4]) * 2;
    w = (m[3] - m[1]) / s;
    x = (m[2] + m[6]) / s;
    y = (m[5] + m[7]) / s;
    z = 0.25 * s;
  }
  const k = (w < 0 ? -1 : 1) / Math.hypot(w, x, y, z);
  out[0] = w * k;
  out[1] = x * k;
  out[2] = y * k;
  out[3] = z * k;
  return out;
}

/**
 * The rotation vector (axis × angle, angle in [0, π]) that turns `current` into `desired`, expressed in
 * the world frame: log(desired · currentᵀ). Written at out[offset..offset+2]. Near π the axis is read
 * from the symmetric part, where the antisymmetric part vanishes.
 */
export function rotationError(desired: ArrayLike<number>, current: ArrayLike<number>, out: Float64Array, offset = 0): Float64Array {
  // E = D · Cᵀ, entry (r, c) = Σk D[r,k]·C[c,k]
  const e = (r: number, c: number) => desired[r * 3] * current[c * 3] + desired[r * 3 + 1] * current[c * 3 + 1] + desired[r * 3 + 2] * current[c * 3 + 2];
  const e00 = e(0, 0);
  const e11 = e(1, 1);
  const e22 = e(2, 2);
  const cosAngle = Math.min(1, Math.max(-1, (e00 + e11 + e22 - 1) / 2));
  const angle = Math.acos(cosAngle);
  const wx = e(2, 1) - e(1, 2);
  const wy = e(0, 2) - e(2, 0);
  const wz = e(1, 0) - e(0, 1);
  if (angle < 1e-9) {
    out[offset] = wx / 2;
    out[offset + 1] = wy / 2;
    out[offset + 2] = wz / 2;
    return out;
  }
  const sinAngle = Math.sin(angle);
  if (sinAngle > 1e-6) {
    const k = angle / (2 * sinAngle);
    out[offset] = wx * k;
    out[offset + 1] = wy * k;
    out[offset + 2] = wz * k;
    return out;
  }
  // angle ≈ π: E ≈ 2·a·aᵀ − I; take the column with the largest diagonal.
  let ax = Math.sqrt(Math.max(0, (e00 + 1) / 2));
  let ay = Math.sqrt(Math.max(0, (e11 + 1) / 2));
  let az = Math.sqrt(Math.max(0, (e22 + 1) / 2));
  if (ax >= ay && ax >= az) {
    ay = (e(0, 1) + e(1, 0)) / (4 * ax);
    az = (e(0, 2) + e(2, 0)) / (4 * ax);
  } else if (ay >= az) {
    ax = (e(0, 1) + e(1, 0)) / (4 * ay);
    az = (e(1, 2) + e(2, 1)) / (4 * ay);
  } else {
    ax = (e(0, 2) + e(2, 0)) / (4 * az);
    ay = (e(1, 2) + e(2, 1)) / (4 * az);
  }
  const n = Math.hypot(ax, ay, az);
  out[offset] = (ax / n) * angle;
  out[offset + 1] = (ay / n) * angle;
  out[offset + 2] = (az / n) * angle;
  return out;
}
