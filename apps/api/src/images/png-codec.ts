import { crc32, deflateSync, inflateSync } from 'node:zlib';

/** An 8-bit RGB raster (row-major, 3 bytes per pixel). */
export interface RgbImage {
  width: number;
  height: number;
  rgb: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Refuse rasters above this many pixels (a small file can inflate to gigabytes). */
export const MAX_PNG_PIXELS = 40_000_000;

export class PngError extends Error {
  override readonly name = 'PngError';
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Decodes a non-interlaced PNG (gray, RGB, palette, gray+alpha, RGBA; 8 or 16 bits, palettes of 1–8
 * bits) to 8-bit RGB; alpha is dropped. Enough for the API's difference images without sharp.
 */
export function decodePng(bytes: Uint8Array): RgbImage {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 8 || !buffer.subarray(0, 8).equals(SIGNATURE)) throw new PngError('not a PNG file');
  let offset = 8;
  let header: { width: number; height: number; depth: number; color: number; interlace: number } | null = null;
  let palette: Buffer | null = null;
  const data: Buffer[] = [];
  while (offset + 8 <= buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    const body = buffer.subarray(offset + 8, offset + 8 + length);
    if (body.length !== length) throw new PngError('truncated PNG chunk');
    if (type === 'IHDR') header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), depth: body[8]!, color: body[9]!, interlace: body[12]! };
    else if (type === 'PLTE') palette = body;
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (!header) throw new PngError('PNG without IHDR');
  const { width, height, depth, color, interlace } = header;
  const channels = CHANNELS[color];
  if (!channels) throw new PngError(`unsupported PNG colour type ${color}`);
  if (interlace !== 0) throw new PngError('interlaced PNGs are not supported');
  const depthOk = color === 3 ? [1, 2, 4, 8].includes(depth) : depth === 8 || depth === 16;
  if (!depthOk) throw new PngError(`unsupported PNG bit depth ${depth} for colour type ${color}`);
  if (color === 3 && !palette) throw new PngError('palette PNG without PLTE');
  if (width === 0 || height === 0 || width * height > MAX_PNG_PIXELS) throw new PngError(`PNG of ${width}×${height} pixels is out of range`);
  const rowBytes = Math.ceil((width * channels * depth) / 8);
  const bpp = Math.max(1, (channels * depth) / 8);
  const raw = inflateSync(Buffer.concat(data), { maxOutputLength: (rowBytes + 1) * height });
  if (raw.length !== (rowBytes + 1) * height) throw new PngError('PNG image data has the wrong size');
  const rows = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (rowBytes + 1)]!;
    const source = y * (rowBytes + 1) + 1;
    const target = y * rowBytes;
    for (let x = 0; x < rowBytes; x++) {
      const value = raw[source + x]!;
      const left = x >= bpp ? rows[target + x - bpp]! : 0;
      const up = y > 0 ? rows[target - rowBytes + x]! : 0;
      const upLeft = y > 0 && x >= bpp ? rows[target - rowBytes + x - bpp]! : 0;
      let out: number;
      if (filter === 0) out = value;
      else if (filter === 1) out = value + left;
      else if (filter === 2) out = value + up;
      else if (filter === 3) out = value + ((left + up) >> 1);
      else if (filter === 4) out = value + paeth(left, up, upLeft);
      else throw new PngError(`unknown PNG filter ${filter}`);
      rows[target + x] = out & 0xff;
    }
  }
  const rgb = new Uint8Array(width * height * 3);
  const sample = (row: number, index: number): number => {
    if (depth === 8) return rows[row * rowBytes + index]!;
    if (depth === 16) return rows[row * rowBytes + index * 2]!;
    const perByte = 8 / depth;
    const byte = rows[row * rowBytes + Math.floor(index / perByte)]!;
    const shift = 8 - depth * ((index % perByte) + 1);
    return (byte >> shift) & ((1 << depth) - 1);
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const out = (y * width + x) * 3;
      if (color === 3) {
        const entry = sample(y, x) * 3;
        if (entry + 2 >= palette!.length) throw new PngError('PNG palette index out of range');
        rgb[out] = palette![entry]!;
        rgb[out + 1] = palette![entry + 1]!;
        rgb[out + 2] = palette![entry + 2]!;
      } else if (channels <= 2) {
        const gray = sample(y, x * channels);
        rgb[out] = rgb[out + 1] = rgb[out + 2] = gray;
      } else {
        for (let c = 0; c < 3; c++) rgb[out + c] = sample(y, x * channels + c);
      }
    }
  }
  return { width, height, rgb };
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

/** Encodes 8-bit RGB as a PNG (filter Sub on every row, zlib level 6). */
export function encodePng(image: RgbImage): Buffer {
  const { width, height, rgb } = image;
  if (rgb.length !== width * height * 3) throw new PngError('RGB buffer does not match the size');
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  const rowBytes = width * 3;
  const raw = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (rowBytes + 1)] = 1;
    for (let x = 0; x < rowBytes; x++) {
      const value = rgb[y * rowBytes + x]!;
      const left = x >= 3 ? rgb[y * rowBytes + x - 3]! : 0;
      raw[y * (rowBytes + 1) + 1 + x] = (value - left) & 0xff;
    }
  }
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
