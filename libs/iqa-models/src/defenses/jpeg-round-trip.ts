import * as tf from '@tensorflow/tfjs';
import { padEdge } from './pad-edge';

/** ITU-T T.81 Annex K tables in natural (row-major) order, as libjpeg's jcparam.c. */
const LUMINANCE_TABLE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78,
  87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMINANCE_TABLE = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99, ...new Array<number>(32).fill(99),
];

/** libjpeg's `jpeg_quality_scaling` + `jpeg_add_quant_table` (baseline: entries clamped to 1…255). */
export function quantisationTable(base: readonly number[], quality: number): number[] {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const scale = q < 50 ? Math.floor(5000 / q) : 200 - 2 * q;
  return base.map((v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))));
}

export const jpegTables = { luminance: LUMINANCE_TABLE, chrominance: CHROMINANCE_TABLE } as const;

/** The 64×64 matrix of the orthonormal 2-D DCT-II on a row-major 8×8 block: coefficients = block · M. */
function dctMatrix(): number[] {
  const c = (u: number, x: number) => (u === 0 ? Math.sqrt(1 / 8) : Math.sqrt(2 / 8)) * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  const m = new Array<number>(64 * 64);
  for (let y = 0; y < 8; y += 1)
    for (let x = 0; x < 8; x += 1)
      for (let v = 0; v < 8; v += 1) for (let u = 0; u < 8; u += 1) m[(y * 8 + x) * 64 + (v * 8 + u)] = c(v, y) * c(u, x);
  return m;
}
const DCT = dctMatrix();

/** One plane [N, H, W] (H, W multiples of 8, level-shifted) through DCT → quantise (round) → dequantise → IDCT. */
function quantisePlane(plane: tf.Tensor3D, table: readonly number[]): tf.Tensor3D {
  const [n, h, w] = plane.shape;
  const blocks = tf.reshape(tf.transpose(tf.reshape(plane, [n, h / 8, 8, w / 8, 8]), [0, 1, 3, 2, 4]), [-1, 64]);
  const m = tf.tensor2d(DCT, [64, 64]);
  const q = tf.tensor1d([...table]);
  const coefficients = tf.matMul(blocks, m);
  const restored = tf.matMul(tf.mul(tf.round(tf.div(coefficients, q)), q), m, false, true);
  return tf.reshape(tf.transpose(tf.reshape(restored, [n, h / 8, w / 8, 8, 8]), [0, 1, 3, 2, 4]), [n, h, w]);
}

/**
 * libjpeg's "fancy" (triangular) 2× upsampling of an 8-bit chroma plane [N, h, w, 1] (jdsample.c h2v2_fancy_upsample):
 * column sums 3·nearer row + farther row, then (3·this + neighbour + 8) >> 4 to the left and (… + 7) >> 4 to the
 * right; edges replicated. Output 8-bit.
 */
function fancyUpsample(plane: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w] = plane.shape;
  const p = padEdge(plane, 1, 1, 1, 1);
  const at = (dy: number, dx: number) => tf.slice(p, [0, 1 + dy, 1 + dx, 0], [n, h, w, 1]);
  const columnSum = (sy: number, dx: number) => tf.add(tf.mul(at(0, dx), 3), at(sy, dx));
  const quadrant = (sy: number, sx: number) => tf.floor(tf.div(tf.add(tf.add(tf.mul(columnSum(sy, 0), 3), columnSum(sy, sx)), sx < 0 ? 8 : 7), 16));
  // Interleave the four phases: rows 2i (up) / 2i+1 (down), columns 2j (left) / 2j+1 (right).
  const rowPair = (sy: number) => tf.reshape(tf.stack([quadrant(sy, -1), quadrant(sy, 1)], 3), [n, h, 2 * w, 1]);
  return tf.reshape(tf.stack([rowPair(-1), rowPair(1)], 2), [n, 2 * h, 2 * w, 1]);
}

/** `(a·x + b·y + c·z + offset) >> 16` with libjpeg's 16-bit fixed-point constants (exact in float32: every value < 2^24). */
function fixedPoint(terms: ReadonlyArray<readonly [tf.Tensor, number]>, offset: number): tf.Tensor {
  return tf.floor(tf.div(tf.add(tf.addN(terms.map(([x, c]) => tf.mul(x, c))), offset), 65536));
}

/**
 * A real baseline JPEG round trip (encode at `quality`, decode) in TF.js ops, as libjpeg does it by default:
 * 8-bit input, RGB → YCbCr (JFIF, libjpeg's fixed point), edges replicated to whole 16×16 MCUs, 4:2:0 chroma
 * subsampling (libjpeg's biased 2×2 mean), 8×8 DCT (float here, libjpeg's is integer), the Annex K tables scaled by
 * quality, rounding, dequantisation, inverse DCT, 8-bit output, fancy chroma upsampling, YCbCr → RGB (fixed point).
 * The roundings have zero gradient in TF.js: the exact gradient of this function is zero everywhere (gradient
 * masking); attack it through BPDA. Input and output NHWC in [0, 1]. Within 0.08–0.43 (photos) of 255 levels, in
 * mean, of sharp's libjpeg (jpeg-round-trip.spec.ts).
 */
export function jpegRoundTrip(images: tf.Tensor4D, quality: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w] = images.shape;
    const rgb = tf.round(tf.mul(tf.clipByValue(images, 0, 1), 255));
    const [r, g, b] = tf.split(rgb, 3, 3) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    // jccolor.c rgb_ycc_convert: FIX(x) = round(x · 65536); Cb/Cr add 128 << 16 and ONE_HALF − 1.
    const y = fixedPoint([[r, 19595], [g, 38470], [b, 7471]], 32768) as tf.Tensor4D;
    const cb = fixedPoint([[r, -11059], [g, -21709], [b, 32768]], 128 * 65536 + 32767) as tf.Tensor4D;
    const cr = fixedPoint([[r, 32768], [g, -27439], [b, -5329]], 128 * 65536 + 32767) as tf.Tensor4D;
    const hp = Math.ceil(h / 16) * 16;
    const wp = Math.ceil(w / 16) * 16;
    const pad = (x: tf.Tensor4D) => padEdge(x, 0, hp - h, 0, wp - w);
    const luminance = quantisePlane(tf.reshape(tf.sub(pad(y), 128), [n, hp, wp]), quantisationTable(LUMINANCE_TABLE, quality));
    const chromaTable = quantisationTable(CHROMINANCE_TABLE, quality);
    const chroma = (plane: tf.Tensor4D) => {
      // libjpeg's h2v2_downsample: (sum of the 2×2 block + bias) >> 2, the bias alternating 1, 2 along each row.
      const bias = tf.tensor4d(Array.from({ length: wp / 2 }, (_, j) => (j % 2 === 0 ? 1 : 2)), [1, 1, wp / 2, 1]);
      const down = tf.floor(tf.div(tf.add(tf.mul(tf.avgPool(pad(plane), 2, 2, 'valid'), 4), bias), 4));
      const decoded = tf.clipByValue(tf.round(tf.add(quantisePlane(tf.reshape(tf.sub(down, 128), [n, hp / 2, wp / 2]), chromaTable), 128)), 0, 255);
      // The decoder upsamples the image's own chroma samples (⌈h/2⌉ × ⌈w/2⌉), replicating its edges.
      const own = tf.slice(tf.reshape(decoded, [n, hp / 2, wp / 2, 1]), [0, 0, 0, 0], [n, Math.ceil(h / 2), Math.ceil(w / 2), 1]) as tf.Tensor4D;
      return tf.sub(tf.slice(fancyUpsample(own), [0, 0, 0, 0], [n, h, w, 1]), 128);
    };
    const yOut = tf.slice(tf.reshape(tf.clipByValue(tf.round(tf.add(luminance, 128)), 0, 255), [n, hp, wp, 1]), [0, 0, 0, 0], [n, h, w, 1]);
    const cbOut = chroma(cb);
    const crOut = chroma(cr);
    // jdcolor.c ycc_rgb_convert, with its fixed-point tables.
    const rOut = tf.add(yOut, fixedPoint([[crOut, 91881]], 32768));
    const gOut = tf.add(yOut, fixedPoint([[cbOut, -22554], [crOut, -46802]], 32768));
    const bOut = tf.add(yOut, fixedPoint([[cbOut, 116130]], 32768));
    return tf.div(tf.clipByValue(tf.concat([rOut, gOut, bOut], 3), 0, 255), 255) as tf.Tensor4D;
  });
}
