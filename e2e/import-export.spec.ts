import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_TOKEN } from '../playwright.config';
import { changedSnapshot, openStudio, pixelDifference, settledSnapshot, snapshot } from './helpers';

test('imports a LeRobot v3 dataset from elsewhere and exports an episode as MCAP, with progress', async ({ page }) => {
  // A dataset outside the studio's data folder, as one downloaded or recorded by another tool would be.
  const elsewhere = join(mkdtempSync(join(tmpdir(), 'praxis-elsewhere-')), 'pick_demos');
  const r = spawnSync(process.execPath, ['bin/praxis.mjs', 'record', '--robot', 'sim', '--teleop', 'scripted', '--episodes', '2', '--seconds', '3', '--dataset', elsewhere], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);

  await openStudio(page, E2E_TOKEN);
  const episodes = page.locator('.episodes');
  await episodes.getByRole('button', { name: 'Import…' }).click();
  await episodes.getByLabel('Dataset to import').fill('/nonexistent/dataset');
  await episodes.getByLabel('Import as').fill('broken');
  await episodes.getByRole('button', { name: 'Import', exact: true }).click();
  // A wrong path fails as a job with the reason and what to do.
  await expect(page.getByTestId('jobs')).toContainText('No LeRobot dataset at /nonexistent/dataset');

  await episodes.getByLabel('Dataset to import').fill(elsewhere);
  await episodes.getByLabel('Import as').fill('imported-demos');
  await episodes.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('jobs')).toContainText('Import imported-demos');
  await expect(page.getByTestId('jobs')).toContainText(/done: .*imported-demos/, { timeout: 60_000 });

  await episodes.getByLabel('Dataset', { exact: true }).selectOption({ label: 'imported-demos — 2 episodes' });
  await page.getByTestId('episode-row-1').click();
  // No robot is connected: the replay draws the dataset's own robot, and scrubbing moves it.
  const canvas = page.getByTestId('scene3d').locator('canvas');
  await expect(page.getByTestId('replay-badge')).toBeVisible();
  const start = await settledSnapshot(page, canvas, 'import-export-00-replay-start');
  await page.getByTestId('timeline').fill('60');
  const later = await changedSnapshot(page, canvas, start, 'import-export-00-replay-later');
  expect(await pixelDifference(page, start, later)).toBeGreaterThan(0.002);
  await episodes.getByRole('button', { name: 'Export MCAP' }).click();
  await expect(page.getByTestId('jobs')).toContainText(/done: .*imported-demos-episode-0001\.mcap/, { timeout: 60_000 });
  await snapshot(page, 'import-export-01');
});
