import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage } from '@rankfall/datasets';
import { fixturePath, skipWithoutFixtures } from '@rankfall/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo, type CapturedIo } from '../testing/capture-io';
import { runCli } from '../run-cli';

const work = mkdtempSync(join(tmpdir(), 'rankfall-cli-attack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function io(): CapturedIo {
  return captureIo({ RANKFALL_BACKEND: 'wasm' });
}

describe.skipIf(skipWithoutFixtures())('rankfall attack', () => {
  const weights = fixturePath('scnn.safetensors');
  const probe = fixturePath('probe-image-64.png');

  it('saves an 8-bit adversarial PNG within the budget and reports both scores', async () => {
    const out = join(work, 'ifgsm');
    const run = io();
    expect(await runCli(['attack', '--attack', 'ifgsm', '--model', 'scnn-distortion-proxy', '--weights', weights, '--image', probe, '--out', out], run)).toBe(0);
    // L∞, PSNR and SSIM are those of the saved 8-bit PNG; the float result's are shown beside them.
    expect(run.stdout[1]).toMatch(/^ {2}probe-image-64\.png: score -?\d+\.\d{3} → -?\d+\.\d{3} \(float\) → -?\d+\.\d{3} \(8-bit PNG\); L∞ (0\.\d{4}) \(float 0\.0050\), PSNR \d+\.\d{2} dB \(float \d+\.\d{2}\)/);
    const printedLinf = Number(/L∞ (0\.\d{4})/.exec(run.stdout[1]!)?.[1]);
    const clean = await decodeImage(probe);
    const adversarial = await decodeImage(join(out, 'probe-image-64.ifgsm.png'));
    let linf = 0;
    for (let i = 0; i < clean.data.length; i += 1) linf = Math.max(linf, Math.abs((clean.data[i] ?? 0) - (adversarial.data[i] ?? 0)));
    expect(linf).toBeGreaterThan(0);
    expect(linf).toBeLessThanOrEqual(0.005 + 0.5 / 255 + 1e-6);
    expect(printedLinf).toBeCloseTo(linf, 4);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { results: Array<{ cleanScore: number; attackedScore: number; trajectory: number[] }> };
    expect(report.results).toHaveLength(1);
    // S-CNN's proxy is "higher is better": the untargeted attack lowers it.
    expect(report.results[0]!.attackedScore).toBeLessThan(report.results[0]!.cleanScore);
    expect(report.results[0]!.trajectory).toHaveLength(10);
  });

  it('names an invalid config field and an unknown attack', async () => {
    const bad = io();
    expect(await runCli(['attack', '--attack', 'sma-stage2', '--model', 'scnn-distortion-proxy', '--weights', weights, '--image', probe, '--out', join(work, 'x'), '--config', '{"epsilon": 2}'], bad)).toBe(1);
    expect(bad.stderr[0]).toMatch(/epsilon.*\[INVALID_CONFIG\]$/);
    const unknown = io();
    expect(await runCli(['attack', '--attack', 'deepfool', '--model', 'scnn-distortion-proxy', '--image', probe, '--out', work], unknown)).toBe(2);
    expect(unknown.stderr[0]).toContain('sma-stage2');
  });
});
