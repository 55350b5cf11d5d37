import { expect, test } from '@playwright/test';
import { E2E_TOKEN } from '../playwright.config';
import { canvasLitFraction, openStudio, snapshot } from './helpers';

test('records a USB webcam (getUserMedia) beside the joints and shows its frames in the episode browser', async ({ page }) => {
  await openStudio(page, E2E_TOKEN);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByTestId('connected-robot')).toContainText('6 joints');
  await page.getByRole('tab', { name: 'Record' }).click();
  const record = page.locator('.record');
  await record.getByLabel('Dataset').fill('e2e-webcam');
  await record.getByLabel('Task').fill('look at the camera');
  await record.getByLabel('Episodes').fill('1');
  await record.getByLabel('Seconds each').fill('2');
  await record.getByLabel('Reset seconds').fill('0');
  await record.getByText("record the sim's front camera").click();
  await record.getByText('record a USB webcam').click();
  await expect(page.getByTestId('webcam-frames')).toHaveText('preview');
  await record.getByRole('button', { name: '● Record' }).click();
  await expect(page.getByTestId('webcam-frames')).toContainText('frames sent');
  await expect(page.getByTestId('recorder-counts')).toContainText('saved 1 episode', { timeout: 30_000 });

  const episodes = page.locator('.episodes');
  await page.getByRole('tab', { name: 'Episodes' }).click();
  await episodes.getByRole('button', { name: 'Refresh' }).click();
  await episodes.getByLabel('Dataset', { exact: true }).selectOption({ label: 'e2e-webcam — 1 episodes' });
  await page.getByTestId('episode-row-0').click();
  const camera = page.getByTestId('camera-webcam');
  await expect(camera).toBeVisible();
  await expect.poll(() => canvasLitFraction(camera)).toBeGreaterThan(0.2);
  await snapshot(page, 'webcam-01-episode');
});
