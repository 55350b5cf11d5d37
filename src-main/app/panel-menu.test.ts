import { describe, expect, it } from 'vitest';
import { PANEL_TITLES } from '../api/panels';
import { panelMenuItems } from './panel-menu';

describe('the View menu’s panels', () => {
  it('lists every panel by title and shows the one chosen', () => {
    const shown: string[] = [];
    const items = panelMenuItems((id) => shown.push(id));
    expect(items.map((i) => i.label)).toEqual(Object.values(PANEL_TITLES));
    const train = items.find((i) => i.label === 'Train');
    if (!train?.click) throw new Error('no Train entry');
    (train.click as () => void)();
    expect(shown).toEqual(['train']);
  });
});
