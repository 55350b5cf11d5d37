import { describe, expect, it } from 'vitest';
import { CameraRows } from './camera-rows';

const img = (v: number) => Uint8Array.of(v);

describe('CameraRows', () => {
  it('emits one image per row, holding the last image while the camera is silent', () => {
    const rows = new CameraRows();
    const out = [img(1), undefined, undefined, img(2), undefined].flatMap((i) => rows.row(i).map((x) => x[0]));
    expect(out).toEqual([1, 1, 1, 2, 2]);
  });

  it('backfills rows recorded before the first image with that image', () => {
    const rows = new CameraRows();
    expect(rows.row(undefined)).toEqual([]);
    expect(rows.row(undefined)).toEqual([]);
    expect(rows.started).toBe(false);
    expect(rows.row(img(7)).map((x) => x[0])).toEqual([7, 7, 7]);
    expect(rows.started).toBe(true);
  });
});
