import { fitLogistic4, logistic4, type Logistic4FitOptions } from './logistic4';
import { MetricsError } from './metrics-error';
import type { NumericArray } from './numeric-array';
import { pearsonCore } from './pearson-core';

/**
 * PLCC after the VQEG 4-parameter logistic mapping (the usual IQA-paper protocol): fit
 * f(x) = (b1 − b2)/(1 + exp(−(x − b3)/|b4|)) + b2 from `predictions` to `mos` by least squares
 * (`fitLogistic4`, deterministic Levenberg–Marquardt, documented initial values), then Pearson's r between
 * f(predictions) and `mos`. Not symmetric: the first argument is mapped onto the scale of the second.
 * SMA's own evaluation uses raw `plcc`; report this one only where a paper does.
 *
 * @throws MetricsError as `fitLogistic4`; `FIT_FAILED` when the fit did not converge within
 * `maxIterations`; `CONSTANT_INPUT` when the fitted curve is flat over the predictions.
 */
export function plccLogistic(predictions: NumericArray, mos: NumericArray, options: Logistic4FitOptions = {}): number {
  const fit = fitLogistic4(predictions, mos, options);
  if (!fit.converged) {
    throw new MetricsError(
      'FIT_FAILED',
      `plccLogistic: the logistic fit did not converge in ${fit.iterations} iterations (sse ${fit.sse}); raise maxIterations or pass initial`,
    );
  }
  const mapped = Float64Array.from(predictions, (x) => logistic4(x, fit.params));
  return pearsonCore('plccLogistic', mapped, mos, ['mapped predictions', 'mos']);
}
