/** How a panel sits in the default arrangement: beside (or stacked with) an anchor panel. */
export interface PanelPlacement {
  id: string;
  anchor?: string;
  direction?: 'left' | 'right' | 'above' | 'below' | 'within';
  initialWidth?: number;
  initialHeight?: number;
  /** Opened as a background tab. */
  inactive?: boolean;
}

/** The default arrangement: Connect on the left, the robot in 3D in the middle, joints on the right. */
export const DEFAULT_LAYOUT: readonly PanelPlacement[] = [
  { id: 'scene' },
  { id: 'connect', anchor: 'scene', direction: 'left', initialWidth: 340 },
  { id: 'teleop', anchor: 'connect', direction: 'below', initialHeight: 440 },
  { id: 'record', anchor: 'teleop', direction: 'within', inactive: true },
  { id: 'calibrate', anchor: 'teleop', direction: 'within', inactive: true },
  { id: 'episodes', anchor: 'scene', direction: 'below', initialHeight: 320 },
  { id: 'editor', anchor: 'episodes', direction: 'within', inactive: true },
  { id: 'joints', anchor: 'scene', direction: 'right', initialWidth: 440 },
  { id: 'train', anchor: 'joints', direction: 'within', inactive: true },
  { id: 'plan', anchor: 'joints', direction: 'within', inactive: true },
];

/**
 * Where a closed panel goes back: stacked with a panel it shared a group with by default, else beside
 * its anchor as at start, else beside whatever of its anchor's own chain is still open. Null: no
 * landmark is left, so it opens wherever the dock puts new panels.
 */
export function reopenPosition(id: string, open: ReadonlySet<string>, layout: readonly PanelPlacement[] = DEFAULT_LAYOUT): { referencePanel: string; direction: NonNullable<PanelPlacement['direction']> } | null {
  const byId = new Map(layout.map((p) => [p.id, p]));
  const placement = byId.get(id);
  if (!placement) return null;
  // Its default tab group: the panels stacked "within" the same anchor, or stacked within it.
  const group = layout.filter((p) => p.id !== id && ((p.direction === 'within' && (p.anchor === id || p.anchor === placement.anchor)) || (placement.direction === 'within' && p.id === placement.anchor)));
  const mate = group.find((p) => open.has(p.id));
  if (mate) return { referencePanel: mate.id, direction: 'within' };
  let anchor = placement.anchor;
  const direction = placement.direction === 'within' ? 'right' : (placement.direction ?? 'right');
  for (let hops = 0; anchor && hops < layout.length; hops++) {
    if (open.has(anchor)) return { referencePanel: anchor, direction };
    anchor = byId.get(anchor)?.anchor;
  }
  const any = layout.find((p) => open.has(p.id));
  return any ? { referencePanel: any.id, direction: 'right' } : null;
}

/** The part of dockview's API the layout uses (kept small so the logic is tested without a DOM). */
export interface DockLike {
  getPanel(id: string): { api: { setActive(): void } } | undefined;
  addPanel(options: {
    id: string;
    component: string;
    title: string;
    position?: { referencePanel: string; direction: NonNullable<PanelPlacement['direction']> };
    initialWidth?: number;
    initialHeight?: number;
    inactive?: boolean;
  }): unknown;
  readonly panels: readonly { id: string }[];
  onDidAddPanel(listener: () => void): { dispose(): void };
  onDidRemovePanel(listener: () => void): { dispose(): void };
}

/**
 * The window's panels: which are open, and a way back for the closed ones (the panel picker), so a
 * panel closed with × is one click away instead of gone until a reload.
 */
export class PanelLayout {
  private dock: DockLike | null = null;
  private open: ReadonlySet<string> = new Set();
  private readonly listeners = new Set<() => void>();
  private readonly subscriptions: { dispose(): void }[] = [];

  constructor(private readonly titles: Readonly<Record<string, string>>) {}

  /** The dock is ready: lay out the default arrangement and follow panels opening and closing. */
  attach(dock: DockLike, layout: readonly PanelPlacement[] = DEFAULT_LAYOUT): void {
    this.dock = dock;
    for (const p of layout) {
      dock.addPanel({
        id: p.id,
        component: p.id,
        title: this.titles[p.id] ?? p.id,
        position: p.anchor && p.direction ? { referencePanel: p.anchor, direction: p.direction } : undefined,
        initialWidth: p.initialWidth,
        initialHeight: p.initialHeight,
        inactive: p.inactive,
      });
    }
    const sync = () => this.set(new Set(dock.panels.map((p) => p.id)));
    this.subscriptions.push(dock.onDidAddPanel(sync), dock.onDidRemovePanel(sync));
    sync();
  }

  /** Bring a panel to the front, reopening it where it belongs if it was closed. */
  show(id: string): void {
    const dock = this.dock;
    if (!dock) return;
    const existing = dock.getPanel(id);
    if (existing) {
      existing.api.setActive();
      return;
    }
    const position = reopenPosition(id, this.open);
    dock.addPanel({ id, component: id, title: this.titles[id] ?? id, position: position ?? undefined });
  }

  detach(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.dock = null;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ReadonlySet<string> => this.open;

  private set(open: ReadonlySet<string>): void {
    this.open = open;
    for (const l of this.listeners) l();
  }
}
