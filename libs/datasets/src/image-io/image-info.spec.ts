import { join } from 'node:path';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { testBytes, writeTestBmp } from '../testing/bmp-test-writer';
import { readImageInfo } from './image-info';

describe.skipIf(skipWithoutFixtures())('readImageInfo on fixture files', () => {
  it.each([
    ['piq-tid2013/I01.BMP', 'bmp', 512, 384],
    ['imquality-brisque-tests/img16.bmp', 'bmp', 634, 438],
    ['imquality-brisque-tests/kodim05.png', 'png', 768, 512],
    ['linearityiqa-clive/1000.JPG', 'jpeg', 500, 500],
  ])('%s is a %s of %i×%i', async (file, format, width, height) => {
    expect(await readImageInfo(join(fixturePath('real/images'), file))).toEqual({ format, width, height });
  });

  it('applies the pixel limit from the header', async () => {
    await expect(readImageInfo(fixturePath('real/images/piq-tid2013/I01.BMP'), { maxPixels: 1000 })).rejects.toMatchObject({
      code: 'TOO_LARGE',
    });
  });
});

describe('readImageInfo', () => {
  it('swaps width and height for EXIF orientations 5–8', async () => {
    const raw = testBytes(20 * 10 * 3, 2);
    const jpeg = await sharp(raw, { raw: { width: 20, height: 10, channels: 3 } }).jpeg().withMetadata({ orientation: 8 }).toBuffer();
    expect(await readImageInfo(jpeg)).toEqual({ format: 'jpeg', width: 10, height: 20 });
    const upright = await sharp(raw, { raw: { width: 20, height: 10, channels: 3 } }).jpeg().withMetadata({ orientation: 3 }).toBuffer();
    expect(await readImageInfo(upright)).toEqual({ format: 'jpeg', width: 20, height: 10 });
  });

  it('reads a top-down BMP size as positive', async () => {
    const bmp = writeTestBmp({ width: 5, height: 3, bitCount: 24, rgb: testBytes(45, 1), topDown: true });
    expect(await readImageInfo(bmp)).toEqual({ format: 'bmp', width: 5, height: 3 });
  });

  it('refuses a corrupt header', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), testBytes(50, 9)]);
    await expect(readImageInfo(bytes, { name: 'x.jpg' })).rejects.toMatchObject({ code: 'CORRUPT_IMAGE', file: 'x.jpg' });
  });
});
