import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticDataset } from '@rankfall/datasets';
import { COMPACT_CNN_TENSORS, readSafetensorsFile, trainingSidecarSchema } from '@rankfall/iqa-models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../command';
import { runCli } from '../run-cli';

function captureIo(env: NodeJS.ProcessEnv = {}): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, env, out: (line) => stdout.push(line), err: (line) => stderr.push(line), untilStopped: () => new Promise<string>(() => undefined) };
}

describe('rankfall model train', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rankfall-model-train-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('trains the compact CNN on a small synthetic dataset for 1 epoch, with and without --nt, and saves weights + record', async () => {
    for (const nt of [false, true]) {
      const out = join(dir, nt ? 'tiny-nt.safetensors' : 'tiny.safetensors');
      const io = captureIo({ RANKFALL_BACKEND: 'wasm' });
      const argv = ['model', 'train', '--architecture', 'compact-cnn', '--synthetic', '--synthetic-references', '6', '--epochs', '1', '--patch', '32', '--seed', '3', '--out', out];
      expect(await runCli(nt ? [...argv, '--nt'] : argv, io)).toBe(0);
      expect(io.stderr).toEqual([]);
      const text = io.stdout.join('\n');
      expect(text).toContain('Backend: wasm');
      expect(text).toMatch(/Dataset: Rankfall synthetic v1-seed1-r6-64px-l4-\S+: 68 train \/ 17 val \/ 17 test images/);
      expect(text).toMatch(/epoch 1\/1 {2}loss \d+\.\d\d.* {2}val SROCC -?\d\.\d{4} PLCC -?\d\.\d{4} {2}elapsed [\d.]+ s {2}ETA 0\.0 s/);
      expect(text).toMatch(/Test SROCC -?\d\.\d{4} {2}PLCC -?\d\.\d{4} {2}\(17 images, whole-image scores\)/);
      expect(text).toContain(`Saved ${out} (199 KiB) and ${out.replace(/\.safetensors$/, '.training.json')}`);
      expect(text).toMatch(/Wall time [\d.]+ s \(training [\d.]+ s\) on wasm/);
      expect(text.includes('R_NT')).toBe(nt);

      const weights = await readSafetensorsFile(out);
      expect([...weights.tensors.keys()]).toEqual(COMPACT_CNN_TENSORS.map((spec) => spec.name));
      const sidecar = trainingSidecarSchema.parse(JSON.parse(await readFile(out.replace(/\.safetensors$/, '.training.json'), 'utf8')));
      expect(sidecar).toMatchObject({ name: nt ? 'tiny-nt' : 'tiny', architecture: 'compact-cnn', initSeed: 3, backend: 'wasm', parameters: 50_593 });
      expect(sidecar.dataset).toMatchObject({ name: 'Rankfall synthetic', seed: 1, counts: { train: 68, val: 17, test: 17 } });
      expect(sidecar.config).toMatchObject({ epochs: 1, patchSize: 32, seed: 3, nt: { enabled: nt, weight: 1e-3, h: 1e-2 } });
      expect(sidecar.epochs).toHaveLength(1);
      expect(sidecar.epochs[0]!.ntPenalty === null).toBe(!nt);
      expect(sidecar.commandLine).toBe(
        `rankfall model train --architecture compact-cnn --synthetic --synthetic-seed 1 --synthetic-references 6 --epochs 1 --lr ${sidecar.config.learningRate} --batch ${sidecar.config.batchSize} --patch 32 --patches-per-image 2 --loss mse --schedule cosine${nt ? ' --nt --nt-weight 0.001 --nt-h 0.01' : ''} --seed 3 --out ${out}`,
      );
    }
  });

  it('reads a dataset folder written by the synthetic generator (--data)', async () => {
    const data = join(dir, 'synthetic');
    await generateSyntheticDataset({ outDir: data, seed: 2, references: 6, size: 40, levels: 2 });
    const io = captureIo();
    const out = join(dir, 'from-folder.safetensors');
    expect(await runCli(['model', 'train', '--architecture', 'rankfall-demo-cnn', '--data', data, '--epochs', '1', '--patch', '32', '--loss', 'l1', '--out', out], io)).toBe(0);
    expect(io.stderr).toEqual([]);
    expect(io.stdout.join('\n')).toMatch(/Dataset: Rankfall synthetic v1-seed2-r6-40px-l2-\S+: 36 train \/ 9 val \/ 9 test images/);
    const sidecar = trainingSidecarSchema.parse(JSON.parse(await readFile(join(dir, 'from-folder.training.json'), 'utf8')));
    expect(sidecar.dataset.seed).toBeNull();
    expect(sidecar.config.loss).toBe('l1');
  });

  it.each([
    { argv: ['--synthetic', '--out', 'x.safetensors'], message: /^rankfall: --architecture is required/ },
    { argv: ['--architecture', 'nope', '--synthetic', '--out', 'x.safetensors'], message: /^rankfall: --architecture: unknown "nope" \(architectures: compact-cnn, .*; catalog models: rankfall-demo-cnn, / },
    { argv: ['--architecture', 'compact-cnn', '--out', 'x.safetensors'], message: /^rankfall: --data: give either --data <folder> or --synthetic/ },
    { argv: ['--architecture', 'compact-cnn', '--synthetic', '--data', 'd', '--out', 'x.safetensors'], message: /^rankfall: --data: give either/ },
    { argv: ['--architecture', 'compact-cnn', '--synthetic', '--epochs', '0', '--out', 'x.safetensors'], message: /^rankfall: --epochs must be an integer ≥ 1, got '0'/ },
    { argv: ['--architecture', 'compact-cnn', '--synthetic', '--lr', 'fast', '--out', 'x.safetensors'], message: /^rankfall: --lr must be a number, got 'fast'/ },
    { argv: ['--architecture', 'compact-cnn', '--synthetic', '--loss', 'huber', '--out', 'x.safetensors'], message: /^rankfall: --loss must be one of mse, l1, got 'huber'/ },
    { argv: ['--architecture', 'compact-cnn', '--synthetic', '--nt-weight', '0.1', '--out', 'x.safetensors'], message: /^rankfall: --nt-weight only with --nt/ },
    { argv: ['--architecture', 'compact-cnn', '--synthetic', '--out', 'x.bin'], message: /^rankfall: --out: must end in \.safetensors/ },
    { argv: ['--architecture', 'compact-cnn', '--synthetic', '--mos-range', '1,5', '--out', 'x.safetensors'], message: /^rankfall: --mos-range only with --data/ },
  ])('refuses $argv with one line naming the flag (exit 2)', async ({ argv, message }) => {
    const io = captureIo();
    expect(await runCli(['model', 'train', ...argv], io)).toBe(2);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(message);
  });

  it('reports a dataset problem as one line with its code (exit 1)', async () => {
    const io = captureIo();
    const missing = join(dir, 'no-such-folder');
    expect(await runCli(['model', 'train', '--architecture', 'compact-cnn', '--data', missing, '--out', join(dir, 'y.safetensors')], io)).toBe(1);
    expect(io.stderr).toEqual([`rankfall: dataset folder ${missing} does not exist [INVALID_DATASET]`]);
  });
});
