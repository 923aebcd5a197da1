import { MetricsError } from './metrics-error';
import type { NumericArray } from './numeric-array';
import { assertOption, assertPairedSamples } from './validate-samples';

/** Parameters of the VQEG 4-parameter logistic: upper/lower asymptotes b1/b2, centre b3, scale |b4|. */
export interface Logistic4Params {
  readonly b1: number;
  readonly b2: number;
  readonly b3: number;
  readonly b4: number;
}

export interface Logistic4FitOptions {
  /** Starting point; default the data-driven one described on `fitLogistic4`. */
  readonly initial?: Logistic4Params;
  /** Upper bound on Levenberg–Marquardt iterations (accepted or rejected steps); default 1000. */
  readonly maxIterations?: number;
}

export interface Logistic4Fit {
  readonly params: Logistic4Params;
  /** The starting point used (`options.initial` or the documented data-driven one). */
  readonly initial: Logistic4Params;
  /** Σ (y_i − f(x_i))² at `params`. */
  readonly sse: number;
  /** Levenberg–Marquardt iterations used (accepted and rejected steps). */
  readonly iterations: number;
  /** false when `maxIterations` ran out before a stopping rule held. */
  readonly converged: boolean;
}

/**
 * The 4-parameter logistic of VQEG (FR-TV Phase II, 2003) used to map objective scores to MOS before PLCC:
 *
 *     f(x) = (b1 − b2) / (1 + exp(−(x − b3)/|b4|)) + b2
 *
 * Evaluated without overflow for any finite argument (the sigmoid is computed from exp(−|z|)).
 */
export function logistic4(x: number, params: Logistic4Params): number {
  const { b1, b2, b3, b4 } = params;
  return (b1 - b2) * sigmoid((x - b3) / Math.abs(b4)) + b2;
}

/**
 * Least-squares fit of {@link logistic4} mapping `x` (objective scores, e.g. model predictions) to `y`
 * (subjective scores, e.g. MOS): minimises S(β) = Σ (y_i − f(x_i; β))².
 *
 * Deterministic Levenberg–Marquardt (Marquardt 1963, diagonal scaling): with J the analytic n×4 Jacobian
 * of f and r = y − f, solve (JᵀJ + λ·diag(JᵀJ)) δ = Jᵀr by Gaussian elimination with partial pivoting; accept
 * β + δ if S decreases (then λ ← max(λ/10, 1e-12)), else λ ← λ·10 and retry. λ starts at 1e-3. Stops (converged) after an
 * accepted step whose relative decrease of S is ≤ 1e-15 or whose relative parameter change
 * max_j |δ_j|/(|β_j| + 1e-12) is ≤ 1e-12, or when λ exceeds 1e20 (no step decreases S at float64 precision).
 *
 * Initial values (documented, deterministic): b1 = max(y), b2 = min(y) (swapped when x and y are
 * negatively correlated, so the curve starts decreasing), b3 = mean(x), b4 = std(x) (population): the
 * sigmoid's central slope (b1 − b2)/(4·b4) is then that of a line spanning the y range over ±2 std of x.
 * Agrees with `scipy.optimize.curve_fit(method='lm')` (MINPACK) from the same start on the shared
 * DBCNN/CLIVE fixture.
 *
 * @throws MetricsError `LENGTH_MISMATCH`, `TOO_FEW_SAMPLES` (n < 5: more points than parameters),
 * `NON_FINITE`, `CONSTANT_INPUT` (x or y constant: the curve is not identifiable), `INVALID_OPTION`.
 */
export function fitLogistic4(x: NumericArray, y: NumericArray, options: Logistic4FitOptions = {}): Logistic4Fit {
  const n = assertPairedSamples('fitLogistic4', x, y, 5);
  const maxIterations = options.maxIterations ?? 1000;
  assertOption('fitLogistic4', 'maxIterations', maxIterations, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  const start = options.initial ?? initialParams(x, y, n);
  assertOption('fitLogistic4', 'initial.b1', start.b1, () => true, 'finite');
  assertOption('fitLogistic4', 'initial.b2', start.b2, () => true, 'finite');
  assertOption('fitLogistic4', 'initial.b3', start.b3, () => true, 'finite');
  assertOption('fitLogistic4', 'initial.b4', start.b4, (v) => v !== 0, 'finite and non-zero');
  let beta = [start.b1, start.b2, start.b3, start.b4];
  let sse = sumSquaredResiduals(x, y, beta);
  let lambda = 1e-3;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    const { jtj, jtr } = normalEquations(x, y, beta);
    let accepted = false;
    while (!accepted && iterations < maxIterations) {
      iterations++;
      const damped = jtj.map((row, i) => row.map((v, j) => (i === j ? v + lambda * Math.max(v, 1e-300) : v)));
      const delta = solveLinear4(damped, jtr);
      const candidate = delta ? beta.map((b, j) => b + (delta[j] as number)) : null;
      const candidateSse = candidate && candidate[3] !== 0 ? sumSquaredResiduals(x, y, candidate) : Infinity;
      if (candidate && delta && candidateSse < sse) {
        const relativeDecrease = (sse - candidateSse) / sse;
        const relativeStep = Math.max(...delta.map((d, j) => Math.abs(d) / (Math.abs(beta[j] as number) + 1e-12)));
        beta = candidate;
        sse = candidateSse;
        lambda = Math.max(lambda / 10, 1e-12);
        accepted = true;
        converged = relativeDecrease <= 1e-15 || relativeStep <= 1e-12;
      } else {
        lambda *= 10;
        if (lambda > 1e20) {
          converged = true;
          break;
        }
      }
    }
    if (!accepted) break;
  }
  const [b1, b2, b3, b4] = beta as [number, number, number, number];
  return { params: { b1, b2, b3, b4 }, initial: start, sse, iterations, converged };
}

function sigmoid(z: number): number {
  const e = Math.exp(-Math.abs(z));
  return z >= 0 ? 1 / (1 + e) : e / (1 + e);
}

function initialParams(x: NumericArray, y: NumericArray, n: number): Logistic4Params {
  let meanX = 0;
  let meanY = 0;
  let maxY = -Infinity;
  let minY = Infinity;
  for (let i = 0; i < n; i++) {
    meanX += x[i] as number;
    meanY += y[i] as number;
    maxY = Math.max(maxY, y[i] as number);
    minY = Math.min(minY, y[i] as number);
  }
  meanX /= n;
  meanY /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - meanX;
    sxx += dx * dx;
    sxy += dx * ((y[i] as number) - meanY);
  }
  const stdX = Math.sqrt(sxx / n);
  if (!(stdX > 0)) throw new MetricsError('CONSTANT_INPUT', 'fitLogistic4: x is constant; the logistic is not identifiable');
  if (!(maxY > minY)) throw new MetricsError('CONSTANT_INPUT', 'fitLogistic4: y is constant; the logistic is not identifiable');
  return sxy >= 0 ? { b1: maxY, b2: minY, b3: meanX, b4: stdX } : { b1: minY, b2: maxY, b3: meanX, b4: stdX };
}

function sumSquaredResiduals(x: NumericArray, y: NumericArray, beta: readonly number[]): number {
  const params = { b1: beta[0] as number, b2: beta[1] as number, b3: beta[2] as number, b4: beta[3] as number };
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const r = (y[i] as number) - logistic4(x[i] as number, params);
    sum += r * r;
  }
  return sum;
}

/** JᵀJ and Jᵀr of the residuals r = y − f(x; β), with the analytic Jacobian of f. */
function normalEquations(x: NumericArray, y: NumericArray, beta: readonly number[]): { jtj: number[][]; jtr: number[] } {
  const [b1, b2, b3, b4] = beta as [number, number, number, number];
  const s = Math.abs(b4);
  const signB4 = Math.sign(b4);
  const jtj = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
  const jtr = [0, 0, 0, 0];
  const row = [0, 0, 0, 0];
  for (let i = 0; i < x.length; i++) {
    const z = ((x[i] as number) - b3) / s;
    const q = sigmoid(z);
    const slope = (b1 - b2) * q * (1 - q);
    row[0] = q; // ∂f/∂b1
    row[1] = 1 - q; // ∂f/∂b2
    row[2] = -slope / s; // ∂f/∂b3
    row[3] = (-slope * z * signB4) / s; // ∂f/∂b4
    const r = (y[i] as number) - ((b1 - b2) * q + b2);
    for (let a = 0; a < 4; a++) {
      jtr[a] = (jtr[a] as number) + (row[a] as number) * r;
      const jtjRow = jtj[a] as number[];
      for (let b = 0; b < 4; b++) jtjRow[b] = (jtjRow[b] as number) + (row[a] as number) * (row[b] as number);
    }
  }
  return { jtj, jtr };
}

/** Solves the 4×4 system A δ = g by Gaussian elimination with partial pivoting; null when singular. */
function solveLinear4(a: number[][], g: readonly number[]): number[] | null {
  const m = a.map((row, i) => [...row, g[i] as number]);
  for (let col = 0; col < 4; col++) {
    let pivot = col;
    for (let r = col + 1; r < 4; r++) {
      if (Math.abs((m[r] as number[])[col] as number) > Math.abs((m[pivot] as number[])[col] as number)) pivot = r;
    }
    const pivotRow = m[pivot] as number[];
    const p = pivotRow[col] as number;
    if (!Number.isFinite(p) || p === 0) return null;
    m[pivot] = m[col] as number[];
    m[col] = pivotRow;
    for (let r = col + 1; r < 4; r++) {
      const rowR = m[r] as number[];
      const factor = (rowR[col] as number) / p;
      for (let c = col; c < 5; c++) rowR[c] = (rowR[c] as number) - factor * (pivotRow[c] as number);
    }
  }
  const delta = [0, 0, 0, 0];
  for (let r = 3; r >= 0; r--) {
    const rowR = m[r] as number[];
    let acc = rowR[4] as number;
    for (let c = r + 1; c < 4; c++) acc -= (rowR[c] as number) * (delta[c] as number);
    delta[r] = acc / (rowR[r] as number);
  }
  return delta.every(Number.isFinite) ? delta : null;
}
