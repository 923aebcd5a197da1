import { ImageIoError } from './image-io-error';

/** Channel bit masks of a BI_BITFIELDS (or 16/32-bit BI_RGB) BMP. */
export interface BmpMasks {
  readonly red: number;
  readonly green: number;
  readonly blue: number;
}

/** What the BMP decoder needs from the headers; sizes already validated against the file length. */
export interface BmpHeader {
  readonly width: number;
  /** Always positive; `topDown` says the row order. */
  readonly height: number;
  readonly topDown: boolean;
  readonly bitCount: 1 | 4 | 8 | 16 | 24 | 32;
  /** DIB header size: 40 (BITMAPINFOHEADER), 52/56 (V2/V3), 108 (V4), 124 (V5). */
  readonly dibHeaderSize: number;
  readonly pixelOffset: number;
  /** Bytes per stored row, padded to a multiple of 4. */
  readonly rowStride: number;
  /** For 16- and 32-bit images (the BI_RGB defaults when the file has no masks). */
  readonly masks: BmpMasks | null;
  /** For 1/4/8-bit images: palette as RGB triplets, `paletteSize` entries. */
  readonly palette: Uint8Array | null;
  readonly paletteSize: number;
}

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;
const COMPRESSION_NAMES: Record<number, string> = {
  1: 'BI_RLE8',
  2: 'BI_RLE4',
  4: 'BI_JPEG',
  5: 'BI_PNG',
  11: 'BI_CMYK',
  12: 'BI_CMYKRLE8',
  13: 'BI_CMYKRLE4',
};
const SUPPORTED_DIB_SIZES = new Set([40, 52, 56, 108, 124]);

/** Number of bytes of the headers needed before `readBmpHeader` can work (file header + largest DIB header + masks). */
export const BMP_HEADER_PROBE_BYTES = 14 + 124 + 16;

function isContiguousMask(mask: number): boolean {
  if (mask === 0) return false;
  const shifted = mask >>> countTrailingZeros(mask);
  return (shifted & (shifted + 1)) === 0;
}

/** Trailing zero bits of a non-zero 32-bit mask. */
export function countTrailingZeros(mask: number): number {
  let n = 0;
  let m = mask >>> 0;
  while (n < 32 && (m & 1) === 0) {
    m >>>= 1;
    n += 1;
  }
  return n;
}

/**
 * Parses and validates a BMP's file header and DIB header (BITMAPINFOHEADER, V2, V3, V4, V5).
 * Supported: uncompressed 1/4/8-bit palettised, 16/24/32-bit BI_RGB, 16/32-bit BI_BITFIELDS
 * (and BI_ALPHABITFIELDS), bottom-up and top-down. Anything else throws `UNSUPPORTED_FORMAT`;
 * damaged or truncated headers and pixel data throw `CORRUPT_IMAGE`.
 *
 * `fileLength` is the full file size when `bytes` holds only the start of the file (header probe);
 * the palette is then only read if it lies within `bytes`.
 */
export function readBmpHeader(bytes: Uint8Array, file: string, fileLength = bytes.length): BmpHeader {
  const corrupt = (message: string): ImageIoError => new ImageIoError('CORRUPT_IMAGE', file, `corrupt BMP: ${message}`);
  const unsupported = (message: string): ImageIoError =>
    new ImageIoError('UNSUPPORTED_FORMAT', file, `unsupported BMP: ${message}`);
  if (bytes.length < 18 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) throw corrupt('missing "BM" file header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pixelOffset = view.getUint32(10, true);
  const dibHeaderSize = view.getUint32(14, true);
  if (dibHeaderSize === 12) throw unsupported('BITMAPCOREHEADER (OS/2 1.x) headers are not supported');
  if (dibHeaderSize === 64) throw unsupported('OS/2 2.x BITMAPINFOHEADER2 headers are not supported');
  if (!SUPPORTED_DIB_SIZES.has(dibHeaderSize)) throw unsupported(`unknown DIB header size ${dibHeaderSize}`);
  if (bytes.length < 14 + dibHeaderSize) throw corrupt(`file too short for its ${dibHeaderSize}-byte DIB header`);

  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const planes = view.getUint16(26, true);
  const bitCount = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  const colorsUsed = view.getUint32(46, true);

  if (width <= 0) throw corrupt(`width ${width}`);
  if (rawHeight === 0 || rawHeight === -2147483648) throw corrupt(`height ${rawHeight}`);
  if (planes !== 1) throw corrupt(`${planes} colour planes (must be 1)`);
  const compressionName = COMPRESSION_NAMES[compression];
  if (compressionName) throw unsupported(`${compressionName} compression is not supported`);
  if (compression !== BI_RGB && compression !== BI_BITFIELDS && compression !== BI_ALPHABITFIELDS) {
    throw unsupported(`unknown compression ${compression}`);
  }
  if (![1, 4, 8, 16, 24, 32].includes(bitCount)) throw unsupported(`${bitCount} bits per pixel`);
  const bits = bitCount as BmpHeader['bitCount'];
  const bitfields = compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS;
  if (bitfields && bits !== 16 && bits !== 32) throw corrupt(`BI_BITFIELDS with ${bits} bits per pixel`);

  const topDown = rawHeight < 0;
  const height = Math.abs(rawHeight);

  let masks: BmpMasks | null = null;
  // Masks follow a 40-byte header, or sit inside V2+ headers at the same offset (54).
  const masksEnd = 54 + (compression === BI_ALPHABITFIELDS ? 16 : 12);
  if (bitfields) {
    if (bytes.length < masksEnd) throw corrupt('file too short for its colour masks');
    masks = { red: view.getUint32(54, true), green: view.getUint32(58, true), blue: view.getUint32(62, true) };
    for (const [channel, mask] of Object.entries(masks)) {
      if (!isContiguousMask(mask)) throw unsupported(`${channel} mask 0x${mask.toString(16)} is empty or not contiguous`);
    }
  } else if (bits === 16) {
    masks = { red: 0x7c00, green: 0x03e0, blue: 0x001f };
  } else if (bits === 32) {
    masks = { red: 0x00ff0000, green: 0x0000ff00, blue: 0x000000ff };
  }

  let palette: Uint8Array | null = null;
  let paletteSize = 0;
  if (bits <= 8) {
    const maxEntries = 1 << bits;
    paletteSize = colorsUsed === 0 ? maxEntries : colorsUsed;
    if (paletteSize > maxEntries) throw corrupt(`${paletteSize} palette entries for ${bits} bits per pixel`);
    const paletteStart = 14 + dibHeaderSize + (dibHeaderSize === 40 && bitfields ? masksEnd - 54 : 0);
    const paletteEnd = paletteStart + 4 * paletteSize;
    if (paletteEnd > pixelOffset) throw corrupt('palette overlaps the pixel data');
    if (paletteEnd > fileLength) throw corrupt('truncated palette');
    if (paletteEnd <= bytes.length) {
      palette = new Uint8Array(3 * paletteSize);
      for (let i = 0; i < paletteSize; i++) {
        const o = paletteStart + 4 * i; // B G R reserved
        palette[3 * i] = bytes[o + 2]!;
        palette[3 * i + 1] = bytes[o + 1]!;
        palette[3 * i + 2] = bytes[o]!;
      }
    }
  }

  const rowStride = Math.floor((bits * width + 31) / 32) * 4;
  const lastRowBytes = Math.ceil((bits * width) / 8);
  if (pixelOffset < 14 + dibHeaderSize) throw corrupt(`pixel data offset ${pixelOffset} inside the headers`);
  // Some writers leave out the padding of the last row: require only the bytes that hold pixels.
  const needed = pixelOffset + rowStride * (height - 1) + lastRowBytes;
  if (!Number.isSafeInteger(needed) || needed > fileLength) {
    throw corrupt(`truncated pixel data (${width}×${height}×${bits} bits needs ${needed} bytes, file has ${fileLength})`);
  }
  return { width, height, topDown, bitCount: bits, dibHeaderSize, pixelOffset, rowStride, masks, palette, paletteSize };
}
