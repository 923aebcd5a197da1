import * as tf from '@tensorflow/tfjs';

/**
 * Inverse of an n×n matrix (row-major, float64) by Gauss–Jordan elimination with partial pivoting.
 * Returns null when a pivot is (relatively) zero, i.e. the matrix is singular in float64.
 */
export function invertMatrix(a: Float64Array, n: number): Float64Array | null {
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  let scale = 0;
  for (const value of a) scale = Math.max(scale, Math.abs(value));
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col] as number) > Math.abs(m[pivot * n + col] as number)) pivot = r;
    const p = m[pivot * n + col] as number;
    if (!(Math.abs(p) > scale * 1e-14)) return null;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) {
        [m[col * n + k], m[pivot * n + k]] = [m[pivot * n + k] as number, m[col * n + k] as number];
        [inv[col * n + k], inv[pivot * n + k]] = [inv[pivot * n + k] as number, inv[col * n + k] as number];
      }
    }
    for (let k = 0; k < n; k++) {
      m[col * n + k] = (m[col * n + k] as number) / p;
      inv[col * n + k] = (inv[col * n + k] as number) / p;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r * n + col] as number;
      if (f === 0) continue;
      for (let k = 0; k < n; k++) {
        m[r * n + k] = (m[r * n + k] as number) - f * (m[col * n + k] as number);
        inv[r * n + k] = (inv[r * n + k] as number) - f * (inv[col * n + k] as number);
      }
    }
  }
  return inv;
}

/**
 * q = dᵀ A⁻¹ d for each batch row: d [B, n], A [B, n, n] symmetric positive definite (NIQE's
 * (Σ_pristine + Σ_image)/2). TF.js has no matrix inverse, so the inverse is computed in float64
 * in JavaScript behind `tf.customGrad`, with the exact gradients ∂q/∂d = 2A⁻¹d and
 * ∂q/∂A = −(A⁻¹d)(A⁻¹d)ᵀ. MATLAB's pinv equals the inverse for a non-singular A; a singular A
 * throws (it does not happen with a positive definite pristine covariance).
 */
export const mahalanobisQuadForm: (d: tf.Tensor2D, a: tf.Tensor3D) => tf.Tensor1D = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const d = inputs[0] as tf.Tensor2D;
  const a = inputs[1] as tf.Tensor3D;
  const [batch, n] = d.shape;
  const dv = d.dataSync();
  const av = a.dataSync();
  const q = new Float32Array(batch);
  const solved = new Float32Array(batch * n);
  for (let b = 0; b < batch; b++) {
    const inv = invertMatrix(Float64Array.from(av.subarray(b * n * n, (b + 1) * n * n)), n);
    if (inv === null) throw new Error('mahalanobisQuadForm: the covariance matrix is singular');
    let total = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += (inv[i * n + k] as number) * (dv[b * n + k] as number);
      solved[b * n + i] = s;
      total += s * (dv[b * n + i] as number);
    }
    q[b] = total;
  }
  const value = tf.tensor1d(q);
  return {
    value,
    gradFunc: (dy: tf.Tensor) => {
      const x = tf.tensor2d(solved, [batch, n]);
      const dyCol = tf.reshape(dy, [batch, 1]);
      const gradD = tf.mul(tf.mul(x, 2), dyCol);
      const outer = tf.mul(tf.expandDims(x, 2), tf.expandDims(x, 1));
      const gradA = tf.mul(tf.neg(outer), tf.reshape(dy, [batch, 1, 1]));
      return [gradD, gradA];
    },
  };
}) as (d: tf.Tensor2D, a: tf.Tensor3D) => tf.Tensor1D;
