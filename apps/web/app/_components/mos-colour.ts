/** A colour for a value in [lo, hi] on a perceptually ordered blue → yellow ramp (viridis stops). */
const STOPS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'] as const;

export function rampColour(value: number, lo: number, hi: number): string {
  const t = hi > lo ? Math.min(1, Math.max(0, (value - lo) / (hi - lo))) : 0.5;
  const scaled = t * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(scaled));
  const f = scaled - i;
  const a = hex(STOPS[i] ?? STOPS[0]);
  const b = hex(STOPS[i + 1] ?? STOPS[0]);
  const mix = a.map((channel, k) => Math.round(channel + ((b[k] ?? channel) - channel) * f));
  return `rgb(${mix.join(', ')})`;
}

export const RAMP_GRADIENT = `linear-gradient(to right, ${STOPS.join(', ')})`;

function hex(colour: string): number[] {
  return [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
}
