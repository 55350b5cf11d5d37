import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectronBinary } from '../src-main/cli/electron-binary';
import { settledJointValue, snapshot } from './helpers';

const root = process.cwd();
const binary = findElectronBinary(root);

test.describe('desktop app (Electron)', () => {
  test.skip(!binary, 'No Electron binary on this machine (it cannot be downloaded here); set ELECTRON_OVERRIDE_DIST_PATH to run this spec.');

  test('connects the simulated arm and moves a joint with its slider', async () => {
    const app = await electron.launch({ executablePath: binary ?? undefined, args: [join(root)] });
    const page = await app.firstWindow();
    // The sandboxed preload exposes the bridge and nothing of Node.
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (window as unknown as { praxisBridge?: unknown }).praxisBridge)).toBe('object');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByTestId('connected-robot')).toContainText('6 joints');
    const value = page.getByTestId('value-2');
    await settledJointValue(value);
    const before = await value.textContent();
    const slider = page.getByTestId('slider-elbow_flex');
    const box = await slider.boundingBox();
    if (!box) throw new Error('slider not laid out');
    await page.mouse.click(box.x + box.width * 0.85, box.y + box.height / 2);
    await expect.poll(async () => value.textContent(), { timeout: 5000 }).not.toEqual(before);
    await snapshot(page, 'electron-moved');
    await app.close();
  });
});
