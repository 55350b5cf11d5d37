import { expect, test } from '@playwright/test';
import { E2E_TOKEN } from '../playwright.config';
import { jointValue, openStudio, settledJointValue, snapshot } from './helpers';

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
  const before = [await settledJointValue(pan), await settledJointValue(lift)];
  await snapshot(page, 'gizmo-01-before');

  // Grab the free-move handle at the gizmo's centre and drag the tool sideways and up.
  await page.mouse.move(box.x + x, box.y + y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + x - 8 * i, box.y + y - 5 * i);
  await page.mouse.up();

  const moved = async () => Math.abs((await jointValue(pan)) - before[0]) + Math.abs((await jointValue(lift)) - before[1]);
  await expect.poll(moved).toBeGreaterThan(0.05);
  await snapshot(page, 'gizmo-02-after');
});
