import { describe, expect, it } from 'vitest';
import { PushedCamera, simCamera } from './cameras';
import { FrameBuilder } from './frame-builder';
import { observationCreate, observationLayout } from './observation';

const frame = (w: number, h: number, fill = 0) => ({ width: w, height: h, data: new Uint8Array(w * h * 3).fill(fill) });

describe('PushedCamera (the renderer’s webcam)', () => {
  it('records each pushed frame once, and nothing when no new frame came', () => {
    const camera = new PushedCamera('wrist', 4, 3);
    camera.push(frame(4, 3, 7), 1.0);
    expect(camera.capture()?.data[0]).toBe(7);
    expect(camera.capture()).toBeNull();
  });

  it('rejects a frame of another size with a next step', () => {
    const camera = new PushedCamera('wrist', 4, 3);
    expect(() => camera.push(frame(8, 6), 0)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', hint: expect.stringMatching(/size/) }));
    expect(() => camera.push({ width: 4, height: 3, data: new Uint8Array(5) }, 0)).toThrow(/5 bytes/);
  });

  it('says when it has gone quiet', () => {
    const camera = new PushedCamera('wrist', 4, 3, 0.5);
    camera.push(frame(4, 3), 10);
    expect(camera.stale(10.4)).toBe(false);
    expect(camera.stale(10.6)).toBe(true);
  });
});

describe('simCamera', () => {
  it('renders into the same image after the first capture', () => {
    let allocations = 0;
    let renders = 0;
    const scene = {
      camera: 'front',
      width: 2,
      height: 2,
      capture: () => {
        allocations++;
        return { width: 2, height: 2, rgb: new Uint8Array(12) };
      },
      captureInto: (image: { width: number; height: number; rgb: Uint8Array }) => {
        renders++;
        image.rgb[0] = renders;
        return image;
      },
    };
    const camera = simCamera(scene);
    const first = camera.capture(0);
    const second = camera.capture(0.1);
    expect(allocations).toBe(1);
    expect(second?.data).toBe(first?.data);
    expect(second?.data[0]).toBe(1);
  });
});

describe('FrameBuilder', () => {
  it('captures a camera on every n-th frame of an episode, from its first frame', () => {
    const layout = observationLayout(['a'], []);
    let captures = 0;
    const capture = () => {
      captures++;
      return frame(1, 1);
    };
    const camera = { name: 'c', width: 1, height: 1, everyTicks: 3, capture };
    const builder = new FrameBuilder(layout, [camera]);
    const seen = Array.from({ length: 7 }, (_, k) => {
      builder.tick();
      return builder.build(k, observationCreate(1, []), Float64Array.of(0)).images !== undefined;
    });
    expect(seen).toEqual([true, false, false, true, false, false, true]);
    builder.restart();
    builder.tick();
    expect(builder.build(7, observationCreate(1, []), Float64Array.of(0)).images).toBeDefined();
    expect(captures).toBe(4);
  });

  it('renders a camera once per tick, however many late frames that tick writes', () => {
    let captures = 0;
    const capture = () => {
      captures++;
      return frame(1, 1);
    };
    const camera = { name: 'c', width: 1, height: 1, capture };
    const builder = new FrameBuilder(observationLayout(['a'], []), [camera]);
    builder.tick();
    for (let k = 0; k < 3; k++) expect(builder.build(k, observationCreate(1, []), Float64Array.of(0)).images?.c).toBeDefined();
    expect(captures).toBe(1);
    builder.tick();
    builder.build(3, observationCreate(1, []), Float64Array.of(0));
    expect(captures).toBe(2);
  });

  it('writes the action as float32 and the state in layout order', () => {
    const layout = observationLayout(['a', 'b'], ['cube'], { velocities: false });
    const observation = observationCreate(2, ['cube']);
    observation.position.set([0.1, 0.2]);
    observation.objects[0].position = [1, 2, 3];
    const built = new FrameBuilder(layout, []).build(0.5, observation, Float64Array.of(0.3, 0.4));
    expect(layout.stateNames).toEqual(['a.pos', 'b.pos', 'cube.x', 'cube.y', 'cube.z', 'cube.qw', 'cube.qx', 'cube.qy', 'cube.qz']);
    expect(Array.from(built.state)).toEqual([0.1, 0.2, 1, 2, 3, 1, 0, 0, 0].map(Math.fround));
    expect(Array.from(built.action)).toEqual([0.3, 0.4].map(Math.fround));
    expect(built.timestamp).toBe(0.5);
  });
});
