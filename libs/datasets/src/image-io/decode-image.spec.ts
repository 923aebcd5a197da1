import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import sharp, { type Sharp } from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { testBytes, writeTestBmp } from '../testing/bmp-test-writer';
import { makeTempFolder } from '../testing/temp-dataset';
import { decodeImage } from './decode-image';
import { ImageIoError, type ImageIoErrorCode } from './image-io-error';
import { rgbImageFromBytes, rgbImageToBytes } from './rgb-bytes';

/** Every image under real/images with its size (BMP headers and README: TID2013 512×384, LIVE sizes; kodim05 768×512; CLIVE 500×500). */
const FIXTURE_IMAGE_SIZES: Record<string, [number, number]> = {
  'imquality-brisque-tests/img151.bmp': [768, 512],
  'imquality-brisque-tests/img16.bmp': [634, 438],
  'imquality-brisque-tests/img176.bmp': [610, 488],
  'imquality-brisque-tests/kodim05.png': [768, 512],
  'linearityiqa-clive/1000.JPG': [500, 500],
  'piq-tid2013/I01.BMP': [512, 384],
  'piq-tid2013/i01_01_5.bmp': [512, 384],
  'pyiqa-calibra/dist_dir/I03.bmp': [512, 384],
  'pyiqa-calibra/dist_dir/I04.bmp': [512, 384],
  'pyiqa-calibra/dist_dir/I06.bmp': [512, 384],
  'pyiqa-calibra/dist_dir/I08.bmp': [512, 384],
  'pyiqa-calibra/dist_dir/I19.bmp': [512, 384],
  'pyiqa-calibra/ref_dir/I03.bmp': [512, 384],
  'pyiqa-calibra/ref_dir/I04.bmp': [512, 384],
  'pyiqa-calibra/ref_dir/I06.bmp': [512, 384],
  'pyiqa-calibra/ref_dir/I08.bmp': [512, 384],
  'pyiqa-calibra/ref_dir/I19.bmp': [512, 384],
};

function listImages(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => /\.(bmp|png|jpe?g)$/i.test(p))
    .map((p) => relative(dir, join(dir, p)))
    .sort();
}

async function rejection(promise: Promise<unknown>): Promise<ImageIoError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ImageIoError)) throw new Error(`expected an ImageIoError, got ${String(error)}`);
  return error;
}

function expectCode(error: ImageIoError, code: ImageIoErrorCode): void {
  expect(error.code, error.message).toBe(code);
}

describe.skipIf(skipWithoutFixtures())('decodeImage on every fixture image', () => {
  const root = fixturePath('real/images');
  const folder = makeTempFolder('rankfall-decode-');
  afterAll(() => folder.cleanup());

  it('the size table covers every image in the folder', () => {
    expect(listImages(root)).toEqual(Object.keys(FIXTURE_IMAGE_SIZES).sort());
  });

  it.each(Object.entries(FIXTURE_IMAGE_SIZES))('%s decodes to %j, HWC RGB in [0, 1]', async (file, [width, height]) => {
    const image = await decodeImage(join(root, file));
    expect([image.width, image.height, image.channels]).toEqual([width, height, 3]);
    expect(image.data).toBeInstanceOf(Float32Array);
    expect(image.data.length).toBe(width * height * 3);
    let min = Infinity;
    let max = -Infinity;
    for (const v of image.data) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max - min).toBeGreaterThan(0.2); // a real picture, not a blank
  });

  it('detects the format from the bytes, not the extension (a JPEG named .png)', async () => {
    const disguised = folder.copy(join(root, 'linearityiqa-clive/1000.JPG'), 'photo.png');
    const image = await decodeImage(disguised);
    expect([image.width, image.height]).toEqual([500, 500]);
  });

  it('gives a BMP the same values as its bytes / 255', async () => {
    const file = join(root, 'piq-tid2013/I01.BMP');
    const bytes = readFileSync(file);
    const image = await decodeImage(file);
    const offset = bytes.readUInt32LE(10);
    // Top-left displayed pixel = first pixel of the last stored row (bottom-up, 512·3 bytes per row).
    const p = offset + 383 * 512 * 3;
    expect(Array.from(image.data.subarray(0, 3))).toEqual([bytes[p + 2]! / 255, bytes[p + 1]! / 255, bytes[p]! / 255].map(Math.fround));
  });

  it('refuses an image over the pixel limit, naming the file (BMP and JPEG)', async () => {
    const bmp = join(root, 'piq-tid2013/I01.BMP');
    const e1 = await rejection(decodeImage(bmp, { maxPixels: 512 * 384 - 1 }));
    expectCode(e1, 'TOO_LARGE');
    expect(e1.message).toContain(bmp);
    const jpeg = join(root, 'linearityiqa-clive/1000.JPG');
    const e2 = await rejection(decodeImage(jpeg, { maxPixels: 100_000 }));
    expectCode(e2, 'TOO_LARGE');
    expect(e2.message).toMatch(/1000\.JPG: 500×500 = 250000 pixels exceeds the limit of 100000/);
    await expect(decodeImage(jpeg, { maxPixels: 250_000 })).resolves.toMatchObject({ width: 500 });
  });

  it('refuses a truncated JPEG as corrupt, naming the file', async () => {
    const bytes = readFileSync(join(root, 'linearityiqa-clive/1000.JPG'));
    const truncated = folder.write('truncated.jpg', bytes.subarray(0, bytes.length >> 1));
    const error = await rejection(decodeImage(truncated));
    expectCode(error, 'CORRUPT_IMAGE');
    expect(error.file).toBe(truncated);
    expect(error.message).toContain('truncated.jpg');
  });

  it('refuses a truncated PNG as corrupt', async () => {
    const bytes = readFileSync(join(root, 'imquality-brisque-tests/kodim05.png'));
    expectCode(await rejection(decodeImage(bytes.subarray(0, bytes.length >> 1), { name: 'kodim05-half.png' })), 'CORRUPT_IMAGE');
  });
});

describe('decodeImage', () => {
  const width = 13;
  const height = 9;
  const rgb = testBytes(width * height * 3, 11);

  it('EXIF orientation 6 rotates the image 90° clockwise (size swapped, left half on top)', async () => {
    // 32×16: left half red, right half blue. Orientation 6 = rotate 90° CW to display, so the
    // displayed image is 16×32 with red on top.
    const w = 32;
    const h = 16;
    const raw = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const o = 3 * (y * w + x);
        if (x < w / 2) raw[o] = 255;
        else raw[o + 2] = 255;
      }
    }
    const jpeg = await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
      .jpeg({ quality: 100 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    const image = await decodeImage(jpeg, { name: 'oriented.jpg' });
    expect([image.width, image.height]).toEqual([16, 32]);
    const at = (x: number, y: number): number[] => Array.from(image.data.subarray(3 * (y * 16 + x), 3 * (y * 16 + x) + 3));
    const [rTop, , bTop] = at(8, 4);
    const [rBottom, , bBottom] = at(8, 27);
    expect(rTop).toBeGreaterThan(0.8);
    expect(bTop).toBeLessThan(0.2);
    expect(rBottom).toBeLessThan(0.2);
    expect(bBottom).toBeGreaterThan(0.8);
  });

  it.each([
    ['PNG', (s: Sharp) => s.png()],
    ['lossless WebP', (s: Sharp) => s.webp({ lossless: true })],
    ['TIFF', (s: Sharp) => s.tiff({ compression: 'lzw' })],
    ['24-bit BMP', null],
  ])('%s decodes to the exact 8-bit values / 255', async (_name, encode) => {
    const encoded = encode
      ? await encode(sharp(rgb, { raw: { width, height, channels: 3 } })).toBuffer()
      : writeTestBmp({ width, height, bitCount: 24, rgb });
    const image = await decodeImage(encoded);
    expect([image.width, image.height]).toEqual([width, height]);
    expect(Buffer.from(rgbImageToBytes(image)).equals(Buffer.from(rgb))).toBe(true);
    expect(image.data[5]).toBe(Math.fround(rgb[5]! / 255));
  });

  it('turns a grey PNG into three equal channels and drops alpha without compositing', async () => {
    const grey = await sharp(Uint8Array.from([0, 100, 200, 255]), { raw: { width: 2, height: 2, channels: 1 } }).png().toBuffer();
    const g = await decodeImage(grey);
    expect(rgbImageToBytes(g)).toEqual(Uint8Array.from([0, 0, 0, 100, 100, 100, 200, 200, 200, 255, 255, 255]));
    // Fully transparent red stays red: alpha is removed, not composited on a background.
    const rgba = await sharp(Uint8Array.from([255, 0, 0, 0, 0, 255, 0, 255]), { raw: { width: 2, height: 1, channels: 4 } })
      .png()
      .toBuffer();
    const a = await decodeImage(rgba);
    expect(a.channels).toBe(3);
    expect(rgbImageToBytes(a)).toEqual(Uint8Array.from([255, 0, 0, 0, 255, 0]));
  });

  it.each<[string, Uint8Array, ImageIoErrorCode]>([
    ['random bytes', testBytes(64, 3), 'UNSUPPORTED_FORMAT'],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'UNSUPPORTED_FORMAT'],
    ['an empty buffer', new Uint8Array(0), 'UNSUPPORTED_FORMAT'],
    ['a PNG signature followed by garbage', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), testBytes(100, 4)]), 'CORRUPT_IMAGE'],
    ['a JPEG signature followed by garbage', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), testBytes(100, 5)]), 'CORRUPT_IMAGE'],
  ])('refuses %s', async (_name, bytes, code) => {
    const error = await rejection(decodeImage(bytes, { name: 'upload-7.bin' }));
    expectCode(error, code);
    expect(error.message.startsWith('upload-7.bin: ')).toBe(true);
  });

  it('never quotes the bytes of a file it refuses (text, a key, /etc/passwd)', async () => {
    const secret = Buffer.from('root:x:0:0:root:/root:/bin/bash\nAWS_SECRET_ACCESS_KEY=abc\n', 'latin1');
    const hex = Array.from(secret.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
    for (const source of [secret, testBytes(64, 3)]) {
      const error = await rejection(decodeImage(source, { name: 'upload-8.bin' }));
      expect(error.message).toBe('upload-8.bin: not a PNG, JPEG, WebP, TIFF or BMP file (unrecognised signature)');
    }
    expect((await rejection(decodeImage(secret, { name: 'u' }))).message).not.toContain(hex);
  });

  it('reports a missing file as unreadable, naming it', async () => {
    const missing = join(tmpdir(), 'rankfall-no-such-dir', 'nothing.png');
    const error = await rejection(decodeImage(missing));
    expectCode(error, 'FILE_UNREADABLE');
    expect(error.message).toContain(missing);
  });

  it('round-trips a float image through the 8-bit helpers', () => {
    const image = rgbImageFromBytes(rgb, width, height);
    expect(Buffer.from(rgbImageToBytes(image)).equals(Buffer.from(rgb))).toBe(true);
  });
});
