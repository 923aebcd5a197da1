/** Adam hyper-parameters. */
export interface AdamHyperParameters {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
}

/**
 * One Adam update of `x` in place with PyTorch 1.13 semantics (`torch.optim.Adam`, single-tensor path,
 * no weight decay, no amsgrad), `step` = number of this update counting from 1:
 *
 *   m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²,
 *   x ← x − (lr / (1 − β1^t)) · m / ( √v / √(1 − β2^t) + eps ).
 *
 * The operations are ordered as PyTorch's CPU kernels order them (`addcmul`: (c·g)·g, `addcdiv`:
 * (c·m)/d), so equal inputs give equal doubles up to PyTorch's own vectorisation. Allocation-free.
 */
export function adamStep(x: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, step: number, hp: AdamHyperParameters): void {
  const { lr, beta1, beta2, eps } = hp;
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  const stepSize = lr / (1 - beta1 ** step);
  const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const mi = m[i]! * beta1 + gi * oneMinusBeta1;
    const vi = v[i]! * beta2 + oneMinusBeta2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    x[i] = x[i]! - (stepSize * mi) / (Math.sqrt(vi) / biasCorrection2Sqrt + eps);
  }
}
