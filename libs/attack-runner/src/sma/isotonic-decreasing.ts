/** Scratch buffers of `isotonicDecreasingL2` for vectors of length n (reuse them in hot loops). */
export interface IsotonicScratch {
  /** First position of each block on the stack. */
  readonly blockStart: Int32Array;
  /** Sum of y over each block on the stack. */
  readonly blockSum: Float64Array;
  /** Mean of y over each block on the stack (the block's solution value). */
  readonly blockMean: Float64Array;
}

/** Allocates the scratch buffers for vectors of length n. */
export function createIsotonicScratch(n: number): IsotonicScratch {
  return { blockStart: new Int32Array(n), blockSum: new Float64Array(n), blockMean: new Float64Array(n) };
}

/**
 * Isotonic regression with a decreasing constraint by pool-adjacent-violators (SMA.md §2.2 step 4):
 * out = argmin_{v_1 ≥ v_2 ≥ … ≥ v_n} ½‖v − y‖².
 *
 * One left-to-right pass with a stack of blocks: a new element is a block of its own; while the last
 * block's mean is ≥ the previous block's mean (a violation, equality included, as in fast-soft-sort's
 * `isotonic_l2`, which pools equal values) the two are merged. Every merge removes a block, so the pass
 * is O(n). Writes the solution into `out` and returns the number of PAV blocks. Allocation-free.
 */
export function isotonicDecreasingL2(y: Float64Array, out: Float64Array, scratch: IsotonicScratch): number {
  const n = y.length;
  const { blockStart, blockSum, blockMean } = scratch;
  let top = -1;
  for (let k = 0; k < n; k++) {
    top++;
    blockStart[top] = k;
    let sum = y[k]!;
    let mean = sum;
    // Merge while the constraint mean[top-1] > mean[top] is violated.
    while (top > 0 && blockMean[top - 1]! <= mean) {
      const start = blockStart[top - 1]!;
      sum += blockSum[top - 1]!;
      mean = sum / (k + 1 - start);
      top--; // the merged block keeps blockStart[top] = start
    }
    blockSum[top] = sum;
    blockMean[top] = mean;
  }
  for (let b = 0; b <= top; b++) {
    const end = b < top ? blockStart[b + 1]! : n;
    const value = blockMean[b]!;
    for (let k = blockStart[b]!; k < end; k++) out[k] = value;
  }
  return top + 1;
}
