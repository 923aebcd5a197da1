/**
 * Writes BMP files for tests, straight from the format description (Microsoft BITMAPINFOHEADER /
 * BITMAPV4HEADER / BITMAPV5HEADER), independently of the decoder under test.
 */
export interface TestBmpOptions {
  width: number;
  height: number;
  bitCount: 1 | 4 | 8 | 16 | 24 | 32;
  /** 24/32-bit (and 16-bit via masks): top-down HWC RGB bytes. */
  rgb?: Uint8Array;
  /** 1/4/8-bit: top-down palette indices, one per pixel. */
  indices?: Uint8Array;
  /** 1/4/8-bit: RGB triplets. */
  palette?: Uint8Array;
  /** Declared palette size (biClrUsed); default the palette length. */
  colorsUsed?: number;
  topDown?: boolean;
  dibHeaderSize?: 40 | 108 | 124;
  /** BI_RGB = 0, BI_BITFIELDS = 3, or any other number to test rejection. */
  compression?: number;
  masks?: { red: number; green: number; blue: number; alpha?: number };
  /** Leave out the padding bytes after the last stored row. */
  omitLastRowPadding?: boolean;
  /** Value of the 4th byte of 32-bit BI_RGB pixels. */
  fourthByte?: number;
}

function packMasked(r: number, g: number, b: number, masks: { red: number; green: number; blue: number }): number {
  const place = (v: number, mask: number): number => {
    let shift = 0;
    while (((mask >>> shift) & 1) === 0) shift++;
    const max = mask >>> shift;
    return (Math.round((v * max) / 255) << shift) >>> 0;
  };
  return (place(r, masks.red) | place(g, masks.green) | place(b, masks.blue)) >>> 0;
}

export function writeTestBmp(o: TestBmpOptions): Buffer {
  const dib = o.dibHeaderSize ?? 40;
  const compression = o.compression ?? 0;
  const stride = Math.floor((o.bitCount * o.width + 31) / 32) * 4;
  const masksAfterHeader = dib === 40 && compression === 3 ? 12 : 0;
  const paletteEntries = o.palette ? o.palette.length / 3 : 0;
  const pixelOffset = 14 + dib + masksAfterHeader + 4 * paletteEntries;
  const pixelBytes = stride * o.height - (o.omitLastRowPadding ? stride - Math.ceil((o.bitCount * o.width) / 8) : 0);
  const buf = Buffer.alloc(pixelOffset + pixelBytes);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(pixelOffset, 10);
  buf.writeUInt32LE(dib, 14);
  buf.writeInt32LE(o.width, 18);
  buf.writeInt32LE(o.topDown ? -o.height : o.height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(o.bitCount, 28);
  buf.writeUInt32LE(compression, 30);
  buf.writeUInt32LE(stride * o.height, 34);
  buf.writeInt32LE(2835, 38);
  buf.writeInt32LE(2835, 42);
  buf.writeUInt32LE(o.colorsUsed ?? paletteEntries, 46);
  if (o.masks) {
    buf.writeUInt32LE(o.masks.red >>> 0, 54);
    buf.writeUInt32LE(o.masks.green >>> 0, 58);
    buf.writeUInt32LE(o.masks.blue >>> 0, 62);
    if (dib > 40) buf.writeUInt32LE((o.masks.alpha ?? 0) >>> 0, 66);
  }
  if (dib > 40) buf.write('BGRs', 70, 'latin1'); // LCS_sRGB colour space tag
  for (let i = 0; i < paletteEntries; i++) {
    const p = 14 + dib + masksAfterHeader + 4 * i;
    buf[p] = o.palette![3 * i + 2]!;
    buf[p + 1] = o.palette![3 * i + 1]!;
    buf[p + 2] = o.palette![3 * i]!;
  }
  for (let y = 0; y < o.height; y++) {
    const row = pixelOffset + (o.topDown ? y : o.height - 1 - y) * stride;
    for (let x = 0; x < o.width; x++) {
      const i = y * o.width + x;
      if (o.bitCount <= 8) {
        const index = o.indices![i]!;
        const perByte = 8 / o.bitCount;
        const byte = row + Math.floor(x / perByte);
        buf[byte] = buf[byte]! | (index << (8 - o.bitCount * ((x % perByte) + 1)));
        continue;
      }
      const [r, g, b] = [o.rgb![3 * i]!, o.rgb![3 * i + 1]!, o.rgb![3 * i + 2]!];
      if (o.bitCount === 24) {
        buf[row + 3 * x] = b;
        buf[row + 3 * x + 1] = g;
        buf[row + 3 * x + 2] = r;
      } else if (o.bitCount === 32 && !o.masks) {
        buf[row + 4 * x] = b;
        buf[row + 4 * x + 1] = g;
        buf[row + 4 * x + 2] = r;
        buf[row + 4 * x + 3] = o.fourthByte ?? 0;
      } else {
        const masks = o.masks ?? { red: 0x7c00, green: 0x03e0, blue: 0x001f };
        const alpha = o.masks?.alpha ? (0xffffffff & o.masks.alpha) >>> 0 : 0;
        const v = (packMasked(r, g, b, masks) | alpha) >>> 0;
        if (o.bitCount === 32) buf.writeUInt32LE(v, row + 4 * x);
        else buf.writeUInt16LE(v, row + 2 * x);
      }
    }
  }
  return buf;
}

/** Deterministic pseudo-random bytes for test images (xorshift32). */
export function testBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = s & 0xff;
  }
  return out;
}
