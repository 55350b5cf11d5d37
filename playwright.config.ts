import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// The UI runs in Debian's Chromium against `praxis serve` (the headless shell): the Electron binary
// cannot be downloaded on build machines. e2e/electron.spec.ts drives the desktop app where one exists.
const chromium = process.env.PRAXIS_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
// PRAXIS_E2E_PORT lets two checkouts on one machine run their e2e suites side by side.
export const E2E_PORT = Number(process.env.PRAXIS_E2E_PORT ?? 8799);
export const E2E_TOKEN = 'e2e-session-token';
// A fresh data folder per run, shared with the test workers through the environment.
process.env.PRAXIS_E2E_DATA ??= mkdtempSync(join(tmpdir(), 'praxis-e2e-'));
export const E2E_DATA_DIR = process.env.PRAXIS_E2E_DATA;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  // No retries, in CI either: a spec that passes only on its second try is a flake to fix, and a retry
  // would report it green. The specs wait for states, so a slow machine is not a reason to retry.
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        // A synthetic camera (a test pattern) so webcam recording is tested without hardware.
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
      ],
    },
  },
  webServer: {
    command: `node bin/praxis.mjs serve --port ${E2E_PORT} --no-open --token ${E2E_TOKEN} --data-dir ${E2E_DATA_DIR}/datasets --config-dir ${E2E_DATA_DIR}/config --models-dir ${E2E_DATA_DIR}/models`,
    url: `http://127.0.0.1:${E2E_PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
