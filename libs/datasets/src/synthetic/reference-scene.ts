import { type RgbImage } from '../image-io/rgb-image';
import { type SeededRandom } from './seeded-random';

type Rgb = [number, number, number];
type Field = (x: number, y: number) => number;

/** HSV (h in [0, 1)) to RGB in [0, 1]. */
function hsv(h: number, s: number, v: number): Rgb {
  const i = Math.floor(h * 6) % 6;
  const f = h * 6 - Math.floor(h * 6);
  const p = v * (1 - s);
  const q = v * (1 - f * s);
  const t = v * (1 - (1 - f) * s);
  const table: Rgb[] = [
    [v, t, p],
    [q, v, p],
    [p, v, t],
    [p, q, v],
    [t, p, v],
    [v, p, q],
  ];
  return table[i]!;
}

function randomColour(rng: SeededRandom, saturation: [number, number] = [0.3, 1], value: [number, number] = [0.2, 1]): Rgb {
  return hsv(rng.next(), rng.uniform(...saturation), rng.uniform(...value));
}

const smoothstep = (t: number): number => t * t * (3 - 2 * t);

/** Smooth value noise on a `cells`×`cells` lattice over the unit square, values in [0, 1]. */
function valueNoise(rng: SeededRandom, cells: number): Field {
  const n = cells + 1;
  const lattice = Float64Array.from({ length: n * n }, () => rng.next());
  return (x, y) => {
    const gx = Math.min(x * cells, cells - 1e-9);
    const gy = Math.min(y * cells, cells - 1e-9);
    const ix = Math.floor(gx);
    const iy = Math.floor(gy);
    const fx = smoothstep(gx - ix);
    const fy = smoothstep(gy - iy);
    const at = (i: number, j: number): number => lattice[j * n + i]!;
    const top = at(ix, iy) + (at(ix + 1, iy) - at(ix, iy)) * fx;
    const bottom = at(ix, iy + 1) + (at(ix + 1, iy + 1) - at(ix, iy + 1)) * fx;
    return top + (bottom - top) * fy;
  };
}

/** Fractal sum of value-noise octaves, normalised to about [0, 1]. */
function fractalNoise(rng: SeededRandom, baseCells: number, octaves: number): Field {
  const layers = Array.from({ length: octaves }, (_, o) => valueNoise(rng, baseCells * 2 ** o));
  const total = layers.reduce((acc, _, o) => acc + 0.5 ** o, 0);
  return (x, y) => layers.reduce((acc, f, o) => acc + f(x, y) * 0.5 ** o, 0) / total;
}

/** Canvas in [0, 1] RGB with alpha blending of coverage fields. */
class Canvas {
  readonly data: Float32Array;
  constructor(readonly size: number) {
    this.data = new Float32Array(size * size * 3);
  }

  /** Paints `colour(x, y)` with opacity `alpha(x, y)` (x, y in [0, 1], pixel centres). */
  paint(alpha: Field, colour: (x: number, y: number) => Rgb): void {
    const { size, data } = this;
    for (let py = 0; py < size; py++) {
      const y = (py + 0.5) / size;
      for (let px = 0; px < size; px++) {
        const x = (px + 0.5) / size;
        const a = alpha(x, y);
        if (a <= 0) continue;
        const c = colour(x, y);
        const o = 3 * (py * size + px);
        for (let k = 0; k < 3; k++) data[o + k] = data[o + k]! * (1 - a) + c[k]! * a;
      }
    }
  }

  /** Adds `amount(x, y)` to every channel (grain, blobs). */
  add(amount: (x: number, y: number) => Rgb): void {
    const { size, data } = this;
    for (let py = 0; py < size; py++) {
      for (let px = 0; px < size; px++) {
        const c = amount((px + 0.5) / size, (py + 0.5) / size);
        const o = 3 * (py * size + px);
        for (let k = 0; k < 3; k++) data[o + k] = data[o + k]! + c[k]!;
      }
    }
  }
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

function paintBackground(canvas: Canvas, rng: SeededRandom): void {
  const a = randomColour(rng);
  const b = randomColour(rng);
  const kind = rng.int(4);
  if (kind === 0) {
    const angle = rng.uniform(0, 2 * Math.PI);
    const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
    canvas.paint(() => 1, (x, y) => mix(a, b, clamp01(0.5 + ((x - 0.5) * dx + (y - 0.5) * dy) * 1.2)));
  } else if (kind === 1) {
    const [cx, cy, r] = [rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8), rng.uniform(0.4, 0.9)];
    canvas.paint(() => 1, (x, y) => mix(a, b, clamp01(Math.hypot(x - cx, y - cy) / r)));
  } else if (kind === 2) {
    const noise = fractalNoise(rng, rng.int(3) + 2, 3);
    canvas.paint(() => 1, (x, y) => mix(a, b, clamp01((noise(x, y) - 0.5) * 2.2 + 0.5)));
  } else {
    const [f1, f2, p1, p2] = [rng.uniform(1, 4), rng.uniform(1, 4), rng.uniform(0, 6.3), rng.uniform(0, 6.3)];
    canvas.paint(
      () => 1,
      (x, y) => mix(a, b, 0.5 + 0.25 * Math.sin(2 * Math.PI * f1 * x + p1) + 0.25 * Math.sin(2 * Math.PI * f2 * (x + y) + p2)),
    );
  }
}

function paintPattern(canvas: Canvas, rng: SeededRandom): void {
  const colour = randomColour(rng);
  const opacity = rng.uniform(0.35, 0.85);
  // Region: the whole image, a rectangle or a disc.
  const region = rng.int(3);
  const [rx0, ry0] = [rng.uniform(0, 0.5), rng.uniform(0, 0.5)];
  const [rw, rh] = [rng.uniform(0.35, 0.6), rng.uniform(0.35, 0.6)];
  const inside: Field =
    region === 0
      ? () => 1
      : region === 1
        ? (x, y) => (x >= rx0 && x <= rx0 + rw && y >= ry0 && y <= ry0 + rh ? 1 : 0)
        : (x, y) => (Math.hypot(x - rx0 - rw / 2, y - ry0 - rh / 2) < Math.min(rw, rh) / 2 ? 1 : 0);
  const kind = rng.int(3);
  let pattern: Field;
  if (kind === 0) {
    const [cycles, angle, duty] = [rng.uniform(3, 12), rng.uniform(0, Math.PI), rng.uniform(0.3, 0.7)];
    const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
    pattern = (x, y) => {
      const phase = (x * dx + y * dy) * cycles;
      return phase - Math.floor(phase) < duty ? 1 : 0;
    };
  } else if (kind === 1) {
    const cells = rng.int(10) + 4;
    pattern = (x, y) => ((Math.floor(x * cells) + Math.floor(y * cells)) % 2 === 0 ? 1 : 0);
  } else {
    const [cx, cy, cycles] = [rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8), rng.uniform(4, 14)];
    pattern = (x, y) => (Math.sin(2 * Math.PI * cycles * Math.hypot(x - cx, y - cy)) > 0 ? 1 : 0);
  }
  canvas.paint((x, y) => opacity * inside(x, y) * pattern(x, y), () => colour);
}

function paintShape(canvas: Canvas, rng: SeededRandom): void {
  const colour = randomColour(rng, [0.5, 1], [0.3, 1]);
  const opacity = rng.uniform(0.7, 1);
  const aa = 1 / canvas.size; // one pixel of anti-aliasing
  const edge = (signedDistance: number): number => clamp01(0.5 - signedDistance / aa);
  const [cx, cy] = [rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9)];
  const kind = rng.int(4);
  let coverage: Field;
  if (kind === 0) {
    const r = rng.uniform(0.05, 0.3);
    coverage = (x, y) => edge(Math.hypot(x - cx, y - cy) - r);
  } else if (kind === 1) {
    const [hw, hh, angle] = [rng.uniform(0.05, 0.3), rng.uniform(0.05, 0.3), rng.uniform(0, Math.PI)];
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    coverage = (x, y) => {
      const u = Math.abs((x - cx) * c + (y - cy) * s) - hw;
      const v = Math.abs(-(x - cx) * s + (y - cy) * c) - hh;
      return edge(Math.max(u, v));
    };
  } else if (kind === 2) {
    const [rx, ry] = [rng.uniform(0.05, 0.35), rng.uniform(0.05, 0.2)];
    coverage = (x, y) => edge((Math.hypot((x - cx) / rx, (y - cy) / ry) - 1) * Math.min(rx, ry));
  } else {
    const points = Array.from({ length: 3 }, () => [cx + rng.uniform(-0.3, 0.3), cy + rng.uniform(-0.3, 0.3)] as const);
    const area = (points[1]![0] - points[0]![0]) * (points[2]![1] - points[0]![1]) - (points[2]![0] - points[0]![0]) * (points[1]![1] - points[0]![1]);
    const sign = area >= 0 ? 1 : -1;
    coverage = (x, y) => {
      let d = -Infinity;
      for (let i = 0; i < 3; i++) {
        const [ax, ay] = points[i]!;
        const [bx, by] = points[(i + 1) % 3]!;
        const len = Math.hypot(bx - ax, by - ay) || 1;
        // Signed distance to the edge line, positive outside.
        d = Math.max(d, (-sign * ((bx - ax) * (y - ay) - (by - ay) * (x - ax))) / len);
      }
      return edge(d);
    };
  }
  canvas.paint((x, y) => opacity * coverage(x, y), () => colour);
}

function addBlobs(canvas: Canvas, rng: SeededRandom, count: number): void {
  const blobs = Array.from({ length: count }, () => ({
    cx: rng.uniform(0, 1),
    cy: rng.uniform(0, 1),
    r: rng.uniform(0.08, 0.25),
    colour: randomColour(rng).map((c) => (c - 0.5) * rng.uniform(0.3, 0.7)) as Rgb,
  }));
  canvas.add((x, y) => {
    const sum: Rgb = [0, 0, 0];
    for (const b of blobs) {
      const w = Math.exp(-((x - b.cx) ** 2 + (y - b.cy) ** 2) / (2 * b.r * b.r));
      for (let k = 0; k < 3; k++) sum[k] = sum[k]! + b.colour[k]! * w;
    }
    return sum;
  });
}

function addGrain(canvas: Canvas, rng: SeededRandom): void {
  const amplitude = rng.uniform(0.03, 0.08);
  const noise = valueNoise(rng, Math.max(4, Math.round(canvas.size / rng.uniform(1.5, 3))));
  const tint = randomColour(rng, [0, 0.3], [0.8, 1]);
  canvas.add((x, y) => {
    const g = (noise(x, y) - 0.5) * 2 * amplitude;
    return [g * tint[0], g * tint[1], g * tint[2]];
  });
}

/**
 * A procedural reference scene, `size`×`size`: a background (linear or radial gradient, fractal noise
 * or colour waves), an optional pattern (stripes, checkerboard or rings, in the whole image, a
 * rectangle or a disc), 2–6 anti-aliased shapes (discs, rotated rectangles, ellipses, triangles),
 * 0–4 coloured Gaussian blobs and a fine grain, so every scene has edges and texture that each
 * distortion visibly damages. Deterministic in `rng`.
 */
export function renderReferenceScene(rng: SeededRandom, size: number): RgbImage {
  const canvas = new Canvas(size);
  paintBackground(canvas, rng.derive('background'));
  const layout = rng.derive('layout');
  if (layout.chance(0.65)) paintPattern(canvas, rng.derive('pattern'));
  const shapes = layout.int(5) + 2;
  for (let i = 0; i < shapes; i++) paintShape(canvas, rng.derive('shape', i));
  addBlobs(canvas, rng.derive('blobs'), layout.int(5));
  addGrain(canvas, rng.derive('grain'));
  const data = canvas.data;
  for (let i = 0; i < data.length; i++) data[i] = clamp01(data[i]!);
  return { data, width: size, height: size, channels: 3 };
}
