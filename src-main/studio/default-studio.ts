import { homedir } from 'node:os';
import { join } from 'node:path';
import { type PraxisErrorData, toErrorData } from '../api';
import { BUILTIN_PROFILES, listPorts } from '../robot';
import { ConfigService } from './config-service';
import type { SessionClock } from './clock';
import { SerialSource } from './serial-source';
import { SimSource } from './sim-source';
import { Studio } from './studio';

export interface DefaultStudioOptions {
  shell: 'electron' | 'server';
  version: string;
  /** The folder holding robots/ (resources/ in the checkout, process.resourcesPath in a packaged app). */
  resourcesDir?: string;
  clock?: SessionClock;
  /** Where datasets live; PRAXIS_DATA_DIR or ~/PraxisStudio/datasets by default. */
  dataRoot?: string;
  /** Where custom robot profiles live; PRAXIS_CONFIG_DIR or ~/PraxisStudio/config by default. */
  configRoot?: string;
  /** Where training runs go; PRAXIS_MODELS_DIR or ~/PraxisStudio/models by default. */
  modelsRoot?: string;
  /** The models/ folder shipped with the studio. */
  shippedModels?: string;
}

export function defaultModelsRoot(): string {
  return process.env.PRAXIS_MODELS_DIR ?? join(homedir(), 'PraxisStudio', 'models');
}

export function defaultConfigRoot(): string {
  return process.env.PRAXIS_CONFIG_DIR ?? join(homedir(), 'PraxisStudio', 'config');
}

export function defaultDataRoot(): string {
  return process.env.PRAXIS_DATA_DIR ?? join(homedir(), 'PraxisStudio', 'datasets');
}

/**
 * What both shells do at start: connect the built-in simulated arm, so the app opens on a robot that moves
 * (the README's promise). A failure is not fatal — the studio still serves, the robot status carries the
 * coded error for the UI — and is returned, for the shell to print.
 */
export async function studioConnectSim(studio: Studio): Promise<PraxisErrorData | null> {
  try {
    await studio.robot.connect({ kind: 'sim', model: 'so101' });
    return null;
  } catch (e) {
    return toErrorData(e);
  }
}

/** The studio as both shells run it: the simulator always available, real robots where found. */
export function createStudio(options: DefaultStudioOptions): Studio {
  const config = new ConfigService(options.configRoot ?? defaultConfigRoot());
  const allProfiles = async () => ({ ...BUILTIN_PROFILES, ...(await config.customProfiles()) });
  return new Studio({
    config,
    shell: options.shell,
    version: options.version,
    clock: options.clock,
    dataRoot: options.dataRoot ?? defaultDataRoot(),
    modelsRoot: options.modelsRoot ?? defaultModelsRoot(),
    shippedModels: options.shippedModels,
    resourcesDir: options.resourcesDir,
    sources: {
      sim: (_request, clock) => SimSource.create(clock, options.resourcesDir),
      serial: async (request, clock) => SerialSource.create(request, clock, await allProfiles(), options.resourcesDir, join(config.root, 'calibration')),
      profileMap: allProfiles,
      listPorts: async () =>
        (await listPorts()).map((p) => ({ kind: 'serial' as const, id: `serial:${p.path}`, displayName: p.path, detail: p.hint })),
      profiles: async () =>
        Object.entries(await allProfiles()).map(([id, p]) => ({ id, displayName: p.displayName, protocol: p.protocol, role: p.role, baudRate: p.baudRate })),
    },
  });
}
