import { copyFile, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateDictPickle, zipCheckpoint } from './pytorch-checkpoint-builder.test-helper';
import { readSafetensorsFile } from './safetensors-reader';
import { writeSafetensors } from './safetensors-writer';
import { readWeightFile } from './weight-file-reader';

describe('readWeightFile: format by extension or magic', () => {
  let dir = '';
  const weights = new Map([['w', { shape: [2], data: Float32Array.from([1.5, -2]) }]]);
  const zip = zipCheckpoint(
    stateDictPickle([{ name: 'w', storageType: 'FloatStorage', storageKey: '0', storageNumel: 2, offset: 0, size: [2], stride: [1] }]),
    new Map([['0', new Uint8Array(Float32Array.from([1.5, -2]).buffer)]]),
  );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rankfall-weights-'));
    await writeFile(join(dir, 'a.safetensors'), writeSafetensors(weights));
    await writeFile(join(dir, 'no-extension'), writeSafetensors(weights));
    await writeFile(join(dir, 'model.pt'), zip);
    await writeFile(join(dir, 'checkpoint'), zip);
    await writeFile(join(dir, 'model.json'), JSON.stringify({ weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'w', shape: [2], dtype: 'float32' }] }] }));
    await writeFile(join(dir, 'w.bin'), new Uint8Array(Float32Array.from([1.5, -2]).buffer));
    await writeFile(join(dir, 'readme.txt'), 'hello');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['a.safetensors', 'safetensors'],
    ['no-extension', 'safetensors'],
    ['model.pt', 'pytorch'],
    ['checkpoint', 'pytorch'],
    ['model.json', 'tfjs'],
    ['.', 'tfjs'],
  ] as const)('%s → %s', async (name, format) => {
    const file = await readWeightFile(join(dir, name));
    expect(file.format).toBe(format);
    expect(file.weights.get('w')).toEqual({ shape: [2], data: Float32Array.from([1.5, -2]) });
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses anything else', async () => {
    await expect(readWeightFile(join(dir, 'readme.txt'))).rejects.toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }));
  });
});

describe.skipIf(skipWithoutFixtures())('readWeightFile on the real files', () => {
  it.each([
    ['real/models/cnniqa-live/CNNIQA-LIVE', 'pytorch', '79cc404d0da3e76e51b6680c4d6edd7332399ba7ed8af3306bdd16e95c7bda7e'],
    ['scnn.safetensors', 'safetensors', '956034ec8cabeba3455d6c22d9da56a3205091f404ec2a80cd883b198ebb3dfb'],
  ] as const)('%s → %s with the README sha256', async (path, format, sha256) => {
    const file = await readWeightFile(fixturePath(path));
    expect(file.format).toBe(format);
    expect(file.sha256).toBe(sha256);
    expect(createHash('sha256').update(readFileSync(fixturePath(path))).digest('hex')).toBe(sha256);
  });

  it('reads scnn.pkl renamed to .pth the same', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rankfall-weights-'));
    await copyFile(fixturePath('real/models/dbcnn-scnn/scnn.pkl'), join(dir, 'scnn.pth'));
    const file = await readWeightFile(join(dir, 'scnn.pth'));
    await rm(dir, { recursive: true, force: true });
    expect(file.format).toBe('pytorch');
    expect(file.weights.size).toBe(68);
  });
});

describe('readWeightFile / readSafetensorsFile check declared sizes before reading the file', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rankfall-weights-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A sparse file: an 8-byte header length, `{`, then zeros up to `size` bytes (no disk blocks used). */
  async function sparseSafetensors(name: string, declaredHeader: bigint, size: number): Promise<string> {
    const path = join(dir, name);
    const head = new Uint8Array(9);
    new DataView(head.buffer).setBigUint64(0, declaredHeader, true);
    head[8] = 0x7b;
    await writeFile(path, head);
    await truncate(path, size);
    return path;
  }

  it.each(['big-header.safetensors', 'big-header'])('refuses a 200 MB declared header in a 300 MB file without reading it (%s)', async (name) => {
    const path = await sparseSafetensors(name, 200_000_000n, 300_000_000);
    const before = process.memoryUsage().arrayBuffers;
    await expect(readWeightFile(path)).rejects.toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('100000000') }));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 2 ** 20);
  });

  it('readSafetensorsFile refuses it the same way', async () => {
    const path = await sparseSafetensors('file.safetensors', 200_000_000n, 3 * 2 ** 30);
    await expect(readSafetensorsFile(path)).rejects.toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
  });

  it('refuses a declared header longer than the file, before reading it', async () => {
    const path = await sparseSafetensors('short.safetensors', 50_000_000n, 1000);
    await expect(readWeightFile(path)).rejects.toThrow(expect.objectContaining({ code: 'MALFORMED_FILE', message: expect.stringContaining('beyond the file') }));
  });

  it('refuses a weight file over the 2 GiB limit with a code (not a RangeError from readFile)', async () => {
    const path = await sparseSafetensors('huge.safetensors', 16n, 3 * 2 ** 30);
    await expect(readWeightFile(path)).rejects.toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('2 GiB') }));
    const pt = join(dir, 'huge.pt');
    await writeFile(pt, Uint8Array.from([0x50, 0x4b, 0x03, 0x04]));
    await truncate(pt, 3 * 2 ** 30);
    await expect(readWeightFile(pt)).rejects.toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
  });
});
