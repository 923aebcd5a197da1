import { createIsotonicScratch, isotonicDecreasingL2, type IsotonicScratch } from './isotonic-decreasing';

/** Consecutive isotonic solution values closer than this belong to one block in the VJP (fast-soft-sort `_partition`). */
const PARTITION_TOLERANCE = 1e-9;

/**
 * Allocation-free L2 soft rank (Blondel et al. 2020, ascending) for vectors of one length n, with its
 * vector–Jacobian product; exactly SMA.md §2.2. `compute` keeps the state the VJP needs (σ and the
 * block partition) until the next `compute`.
 *
 * Sorting: σ orders z descending with ties broken by ascending index, a total order, so σ is a pure
 * function of θ whatever order the previous call left behind. σ is kept between calls and re-sorted by
 * insertion sort, which is O(n + inversions): near-linear in an optimisation loop where θ moves a little
 * per step. (Tied values give identical ranks whatever their order; the tie rule only fixes the
 * summation order inside a VJP block, so results are reproducible bit for bit.)
 *
 * VJP blocks: fast-soft-sort partitions the isotonic solution v into maximal runs whose consecutive
 * values differ by ≤ 1e-9. Inside a PAV block v is constant, so this equals merging adjacent PAV blocks
 * whose values differ by ≤ 1e-9, which is how it is computed here (per block, not per element).
 */
export class SoftRankWorkspace {
  readonly n: number;
  /** σ: sorted position k holds original index sigma[k]. */
  readonly sigma: Int32Array;
  /** Start position (in sorted order) of each VJP block; the first `blockCount` entries are valid. */
  readonly blockStarts: Int32Array;
  private blocks = 0;
  private eps = 1;
  private readonly z: Float64Array;
  private readonly y: Float64Array;
  private readonly v: Float64Array;
  private readonly scratch: IsotonicScratch;

  constructor(n: number) {
    this.n = n;
    this.sigma = new Int32Array(n);
    for (let i = 0; i < n; i++) this.sigma[i] = i;
    this.blockStarts = new Int32Array(n);
    this.z = new Float64Array(n);
    this.y = new Float64Array(n);
    this.v = new Float64Array(n);
    this.scratch = createIsotonicScratch(n);
  }

  /** Number of VJP blocks of the last `compute`. */
  get blockCount(): number {
    return this.blocks;
  }

  /** r = softrank_eps(theta) written into `ranksOut` (length n, must not alias theta). Allocation-free. */
  compute(theta: Float64Array, eps: number, ranksOut: Float64Array): void {
    const { n, sigma, y, v } = this;
    this.eps = eps;
    // z = θ·(1/ε), as fast-soft-sort computes it (`values * scale`, scale = sign/strength); θ·1 is θ
    // exactly, so the product is skipped for ε = 1.
    let z = theta;
    if (eps !== 1) {
      z = this.z;
      const scale = 1 / eps;
      for (let i = 0; i < n; i++) z[i] = theta[i]! * scale;
    }
    // Insertion sort of σ: descending z, ties by ascending index.
    for (let k = 1; k < n; k++) {
      const idx = sigma[k]!;
      const zi = z[idx]!;
      let j = k - 1;
      let other = sigma[j]!;
      let zo = z[other]!;
      if (zo > zi || (zo === zi && other < idx)) continue;
      do {
        sigma[j + 1] = other;
        j--;
        if (j < 0) break;
        other = sigma[j]!;
        zo = z[other]!;
      } while (!(zo > zi || (zo === zi && other < idx)));
      sigma[j + 1] = idx;
    }
    // y = z_s − w with w = (n, n−1, …, 1).
    for (let k = 0; k < n; k++) y[k] = z[sigma[k]!]! - (n - k);
    const pavBlocks = isotonicDecreasingL2(y, v, this.scratch);
    // primal = z_s − v, placed back in original order.
    for (let k = 0; k < n; k++) {
      const idx = sigma[k]!;
      ranksOut[idx] = z[idx]! - v[k]!;
    }
    // VJP partition from the PAV blocks (see the class comment).
    const { blockStart, blockMean } = this.scratch;
    const starts = this.blockStarts;
    starts[0] = 0;
    let blocks = 1;
    for (let b = 1; b < pavBlocks; b++) {
      if (Math.abs(blockMean[b]! - blockMean[b - 1]!) > PARTITION_TOLERANCE) starts[blocks++] = blockStart[b]!;
    }
    this.blocks = blocks;
  }

  /**
   * Vector–Jacobian product uᵀ·∂r/∂θ at the last `compute`: inside each block B of sorted positions,
   * out_s[k] = u_s[k] − mean_B(u_s), then back to original order and multiplied by 1/eps. Allocation-free;
   * `out` may alias `u`.
   */
  vjp(u: Float64Array, out: Float64Array): void {
    const { n, sigma, blockStarts, blocks } = this;
    const scale = 1 / this.eps;
    for (let b = 0; b < blocks; b++) {
      const start = blockStarts[b]!;
      const end = b + 1 < blocks ? blockStarts[b + 1]! : n;
      let sum = 0;
      for (let k = start; k < end; k++) sum += u[sigma[k]!]!;
      const mean = sum / (end - start);
      for (let k = start; k < end; k++) {
        const idx = sigma[k]!;
        out[idx] = scale === 1 ? u[idx]! - mean : (u[idx]! - mean) * scale;
      }
    }
  }
}
