import { describe, expect, it } from 'vitest';
import { datasetManifestSchema } from './dataset-manifest';

const image = (key: string, mos: number) => ({
  key,
  filePath: `/data/${key}`,
  sha256: 'a'.repeat(64),
  width: 4,
  height: 3,
  format: 'png' as const,
  convertedFromProfile: null,
  mos,
  mosStd: null,
  split: 'train' as const,
  reference: null,
});

const manifest = (images: unknown[], extra: Record<string, unknown> = {}) => ({
  name: 'd',
  version: '1',
  source: 'folder-csv',
  lowerBetter: false,
  mosRange: [0, 100],
  provenance: { source: 's', licence: 'l', url: 'https://example.org/db' },
  imagesVerified: true,
  images,
  ...extra,
});

const issues = (value: unknown): string[] => {
  const r = datasetManifestSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('datasetManifestSchema', () => {
  it('accepts a verified manifest and an unverified one', () => {
    expect(issues(manifest([image('a.png', 10), image('b.png', 20)]))).toEqual([]);
    const { format: _format, convertedFromProfile: _profile, ...fields } = image('a.png', 10);
    const unverified = { ...fields, filePath: null, sha256: null, width: null, height: null };
    expect(issues(manifest([unverified], { imagesVerified: false }))).toEqual([]);
  });

  it.each<[string, unknown, RegExp]>([
    ['duplicate keys', manifest([image('a.png', 1), image('a.png', 2)]), /images\.1\.key: duplicate key "a\.png"/],
    ['a MOS outside the range', manifest([image('a.png', 101)]), /images\.0\.mos: 101 is outside \[0, 100\]/],
    ['an empty range', manifest([image('a.png', 1)], { mosRange: [5, 5] }), /mosRange: empty MOS range/],
    ['a verified image without checksum', manifest([{ ...image('a.png', 1), sha256: null }]), /images\.0\.sha256/],
    ['an unverified image with a size', manifest([{ ...image('a.png', 1), sha256: null }], { imagesVerified: false }), /images\.0\.width/],
    ['an infinite range', manifest([image('a.png', 1)], { mosRange: [0, Infinity] }), /mosRange\.1/],
    ['a bad split', manifest([{ ...image('a.png', 1), split: 'training' }]), /images\.0\.split/],
    ['a verified image without its format', manifest([{ ...image('a.png', 1), format: undefined }]), /images\.0\.format/],
    ['an unknown format', manifest([{ ...image('a.png', 1), format: 'gif' }]), /images\.0\.format/],
  ])('rejects %s', (_name, value, message) => {
    expect(issues(value).join('\n')).toMatch(message);
  });
});
