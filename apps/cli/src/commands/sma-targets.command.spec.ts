import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo, type CapturedIo } from '../testing/capture-io';
import { runCli } from '../run-cli';

const work = mkdtempSync(join(tmpdir(), 'rankfall-cli-sma-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function io(stop?: Promise<string>): CapturedIo {
  return captureIo({}, stop);
}

// 40 clean scores spread over [5, 95] (deterministic, no ties).
const scoresCsv = join(work, 'scores.csv');
writeFileSync(scoresCsv, `name,prediction\n${Array.from({ length: 40 }, (_, i) => `img${i},${(5 + ((i * 37) % 40) * 2.25).toFixed(3)}`).join('\n')}\n`);

describe('rankfall sma targets', () => {
  const common = ['sma', 'targets', '--scores', scoresCsv, '--iterations', '6000', '--checkpoint-every', '2000'];

  it('stops on a signal with a checkpoint and resumes to the bit-identical result', async () => {
    const straight = join(work, 'straight.csv');
    const uninterrupted = io();
    expect(await runCli([...common, '--out', straight], uninterrupted)).toBe(0);
    expect(uninterrupted.stdout.at(-2)).toMatch(/^Done in .*hard SROCC\(targets, clean\) -?0\.\d+, RMSE/);

    const checkpoint = join(work, 'state.json');
    const resumedOut = join(work, 'resumed.csv');
    const stopped = io(Promise.resolve('SIGINT'));
    expect(await runCli([...common, '--out', resumedOut, '--checkpoint', checkpoint], stopped)).toBe(130);
    expect(existsSync(checkpoint)).toBe(true);
    expect(existsSync(resumedOut)).toBe(false);
    const stoppedAt = Number(/Stopped at iteration (\d+)/.exec(stopped.stdout.join('\n'))?.[1]);
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(6000);

    const resumed = io();
    expect(await runCli([...common, '--out', resumedOut, '--checkpoint', checkpoint], resumed)).toBe(0);
    expect(resumed.stdout[0]).toBe(`Resuming from ${checkpoint} at iteration ${stoppedAt}/6000`);
    expect(readFileSync(resumedOut, 'utf8')).toBe(readFileSync(straight, 'utf8'));
  });

  it('names a missing column and a non-numeric cell', async () => {
    const missing = io();
    expect(await runCli(['sma', 'targets', '--scores', scoresCsv, '--column', 'mos'], missing)).toBe(2);
    expect(missing.stderr[0]).toContain('no column "mos" (columns: name, prediction)');
    const bad = join(work, 'bad.csv');
    writeFileSync(bad, 'name,prediction\na,1\nb,x\nc,3\n');
    const nonNumeric = io();
    expect(await runCli(['sma', 'targets', '--scores', bad], nonNumeric)).toBe(1);
    expect(nonNumeric.stderr[0]).toContain('bad.csv line 3: column "prediction": expected a finite number, got "x"');
  });

  it('rejects invalid hyper-parameters naming the field', async () => {
    const bad = io();
    expect(await runCli(['sma', 'targets', '--scores', scoresCsv, '--lr', '-1'], bad)).toBe(2);
    expect(bad.stderr[0]).toMatch(/lr/);
  });
});
