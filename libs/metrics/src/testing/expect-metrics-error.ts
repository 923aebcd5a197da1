import { expect } from 'vitest';
import { MetricsError, type MetricsErrorCode } from '../metrics-error';

/**
 * Asserts that `run` throws a {@link MetricsError} with `code` (and, when given, a message matching
 * `message`). Fails when it returns normally or throws anything else. Specs only.
 */
export function expectMetricsError(run: () => unknown, code: MetricsErrorCode, message?: RegExp): void {
  let thrown: unknown = undefined;
  let returned = false;
  try {
    run();
    returned = true;
  } catch (error) {
    thrown = error;
  }
  expect(returned, `expected a MetricsError ${code}, but the call returned normally`).toBe(false);
  expect(thrown).toBeInstanceOf(MetricsError);
  expect((thrown as MetricsError).code).toBe(code);
  if (message) expect((thrown as MetricsError).message).toMatch(message);
}
