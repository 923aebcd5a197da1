/**
 * Pearson correlation computed as SMA's `corrcoef` (SMA.md §2.2): centre both vectors, scale each to
 * unit L2 norm, take the dot product. NaN when a vector is constant.
 */
export function pearson(t: ArrayLike<number>, p: ArrayLike<number>): number {
  return pearsonWithGradient(t, p, undefined);
}

/**
 * Pearson(t, p) and, when `gradOut` is given, its gradient with respect to p (Appendix A):
 * with a = (t − t̄)/‖t − t̄‖, b = (p − p̄)/‖p − p̄‖ and ρ = a·b,
 *   ∂ρ/∂p = centre( (a − ρ·b) / ‖p − p̄‖ ).
 * Allocation-free; `gradOut` must not alias t or p.
 */
export function pearsonWithGradient(t: ArrayLike<number>, p: ArrayLike<number>, gradOut: Float64Array | undefined): number {
  const n = t.length;
  let tSum = 0;
  let pSum = 0;
  for (let i = 0; i < n; i++) {
    tSum += t[i]!;
    pSum += p[i]!;
  }
  const tMean = tSum / n;
  const pMean = pSum / n;
  let tt = 0;
  let pp = 0;
  for (let i = 0; i < n; i++) {
    const tc = t[i]! - tMean;
    const pc = p[i]! - pMean;
    tt += tc * tc;
    pp += pc * pc;
  }
  const tNorm = Math.sqrt(tt);
  const pNorm = Math.sqrt(pp);
  let rho = 0;
  for (let i = 0; i < n; i++) rho += ((p[i]! - pMean) / pNorm) * ((t[i]! - tMean) / tNorm);
  if (gradOut === undefined) return rho;
  let gSum = 0;
  for (let i = 0; i < n; i++) {
    const a = (t[i]! - tMean) / tNorm;
    const b = (p[i]! - pMean) / pNorm;
    const g = (a - rho * b) / pNorm;
    gradOut[i] = g;
    gSum += g;
  }
  const gMean = gSum / n;
  for (let i = 0; i < n; i++) gradOut[i] = gradOut[i]! - gMean;
  return rho;
}
