// Branded units: the compiler keeps radians, metres, seconds and raw servo ticks apart.
// Raw ticks exist only inside robot/buses/*; everything above speaks SI units.

export type Radians = number & { readonly __unit: 'rad' };
export type RadiansPerSecond = number & { readonly __unit: 'rad/s' };
export type Meters = number & { readonly __unit: 'm' };
export type Seconds = number & { readonly __unit: 's' };
export type Hertz = number & { readonly __unit: 'Hz' };
export type RawTicks = number & { readonly __unit: 'ticks' };

export const radians = (x: number): Radians => x as Radians;
export const meters = (x: number): Meters => x as Meters;
export const seconds = (x: number): Seconds => x as Seconds;
export const hertz = (x: number): Hertz => x as Hertz;

export function degreesToRadians(deg: number): Radians {
  return ((deg * Math.PI) / 180) as Radians;
}

export function radiansToDegrees(rad: Radians): number {
  return (rad * 180) / Math.PI;
}
