import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStage1State, serializeStage1State } from '@rankfall/attack-runner';
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
    expect(nonNumeric.stderr[0]).toContain('bad.csv line 3, column 2 ("prediction"): expected a decimal number, got "x" [NOT_DECIMAL]');
  });

  it('rejects invalid hyper-parameters naming the field', async () => {
    const bad = io();
    expect(await runCli(['sma', 'targets', '--scores', scoresCsv, '--lr', '-1'], bad)).toBe(2);
    expect(bad.stderr[0]).toMatch(/lr/);
  });

  it('refuses duplicate keys, constant scores and scores outside the range, naming the row', async () => {
    const cases: Array<[string, string, string[], RegExp]> = [
      ['dup.csv', 'name,prediction\nimg1,10\nimg2,20\nimg1,30\nimg4,40\n', [], /dup\.csv line 4: key "img1" is already on line 2 \[DUPLICATE_KEY\]$/],
      ['flat.csv', 'name,prediction\na,50\nb,50\nc,50\nd,50\n', [], /flat\.csv: all 4 scores in column "prediction" are 50: nothing to rank \(hard SROCC undefined\) \[CONSTANT_SCORES\]$/],
      ['range.csv', 'name,prediction\na,10\nb,120\nc,30\n', [], /range\.csv line 3: key "b": score 120 is outside \[0, 100\] \(--score-min\/--score-max\) \[SCORE_OUT_OF_RANGE\]$/],
      ['range2.csv', 'name,prediction\na,10\nb,20\nc,30\n', ['--score-min', '15'], /range2\.csv line 2: key "a": score 10 is outside \[15, 100\]/],
      ['hex.csv', 'name,prediction\na,10\nb,0x1A\nc,30\n', [], /hex\.csv line 3, column 2 \("prediction"\): expected a decimal number, got "0x1A" \[NOT_DECIMAL\]$/],
      ['inf.csv', 'name,prediction\na,10\nb,Infinity\nc,30\n', [], /inf\.csv line 3, column 2 \("prediction"\): expected a decimal number, got "Infinity"/],
    ];
    for (const [name, text, extra, message] of cases) {
      const path = join(work, name);
      writeFileSync(path, text);
      const run = io();
      expect(await runCli(['sma', 'targets', '--scores', path, '--iterations', '10', ...extra], run)).toBe(1);
      expect(run.stderr).toHaveLength(1);
      expect(run.stderr[0]).toMatch(message);
      expect(run.stdout).toEqual([]);
    }
  });

  it('refuses to resume with changed settings, naming each flag, and takes unstated ones from the checkpoint', async () => {
    const checkpoint = join(work, 'changed.json');
    const scores = readFileSync(scoresCsv, 'utf8').trim().split('\n').slice(1).map((row) => Number(row.split(',')[1]));
    writeFileSync(checkpoint, JSON.stringify(serializeStage1State(createStage1State(scores, { iterations: 3000, lr: 0.01 }))));
    const changed = io();
    expect(await runCli(['sma', 'targets', '--scores', scoresCsv, '--checkpoint', checkpoint, '--iterations', '3000', '--lr', '0.02', '--seed', '5'], changed)).toBe(1);
    expect(changed.stderr).toEqual([
      `rankfall: ${checkpoint} was started with other settings: --lr 0.02 (checkpoint: 0.01), --seed 5 (checkpoint: 919); drop these flags to continue it, or choose another --checkpoint [CHECKPOINT_MISMATCH]`,
    ]);
    const resumed = io();
    expect(await runCli(['sma', 'targets', '--scores', scoresCsv, '--checkpoint', checkpoint, '--checkpoint-every', '1000'], resumed)).toBe(0);
    expect(resumed.stdout[0]).toBe(`Resuming from ${checkpoint} at iteration 0/3000`);
    expect(resumed.stdout[1]).toBe('  settings from the checkpoint: --iterations 3000 --lr 0.01 --lambda-var 0.0001 --lambda-mse 0.0001 --soft-rank-eps 1 --grad-norm elementwise --seed 919 --score-min 0 --score-max 100');
  });

  it('validates a checkpoint when it is loaded: NaN targets fail at once', async () => {
    const checkpoint = join(work, 'nan.json');
    const scores = readFileSync(scoresCsv, 'utf8').trim().split('\n').slice(1).map((row) => Number(row.split(',')[1]));
    const state = createStage1State(scores, { iterations: 6000 });
    state.targets[3] = Number.NaN;
    writeFileSync(checkpoint, JSON.stringify(serializeStage1State(state)));
    const run = io();
    expect(await runCli(['sma', 'targets', '--scores', scoresCsv, '--checkpoint', checkpoint, '--iterations', '6000'], run)).toBe(1);
    expect(run.stderr).toEqual([`rankfall: ${checkpoint}: targets[3] is NaN: the checkpoint is corrupt; delete it to start again [INVALID_CHECKPOINT]`]);
    expect(run.stdout).toEqual([]);
    writeFileSync(checkpoint, '{"format": "rankfall.sma-stage1-state", ');
    const truncated = io();
    expect(await runCli(['sma', 'targets', '--scores', scoresCsv, '--checkpoint', checkpoint], truncated)).toBe(1);
    expect(truncated.stderr[0]).toMatch(/nan\.json: not a stage-1 checkpoint \(.*JSON.*\); delete it to start again \[INVALID_CHECKPOINT\]$/);
  });
});
