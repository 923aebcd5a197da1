/**
 * Writes ICC v2 RGB matrix/TRC display profiles for tests, from the ICC.1:2001-04 layout (header,
 * tag table, `desc`/`cprt`/`wtpt`/`rXYZ`/`gXYZ`/`bXYZ`/`rTRC`/`gTRC`/`bTRC`), so tests can make
 * images tagged with a wide-gamut profile without shipping a profile file.
 */
export interface TestIccProfile {
  description: string;
  /** D50-adapted colorants (XYZ of full red, green, blue). */
  red: readonly [number, number, number];
  green: readonly [number, number, number];
  blue: readonly [number, number, number];
  /** Pure power-law transfer curve. */
  gamma: number;
}

/** Adobe RGB (1998): the colorants and gamma 563/256 of Adobe's published profile. */
export const ADOBE_RGB_1998: TestIccProfile = {
  description: 'Adobe RGB (1998)',
  red: [0.60974, 0.31111, 0.01947],
  green: [0.20528, 0.62567, 0.06087],
  blue: [0.14919, 0.06322, 0.74457],
  gamma: 563 / 256,
};

const D50 = [0.9642, 1.0, 0.8249] as const;

function s15Fixed16(value: number): number {
  return Math.round(value * 65536) | 0;
}

function xyzTag(xyz: readonly [number, number, number]): Buffer {
  const tag = Buffer.alloc(20);
  tag.write('XYZ ', 0, 'latin1');
  xyz.forEach((v, i) => tag.writeInt32BE(s15Fixed16(v), 8 + 4 * i));
  return tag;
}

function curveTag(gamma: number): Buffer {
  const tag = Buffer.alloc(14);
  tag.write('curv', 0, 'latin1');
  tag.writeUInt32BE(1, 8);
  tag.writeUInt16BE(Math.round(gamma * 256), 12);
  return tag;
}

function descTag(text: string): Buffer {
  const ascii = Buffer.from(`${text}\0`, 'latin1');
  const tag = Buffer.alloc(12 + ascii.length + 4 + 4 + 2 + 1 + 67);
  tag.write('desc', 0, 'latin1');
  tag.writeUInt32BE(ascii.length, 8);
  ascii.copy(tag, 12);
  return tag;
}

function textTag(text: string): Buffer {
  const ascii = Buffer.from(`${text}\0`, 'latin1');
  const tag = Buffer.alloc(8 + ascii.length);
  tag.write('text', 0, 'latin1');
  ascii.copy(tag, 8);
  return tag;
}

/** The bytes of an ICC profile (write them to a file for sharp's `withIccProfile(path)`). */
export function writeTestIccProfile(profile: TestIccProfile): Buffer {
  const trc = curveTag(profile.gamma);
  const tags: Array<[string, Buffer]> = [
    ['desc', descTag(profile.description)],
    ['cprt', textTag('No copyright, test profile')],
    ['wtpt', xyzTag(D50)],
    ['rXYZ', xyzTag(profile.red)],
    ['gXYZ', xyzTag(profile.green)],
    ['bXYZ', xyzTag(profile.blue)],
    ['rTRC', trc],
    ['gTRC', trc],
    ['bTRC', trc],
  ];
  const tableSize = 4 + 12 * tags.length;
  const offsets = new Map<Buffer, number>();
  let cursor = 128 + tableSize;
  for (const [, data] of tags) {
    if (offsets.has(data)) continue;
    cursor = Math.ceil(cursor / 4) * 4;
    offsets.set(data, cursor);
    cursor += data.length;
  }
  const size = Math.ceil(cursor / 4) * 4;
  const icc = Buffer.alloc(size);
  icc.writeUInt32BE(size, 0);
  icc.writeUInt32BE(0x02100000, 8);
  icc.write('mntr', 12, 'latin1');
  icc.write('RGB ', 16, 'latin1');
  icc.write('XYZ ', 20, 'latin1');
  [2024, 1, 1, 0, 0, 0].forEach((v, i) => icc.writeUInt16BE(v, 24 + 2 * i));
  icc.write('acsp', 36, 'latin1');
  D50.forEach((v, i) => icc.writeInt32BE(s15Fixed16(v), 68 + 4 * i));
  icc.writeUInt32BE(tags.length, 128);
  tags.forEach(([signature, data], i) => {
    const entry = 132 + 12 * i;
    icc.write(signature, entry, 'latin1');
    icc.writeUInt32BE(offsets.get(data)!, entry + 4);
    icc.writeUInt32BE(data.length, entry + 8);
  });
  for (const [data, offset] of offsets) data.copy(icc, offset);
  return icc;
}
