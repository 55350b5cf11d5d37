// The MuJoCo WASM module, loaded once per process. Loading compiles ~10 MB of WebAssembly
// (~100–200 ms), so every SimulatedArm shares one instance; each arm owns its model and data.

import loadMujoco, { type MainModule } from '@mujoco/mujoco';
import { ErrorCodes, PraxisError } from '../api';

export type MujocoModule = MainModule;

let loading: Promise<MujocoModule> | undefined;

export function mujocoLoad(): Promise<MujocoModule> {
  loading ??= loadMujoco().catch((e: unknown) => {
    loading = undefined;
    throw new PraxisError(
      ErrorCodes.SIM_ERROR,
      `Cannot start the MuJoCo physics engine: ${e instanceof Error ? e.message : String(e)}`,
      'Reinstall Praxis Studio; the @mujoco/mujoco package (mujoco.wasm) may be missing or damaged.',
    );
  });
  return loading;
}

/** MuJoCo reports errors as thrown JS Errors whose message starts with "MuJoCo Error:". */
export function mujocoErrorMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/^\s*(Error:\s*)?MuJoCo Error:\s*/, '').trim();
}
