/** The image formats image IO reads. */
export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'tiff' | 'bmp';

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
const JPEG = [0xff, 0xd8, 0xff] as const;
const RIFF = [0x52, 0x49, 0x46, 0x46] as const; // "RIFF"
const WEBP = [0x57, 0x45, 0x42, 0x50] as const; // "WEBP" at offset 8
const TIFF_LE = [0x49, 0x49, 0x2a, 0x00] as const; // "II*\0"
const TIFF_BE = [0x4d, 0x4d, 0x00, 0x2a] as const; // "MM\0*"
const BIGTIFF_LE = [0x49, 0x49, 0x2b, 0x00] as const; // "II+\0"
const BIGTIFF_BE = [0x4d, 0x4d, 0x00, 0x2b] as const; // "MM\0+"
const BMP = [0x42, 0x4d] as const; // "BM"

/**
 * The format of an encoded image from its first bytes (magic numbers), never from a file extension.
 * Returns null for anything else (GIF, SVG, PDF, HEIF, ... are deliberately not accepted).
 */
export function detectImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, PNG)) return 'png';
  if (startsWith(bytes, JPEG)) return 'jpeg';
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return 'webp';
  if (startsWith(bytes, TIFF_LE) || startsWith(bytes, TIFF_BE)) return 'tiff';
  if (startsWith(bytes, BIGTIFF_LE) || startsWith(bytes, BIGTIFF_BE)) return 'tiff';
  // "BM" alone is weak: also require a plausible DIB header size.
  if (startsWith(bytes, BMP) && bytes.length >= 18) {
    const dibSize = bytes[14]! | (bytes[15]! << 8) | (bytes[16]! << 16) | (bytes[17]! << 24);
    if (dibSize >= 12 && dibSize <= 256) return 'bmp';
  }
  return null;
}
