import * as tf from '@tensorflow/tfjs';

/**
 * The kernels with which `conv2dFastGrad` computes a convolution's input gradient as forward convolutions:
 * for stride s and padding p, phase (r_h, r_w) (output pixels s·m + r) uses the taps t ≡ r + p (mod s) of
 * the filter, spatially flipped and in/out-transposed; at stride 1 the single phase is the whole flipped,
 * transposed filter. Each kernel is a stack of whole [out, in] tap blocks of the transposed filter: pure
 * copies, bit-identical to `tf.reverse` + `tf.stridedSlice`, and on wasm far cheaper than those kernels,
 * which copy element by element (about 45 ms per S-CNN step at 500×500).
 *
 * Two lifetimes:
 * - `build` (inside the gradient): transient tensors, freed by the enclosing `tf.tidy`.
 * - `prepare` (by the owner of a filter that stays the same across calls, e.g. a model's BN-folded
 *   weights): kept tensors, registered under `id` so the gradient of a conv that names them reuses
 *   them. The backend then sees the same kernel tensors every step and keeps its convolution operators:
 *   XNNPACK on wasm packs the weights and builds an indirection buffer for every new filter tensor
 *   (1–2 ms per conv). The owner calls `dispose()`; a gradient whose prepared kernels were disposed
 *   rebuilds them.
 */
export class Conv2dInputGradientKernels {
  static readonly #registry = new Map<number, Conv2dInputGradientKernels>();
  static #nextId = 1;

  /** 0 for transient kernels (never registered). */
  readonly id: number;
  readonly #kernels: readonly (readonly (tf.Tensor4D | null)[])[];

  private constructor(
    readonly filterShape: readonly [number, number, number, number],
    readonly stride: number,
    readonly pad: number,
    kernels: readonly (readonly (tf.Tensor4D | null)[])[],
    registered: boolean,
  ) {
    this.#kernels = kernels;
    this.id = registered ? Conv2dInputGradientKernels.#nextId++ : 0;
    if (registered) Conv2dInputGradientKernels.#registry.set(this.id, this);
  }

  /** Transient kernels of `filter` (HWIO), owned by the caller's `tf.tidy`. */
  static build(filter: tf.Tensor4D, stride: number, pad: number): Conv2dInputGradientKernels {
    return new Conv2dInputGradientKernels(filter.shape, stride, pad, phaseKernels(filter, stride, pad), false);
  }

  /**
   * Long-lived kernels of `filter` (HWIO), for a filter whose values will not change while they are in
   * use. The caller owns them: `dispose()`.
   */
  static prepare(filter: tf.Tensor4D, stride: number, pad: number): Conv2dInputGradientKernels {
    let kernels: (tf.Tensor4D | null)[][] = [];
    tf.tidy(() => {
      kernels = phaseKernels(filter, stride, pad).map((row) => row.map((k) => (k === null ? null : tf.keep(k))));
    });
    return new Conv2dInputGradientKernels(filter.shape, stride, pad, kernels, true);
  }

  /** The prepared kernels registered under `id`, if they have not been disposed. */
  static lookup(id: number): Conv2dInputGradientKernels | undefined {
    return Conv2dInputGradientKernels.#registry.get(id);
  }

  /** Whether these are the kernels of a filter of this shape at this stride and padding. */
  fits(filterShape: readonly number[], stride: number, pad: number): boolean {
    return this.stride === stride && this.pad === pad && this.filterShape.every((d, i) => d === filterShape[i]);
  }

  /** Kernel [taps_h, taps_w, out, in] of phase (rh, rw); null when no tap reaches the phase. */
  kernel(rh: number, rw: number): tf.Tensor4D | null {
    return this.#kernels[rh]?.[rw] ?? null;
  }

  get isDisposed(): boolean {
    return this.#kernels.some((row) => row.some((k) => k?.isDisposed === true));
  }

  /** Frees prepared kernels and unregisters them (transient ones belong to their tidy: no-op). */
  dispose(): void {
    if (this.id === 0) return;
    Conv2dInputGradientKernels.#registry.delete(this.id);
    for (const row of this.#kernels) for (const k of row) k?.dispose();
  }
}

/** First tap t0 ≡ r + p (mod s) of phase r along an axis of kernel size k, and the taps t0, t0 + s, … < k. */
function phaseTaps(r: number, k: number, stride: number, pad: number): number[] {
  const taps: number[] = [];
  for (let t = (r + pad) % stride; t < k; t += stride) taps.push(t);
  return taps;
}

function phaseKernels(filter: tf.Tensor4D, stride: number, pad: number): (tf.Tensor4D | null)[][] {
  const [kh, kw, fin, fout] = filter.shape;
  // Tap (i, j) of the in/out-transposed filter: a contiguous [out, in] block.
  const blocks = tf.unstack(tf.reshape(tf.transpose(filter, [0, 1, 3, 2]), [kh * kw, fout, fin])) as tf.Tensor2D[];
  return Array.from({ length: stride }, (_, rh) =>
    Array.from({ length: stride }, (_, rw) => {
      const rows = phaseTaps(rh, kh, stride, pad);
      const cols = phaseTaps(rw, kw, stride, pad);
      if (rows.length === 0 || cols.length === 0) return null;
      // Flipped: kernel[a][b] = tap[rows[R−1−a]][cols[C−1−b]].
      const picked = rows.reverse().flatMap((i) => [...cols].reverse().map((j) => blocks[i * kw + j]!));
      const stacked = picked.length === 1 ? picked[0]! : tf.stack(picked);
      return tf.reshape(stacked, [rows.length, cols.length, fout, fin]) as tf.Tensor4D;
    }),
  );
}
