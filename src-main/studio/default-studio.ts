import type { SessionClock } from './clock';
import { SimSource } from './sim-source';
import { Studio } from './studio';

export interface DefaultStudioOptions {
  shell: 'electron' | 'server';
  version: string;
  /** The folder holding robots/ (resources/ in the checkout, process.resourcesPath in a packaged app). */
  resourcesDir?: string;
  clock?: SessionClock;
}

/** The studio as both shells run it: the simulator always available, real robots where found. */
export function createStudio(options: DefaultStudioOptions): Studio {
  return new Studio({
    shell: options.shell,
    version: options.version,
    clock: options.clock,
    sources: {
      sim: (_request, clock) => SimSource.create(clock, options.resourcesDir),
    },
  });
}
