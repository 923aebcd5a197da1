import { SmaError } from './sma-error';
import { SoftRankWorkspace } from './soft-rank-workspace';

/** Result of `softRank`: the soft ranks and what their vector–Jacobian product needs. */
export interface SoftRankResult {
  /** r = softrank_eps(θ); sums to n(n+1)/2; tends to the hard ascending ranks 1…n as eps → 0. */
  readonly ranks: Float64Array;
  /** σ: indices of θ sorted by descending value (ties by ascending index). */
  readonly permutation: Int32Array;
  /** Start positions (in sorted order) of the PAV blocks used by the VJP. */
  readonly blockStarts: Int32Array;
  /** uᵀ·∂r/∂θ for an upstream vector u of length n (a new array). */
  vjp(u: ArrayLike<number>): Float64Array;
}

/**
 * L2-regularised ascending soft rank of Blondel et al., "Fast Differentiable Sorting and Ranking"
 * (ICML 2020), as used by SMA (SMA.md §2.2): the Euclidean projection of θ/eps onto the permutahedron
 * of (n, …, 1), computed by PAV. Allocating convenience wrapper; hot loops use `SoftRankWorkspace`.
 */
export function softRank(theta: ArrayLike<number>, eps: number): SoftRankResult {
  const n = theta.length;
  if (n < 1) throw new SmaError('TOO_FEW_SCORES', 'softRank needs at least one value');
  if (!(eps > 0) || !Number.isFinite(eps)) throw new SmaError('NON_FINITE', `softRank eps must be a positive finite number, got ${eps}`);
  const values = Float64Array.from(theta);
  if (!values.every(Number.isFinite)) throw new SmaError('NON_FINITE', 'softRank input contains a non-finite value');
  const workspace = new SoftRankWorkspace(n);
  const ranks = new Float64Array(n);
  workspace.compute(values, eps, ranks);
  return {
    ranks,
    permutation: workspace.sigma.slice(),
    blockStarts: workspace.blockStarts.slice(0, workspace.blockCount),
    vjp(u: ArrayLike<number>): Float64Array {
      if (u.length !== n) throw new SmaError('LENGTH_MISMATCH', `vjp expects a vector of length ${n}, got ${u.length}`);
      const out = new Float64Array(n);
      workspace.vjp(Float64Array.from(u), out);
      return out;
    },
  };
}
