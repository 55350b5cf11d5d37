import { expect, test } from '@playwright/test';
import { E2E_TOKEN } from '../playwright.config';
import { canvasLitFraction, openStudio, pixelDifference, snapshot } from './helpers';

test('teleoperates with the keyboard, records two episodes, and replays one in 3D', async ({ page }) => {
  await openStudio(page, E2E_TOKEN);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByTestId('connected-robot')).toContainText('6 joints');
  await expect(page.getByTestId('teleop-rate')).toContainText(/loop \d+ Hz/);

  // Keyboard teleop: holding W raises the shoulder.
  const lift = page.getByTestId('value-1');
  await page.waitForTimeout(800);
  const before = Number.parseFloat((await lift.textContent()) ?? '0');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.down('KeyW');
  await page.waitForTimeout(700);
  await page.keyboard.up('KeyW');
  await page.waitForTimeout(500);
  const after = Number.parseFloat((await lift.textContent()) ?? '0');
  expect(after - before).toBeGreaterThan(0.2);
  await expect(page.getByTestId('teleop-rate')).toContainText('Keyboard');

  // Record two short episodes, jogging the elbow during each.
  await page.getByRole('tab', { name: 'Record' }).click();
  const record = page.locator('.record');
  await record.getByLabel('Dataset').fill('e2e-demos');
  await record.getByLabel('Task').fill('wave the elbow');
  await record.getByLabel('Episodes').fill('2');
  await record.getByLabel('Seconds each').fill('2');
  await record.getByLabel('Reset seconds').fill('1');
  await record.getByRole('button', { name: '● Record' }).click();
  await expect(page.getByTestId('recorder-status')).toContainText('RECORDING');
  await snapshot(page, 'rec-01-recording');
  for (const key of ['KeyE', 'KeyD']) {
    await page.keyboard.down(key);
    await page.waitForTimeout(800);
    await page.keyboard.up(key);
    await page.waitForTimeout(1500);
  }
  await expect(page.getByTestId('recorder-counts')).toContainText('saved 2 episodes', { timeout: 20_000 });
  await expect(page.getByTestId('recorder-status')).toContainText('Teleop');

  // Open the dataset in the episode browser and replay episode 0.
  const episodes = page.locator('.episodes');
  await episodes.getByRole('button', { name: 'Refresh' }).click();
  await episodes.getByLabel('Dataset', { exact: true }).selectOption({ label: 'e2e-demos — 2 episodes' });
  await expect(page.getByTestId('episode-row-1')).toBeVisible();
  await page.getByTestId('episode-row-0').click();
  await expect(page.getByTestId('replay-badge')).toBeVisible();
  await expect(page.getByTestId('timeline-time')).toContainText('frame 1/');
  const canvas = page.getByTestId('scene3d').locator('canvas');
  await page.waitForTimeout(300);
  const start = await snapshot(canvas, 'rec-02-replay-start');

  // Scrub to the end: the pose in 3D changes.
  const timeline = page.getByTestId('timeline');
  await timeline.focus();
  await page.keyboard.press('End');
  await expect(page.getByTestId('timeline-time')).not.toContainText('frame 1/');
  await page.waitForTimeout(300);
  const end = await snapshot(canvas, 'rec-03-replay-end');
  expect(await pixelDifference(page, start, end)).toBeGreaterThan(0.002);

  // The sim camera was recorded as video and is shown synced to the cursor.
  const camera = page.getByTestId('camera-front');
  await expect(camera).toBeVisible();
  await expect.poll(() => canvasLitFraction(camera)).toBeGreaterThan(0.3);

  // Frame stepping with the arrow keys.
  const timeText = await page.getByTestId('timeline-time').textContent();
  await page.locator('.episodes__table').click();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('timeline-time')).not.toHaveText(timeText ?? '');
  await snapshot(page, 'rec-04-browser');
});
