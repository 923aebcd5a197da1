/** Unbiased sample variance Σ(x − x̄)²/(n − 1), as `torch.var` (SMA.md §2.3); n ≥ 2. */
export function unbiasedVariance(x: ArrayLike<number>): number {
  const n = x.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    ss += d * d;
  }
  return ss / (n - 1);
}

/** Gradient of the unbiased variance: ∂Var/∂x_i = 2(x_i − x̄)/(n − 1) (Appendix A), written into `out`. */
export function unbiasedVarianceGradient(x: ArrayLike<number>, out: Float64Array): void {
  const n = x.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i]!;
  const mean = sum / n;
  const scale = 2 / (n - 1);
  for (let i = 0; i < n; i++) out[i] = scale * (x[i]! - mean);
}
