// The units a dataset's values were recorded in, as they cross the wire to the Train panel and the CLI.
// Praxis records SI (radians, metres); LeRobot's arms record degrees or a motor's normalised range, so a
// figure is only meaningful with its unit beside it. Which unit a dataset holds: dataset/feature-units.ts.

export const VALUE_UNITS = ['rad', 'rad/s', 'deg', 'deg/s', 'm', 'm/s', 'range_0_100', 'range_m100_100', '1', 'unknown'] as const;
export type ValueUnit = (typeof VALUE_UNITS)[number];

export function isValueUnit(u: unknown): u is ValueUnit {
  return typeof u === 'string' && (VALUE_UNITS as readonly string[]).includes(u);
}

export function isAngular(u: string): boolean {
  return u === 'rad' || u === 'deg';
}

/** How a unit reads after a number. */
export function unitLabel(u: string): string {
  switch (u) {
    case 'deg':
      return '°';
    case 'deg/s':
      return '°/s';
    case 'range_0_100':
      return '% of range';
    case 'range_m100_100':
      return 'of ±100 range';
    case '1':
      return '';
    case 'unknown':
      return '(units unknown)';
    default:
      return u;
  }
}

/** A joint error as people read it: angles in degrees (radians shown too), anything else in its own unit. */
export function jointErrorText(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  if (unit === 'rad') return `${((value * 180) / Math.PI).toFixed(2)}° (${value.toFixed(4)} rad)`;
  if (unit === 'deg') return `${value.toFixed(2)}°`;
  return `${value.toFixed(3)} ${unitLabel(unit)}`;
}

/** The same in degrees where the unit is an angle (charts plot one number), else the value as recorded. */
export function jointErrorForDisplay(value: number, unit: string): number {
  return unit === 'rad' ? (value * 180) / Math.PI : value;
}
