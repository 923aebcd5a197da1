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
});
