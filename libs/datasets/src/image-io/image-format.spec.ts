import { describe, expect, it } from 'vitest';
import { detectImageFormat } from './image-format';

const bytes = (...values: Array<number | string>): Uint8Array =>
  Uint8Array.from(values.flatMap((v) => (typeof v === 'string' ? Array.from(Buffer.from(v, 'latin1')) : [v])));

describe('detectImageFormat', () => {
  it.each([
    ['PNG', bytes(0x89, 'PNG\r\n\x1a\n', 0, 0), 'png'],
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0), 'jpeg'],
    ['WebP', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '), 'webp'],
    ['TIFF little-endian', bytes('II*', 0), 'tiff'],
    ['TIFF big-endian', bytes('MM', 0, '*'), 'tiff'],
    ['BigTIFF', bytes('II+', 0, 8, 0), 'tiff'],
    ['BMP with a 40-byte DIB header', bytes('BM', 0, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0), 'bmp'],
    ['"BM" text that is not a BMP', bytes('BMW is a car brand, not a bitmap'), null],
    ['RIFF that is not WebP (WAV)', bytes('RIFF', 0, 0, 0, 0, 'WAVEfmt '), null],
    ['GIF', bytes('GIF89a'), null],
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg">'), null],
    ['empty', bytes(), null],
    ['one byte of JPEG', bytes(0xff), null],
  ])('%s → %s', (_name, input, expected) => {
    expect(detectImageFormat(input)).toBe(expected);
  });
});
