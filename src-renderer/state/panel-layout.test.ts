import { describe, expect, it } from 'vitest';
import { type DockLike, PanelLayout, reopenPosition } from './panel-layout';

/** A dock that keeps panels in a list and fires add/remove like dockview. */
function fakeDock() {
  const panels: { id: string; active: number; position?: unknown }[] = [];
  const added = new Set<() => void>();
  const removed = new Set<() => void>();
  const dock: DockLike & { close(id: string): void; list: typeof panels } = {
    list: panels,
    get panels() {
      return panels;
    },
    getPanel: (id) => {
      const p = panels.find((x) => x.id === id);
      return p ? { api: { setActive: () => void p.active++ } } : undefined;
    },
    addPanel: (o) => {
      panels.push({ id: o.id, active: 0, position: o.position });
      for (const l of added) l();
    },
    onDidAddPanel: (l) => {
      added.add(l);
      return { dispose: () => added.delete(l) };
    },
    onDidRemovePanel: (l) => {
      removed.add(l);
      return { dispose: () => removed.delete(l) };
    },
    close: (id) => {
      panels.splice(panels.findIndex((p) => p.id === id), 1);
      for (const l of removed) l();
    },
  };
  return dock;
}

describe('PanelLayout', () => {
  it('reopens a closed panel in its old tab group, and knows which panels are open', () => {
    const dock = fakeDock();
    const layout = new PanelLayout({ train: 'Train' });
    layout.attach(dock);
    expect(layout.getSnapshot().has('train')).toBe(true);
    dock.close('train');
    expect(layout.getSnapshot().has('train')).toBe(false);
    layout.show('train');
    expect(layout.getSnapshot().has('train')).toBe(true);
    expect(dock.list.at(-1)).toMatchObject({ id: 'train', position: { referencePanel: 'joints', direction: 'within' } });
  });

  it('brings an open panel to the front instead of adding a second one', () => {
    const dock = fakeDock();
    const layout = new PanelLayout({});
    layout.attach(dock);
    const count = dock.list.length;
    layout.show('record');
    expect(dock.list.length).toBe(count);
    expect(dock.list.find((p) => p.id === 'record')?.active).toBe(1);
  });
});

describe('reopenPosition', () => {
  const all = new Set(['scene', 'connect', 'teleop', 'record', 'calibrate', 'episodes', 'editor', 'joints', 'train']);
  const without = (...ids: string[]) => new Set([...all].filter((id) => !ids.includes(id)));

  it('stacks a tab with a mate from its default group', () => {
    expect(reopenPosition('record', without('record'))).toEqual({ referencePanel: 'teleop', direction: 'within' });
    expect(reopenPosition('teleop', without('teleop'))).toEqual({ referencePanel: 'record', direction: 'within' });
    expect(reopenPosition('record', without('record', 'teleop'))).toEqual({ referencePanel: 'calibrate', direction: 'within' });
  });

  it('goes beside its anchor, or the next landmark along the chain, when its group is gone', () => {
    expect(reopenPosition('joints', without('joints', 'train'))).toEqual({ referencePanel: 'scene', direction: 'right' });
    expect(reopenPosition('teleop', without('teleop', 'record', 'calibrate', 'connect'))).toEqual({ referencePanel: 'scene', direction: 'below' });
    expect(reopenPosition('scene', new Set())).toBeNull();
  });
});
