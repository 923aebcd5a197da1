import { describe, expect, it } from 'vitest';
import { readZipArchive } from './pytorch-zip-archive';
import { writeZip } from './pytorch-zip-writer.test-helper';
import { WeightsError } from './weights-error';

const files = [
  { name: 'archive/data.pkl', data: Uint8Array.from([1, 2, 3, 4, 5]) },
  { name: 'archive/data/0', data: new Uint8Array(1000).map((_, i) => i % 7), deflate: true },
];

describe('readZipArchive', () => {
  it.each([{ zip64: false }, { zip64: true }])('reads stored and deflated entries (zip64: $zip64)', ({ zip64 }) => {
    const entries = readZipArchive(writeZip(files, { zip64 }));
    expect([...entries.keys()]).toEqual(['archive/data.pkl', 'archive/data/0']);
    expect(entries.get('archive/data.pkl')?.read()).toEqual(files[0]?.data);
    expect(entries.get('archive/data/0')?.read()).toEqual(files[1]?.data);
    expect(entries.get('archive/data/0')?.size).toBe(1000);
  });

  it('rejects an unsupported compression method and encrypted entries', () => {
    const zip = writeZip(files);
    const centralStart = zip.length - 22 - (46 + 16) - (46 + 14);
    const lzma = zip.slice();
    new DataView(lzma.buffer).setUint16(centralStart + 10, 14, true);
    expect(() => readZipArchive(lzma)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }));
    const encrypted = zip.slice();
    new DataView(encrypted.buffer).setUint16(centralStart + 8, 1, true);
    expect(() => readZipArchive(encrypted)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }));
  });

  it('rejects directory offsets outside the file', () => {
    const zip = writeZip(files);
    const badOffset = zip.slice();
    new DataView(badOffset.buffer).setUint32(zip.length - 22 + 16, zip.length, true);
    expect(() => readZipArchive(badOffset)).toThrow(WeightsError);
    expect(() => readZipArchive(new Uint8Array(10))).toThrow(expect.objectContaining({ code: 'MALFORMED_FILE' }));
  });

  it('refuses a duplicate entry (two archive/data.pkl) instead of keeping the last, naming it', () => {
    const zip = writeZip([...files, { name: 'archive/data.pkl', data: Uint8Array.from([9]) }]);
    expect(() => readZipArchive(zip)).toThrow(expect.objectContaining({ code: 'DUPLICATE_ENTRY', tensor: 'archive/data.pkl' }));
    expect(() => readZipArchive(zip)).toThrow('"archive/data.pkl"');
  });

  it.each(['archive/../data.pkl', '../archive/data/1', '/archive/data/1', 'archive\\data\\1', 'C:/archive/data/1', 'archive/data/..', 'archive/da\u0000ta'])(
    'refuses the unsafe entry name %j, naming it',
    (name) => {
      const zip = writeZip([...files, { name, data: Uint8Array.from([9]) }]);
      expect(() => readZipArchive(zip)).toThrow(expect.objectContaining({ code: 'UNSAFE_ENTRY_NAME', tensor: name }));
      expect(() => readZipArchive(zip)).toThrow(JSON.stringify(name));
    },
  );

  it('accepts ordinary nested names', () => {
    const zip = writeZip([...files, { name: 'archive/.data/serialization_id', data: Uint8Array.from([1]) }]);
    expect([...readZipArchive(zip).keys()]).toContain('archive/.data/serialization_id');
  });
});
