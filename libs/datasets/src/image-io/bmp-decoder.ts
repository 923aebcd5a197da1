import { countTrailingZeros, readBmpHeader, type BmpHeader, type BmpMasks } from './bmp-header';
import { ImageIoError } from './image-io-error';

/** A decoded BMP: 8-bit RGB, top-down rows, HWC. */
export interface BmpPixels {
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
}

interface MaskChannel {
  readonly mask: number;
  readonly shift: number;
  readonly max: number;
}

function maskChannel(mask: number): MaskChannel {
  const shift = countTrailingZeros(mask);
  return { mask: mask >>> 0, shift, max: (mask >>> 0) / 2 ** shift };
}

function scaleMasked(pixel: number, channel: MaskChannel): number {
  const value = ((pixel & channel.mask) >>> 0) / 2 ** channel.shift;
  return channel.max === 255 ? value : Math.round((value * 255) / channel.max);
}

function decodeMasked(bytes: Uint8Array, header: BmpHeader, masks: BmpMasks, rgb: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [r, g, b] = [maskChannel(masks.red), maskChannel(masks.green), maskChannel(masks.blue)];
  const { width, height, rowStride, pixelOffset, topDown, bitCount } = header;
  for (let y = 0; y < height; y++) {
    const row = pixelOffset + (topDown ? y : height - 1 - y) * rowStride;
    for (let x = 0; x < width; x++) {
      const pixel = bitCount === 32 ? view.getUint32(row + 4 * x, true) : view.getUint16(row + 2 * x, true);
      const o = 3 * (y * width + x);
      rgb[o] = scaleMasked(pixel, r);
      rgb[o + 1] = scaleMasked(pixel, g);
      rgb[o + 2] = scaleMasked(pixel, b);
    }
  }
}

function decodeBgr24(bytes: Uint8Array, header: BmpHeader, rgb: Uint8Array): void {
  const { width, height, rowStride, pixelOffset, topDown } = header;
  for (let y = 0; y < height; y++) {
    const row = pixelOffset + (topDown ? y : height - 1 - y) * rowStride;
    let o = 3 * y * width;
    for (let x = 0; x < width; x++) {
      const p = row + 3 * x;
      rgb[o++] = bytes[p + 2]!;
      rgb[o++] = bytes[p + 1]!;
      rgb[o++] = bytes[p]!;
    }
  }
}

function decodePalettised(bytes: Uint8Array, header: BmpHeader, palette: Uint8Array, file: string, rgb: Uint8Array): void {
  const { width, height, rowStride, pixelOffset, topDown, bitCount, paletteSize } = header;
  const perByte = 8 / bitCount;
  const mask = (1 << bitCount) - 1;
  for (let y = 0; y < height; y++) {
    const row = pixelOffset + (topDown ? y : height - 1 - y) * rowStride;
    for (let x = 0; x < width; x++) {
      const byte = bytes[row + Math.floor(x / perByte)]!;
      // The leftmost pixel sits in the most significant bits.
      const index = (byte >> (8 - bitCount * ((x % perByte) + 1))) & mask;
      if (index >= paletteSize) {
        throw new ImageIoError('CORRUPT_IMAGE', file, `corrupt BMP: palette index ${index} at (${x}, ${y}) beyond ${paletteSize} entries`);
      }
      const o = 3 * (y * width + x);
      rgb[o] = palette[3 * index]!;
      rgb[o + 1] = palette[3 * index + 1]!;
      rgb[o + 2] = palette[3 * index + 2]!;
    }
  }
}

/**
 * Decodes an uncompressed BMP (see `readBmpHeader` for the variants) to 8-bit RGB, top-down.
 * Alpha (32-bit files) is dropped; colour-space fields of V4/V5 headers and embedded ICC profiles
 * are ignored (the pixels are taken as sRGB).
 */
export function decodeBmp(bytes: Uint8Array, file: string): BmpPixels {
  const header = readBmpHeader(bytes, file);
  const rgb = new Uint8Array(header.width * header.height * 3);
  if (header.bitCount === 24) decodeBgr24(bytes, header, rgb);
  else if (header.masks) decodeMasked(bytes, header, header.masks, rgb);
  else if (header.palette) decodePalettised(bytes, header, header.palette, file, rgb);
  else throw new ImageIoError('CORRUPT_IMAGE', file, 'corrupt BMP: no palette');
  return { width: header.width, height: header.height, rgb };
}
