import { describe, expect, it } from 'vitest';
import { EstopStore } from './estop-store';

describe('EstopStore', () => {
  it('asks for confirmation before a release, and only while stopped', () => {
    const s = new EstopStore();
    s.askRelease();
    expect(s.getSnapshot().confirming).toBe(false);
    s.sync(true);
    s.askRelease();
    expect(s.getSnapshot()).toMatchObject({ estopped: true, confirming: true });
    s.cancelRelease();
    expect(s.getSnapshot().confirming).toBe(false);
  });

  it('counts the keys ignored during a stop and forgets them once released', () => {
    const s = new EstopStore();
    s.sync(true);
    s.keyIgnored('KeyW');
    s.keyIgnored('ArrowUp');
    expect(s.getSnapshot().ignored).toEqual({ key: 'Up', count: 2 });
    s.askRelease();
    s.sync(false);
    expect(s.getSnapshot()).toEqual({ estopped: false, confirming: false, ignored: null });
  });

  it('notifies only on change', () => {
    const s = new EstopStore();
    let n = 0;
    s.subscribe(() => n++);
    s.sync(false);
    s.sync(true);
    s.sync(true);
    expect(n).toBe(1);
  });
});
