import { expect, test } from '@playwright/test';
import { E2E_TOKEN } from '../playwright.config';
import { changedSnapshot, jointValue, openStudio, pixelDifference, settledJointValue, snapshot } from './helpers';

test('connects the simulated arm, moves a joint with its slider, and the value, plot and 3D view follow', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await openStudio(page, E2E_TOKEN);
  await expect(page.getByText('Simulated SO-101 arm', { exact: true })).toBeVisible();
  await expect(page.getByTestId('statusbar')).toContainText('studio');
  await snapshot(page, '01-start');

  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByTestId('connected-robot')).toContainText('6 joints');
  await expect(page.getByTestId('robot-connection')).toHaveText('robot: connected');
  // The stream runs at ≥100 Hz, as the status bar measures it.
  await expect
    .poll(async () => Number((await page.getByTestId('rate').textContent())?.replace(/[^0-9.]/g, '')), { timeout: 10_000 })
    .toBeGreaterThanOrEqual(100);

  const canvas = page.getByTestId('scene3d').locator('canvas');
  const plot = page.getByTestId('joint-plot');
  const elbowValue = page.getByTestId('value-2');
  await settledJointValue(elbowValue); // the arm has settled at home
  const before = { value: await elbowValue.textContent(), canvas: await snapshot(canvas, '02-scene-before'), plot: await snapshot(plot, '02-plot-before') };

  // Drag the elbow slider as a person would: focus it and press keys, then set it far with the mouse.
  const slider = page.getByTestId('slider-elbow_flex');
  const box = await slider.boundingBox();
  if (!box) throw new Error('elbow slider not laid out');
  await page.mouse.click(box.x + box.width * 0.85, box.y + box.height / 2);

  // The value, the 3D view and the plot follow: each is waited for until it shows the move.
  const radBefore = Number.parseFloat(before.value ?? '0');
  await expect.poll(async () => Math.abs((await jointValue(elbowValue)) - radBefore)).toBeGreaterThan(0.3);
  const after = {
    value: await elbowValue.textContent(),
    canvas: await changedSnapshot(page, canvas, before.canvas, '03-scene-after'),
    plot: await changedSnapshot(page, plot, before.plot, '03-plot-after'),
  };
  await snapshot(page, '04-moved');

  expect(after.value).not.toEqual(before.value);
  expect(await pixelDifference(page, before.canvas, after.canvas)).toBeGreaterThan(0.002);
  expect(await pixelDifference(page, before.plot, after.plot)).toBeGreaterThan(0.002);
  expect(consoleErrors).toEqual([]);
});

test('a page without the session token is refused with a readable reason', async ({ page }) => {
  await page.goto('/#token=wrong');
  await expect(page.getByTestId('statusbar')).toContainText(/token/i);
  await snapshot(page, '05-wrong-token');
});
