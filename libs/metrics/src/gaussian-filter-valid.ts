/**
 * Normalised 1-D Gaussian window of odd length `size`: w_k ∝ exp(−(k − r)² / (2σ²)), r = (size − 1)/2,
 * Σ w_k = 1. Its outer product with itself is MATLAB's `fspecial('gaussian', size, σ)` and the kernel
 * `scipy.ndimage.gaussian_filter(σ, truncate=r/σ)` applies (internal).
 */
export function gaussianWindow(size: number, sigma: number): Float64Array {
  const radius = (size - 1) / 2;
  const w = new Float64Array(size);
  let sum = 0;
  for (let k = 0; k < size; k++) {
    const d = k - radius;
    w[k] = Math.exp(-(d * d) / (2 * sigma * sigma));
    sum += w[k] as number;
  }
  for (let k = 0; k < size; k++) w[k] = (w[k] as number) / sum;
  return w;
}

/**
 * 'valid' 2-D filtering of a row-major H×W plane with the separable kernel w ⊗ w (internal): output
 * (H − K + 1)×(W − K + 1), out[i][j] = Σ_{u,v} w_u w_v · img[i + u][j + v]. Two 1-D passes (rows, then
 * columns), O(H·W·K) instead of O(H·W·K²). The window is symmetric, so correlation = convolution.
 * Requires H ≥ K and W ≥ K.
 */
export function gaussianFilterValid(plane: Float64Array, height: number, width: number, window: Float64Array): Float64Array {
  const k = window.length;
  const outH = height - k + 1;
  const outW = width - k + 1;
  const rows = new Float64Array(height * outW);
  for (let y = 0; y < height; y++) {
    const rowStart = y * width;
    for (let x = 0; x < outW; x++) {
      let acc = 0;
      for (let t = 0; t < k; t++) acc += (window[t] as number) * (plane[rowStart + x + t] as number);
      rows[y * outW + x] = acc;
    }
  }
  const out = new Float64Array(outH * outW);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      let acc = 0;
      for (let t = 0; t < k; t++) acc += (window[t] as number) * (rows[(y + t) * outW + x] as number);
      out[y * outW + x] = acc;
    }
  }
  return out;
}
