import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_TOKEN } from '../playwright.config';
import { openStudio, settledJointValue, snapshot } from './helpers';

const hasSocat = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;

/** Resolves when `child` prints a line matching `ready` on `stream` (it keeps draining it); rejects if it exits first. */
function saysReady(child: ChildProcess, stream: 'stdout' | 'stderr', ready: RegExp, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let said = '';
    const exited = (code: number | null) => reject(new Error(`${name} exited (${code}) before it was ready: ${said.trim()}`));
    child[stream]?.on('data', (d: Buffer) => {
      said += d;
      if (!ready.test(said)) return;
      child.off('exit', exited);
      resolve();
    });
    child.once('exit', exited);
  });
}

test.describe('the simulated arm over the real serial path', () => {
  test.skip(!hasSocat, 'socat is not installed (apt-get install socat); it makes the pty pair this spec talks over.');
  const dir = mkdtempSync(join(tmpdir(), 'praxis-pty-'));
  const armEnd = join(dir, 'arm');
  const hostEnd = join(dir, 'host');
  let socat: ChildProcess | null = null;
  let sim: ChildProcess | null = null;

  test.beforeAll(async () => {
    // Each process says when it is ready; the spec waits for their words, not for a while.
    socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${armEnd}`, `pty,raw,echo=0,link=${hostEnd}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    await saysReady(socat, 'stderr', /starting data transfer loop/, 'socat');
    sim = spawn(process.execPath, ['bin/praxis.mjs', 'sim', '--serial', armEnd, '--protocol', 'feetech'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await saysReady(sim, 'stdout', /Serving a simulated/, 'praxis sim');
  });

  test.afterAll(() => {
    sim?.kill('SIGINT');
    socat?.kill();
  });

  test('connects from the Connect panel through the Feetech driver and moves a joint', async ({ page }) => {
    await openStudio(page, E2E_TOKEN);
    await page.getByText('Serial port by path…').click();
    await page.getByTestId('serial-port').fill(hostEnd);
    await page.getByTestId('serial-profile').selectOption('so101_follower');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByTestId('connected-robot')).toContainText(`SO-101`);
    await expect(page.getByTestId('connected-robot')).toContainText(hostEnd);
    await expect(page.getByTestId('robot-connection')).toHaveText('robot: connected');

    const value = page.getByTestId('value-2');
    const before = await settledJointValue(value);
    const slider = page.getByTestId('slider-elbow_flex');
    const box = await slider.boundingBox();
    if (!box) throw new Error('slider not laid out');
    await page.mouse.click(box.x + box.width * 0.8, box.y + box.height / 2);
    await expect.poll(async () => Math.abs(Number.parseFloat((await value.textContent()) ?? '0') - before), { timeout: 10_000 }).toBeGreaterThan(0.3);
    await snapshot(page, 'serial-01-moved');

    // The calibration wizard drives the same bus: torque off, then the middle-pose step; cancelling restores.
    await page.getByRole('tab', { name: 'Calibrate' }).click();
    const wizard = page.locator('.calibrate');
    await expect(wizard).toContainText('never calibrated here');
    await wizard.getByRole('button', { name: 'Begin calibration' }).click();
    await expect(wizard).toContainText('2 · Middle pose');
    await wizard.getByRole('button', { name: 'Capture middle pose' }).click();
    await expect(page.getByTestId('calibration-sweep')).toContainText('shoulder_pan');
    await snapshot(page, 'serial-02-calibration-sweep');
    await wizard.getByRole('button', { name: 'Finish and save' }).click();
    // Nobody moved the joints: finishing is refused, naming them.
    await expect(wizard.getByRole('alert')).toContainText('not moved through their range');
    await wizard.getByRole('button', { name: /Cancel/ }).click();
    await expect(wizard).toContainText('1 · Torque off');
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect(page.getByTestId('robot-connection')).toHaveText('robot: disconnected');
  });
});
