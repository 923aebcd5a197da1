import { mulberry32 } from '@rankfall/metrics';
import { defenseRegistry, type DefenseParam, type DefenseSpec } from './defense-registry';

/** Whether a defense draws a parameter at random (it has a range). */
export function isRandomised(defense: DefenseSpec): boolean {
  return Object.values(defense.params).some((value) => Array.isArray(value));
}

/** FNV-1a over the float32 bits of an image: what makes a randomised defense a deterministic function of its input and seed. */
export function imageHash(values: Float32Array): number {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length);
  let hash = 0x811c9dc5;
  for (let i = 0; i < words.length; i += 1) hash = Math.imul(hash ^ (words[i] as number), 0x01000193) >>> 0;
  return hash >>> 0;
}

/**
 * The parameters of draw `draw` for an image with hash `hash`, under `seed`: a fixed parameter as it is, a range
 * drawn uniformly (integers for integer parameters). Draw 0 is the deployed defense's; EOT averages draws 1…K.
 */
export function drawParams(defense: DefenseSpec, seed: number, hash: number, draw: number): Record<string, unknown> {
  const random = mulberry32((Math.imul(seed >>> 0, 0x9e3779b1) ^ hash ^ Math.imul(draw + 1, 0x85ebca6b)) >>> 0);
  const integers = defenseRegistry[defense.kind].integerParams;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(defense.params) as Array<[string, DefenseParam | string]>) {
    if (!Array.isArray(value)) {
      out[name] = value;
      continue;
    }
    const [lo, hi] = value as readonly [number, number];
    out[name] = integers.includes(name) ? lo + Math.floor(random() * (hi - lo + 1)) : lo + random() * (hi - lo);
  }
  return out;
}
