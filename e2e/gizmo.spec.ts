import { expect, test } from '@playwright/test';
import { E2E_TOKEN } from '../playwright.config';
import { openStudio, snapshot } from './helpers';

test('drags the end-effector gizmo in 3D and the arm follows through IK', async ({ page }) => {
  await openStudio(page, E2E_TOKEN);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByTestId('connected-robot')).toContainText('6 joints');
  await page.locator('.teleop__sources').getByText('3D gizmo').click();
  await expect(page.getByTestId('teleop-rate')).toContainText('3D gizmo');

  const scene = page.getByTestId('scene3d');
  await expect.poll(async () => (await scene.getAttribute('data-gizmo-xy')) ?? '').not.toBe('');
  const [x, y] = ((await scene.getAttribute('data-gizmo-xy')) ?? '0,0').split(',').map(Number);
  const box = await scene.boundingBox();
  if (!box) throw new Error('scene not laid out');
  const pan = page.getByTestId('value-0');
  const lift = page.getByTestId('value-1');
  await page.waitForTimeout(500);
  const before = [Number.parseFloat((await pan.textContent()) ?? '0'), Number.parseFloat((await lift.textContent()) ?? '0')];
  await snapshot(page, 'gizmo-01-before');

  // Grab the free-move handle at the gizmo's centre and drag the tool sideways and up.
  await page.mouse.move(box.x + x, box.y + y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + x - 8 * i, box.y + y - 5 * i);
  await page.mouse.up();
  await page.waitForTimeout(1500);

  const after = [Number.parseFloat((await pan.textContent()) ?? '0'), Number.parseFloat((await lift.textContent()) ?? '0')];
  const moved = Math.abs(after[0] - before[0]) + Math.abs(after[1] - before[1]);
  expect(moved).toBeGreaterThan(0.05);
  await snapshot(page, 'gizmo-02-after');
});
