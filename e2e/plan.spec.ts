import { expect, type Page, test } from '@playwright/test';
import { E2E_TOKEN } from '../playwright.config';
import { openStudio, snapshot } from './helpers';

// Planning takes seconds per plan on a busy two-core machine (the shipped model, CEM): wait on states, long.
const PLAN_WAIT = 180_000;

async function connectAndOpenPlan(page: Page) {
  await openStudio(page, E2E_TOKEN);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByTestId('connected-robot')).toContainText('6 joints');
  await page.getByRole('tab', { name: 'Plan' }).click();
  return page.locator('.plan-panel');
}

/** The tool's distance to the goal the Plan panel shows, cm. */
async function toolErrorCm(page: Page): Promise<number> {
  const text = (await page.getByTestId('plan-progress').textContent()) ?? '';
  const m = /tool ([\d.]+) cm/.exec(text);
  return m ? Number(m[1]) : Number.NaN;
}

test('drag a goal in 3D, plan, step through the ghost, refuse a plan into a keep-out box, execute to the goal', async ({ page }) => {
  test.setTimeout(600_000);
  const plan = await connectAndOpenPlan(page);
  await plan.getByRole('button', { name: 'Drag goal in 3D' }).click();

  // Grab the gizmo's free-move handle and drag the goal sideways and up.
  const scene = page.getByTestId('scene3d');
  await expect.poll(async () => (await scene.getAttribute('data-gizmo-xy')) ?? '').not.toBe('');
  const [x, y] = ((await scene.getAttribute('data-gizmo-xy')) ?? '0,0').split(',').map(Number);
  const box = await scene.boundingBox();
  if (!box) throw new Error('scene not laid out');
  await page.mouse.move(box.x + x, box.y + y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + x - 6 * i, box.y + y - 4 * i);
  await page.mouse.up();
  await expect(page.getByTestId('plan-goal')).toContainText('ee goal', { timeout: 30_000 });
  await plan.getByRole('button', { name: 'Done dragging' }).click();
  await snapshot(page, 'plan-01-goal');

  await plan.getByRole('button', { name: 'Plan', exact: true }).click();
  await expect(page.getByTestId('plan-step')).toHaveText(/step 1 of \d+/, { timeout: PLAN_WAIT });
  await expect(page.getByTestId('plan-phase')).toHaveAttribute('data-phase', 'idle');
  await expect(page.getByTestId('plan-step-details')).toContainText('total');
  const ghosts: string[] = [(await scene.getAttribute('data-plan-ghost')) ?? ''];
  expect(ghosts[0]).not.toBe('');
  await snapshot(page, 'plan-02-planned');

  // Step the timeline three steps forward: the ghost moves along the plan.
  for (let s = 2; s <= 4; s++) {
    await plan.getByRole('button', { name: 'Step forward' }).click();
    await expect(page.getByTestId('plan-step')).toHaveText(new RegExp(`step ${s} of`));
    await expect.poll(async () => (await scene.getAttribute('data-plan-ghost')) ?? '').not.toBe(ghosts.at(-1));
    ghosts.push((await scene.getAttribute('data-plan-ghost')) ?? '');
  }
  expect(new Set(ghosts).size).toBe(4);
  await snapshot(page, 'plan-03-ghost-step-4');

  // A keep-out box around the goal: the plan into it is refused, and the refusal names the box.
  await plan.getByRole('button', { name: 'Keep out a box at the goal, and plan' }).click();
  await expect(page.getByTestId('plan-refusal')).toContainText("keep-out zone 'box 1 around the goal'", { timeout: PLAN_WAIT });
  await expect(page.getByTestId('plan-phase')).toHaveAttribute('data-phase', 'refused');
  await snapshot(page, 'plan-04-refused');
  await plan.getByRole('button', { name: 'Clear keep-out boxes' }).click();
  await expect(page.getByTestId('plan-refusal')).toHaveCount(0, { timeout: PLAN_WAIT });

  // Execute closed-loop: the arm approaches the goal.
  const before = await toolErrorCm(page);
  await plan.getByRole('button', { name: 'Run closed-loop' }).click();
  await expect(page.getByTestId('plan-phase')).toHaveAttribute('data-phase', /reached|stopped/, { timeout: PLAN_WAIT * 2 });
  const after = await toolErrorCm(page);
  expect(after).toBeLessThan(before / 2);
  await snapshot(page, 'plan-05-executed');
});

test('a disturbance during execution stops the arm with the surprise shown', async ({ page }) => {
  test.setTimeout(600_000);
  const plan = await connectAndOpenPlan(page);
  await plan.getByLabel('Goal joints').fill('0.6, -0.1, 0.2, 1.0, 0, 0.3');
  await plan.getByRole('button', { name: 'Set joints' }).click();
  await expect(page.getByTestId('plan-goal')).toContainText('joints goal');
  await plan.getByRole('button', { name: 'Run closed-loop' }).click();
  await expect(page.getByTestId('plan-phase')).toContainText(/[1-9]\d* blocks executed/, { timeout: PLAN_WAIT });

  // Disturb the sim mid-plan: the scene resets (arm home, cube back) under the executing plan.
  const phase = page.getByTestId('plan-phase');
  await expect(phase).toHaveAttribute('data-phase', 'executing');
  const executedBefore = Number(await phase.getAttribute('data-blocks'));
  await page.getByRole('button', { name: 'Reset scene' }).click();
  const stop = page.getByTestId('plan-stop');
  await expect(stop).toHaveAttribute('data-code', 'surprise', { timeout: PLAN_WAIT });
  // The surprise is the disturbance's, not an ordinary block's: it comes at or after the block the reset fell in.
  expect(Number(await stop.getAttribute('data-block'))).toBeGreaterThanOrEqual(executedBefore);
  await expect(stop).toContainText('Holding position');
  await expect(page.getByTestId('plan-phase')).toHaveAttribute('data-phase', 'stopped');
  await expect(page.getByTestId('surprise-strip').locator('span.over')).toHaveCount(1);
  await snapshot(page, 'plan-06-surprise');
});
