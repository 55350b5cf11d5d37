import { describe, expect, it } from 'vitest';
import { ActionStream, type ActionStreamEvent } from './action-stream';
import { SliderTeleop } from './sliders';
import type { TeleopSource, TeleopTick } from './source';
import { Driver, SO101_HOME, SO101_JOINTS } from './testing/drive';

/** A source that asks for whatever `wish` holds. */
class WishSource implements TeleopSource {
  readonly kind = 'gizmo' as const;
  wish: number[] = [];
  activatedWith: Float64Array | null = null;
  activate(start: Float64Array) {
    this.activatedWith = start.slice();
  }
  deactivate() {}
  update(_tick: TeleopTick, out: Float64Array) {
    this.wish.forEach((v, j) => {
      out[j] = v;
    });
  }
  notice() {
    return null;
  }
}

describe('ActionStream', () => {
  it('starts from the measured pose, so the arm does not jump on the first tick', () => {
    const stream = new ActionStream({ joints: SO101_JOINTS }).add(new SliderTeleop(6));
    const [first] = new Driver(stream, 100, SO101_HOME).run(1);
    expect(Array.from(first)).toEqual(Array.from(SO101_HOME));
  });

  it('committing the gate\'s verdicts, holds at the joint limits and says which joints are held there', () => {
    const source = new WishSource();
    const stream = new ActionStream({ joints: SO101_JOINTS, maxVelocity: 100 }).add(source);
    const events: ActionStreamEvent[] = [];
    stream.onEvent((e) => events.push(e));
    const driver = new Driver(stream, 100, SO101_HOME);
    driver.run(1);
    source.wish = [5, -5, 0, 0.9, 0, 0.1];
    const actions = driver.run(10);
    const last = actions[actions.length - 1];
    expect(last[0]).toBeCloseTo(1.91986, 6);
    expect(last[1]).toBeCloseTo(-1.74533, 6);
    expect(stream.status().atLimit.slice(0, 3)).toEqual([true, true, false]);
    expect(events.some((e) => e.type === 'limits' && e.atLimit[0])).toBe(true);
  });

  it('committing the gate\'s verdicts, a jump becomes a ramp at the speed cap', () => {
    const source = new WishSource();
    const stream = new ActionStream({ joints: SO101_JOINTS, maxVelocity: 1 }).add(source);
    const driver = new Driver(stream, 100, SO101_HOME);
    driver.run(1);
    source.wish = [1, 0, 0, 0.9, 0, 0.1];
    const actions = driver.run(50);
    for (let k = 1; k < actions.length; k++) expect(actions[k][0] - actions[k - 1][0]).toBeLessThanOrEqual(0.01 + 1e-12);
    expect(actions[49][0]).toBeCloseTo(0.5, 6); // 50 ticks of 10 ms at 1 rad/s, the first one from rest
    expect(stream.status().speedLimited[0]).toBe(true);
  });

  it('passes the wish on unclipped: the gate, not the stream, decides what is safe', () => {
    const source = new WishSource();
    const stream = new ActionStream({ joints: SO101_JOINTS }).add(source);
    stream.sync(SO101_HOME);
    source.wish = [5, 0, 0, 0.9, 0, 0.1];
    expect(stream.step({ t: 0, position: SO101_HOME })[0]).toBe(5);
  });

  it('after a refused command goes back to the last one that passed, and reports the refusal until one passes', () => {
    const source = new WishSource();
    const stream = new ActionStream({ joints: SO101_JOINTS }).add(source);
    const events: ActionStreamEvent[] = [];
    stream.onEvent((e) => events.push(e));
    const driver = new Driver(stream, 100, SO101_HOME);
    driver.run(1);
    source.wish = [0.01, 0, 0, 0.9, 0, 0.1];
    driver.run(1);
    driver.gate.estop();
    source.wish = [0.5, 0, 0, 0.9, 0, 0.1];
    const [held] = driver.run(1);
    expect(held[0]).toBeCloseTo(0.01);
    expect(stream.status().refusal?.code).toBe('ESTOP');
    expect(events.filter((e) => e.type === 'refused')).toHaveLength(1);
    driver.gate.release();
    driver.run(1);
    expect(stream.status().refusal).toBeNull();
  });

  it('never commands NaN, whatever a source writes', () => {
    const source = new WishSource();
    const stream = new ActionStream({ joints: SO101_JOINTS }).add(source);
    const driver = new Driver(stream, 100, SO101_HOME);
    source.wish = [Number.NaN, Number.POSITIVE_INFINITY];
    const actions = driver.run(5);
    expect(actions.every((a) => a.every(Number.isFinite))).toBe(true);
    expect(actions[4][0]).toBe(0);
  });

  it('has exactly one active source, and a newly activated one starts from the current action', () => {
    const sliders = new SliderTeleop(6);
    const wish = new WishSource();
    const stream = new ActionStream({ joints: SO101_JOINTS }).add(sliders).add(wish);
    expect(stream.active).toBe('sliders');
    const driver = new Driver(stream, 100, SO101_HOME);
    driver.run(1);
    sliders.setJoint(0, 0.3);
    driver.run(100);
    stream.activate('gizmo');
    expect(stream.active).toBe('gizmo');
    expect(wish.activatedWith?.[0]).toBeCloseTo(0.3, 9);
    expect(() => stream.activate('leader')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('reports the rate it is stepped at', () => {
    const stream = new ActionStream({ joints: SO101_JOINTS }).add(new SliderTeleop(6));
    new Driver(stream, 200, SO101_HOME).run(300);
    expect(stream.status().rateHz).toBeCloseTo(200, 6);
  });

  it('rejects a speed limit that is not positive', () => {
    expect(() => new ActionStream({ joints: SO101_JOINTS, maxVelocity: 0 })).toThrow(/maxVelocity/);
  });
});
