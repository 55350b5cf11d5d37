import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_DATA_DIR, E2E_TOKEN } from '../playwright.config';
import { changedSnapshot, openStudio, pixelDifference, settledSnapshot, snapshot } from './helpers';

test.describe('training from the Train panel', () => {
  test.beforeAll(() => {
    // Scripted demonstrations from the headless recorder: the same data path the CLI user takes.
    const r = spawnSync(
      process.execPath,
      ['bin/praxis.mjs', 'record', '--robot', 'sim', '--teleop', 'scripted', '--episodes', '8', '--seconds', '6', '--fps', '30', '--dataset', join(E2E_DATA_DIR, 'datasets', 'train-demos')],
      { encoding: 'utf8', timeout: 180_000 },
    );
    if (r.status !== 0) throw new Error(`praxis record failed: ${r.stderr || r.stdout}`);
  });

  test('starts a short run, watches the loss curve and a checkpoint appear, then previews a prediction in 3D', async ({ page }) => {
    test.setTimeout(240_000);
    await openStudio(page, E2E_TOKEN);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByTestId('connected-robot')).toContainText('6 joints');

    await page.getByRole('tab', { name: 'Train' }).click();
    const train = page.locator('.train');
    await train.getByLabel('Training dataset').selectOption({ label: 'train-demos (8 episodes)' });
    await train.getByLabel('Preset').selectOption('tiny');
    await train.getByLabel('Run name').fill('e2e-run');
    await train.getByLabel('Steps', { exact: true }).fill('120');
    await train.getByRole('button', { name: 'Start training' }).click();
    await expect(page.getByTestId('train-status')).toContainText('e2e-run');
    await expect(page.getByTestId('loss-chart')).toBeVisible({ timeout: 60_000 });
    const firstStep = Number((await page.getByTestId('train-step').textContent())?.match(/step (\d+)/)?.[1] ?? 0);
    await expect.poll(async () => Number((await page.getByTestId('train-step').textContent())?.match(/step (\d+)/)?.[1] ?? 0), { timeout: 60_000 }).toBeGreaterThan(firstStep);
    await snapshot(page, 'train-01-running');
    await expect(page.getByTestId('checkpoints')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('train-status')).toContainText('Finished', { timeout: 150_000 });
    await expect(page.getByTestId('diagnostics')).toBeVisible();
    await snapshot(page, 'train-02-finished');
    // A checkpoint exports as a model folder, as a job with progress.
    await page.getByTestId('checkpoints').getByRole('button', { name: 'Export' }).first().click();
    await expect(page.getByTestId('jobs')).toContainText(/done: .*e2e-run-/, { timeout: 60_000 });

    // Open an episode, put the cursor a second in, and preview the model's prediction from there.
    const episodes = page.locator('.episodes');
    await page.getByRole('tab', { name: 'Episodes' }).click();
    await episodes.getByRole('button', { name: 'Refresh' }).click();
    await episodes.getByLabel('Dataset', { exact: true }).selectOption({ label: 'train-demos — 8 episodes' });
    await page.getByTestId('episode-row-2').click();
    const timeline = page.getByTestId('timeline');
    await timeline.fill('40');
    await expect(page.getByTestId('timeline-time')).toContainText('frame 41/');
    const canvas = page.getByTestId('scene3d').locator('canvas');
    const without = await settledSnapshot(page, canvas, 'train-03-before-preview');

    await page.getByRole('tab', { name: 'Train' }).click();
    await train.getByLabel('Model').selectOption({ label: 'e2e-run' });
    await train.getByLabel('Steps ahead').fill('5');
    await train.getByRole('button', { name: 'Preview prediction' }).click();
    await expect(page.getByTestId('preview-result')).toContainText('step 1/5');
    await expect(page.getByTestId('ghost-badge')).toBeVisible();
    await train.getByLabel('Prediction step').fill('4');
    await expect(page.getByTestId('preview-result')).toContainText('step 5/5');
    const withGhost = await changedSnapshot(page, canvas, without, 'train-04-ghost');
    expect(await pixelDifference(page, without, withGhost)).toBeGreaterThan(0.002);
    await snapshot(page, 'train-05-preview');
  });

  test("fine-tunes the shipped base model's dynamics on the recorded demonstrations", async ({ page }) => {
    test.setTimeout(180_000);
    await openStudio(page, E2E_TOKEN);
    await page.getByRole('tab', { name: 'Train' }).click();
    const train = page.locator('.train');
    await train.getByLabel('Training dataset').selectOption({ label: 'train-demos (8 episodes)' });
    await train.getByLabel('Run name').fill('e2e-finetune');
    const steps = train.getByLabel('Steps', { exact: true });
    await expect(steps).toHaveAttribute('placeholder', /^preset \(\d+\)$/);
    const encoderToo = train.getByLabel(/Train the encoder too/);
    await expect(encoderToo).toHaveCount(0);
    await train.getByLabel('Fine-tune from').selectOption({ label: 'sim-arm (shipped base model)' });
    await expect(encoderToo).not.toBeChecked();
    await expect(steps).toHaveAttribute('placeholder', 'fine-tune recipe');
    await steps.fill('40');
    // A learning rate that wrecks the dynamics: whatever the data, this run cannot beat the base model.
    await train.getByLabel('Learning rate').fill('0.5');
    await train.getByRole('button', { name: 'Start training' }).click();
    await expect(page.getByTestId('train-fine-tune')).toContainText('fine-tuning the dynamics of sim-arm', { timeout: 60_000 });
    await expect(page.getByTestId('train-status')).toContainText('Finished', { timeout: 150_000 });
    // The base model is scored before the first step, beside both baselines, in the 48-wide latent it keeps.
    await expect(page.getByTestId('diagnostics')).toContainText('/ 48');
    // The run did not beat the base model: the panel says so in red, nothing is exported, and sim-arm stays
    // the model to use — no green "Finished" over a copy of it.
    const verdict = page.getByTestId('train-finished');
    await expect(verdict).toHaveClass(/inline-error/);
    await expect(verdict).toContainText('without a model worth using');
    await expect(verdict).toContainText(/sim-arm stays the model to use/);
    await expect(train.getByLabel('Model').locator('option', { hasText: 'e2e-finetune' })).toHaveCount(0);
    await snapshot(page, 'train-06-finetuned');
  });
});
