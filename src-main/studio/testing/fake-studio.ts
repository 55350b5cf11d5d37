import { SessionClock } from '../clock';
import { ConfigService } from '../config-service';
import { Studio } from '../studio';
import { FakeArmSource } from './fake-source';

/** A studio whose only robot is a FakeArmSource at `hz`, for dispatcher and server tests without MuJoCo. */
export function fakeStudio(hz = 200): { studio: Studio; source: () => FakeArmSource | null } {
  const clock = new SessionClock();
  let source: FakeArmSource | null = null;
  const studio = new Studio({
    shell: 'server',
    version: 'test',
    clock,
    dataRoot: '/tmp/praxis-test-datasets',
    config: new ConfigService('/tmp/praxis-test-config'),
    modelsRoot: '/tmp/praxis-test-models',
    sources: {
      sim: async () => {
        source = new FakeArmSource(clock, hz);
        return source;
      },
    },
  });
  return { studio, source: () => source };
}
