/**
 * Benchmark of SMA stage one: the TypeScript implementation (libs/attack-runner/src/sma) against a
 * NumPy reference of the same formula (sma-stage1-numpy.py, PAV as a Python loop like the official
 * code). Both start from the same initial vector (written to a file), run on the 232 DBCNN/CLIVE
 * fixture scores, and their targets are compared after each `--compare-at` update count and at the end.
 * Timing: TypeScript = median of `--repeats` runs of the synchronous loop (`yieldEvery: 0`); NumPy =
 * the loop measured inside Python (imports and file I/O excluded), one run.
 *
 *   npx tsx tools/bench/sma-stage1.bench.ts [--iterations 100000] [--compare-at 10000,50000] [--repeats 3]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturePath } from '../../libs/testing/src/index';
import { averageRankSpearman, createStage1State, runStage1, type SmaStage1ConfigInput } from '../../libs/attack-runner/src/sma/index';

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const toBytes = (x: Float64Array): Buffer => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
const fromFile = (path: string): Float64Array => {
  const bytes = readFileSync(path);
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};
const maxAbsDiff = (a: Float64Array, b: Float64Array): number => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
const countDiff = (a: Float64Array, b: Float64Array): number => a.reduce((c, x, i) => c + (x === b[i] ? 0 : 1), 0);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const iterations = argument('iterations', 100_000);
const repeats = argument('repeats', 3);
const compareArg = process.argv.indexOf('--compare-at');
const compareAt = (compareArg >= 0 ? process.argv[compareArg + 1]! : '10000,50000')
  .split(',')
  .map(Number)
  .filter((k) => Number.isInteger(k) && k >= 1 && k < iterations);
const checkpoints = [...compareAt, iterations];

const rows = readFileSync(fixturePath('sma-dbcnn-livec-test.csv'), 'utf8').trim().split('\n').slice(1);
const clean = Float64Array.from(rows, (row) => Number(row.split(',')[1]));
const config: SmaStage1ConfigInput = { iterations, snapshots: checkpoints, snapshotCounting: 'exact' };

// TypeScript: fresh state each repeat (same seed → same initial vector), synchronous loop.
const tsSeconds: number[] = [];
const tsCpuSeconds: number[] = [];
let tsTargets = new Map<number, Float64Array>();
const init = createStage1State(clean, config).targets.slice();
for (let r = 0; r < repeats; r++) {
  const state = createStage1State(clean, config);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await runStage1(state, { yieldEvery: 0 });
  tsSeconds.push((performance.now() - t0) / 1000);
  const cpu = process.cpuUsage(c0);
  tsCpuSeconds.push((cpu.user + cpu.system) / 1e6);
  tsTargets = new Map(result.snapshots.map((s) => [s.updates, s.targets]));
}

// NumPy: same scores, same initial vector.
const work = mkdtempSync(join(tmpdir(), 'sma-stage1-bench-'));
writeFileSync(join(work, 'scores.f64'), toBytes(clean));
writeFileSync(join(work, 'init.f64'), toBytes(init));
const script = join(dirname(fileURLToPath(import.meta.url)), 'sma-stage1-numpy.py');
const t0 = performance.now();
const python = spawnSync('python3', [script, join(work, 'scores.f64'), join(work, 'init.f64'), String(iterations), checkpoints.join(','), work], {
  encoding: 'utf8',
  env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
});
const pythonWall = (performance.now() - t0) / 1000;
if (python.status !== 0) throw new Error(`python3 failed (${python.status}): ${python.stderr}`);
const py = JSON.parse(python.stdout.trim().split('\n').pop()!) as { loop_seconds: number; loop_cpu_seconds: number; numpy: string };
const pyTargets = new Map(checkpoints.map((k) => [k, fromFile(join(work, `targets-${k}.f64`))]));
rmSync(work, { recursive: true, force: true });

const tsMedian = median(tsSeconds);
const tsCpuMedian = median(tsCpuSeconds);
const report = {
  machine: { cpu: cpus()[0]?.model, logicalCpus: cpus().length, node: process.version, numpy: py.numpy },
  n: clean.length,
  iterations,
  typescriptSeconds: { median: tsMedian, all: tsSeconds, cpuMedian: tsCpuMedian, cpuAll: tsCpuSeconds },
  numpySeconds: { loop: py.loop_seconds, loopCpu: py.loop_cpu_seconds, processWall: pythonWall },
  speedup: py.loop_seconds / tsMedian,
  speedupCpu: py.loop_cpu_seconds / tsCpuMedian,
  loadAverageAfter: loadavg(),
  agreement: checkpoints.map((k) => {
    const a = tsTargets.get(k)!;
    const b = pyTargets.get(k)!;
    return {
      updates: k,
      maxAbsDiff: maxAbsDiff(a, b),
      differingTargets: countDiff(a, b),
      targetsFurtherApartThan1e6: a.filter((x, i) => Math.abs(x - b[i]!) > 1e-6).length,
      hardSroccTypescript: averageRankSpearman(a, clean),
      hardSroccNumpy: averageRankSpearman(b, clean),
    };
  }),
};
console.log(JSON.stringify(report, null, 2));
console.log(
  `SMA stage 1, N=${clean.length}, ${iterations} iterations: TypeScript ${tsMedian.toFixed(3)} s (median of ${repeats}), ` +
    `NumPy ${py.loop_seconds.toFixed(2)} s → ${report.speedup.toFixed(1)}× faster (CPU time: ${tsCpuMedian.toFixed(3)} s vs ${py.loop_cpu_seconds.toFixed(2)} s, ${report.speedupCpu.toFixed(1)}×); ` +
    report.agreement.map((x) => `max |Δ| at ${x.updates} = ${x.maxAbsDiff.toExponential(2)}`).join(', '),
);
