import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { testBytes } from '../testing/bmp-test-writer';
import { decodeImage } from './decode-image';
import { encodePng } from './encode-png';
import { ImageIoError } from './image-io-error';
import { rgbImageFromBytes, rgbImageToBytes } from './rgb-bytes';

describe('encodePng', () => {
  it('round-trips 8-bit images exactly (random pixels, odd size)', async () => {
    const rgb = testBytes(37 * 23 * 3, 99);
    const png = await encodePng(rgbImageFromBytes(rgb, 37, 23));
    const metadata = await sharp(png).metadata();
    expect([metadata.format, metadata.width, metadata.height, metadata.channels, metadata.depth]).toEqual(['png', 37, 23, 3, 'uchar']);
    const back = await decodeImage(png);
    expect(Buffer.from(rgbImageToBytes(back)).equals(Buffer.from(rgb))).toBe(true);
  });

  it('stores round(x · 255) clamped to [0, 255]', async () => {
    const values = [-0.5, 0, 0.5 / 255 - 1e-6, 0.5 / 255 + 1e-6, 0.25, 0.5, 1, 1.7, Number.NaN];
    const data = new Float32Array(values.length * 3);
    values.forEach((v, i) => data.fill(v, 3 * i, 3 * i + 3));
    const png = await encodePng({ data, width: values.length, height: 1, channels: 3 });
    const { data: raw } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const reds = Array.from({ length: values.length }, (_, i) => raw[3 * i]);
    expect(reds).toEqual([0, 0, 0, 1, 64, 128, 255, 255, 0]);
  });

  it('gives identical bytes for identical images', async () => {
    const image = rgbImageFromBytes(testBytes(16 * 16 * 3, 1), 16, 16);
    const [a, b] = await Promise.all([encodePng(image), encodePng(image)]);
    expect(a.equals(b)).toBe(true);
  });

  it('refuses an image whose data does not match its size', async () => {
    const bad = { data: new Float32Array(10), width: 2, height: 2, channels: 3 as const };
    await expect(encodePng(bad)).rejects.toBeInstanceOf(ImageIoError);
    await expect(encodePng(bad)).rejects.toMatchObject({ code: 'INVALID_IMAGE' });
  });
});
