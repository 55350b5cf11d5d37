import { expect, type Page, test } from '@playwright/test';
import { E2E_TOKEN } from '../playwright.config';
import { openStudio, snapshot } from './helpers';

// Every wait below is on a state; the budget is for a 2-core machine shared with training runs.
test.describe.configure({ timeout: 180_000 });

const JOINTS = ['shoulder_pan', 'shoulder_lift', 'elbow_flex', 'wrist_flex', 'wrist_roll', 'gripper'];

async function connectSim(page: Page): Promise<void> {
  await openStudio(page, E2E_TOKEN);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByTestId('connected-robot')).toContainText('6 joints');
  await expect(page.getByTestId('teleop-rate')).toContainText(/Active: .* loop \d+ Hz/);
  // The live plot's legend names all six joints, position and velocity apart.
  const legend = page.locator('[data-panel="joints"]').getByTestId('plot-legend');
  for (const joint of JOINTS) {
    await expect(legend.getByRole('img', { name: `${joint} position` })).toHaveCount(1);
    await expect(legend.getByRole('img', { name: `${joint} velocity` })).toHaveCount(1);
  }
}

test('Esc stops the whole window: banner, status bar, teleop says why, keys are ignored, release takes a confirmation', async ({ page }) => {
  await connectSim(page);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Escape');

  const banner = page.getByTestId('estop-banner');
  await expect(banner).toContainText('E-STOP ENGAGED');
  await expect(page.getByTestId('statusbar-estop')).toHaveText(/E-STOPPED/);
  await expect(page.getByTestId('teleop-rate')).toContainText('Inactive: the e-stop is engaged');

  // A teleop key is not sent, and the banner says so.
  const lift = page.getByTestId('value-1');
  const before = Number.parseFloat((await lift.textContent()) ?? '0');
  await page.keyboard.down('KeyW');
  await expect(page.getByTestId('estop-ignored')).toContainText('Key W ignored: the e-stop is engaged');
  await page.keyboard.up('KeyW');
  await page.keyboard.press('KeyW');
  await expect(page.getByTestId('estop-ignored')).toContainText('2 key presses');
  const after = Number.parseFloat((await lift.textContent()) ?? '0');
  expect(Math.abs(after - before)).toBeLessThan(0.01);
  await snapshot(page, 'estop-01-engaged');

  // Release is two deliberate clicks: a stray Enter lands on "Keep stopped", and Esc never releases.
  await banner.getByRole('button', { name: 'Release e-stop…' }).click();
  await expect(banner.getByRole('button', { name: 'Keep stopped' })).toBeFocused();
  await snapshot(page, 'estop-02-confirm');
  await page.keyboard.press('Enter');
  await expect(banner.getByRole('button', { name: 'Release e-stop…' })).toBeVisible();
  await expect(banner).toBeVisible();
  await page.getByRole('button', { name: 'E-STOPPED · Release…' }).click();
  await page.keyboard.press('Escape');
  await expect(banner.getByRole('button', { name: 'Release e-stop…' })).toBeVisible();
  await banner.getByRole('button', { name: 'Release e-stop…' }).click();
  await banner.getByRole('button', { name: 'Yes, release' }).click();
  await expect(banner).toBeHidden();
  await expect(page.getByTestId('statusbar-estop')).toBeHidden();
  await expect(page.getByTestId('teleop-rate')).toContainText('Active:');
  await snapshot(page, 'estop-03-released');
});

test('a fresh recording appears in the Train panel without a reload', async ({ page }) => {
  await connectSim(page);
  await page.getByRole('tab', { name: 'Train' }).click();
  const trainDatasets = page.getByLabel('Training dataset');
  await expect(trainDatasets.locator('option', { hasText: 'e2e-fresh' })).toHaveCount(0);

  await page.getByRole('tab', { name: 'Record' }).click();
  const record = page.locator('.record');
  await record.getByLabel('Dataset').fill('e2e-fresh');
  await record.getByLabel('Task').fill('hold still');
  await record.getByLabel('Episodes').fill('1');
  await record.getByLabel('Seconds each').fill('1');
  await record.getByLabel('Reset seconds').fill('0');
  await record.getByRole('button', { name: '● Record' }).click();
  await expect(page.getByTestId('recorder-counts')).toContainText('saved 1 episode', { timeout: 30_000 });

  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(trainDatasets.locator('option', { hasText: 'e2e-fresh (1 episodes)' })).toHaveCount(1);
  // The episode browser follows too.
  await expect(page.locator('.episodes').getByLabel('Dataset', { exact: true }).locator('option', { hasText: 'e2e-fresh — 1 episodes' })).toHaveCount(1);
  await snapshot(page, 'library-01-train-list');

  // Its episode plot names every series: positions, velocities and actions told apart.
  const episodes = page.locator('.episodes');
  await episodes.getByLabel('Dataset', { exact: true }).selectOption({ label: 'e2e-fresh — 1 episodes' });
  await page.getByTestId('episode-row-0').click();
  const legend = episodes.getByTestId('plot-legend');
  for (const joint of JOINTS) {
    for (const series of [`${joint}.pos (state)`, `${joint}.vel (velocity)`, `${joint}.pos (action)`]) {
      await expect(legend.getByRole('img', { name: series, exact: true })).toHaveCount(1);
    }
  }
  await snapshot(page, 'library-02-episode-plot');
});

test('a panel closed with × comes back from the Panels menu', async ({ page }) => {
  await openStudio(page, E2E_TOKEN);
  const tab = page.getByRole('tab', { name: 'Train' });
  await tab.hover();
  await tab.locator('.dv-default-tab-action').click();
  await expect(tab).toHaveCount(0);

  await page.getByRole('button', { name: 'Panels ▾' }).click();
  const item = page.getByRole('menuitemcheckbox', { name: /Train/ });
  await expect(item).toHaveAttribute('aria-checked', 'false');
  await snapshot(page, 'panels-01-picker');
  await item.click();
  await expect(page.getByRole('tab', { name: 'Train' })).toHaveCount(1);
  await expect(page.getByLabel('Training dataset')).toBeVisible();
  await page.getByRole('button', { name: 'Panels ▾' }).click();
  await expect(page.getByRole('menuitemcheckbox', { name: /Train/ })).toHaveAttribute('aria-checked', 'true');
});

test('a failing call shows its code, message and next step beside the control and in the status bar', async ({ page }) => {
  await openStudio(page, E2E_TOKEN);
  await page.getByText('Serial port by path…').click();
  await page.getByTestId('serial-port').fill('/nonexistent/praxis-port');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  const notice = page.locator('.connect').getByTestId('error-notice');
  await expect(notice).toHaveAttribute('data-code', /PORT_NOT_FOUND|PORT_PERMISSION|PORT_CLOSED/);
  await expect(notice.locator('.hint')).not.toBeEmpty();
  const status = page.getByTestId('statusbar-failure');
  await expect(status).toContainText('Connect failed:');
  await expect(status).toContainText(/PORT_/);
  await snapshot(page, 'failure-01-connect');
  await status.getByRole('button', { name: 'Dismiss failure' }).click();
  await expect(status).toBeHidden();
});
