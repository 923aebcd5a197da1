const MAX_DESCRIPTION = 80;

function clean(text: string): string | null {
  // eslint-disable-next-line no-control-regex
  const printable = text.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return printable ? printable.slice(0, MAX_DESCRIPTION) : null;
}

/**
 * The description (`desc` tag) of an ICC profile, e.g. `Adobe RGB (1998)`, `Display P3`,
 * `sRGB IEC61966-2.1`: ICC v2 `textDescriptionType` (ASCII) or v4 `multiLocalizedUnicodeType` (first
 * record, UTF-16BE). Null when the profile has no readable description. Never throws; at most 80
 * printable characters (it ends up in messages and provenance).
 */
export function iccProfileDescription(icc: Uint8Array): string | null {
  if (icc.length < 132) return null;
  const view = new DataView(icc.buffer, icc.byteOffset, icc.byteLength);
  const tagCount = view.getUint32(128);
  for (let i = 0; i < tagCount && 132 + 12 * (i + 1) <= icc.length; i++) {
    const entry = 132 + 12 * i;
    if (view.getUint32(entry) !== 0x64657363) continue; // 'desc'
    const offset = view.getUint32(entry + 4);
    const size = view.getUint32(entry + 8);
    if (offset + Math.max(size, 12) > icc.length || size < 12) return null;
    const type = view.getUint32(offset);
    if (type === 0x64657363) {
      // textDescriptionType: 'desc', reserved, uint32 ASCII count (with NUL), ASCII
      const count = view.getUint32(offset + 8);
      const end = Math.min(offset + 12 + count, offset + size);
      return clean(String.fromCharCode(...icc.subarray(offset + 12, end)));
    }
    if (type === 0x6d6c7563) {
      // multiLocalizedUnicodeType: 'mluc', reserved, records, record size, then (lang, country, length, offset)
      const records = view.getUint32(offset + 8);
      if (records < 1 || offset + 28 > icc.length) return null;
      const length = view.getUint32(offset + 20);
      const start = offset + view.getUint32(offset + 24);
      if (start + length > icc.length) return null;
      let text = '';
      for (let p = start; p + 1 < start + length; p += 2) text += String.fromCharCode(view.getUint16(p));
      return clean(text);
    }
    return null;
  }
  return null;
}

/** True for profiles that describe sRGB itself (decoding to sRGB changes nothing worth reporting). */
export function isSrgbDescription(description: string | null): boolean {
  return description !== null && /\bsRGB\b/i.test(description);
}
