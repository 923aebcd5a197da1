import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { describe, expect, it } from 'vitest';
import { sha256Bytes, sha256File } from './sha256-file';

describe('sha256', () => {
  it('hashes known strings (FIPS 180-2 test vectors)', () => {
    expect(sha256Bytes(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Bytes(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it.skipIf(skipWithoutFixtures()).each([
    ['real/images/piq-tid2013/I01.BMP', '43d3c92154c48529fae107749bb60777950ccb8e324b120a63c142f4279df63f'],
    ['real/images/linearityiqa-clive/1000.JPG', '710da4af594e817bcd3638a76e216b78f6c8076791bcd91821e8fb4241748e38'],
    ['real/mos/pyiqa-meta-info/meta_info_KonIQ10kDataset.csv', '12dd0a430d74406534812eb1074f3e6ceb6b7adcd54567e51dae55fe1e54ad10'],
  ])('streams %s to the checksum the fixture README gives', async (file, expected) => {
    const path = fixturePath(file);
    expect(await sha256File(path)).toBe(expected);
    expect(sha256Bytes(readFileSync(path))).toBe(expected);
  });

  it('rejects a missing file with FILE_UNREADABLE', async () => {
    await expect(sha256File(join(tmpdir(), 'rankfall-missing', 'x.bin'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });
});
