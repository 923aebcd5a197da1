/**
 * Test-only decoder for the fixture BMPs (sharp cannot read BMP): BITMAPINFOHEADER, 24-bit
 * BI_RGB, bottom-up or top-down rows padded to 4 bytes, BGR pixel order. Returns HWC RGB in [0,1]
 * (8-bit value / 255). Anything else throws.
 */
export function decodeTestBmp(bytes: Uint8Array): { data: Float32Array; height: number; width: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== 0x42 || bytes[1] !== 0x4d) throw new Error('not a BMP');
  const dataOffset = view.getUint32(10, true);
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bitsPerPixel = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  if (bitsPerPixel !== 24 || compression !== 0) throw new Error(`unsupported BMP: ${bitsPerPixel} bpp, compression ${compression}`);
  const height = Math.abs(rawHeight);
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  if (dataOffset + rowBytes * height > bytes.length) throw new Error('BMP truncated');
  const data = new Float32Array(height * width * 3);
  for (let y = 0; y < height; y++) {
    const fileRow = rawHeight > 0 ? height - 1 - y : y;
    const rowStart = dataOffset + fileRow * rowBytes;
    for (let x = 0; x < width; x++) {
      const at = rowStart + 3 * x;
      const out = 3 * (y * width + x);
      data[out] = (bytes[at + 2] as number) / 255;
      data[out + 1] = (bytes[at + 1] as number) / 255;
      data[out + 2] = (bytes[at] as number) / 255;
    }
  }
  return { data, height, width };
}
