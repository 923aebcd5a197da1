/** MSE(a, b) = (1/n) Σ (a_i − b_i)², as `nn.MSELoss()` with mean reduction (SMA.md §2.3). */
export function meanSquaredError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    ss += d * d;
  }
  return ss / n;
}

/** Gradient of MSE(a, b) with respect to a: 2(a_i − b_i)/n (Appendix A), written into `out`. */
export function meanSquaredErrorGradient(a: ArrayLike<number>, b: ArrayLike<number>, out: Float64Array): void {
  const n = a.length;
  const scale = 2 / n;
  for (let i = 0; i < n; i++) out[i] = scale * (a[i]! - b[i]!);
}
