import { readFileSync } from 'node:fs';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { describe, expect, it } from 'vitest';
import { testBytes, writeTestBmp } from '../testing/bmp-test-writer';
import { decodeBmp } from './bmp-decoder';
import { readBmpHeader } from './bmp-header';
import { ImageIoError } from './image-io-error';

const FIXTURE_BMPS: Array<[string, number, number]> = [
  ['real/images/piq-tid2013/I01.BMP', 512, 384],
  ['real/images/piq-tid2013/i01_01_5.bmp', 512, 384],
  ['real/images/pyiqa-calibra/ref_dir/I03.bmp', 512, 384],
  ['real/images/pyiqa-calibra/dist_dir/I19.bmp', 512, 384],
  ['real/images/imquality-brisque-tests/img16.bmp', 634, 438],
  ['real/images/imquality-brisque-tests/img176.bmp', 610, 488],
  ['real/images/imquality-brisque-tests/img151.bmp', 768, 512],
  ['real/models/cnniqa-live/I03_01_1.bmp', 512, 384],
];

/** Expected RGB of pixel (x, y) read straight from a 24-bit bottom-up BMP's bytes. */
function rawPixel(bytes: Buffer, x: number, y: number): [number, number, number] {
  const offset = bytes.readUInt32LE(10);
  const width = bytes.readInt32LE(18);
  const height = bytes.readInt32LE(22);
  const stride = Math.ceil((width * 3) / 4) * 4;
  const p = offset + (height - 1 - y) * stride + 3 * x;
  return [bytes[p + 2]!, bytes[p + 1]!, bytes[p]!];
}

function decodedPixel(rgb: Uint8Array, width: number, x: number, y: number): [number, number, number] {
  const o = 3 * (y * width + x);
  return [rgb[o]!, rgb[o + 1]!, rgb[o + 2]!];
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof ImageIoError ? e.code : `not an ImageIoError: ${String(e)}`;
  }
  return undefined;
}

describe.skipIf(skipWithoutFixtures())('decodeBmp on the fixture BMPs', () => {
  it.each(FIXTURE_BMPS)('%s decodes to %i×%i with the stored bytes', (file, width, height) => {
    const bytes = readFileSync(fixturePath(file));
    const decoded = decodeBmp(bytes, file);
    expect([decoded.width, decoded.height]).toEqual([width, height]);
    expect(decoded.rgb.length).toBe(width * height * 3);
    const positions: Array<[number, number]> = [
      [0, 0],
      [width - 1, 0],
      [0, height - 1],
      [width - 1, height - 1],
      [Math.floor(width / 2), Math.floor(height / 3)],
    ];
    const seq = testBytes(40, width + height);
    for (let i = 0; i < 20; i++) positions.push([(seq[2 * i]! * 997) % width, (seq[2 * i + 1]! * 991) % height]);
    for (const [x, y] of positions) {
      expect(decodedPixel(decoded.rgb, width, x, y), `pixel (${x}, ${y})`).toEqual(rawPixel(bytes, x, y));
    }
  });

  it('matches the raw bytes on every pixel of a padded-row image (634 px wide: 2 bytes padding per row)', () => {
    const bytes = readFileSync(fixturePath('real/images/imquality-brisque-tests/img16.bmp'));
    const { width, height, rgb } = decodeBmp(bytes, 'img16.bmp');
    let mismatches = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const [r, g, b] = rawPixel(bytes, x, y);
        const o = 3 * (y * width + x);
        if (rgb[o] !== r || rgb[o + 1] !== g || rgb[o + 2] !== b) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });
});

describe('decodeBmp variants', () => {
  const width = 7; // odd: rows need padding at every bit depth
  const height = 5;
  const rgb = testBytes(width * height * 3, 42);

  it.each([
    ['24-bit bottom-up', { bitCount: 24 as const }],
    ['24-bit top-down', { bitCount: 24 as const, topDown: true }],
    ['24-bit V4 header', { bitCount: 24 as const, dibHeaderSize: 108 as const }],
    ['24-bit V5 header, no padding after the last row', { bitCount: 24 as const, dibHeaderSize: 124 as const, omitLastRowPadding: true }],
    ['32-bit BI_RGB (4th byte ignored)', { bitCount: 32 as const, fourthByte: 0x80 }],
    ['32-bit BI_RGB top-down', { bitCount: 32 as const, topDown: true }],
    [
      '32-bit BI_BITFIELDS after a 40-byte header',
      { bitCount: 32 as const, compression: 3, masks: { red: 0x0000ff00, green: 0x00ff0000, blue: 0xff000000 } },
    ],
    [
      '32-bit BI_BITFIELDS V5 with alpha',
      {
        bitCount: 32 as const,
        compression: 3,
        dibHeaderSize: 124 as const,
        masks: { red: 0x00ff0000, green: 0x0000ff00, blue: 0x000000ff, alpha: 0xff000000 },
      },
    ],
  ])('%s gives back the exact pixels', (_name, options) => {
    const file = writeTestBmp({ width, height, rgb, ...options });
    const decoded = decodeBmp(file, 'test.bmp');
    expect([decoded.width, decoded.height]).toEqual([width, height]);
    expect(Buffer.from(decoded.rgb).equals(Buffer.from(rgb))).toBe(true);
  });

  it.each([
    ['16-bit BI_RGB 5-5-5', { bitCount: 16 as const }, [31, 31, 31]],
    [
      '16-bit BI_BITFIELDS 5-6-5',
      { bitCount: 16 as const, compression: 3, masks: { red: 0xf800, green: 0x07e0, blue: 0x001f } },
      [31, 63, 31],
    ],
    [
      '32-bit BI_BITFIELDS 10-10-10',
      { bitCount: 32 as const, compression: 3, masks: { red: 0x3ff00000, green: 0x000ffc00, blue: 0x000003ff } },
      [1023, 1023, 1023],
    ],
  ])('%s scales each channel to 8 bits', (_name, options, maxima) => {
    const file = writeTestBmp({ width, height, rgb, ...options });
    const decoded = decodeBmp(file, 'test.bmp');
    // Closed form: the writer stores round(v·max/255), the decoder must return round(q·255/max).
    const expected = Array.from(rgb, (v, i) => {
      const max = maxima[i % 3]!;
      return Math.round((Math.round((v * max) / 255) * 255) / max);
    });
    expect(Array.from(decoded.rgb)).toEqual(expected);
  });

  it.each([1, 4, 8] as const)('%i-bit palettised images map indices through the palette', (bitCount) => {
    const entries = bitCount === 1 ? 2 : bitCount === 4 ? 11 : 200;
    const palette = testBytes(entries * 3, 7);
    const indices = Uint8Array.from(testBytes(width * height, 9), (v) => v % entries);
    const file = writeTestBmp({ width, height, bitCount, palette, indices });
    const decoded = decodeBmp(file, 'test.bmp');
    const expected = Array.from(indices).flatMap((i) => [palette[3 * i]!, palette[3 * i + 1]!, palette[3 * i + 2]!]);
    expect(Array.from(decoded.rgb)).toEqual(expected);
  });

  it('reads an 8-bit file that declares no palette size (biClrUsed 0 = 256 entries)', () => {
    const palette = testBytes(256 * 3, 3);
    const indices = testBytes(width * height, 4);
    const file = writeTestBmp({ width, height, bitCount: 8, palette, indices, colorsUsed: 0, topDown: true });
    const decoded = decodeBmp(file, 'test.bmp');
    expect(decoded.rgb[0]).toBe(palette[3 * indices[0]!]);
    expect(readBmpHeader(file, 'test.bmp').paletteSize).toBe(256);
  });
});

describe('decodeBmp rejects what it cannot read', () => {
  const rgb = testBytes(4 * 4 * 3, 5);
  const good = (): Buffer => writeTestBmp({ width: 4, height: 4, bitCount: 24, rgb });

  it.each<[string, () => Buffer, string]>([
    ['RLE8 compression', () => writeTestBmp({ width: 4, height: 4, bitCount: 8, compression: 1, palette: rgb, indices: new Uint8Array(16) }), 'UNSUPPORTED_FORMAT'],
    ['BI_JPEG compression', () => writeTestBmp({ width: 4, height: 4, bitCount: 24, compression: 4, rgb }), 'UNSUPPORTED_FORMAT'],
    [
      'an OS/2 BITMAPCOREHEADER',
      () => {
        const b = good();
        b.writeUInt32LE(12, 14);
        return b;
      },
      'UNSUPPORTED_FORMAT',
    ],
    [
      '2 bits per pixel',
      () => {
        const b = good();
        b.writeUInt16LE(2, 28);
        return b;
      },
      'UNSUPPORTED_FORMAT',
    ],
    ['truncated pixel data', () => good().subarray(0, 54 + 20), 'CORRUPT_IMAGE'],
    ['a header cut short', () => good().subarray(0, 30), 'CORRUPT_IMAGE'],
    [
      'zero width',
      () => {
        const b = good();
        b.writeInt32LE(0, 18);
        return b;
      },
      'CORRUPT_IMAGE',
    ],
    [
      'a palette index beyond the palette',
      () => writeTestBmp({ width: 4, height: 4, bitCount: 8, palette: rgb.subarray(0, 6), indices: new Uint8Array(16).fill(5) }),
      'CORRUPT_IMAGE',
    ],
    [
      'a non-contiguous colour mask',
      () => writeTestBmp({ width: 4, height: 4, bitCount: 32, compression: 3, rgb, masks: { red: 0x00ff00ff, green: 0x0000ff00, blue: 0xff000000 } }),
      'UNSUPPORTED_FORMAT',
    ],
  ])('%s', (_name, make, code) => {
    expect(codeOf(() => decodeBmp(make(), 'bad.bmp'))).toBe(code);
  });

  it('names the file in the message', () => {
    expect(() => decodeBmp(good().subarray(0, 60), '/data/x/broken.bmp')).toThrow(/\/data\/x\/broken\.bmp: corrupt BMP: truncated/);
  });
});
