import type { HwcImage } from './hwc-image';
import { MetricsError } from './metrics-error';
import { assertFinite } from './validate-samples';

/**
 * Checks an image (internal): positive integer height, width and channels, `data.length` equal to their
 * product, and finite values.
 *
 * @throws MetricsError `INVALID_IMAGE`, `NON_FINITE`.
 */
export function assertImage(metric: string, name: string, image: HwcImage): void {
  const { height, width, channels, data } = image;
  for (const [key, value] of [
    ['height', height],
    ['width', width],
    ['channels', channels],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new MetricsError('INVALID_IMAGE', `${metric}: ${name}.${key} = ${value}; it must be a positive integer`);
    }
  }
  if (data.length !== height * width * channels) {
    throw new MetricsError(
      'INVALID_IMAGE',
      `${metric}: ${name}.data has ${data.length} values, expected height·width·channels = ${height}·${width}·${channels} = ${height * width * channels}`,
    );
  }
  assertFinite(metric, `${name}.data`, data);
}

/** Both images valid and of identical shape; throws `LENGTH_MISMATCH` naming both shapes otherwise. */
export function assertSameShapeImages(metric: string, a: HwcImage, b: HwcImage): void {
  assertImage(metric, 'a', a);
  assertImage(metric, 'b', b);
  if (a.height !== b.height || a.width !== b.width || a.channels !== b.channels) {
    throw new MetricsError(
      'LENGTH_MISMATCH',
      `${metric}: image shapes differ: a is ${a.height}×${a.width}×${a.channels}, b is ${b.height}×${b.width}×${b.channels}`,
    );
  }
}
