// Child process for the SIGKILL test: streams 100 Hz frames into an episode until it is killed.
// Prints "frames <n> durable <bytes>" after each flush so the parent knows how much is on disk.
import { Dataset } from './dataset';
import { jointState, specFor } from './testing/fixtures';

const dir = process.argv[2];
const ds = await Dataset.openOrCreate(dir, specFor());
const ep = await ds.beginEpisode({ task: 'survive a crash' }); // default 250 ms flush interval
let i = 0;
const start = performance.now();
setInterval(() => {
  // catch up to the 100 Hz grid, as a real fixed-rate loop would
  const due = Math.floor((performance.now() - start) / 10);
  while (i <= due) {
    ep.appendFrame({ timestamp: i / 100, state: jointState(i), action: jointState(i, 0.1) });
    i++;
  }
  process.stdout.write(`frames ${ep.frameCount}\n`);
}, 10);
