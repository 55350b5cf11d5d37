const PALETTE = ['#4fc3f7', '#ffb74d', '#81c784', '#e57373', '#ba68c8', '#fff176', '#4db6ac', '#f06292'];

/** One stable colour per joint index, shared by sliders and plots. */
export function jointColor(index: number): string {
  return PALETTE[index % PALETTE.length];
}
