import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

export const ARTIFACTS = join(process.cwd(), 'e2e', 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

/** Save a screenshot as a kept artifact (e2e/artifacts/NAME.png) and return its bytes. */
export async function snapshot(target: Page | Locator, name: string): Promise<Buffer> {
  return target.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** Fraction of bytes that differ between two screenshots of the same size (PNG bytes compared raw is
 * too strict across encoders, so compare decoded pixels in the page). */
export async function pixelDifference(page: Page, a: Buffer, b: Buffer): Promise<number> {
  return page.evaluate(
    async ([a64, b64]) => {
      const load = async (b64: string) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext('2d');
        if (!ctx) throw new Error('no 2d context');
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, c.width, c.height).data;
      };
      const [pa, pb] = await Promise.all([load(a64), load(b64)]);
      if (pa.length !== pb.length) return 1;
      let changed = 0;
      for (let i = 0; i < pa.length; i += 4) {
        if (Math.abs(pa[i] - pb[i]) + Math.abs(pa[i + 1] - pb[i + 1]) + Math.abs(pa[i + 2] - pb[i + 2]) > 24) changed++;
      }
      return changed / (pa.length / 4);
    },
    [a.toString('base64'), b.toString('base64')] as const,
  );
}

/**
 * Open the studio with its token and start from no robot: the specs share one `praxis serve`, and a
 * robot left connected by an earlier spec would change what the page shows.
 */
export async function openStudio(page: Page, token: string): Promise<void> {
  await page.goto(`/#token=${token}`);
  // Wait until the studio has reported the robot's state, then for the panel to show its button.
  await page.locator('[data-testid="robot-connection"][data-known="true"]').waitFor();
  await page.getByRole('button', { name: /^(Connect|Disconnect)$/ }).first().waitFor();
  const disconnect = page.getByRole('button', { name: 'Disconnect', exact: true });
  if (await disconnect.isVisible()) {
    await disconnect.click();
    await page.getByTestId('robot-connection').filter({ hasText: 'robot: disconnected' }).waitFor();
  }
}

/** Fraction of a canvas's pixels that are not near-black: has a camera view drawn an image yet? */
export async function canvasLitFraction(canvas: Locator): Promise<number> {
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d');
    if (!ctx || c.width === 0) return 0;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let lit = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] > 60) lit++;
    return lit / (d.length / 4);
  });
}

// Waits for states, never for a while: on a busy machine the arm settles and the 3D view redraws
// late, not never. expect.poll re-reads until the state holds (or its timeout fails the test).

/** The number a joint's value cell shows (radians). */
export async function jointValue(cell: Locator): Promise<number> {
  return Number.parseFloat((await cell.textContent()) ?? '');
}

/** Waits until a joint's value reads the same twice in a row (the arm has settled) and returns it. */
export async function settledJointValue(cell: Locator): Promise<number> {
  let last = Number.NaN;
  await expect
    .poll(
      async () => {
        const now = await jointValue(cell);
        const same = now === last;
        last = now;
        return same;
      },
      { intervals: [250], timeout: 30_000 },
    )
    .toBe(true);
  return last;
}

/**
 * Waits until two screenshots in a row differ by less than `threshold` (the view has finished drawing:
 * less than what changedSnapshot calls a change) and returns the last.
 */
export async function settledSnapshot(page: Page, target: Page | Locator, name: string, threshold = 0.002): Promise<Buffer> {
  let last = await snapshot(target, name);
  await expect
    .poll(
      async () => {
        const now = await snapshot(target, name);
        const difference = await pixelDifference(page, last, now);
        last = now;
        return difference;
      },
      { intervals: [200], timeout: 30_000 },
    )
    .toBeLessThan(threshold);
  return last;
}

/** Waits until a screenshot differs from `before` by more than `threshold` and returns it: the view has redrawn. */
export async function changedSnapshot(page: Page, target: Page | Locator, before: Buffer, name: string, threshold = 0.002): Promise<Buffer> {
  let after = before;
  await expect
    .poll(
      async () => {
        after = await snapshot(target, name);
        return pixelDifference(page, before, after);
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(threshold);
  return after;
}
