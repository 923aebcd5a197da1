/**
 * Benchmark of SMA stage two (targeted I-FGSM, 10 steps, ε 0.005, α 0.001, loss (f(x) − t)², t = f(x) − 1) on
 * S-CNN (`scnn-distortion-proxy`, score = mean of the 39 logits) at 500×500, in image-iterations per second:
 * Rankfall on each available backend against PyTorch CPU (`sma-stage2-torch.py`, Debian's python3-torch),
 * all in ONE invocation on the same machine.
 *
 * Configurations (each runs the same `--images` images, the fixture's pattern-500 shifted by the image index):
 *  - torch-T:     PyTorch, `torch.set_num_threads(T)`, T = os.availableParallelism() (all cores);
 *  - torch-T-passive: the same with OMP_WAIT_POLICY=PASSIVE (on a shared, loaded machine spinning OpenMP
 *                 threads lose their core to other processes; the faster of the two is the reference);
 *  - torch-1:     PyTorch, one thread (the per-core comparison; `--no-torch-1` drops it);
 *  - wasm-main:   `runAttack` in this process, wasm backend (one thread: tfjs wasm is single-threaded in Node);
 *  - pool-1:      the worker pool (`@rankfall/attack-runner` WorkerPool) with 1 worker, wasm;
 *  - pool-T:      the worker pool with T workers (all cores), images spread over the workers;
 *  - cpu:         the pure-JS cpu backend, one image, only if it is estimated under 2 minutes; otherwise one
 *                 forward and one step are timed and the image time is estimated as 2·forward + 10·step.
 * Rounds alternate the order (forward, then reversed) so load changes hit every configuration.
 * Timed: the attack of every image (clean score, 10 steps, final score); not timed: building the model, the
 * inputs and the targets (t = f(x) − 1, each side from its own f), and one warm-up attack per process/worker.
 * Rankfall's number includes everything `runAttack` does (validation, trajectory, SSIM/PSNR metrics).
 * Wall time and CPU time (process.cpuUsage of this process, worker threads included; time.process_time in
 * Python) are reported; img-iter/s = images × 10 / wall seconds.
 * Cross-checks: clean and final scores and the score before every step against PyTorch's, and the first
 * step's input gradient on image 0 (relative error, pixels whose gradient sign differs).
 *
 *   npx tsx tools/bench/sma-stage2.bench.ts [--images 4] [--size 500] [--rounds 3] [--threads T] [--no-torch-1] [--no-cpu]
 *
 * Prints a JSON report, then a Markdown summary.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { fixturePath } from '../../libs/testing/src/index';
import { runAttack } from '../../libs/attack-runner/src/runner/run-attack';
import { WorkerPool, type AttackJob } from '../../libs/attack-runner/src/compute/worker-pool';
import type { IqaModel } from '../../libs/iqa-models/src/index';
import { createScnnBenchModel } from './sma-stage2-model-factory';
import { scnnPattern } from './sma-stage2-pattern';

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

const images = argument('images', 4);
const size = argument('size', 500);
const rounds = argument('rounds', 3);
const threads = argument('threads', availableParallelism());
const steps = 10;
const cpuLimitSeconds = 120;
const here = dirname(fileURLToPath(import.meta.url));
const weightsPath = fixturePath('scnn.safetensors');
const torchPython = '/usr/bin/python3';
const torchScript = join(here, 'sma-stage2-torch.py');
function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
const load = () => loadavg().map((l) => Number(l.toFixed(2)));

interface ConfigRun {
  readonly config: string;
  readonly round: number;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly imgIterPerSecond: number;
  readonly medianStepMs: number;
  readonly cleanScores: readonly number[];
  readonly finalScores: readonly number[];
  /** Per image, f before each step. */
  readonly trajectories: readonly (readonly number[])[];
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
}

// ---------------------------------------------------------------- PyTorch
const torchOutputSchema = z.object({
  torch: z.string(),
  numpy: z.string(),
  python: z.string(),
  threads: z.number(),
  wall_s: z.number(),
  cpu_s: z.number(),
  img_iter_per_s: z.number(),
  images: z.array(z.object({ index: z.number(), clean: z.number(), final: z.number(), step_s: z.array(z.number()), trajectory: z.array(z.number()) })),
});
let torchVersions: Pick<z.infer<typeof torchOutputSchema>, 'torch' | 'numpy' | 'python'> = { torch: '?', numpy: '?', python: '?' };

/** PyTorch with `torchThreads` threads; `passive`: OMP_WAIT_POLICY=PASSIVE (idle OpenMP threads sleep instead of spinning). */
function runTorch(torchThreads: number, passive: boolean, round: number): ConfigRun {
  const loadBefore = load();
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: String(torchThreads) };
  if (passive) env['OMP_WAIT_POLICY'] = 'PASSIVE';
  else delete env['OMP_WAIT_POLICY'];
  const python = spawnSync(
    torchPython,
    [torchScript, weightsPath, '--images', String(images), '--size', String(size), '--threads', String(torchThreads), '--steps', String(steps), '--warmup', '1'],
    { encoding: 'utf8', env, maxBuffer: 64 * 2 ** 20 },
  );
  if (python.status !== 0) throw new Error(`${torchPython} ${torchScript} failed (${python.status}): ${python.stderr}`);
  const out = torchOutputSchema.parse(JSON.parse(python.stdout.trim().split('\n').pop()!));
  if (out.threads !== torchThreads) throw new Error(`torch ran ${out.threads} threads, asked for ${torchThreads}`);
  torchVersions = { torch: out.torch, numpy: out.numpy, python: out.python };
  return {
    config: `torch-${torchThreads}${passive ? '-passive' : ''}`,
    round,
    wallSeconds: out.wall_s,
    cpuSeconds: out.cpu_s,
    imgIterPerSecond: out.img_iter_per_s,
    medianStepMs: 1000 * median(out.images.flatMap((i) => i.step_s)),
    cleanScores: out.images.map((i) => i.clean),
    finalScores: out.images.map((i) => i.final),
    trajectories: out.images.map((i) => i.trajectory),
    loadBefore,
    loadAfter: load(),
  };
}

// ---------------------------------------------------------------- Rankfall
const inputs = Array.from({ length: images }, (_, i) => scnnPattern(i, size));

/** t = f(x) − 1 per image, from Rankfall's own f (on the current backend). */
function targetsOf(model: IqaModel): number[] {
  return inputs.map((data) => tf.tidy(() => model.score(tf.tensor4d(data, [1, size, size, 3])).dataSync()[0]! - 1));
}

async function attackInProcess(model: IqaModel, data: Float32Array, target: number) {
  const x = tf.tensor4d(data, [1, size, size, 3]);
  try {
    const result = await runAttack({ attack: 'sma-stage2', model, images: x, targets: [target] });
    result.adversarial.dispose();
    return result;
  } finally {
    x.dispose();
  }
}

async function runInProcess(model: IqaModel, targets: readonly number[], round: number): Promise<ConfigRun> {
  const loadBefore = load();
  const results = [];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const [i, data] of inputs.entries()) results.push(await attackInProcess(model, data, targets[i]!));
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  return {
    config: 'wasm-main',
    round,
    wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    imgIterPerSecond: (images * steps) / wallSeconds,
    medianStepMs: median(results.flatMap((r) => r.timing.iterationMs)),
    cleanScores: results.map((r) => r.cleanScores[0]!),
    finalScores: results.map((r) => r.finalScores[0]!),
    trajectories: results.map((r) => r.trajectory.map((scores) => scores[0]!)),
    loadBefore,
    loadAfter: load(),
  };
}

const modelSpec = { module: join(here, 'sma-stage2-model-factory.ts'), exportName: 'createScnnBenchModel', args: { weightsPath } };
const jobOf = (i: number, targets: readonly number[]): AttackJob => ({
  image: { data: inputs[i]!, shape: [size, size, 3] },
  model: modelSpec,
  attack: 'sma-stage2',
  targets: [targets[i]!],
});

async function startPool(workers: number, targets: readonly number[]): Promise<WorkerPool> {
  const pool = await WorkerPool.start({ size: workers, backend: 'wasm' });
  // Warm-up: every worker builds the model and runs one attack (kernel setup, wasm heap growth).
  await Promise.all(Array.from({ length: workers }, () => pool.run(jobOf(0, targets))));
  return pool;
}

async function runPool(pool: WorkerPool, targets: readonly number[], round: number): Promise<ConfigRun> {
  const loadBefore = load();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await Promise.all(inputs.map((_, i) => pool.run(jobOf(i, targets))));
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  if (results.some((r) => r.backend !== 'wasm')) throw new Error(`a worker ran on ${results.map((r) => r.backend).join(', ')}`);
  return {
    config: `pool-${pool.size}`,
    round,
    wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    imgIterPerSecond: (images * steps) / wallSeconds,
    medianStepMs: median(results.flatMap((r) => r.timing.iterationMs)),
    cleanScores: results.map((r) => r.cleanScores[0]!),
    finalScores: results.map((r) => r.finalScores[0]!),
    trajectories: results.map((r) => r.trajectory.map((scores) => scores[0]!)),
    loadBefore,
    loadAfter: load(),
  };
}

/** The cpu backend: one image if it fits in `cpuLimitSeconds`, else an estimate from one forward and one step. */
async function runCpu(): Promise<Record<string, unknown>> {
  await tf.setBackend('cpu');
  const model = await createScnnBenchModel({ weightsPath });
  try {
    const x = tf.tensor4d(inputs[0]!, [1, size, size, 3]);
    const t0 = performance.now();
    const clean = tf.tidy(() => model.score(x).dataSync()[0]!);
    const forwardSeconds = (performance.now() - t0) / 1000;
    // One forward + input gradient of the stage-2 loss, as in a step (sign and projection are negligible).
    const t1 = performance.now();
    tf.tidy(() => {
      const { value, grad } = tf.valueAndGrad((input: tf.Tensor4D) => tf.sum(tf.square(tf.sub(model.score(input), clean - 1))) as tf.Scalar)(x);
      value.dataSync();
      grad.dataSync();
    });
    const stepSeconds = (performance.now() - t1) / 1000;
    const estimate = 2 * forwardSeconds + steps * stepSeconds;
    const measured = { forwardSeconds, stepSeconds, estimatedImageSeconds: estimate, estimatedImgIterPerSecond: steps / estimate };
    if (estimate >= cpuLimitSeconds) {
      x.dispose();
      return { skipped: true, reason: `estimated ${estimate.toFixed(0)} s for one image (≥ ${cpuLimitSeconds} s)`, ...measured };
    }
    const c0 = process.cpuUsage();
    const t2 = performance.now();
    const result = await runAttack({ attack: 'sma-stage2', model, images: x, targets: [clean - 1] });
    const wallSeconds = (performance.now() - t2) / 1000;
    const cpu = process.cpuUsage(c0);
    result.adversarial.dispose();
    x.dispose();
    return { skipped: false, ...measured, wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, imgIterPerSecond: steps / wallSeconds, finalScore: result.finalScores[0] };
  } finally {
    model.dispose();
    await tf.setBackend('wasm');
  }
}

// ---------------------------------------------------------------- main
const cpuModel = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? '?';
const machine = {
  nproc: Number(spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()),
  availableParallelism: availableParallelism(),
  cpu: cpuModel,
  node: process.version,
  tfjs: tf.version.tfjs,
  loadBefore: load(),
};
console.error(`machine: ${JSON.stringify(machine)}; ${images} images ${size}×${size}, ${rounds} rounds, T = ${threads}`);

await tf.setBackend('wasm');
const model = await createScnnBenchModel({ weightsPath });
const targets = targetsOf(model);
(await attackInProcess(model, inputs[0]!, targets[0]!)).adversarial.dispose(); // warm-up
const pools = { one: await startPool(1, targets), all: await startPool(threads, targets) };

type Config = { readonly name: string; readonly run: (round: number) => Promise<ConfigRun> | ConfigRun };
const configs: Config[] = [
  { name: `torch-${threads}`, run: (r) => runTorch(threads, false, r) },
  ...(threads === 1 ? [] : [{ name: `torch-${threads}-passive`, run: (r: number) => runTorch(threads, true, r) }]),
  { name: 'wasm-main', run: (r) => runInProcess(model, targets, r) },
  { name: 'pool-1', run: (r) => runPool(pools.one, targets, r) },
  { name: `pool-${threads}`, run: (r) => runPool(pools.all, targets, r) },
  ...(flag('no-torch-1') || threads === 1 ? [] : [{ name: 'torch-1', run: (r: number) => runTorch(1, false, r) }]),
];
const runs: ConfigRun[] = [];
try {
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? configs : [...configs].reverse();
    for (const config of order) {
      const run = await config.run(round);
      runs.push(run);
      console.error(`round ${round} ${run.config}: ${run.imgIterPerSecond.toFixed(3)} img-iter/s (wall ${run.wallSeconds.toFixed(1)} s, CPU ${run.cpuSeconds.toFixed(1)} s, load ${run.loadBefore[0]} → ${run.loadAfter[0]})`);
    }
  }
} finally {
  await pools.one.close();
  await pools.all.close();
  model.dispose();
}
/**
 * The first step's input gradient of (f(x) − t)² on image 0, Rankfall (wasm) against PyTorch: how close, and how
 * many pixels get the opposite sign (where the sign-step trajectories start to separate).
 */
async function gradientCrossCheck(): Promise<Record<string, number>> {
  const work = mkdtempSync(join(tmpdir(), 'sma-stage2-grad-'));
  const file = join(work, 'grad.f32');
  try {
    const python = spawnSync(
      torchPython,
      [torchScript, weightsPath, '--images', '1', '--size', String(size), '--threads', String(threads), '--steps', '1', '--warmup', '0', '--dump-grad', file],
      { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
    );
    if (python.status !== 0) throw new Error(`${torchPython} ${torchScript} --dump-grad failed (${python.status}): ${python.stderr}`);
    const bytes = readFileSync(file);
    const reference = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    await tf.setBackend('wasm');
    const checkModel = await createScnnBenchModel({ weightsPath });
    let ours: Float32Array<ArrayBufferLike> = new Float32Array(0);
    tf.tidy(() => {
      const x = tf.tensor4d(inputs[0]!, [1, size, size, 3]);
      const target = checkModel.score(x).dataSync()[0]! - 1;
      ours = tf.grad((input: tf.Tensor) => tf.sum(tf.square(tf.sub(checkModel.score(input as tf.Tensor4D), target))))(x).dataSync() as Float32Array<ArrayBufferLike>;
    });
    checkModel.dispose();
    let diff2 = 0;
    let ref2 = 0;
    let maxDiff = 0;
    let maxRef = 0;
    for (let i = 0; i < reference.length; i++) {
      const d = ours[i]! - reference[i]!;
      diff2 += d * d;
      ref2 += reference[i]! * reference[i]!;
      maxDiff = Math.max(maxDiff, Math.abs(d));
      maxRef = Math.max(maxRef, Math.abs(reference[i]!));
    }
    let signMismatches = 0;
    let signMismatchesLarge = 0;
    let largestMismatch = 0;
    for (let i = 0; i < reference.length; i++) {
      if (Math.sign(ours[i]!) !== Math.sign(reference[i]!)) {
        signMismatches++;
        if (Math.abs(reference[i]!) > 1e-3 * maxRef) signMismatchesLarge++;
        largestMismatch = Math.max(largestMismatch, Math.abs(reference[i]!) / maxRef);
      }
    }
    return {
      pixels: reference.length,
      relativeL2Error: Math.sqrt(diff2 / ref2),
      maxAbsDiffOverMaxAbs: maxDiff / maxRef,
      signMismatches,
      signMismatchesWithAbsAbove1e3OfMax: signMismatchesLarge,
      largestMismatchedAbsOverMax: largestMismatch,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
const gradientCheck = await gradientCrossCheck();
const cpuBackend = flag('no-cpu') ? { skipped: true, reason: '--no-cpu' } : await runCpu();

// ---------------------------------------------------------------- summary
const byConfig = new Map<string, ConfigRun[]>();
for (const run of runs) byConfig.set(run.config, [...(byConfig.get(run.config) ?? []), run]);
const best = (config: string) => Math.max(...byConfig.get(config)!.map((r) => r.imgIterPerSecond));
const medianRate = (config: string) => median(byConfig.get(config)!.map((r) => r.imgIterPerSecond));
/** CPU seconds per image-iteration (median over rounds). */
const cpuPerImgIter = (config: string) => median(byConfig.get(config)!.map((r) => r.cpuSeconds / (images * steps)));
// The PyTorch reference on all cores: the faster (median) of the default and the passive OpenMP wait policy.
const torchAll = [`torch-${threads}`, `torch-${threads}-passive`].filter((c) => byConfig.has(c)).sort((a, b) => medianRate(b) - medianRate(a))[0]!;
const reference = byConfig.get(torchAll)![0]!;
const maxAbs = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
const summary = [...byConfig.keys()].map((config) => {
  const list = byConfig.get(config)!;
  return {
    config,
    imgIterPerSecond: { median: medianRate(config), best: best(config), all: list.map((r) => r.imgIterPerSecond) },
    cpuSecondsPerImgIter: cpuPerImgIter(config),
    medianStepMs: median(list.map((r) => r.medianStepMs)),
    torchOverThis: { reference: torchAll, median: medianRate(torchAll) / medianRate(config), best: best(torchAll) / best(config) },
    cpuTimeOverTorch1: byConfig.has('torch-1') ? cpuPerImgIter(config) / cpuPerImgIter('torch-1') : null,
    maxAbsDeltaFinalVsTorch: Math.max(...list.map((r) => maxAbs(r.finalScores, reference.finalScores))),
    maxAbsDeltaCleanVsTorch: Math.max(...list.map((r) => maxAbs(r.cleanScores, reference.cleanScores))),
  };
});
const rankfall = runs.find((r) => !r.config.startsWith('torch'))!;
const rankfallRuns = runs.filter((r) => !r.config.startsWith('torch'));
const report = {
  machine: { ...machine, loadAfter: load(), ...torchVersions },
  images,
  size,
  steps,
  rounds,
  threads,
  torchReference: torchAll,
  summary,
  crossCheck: {
    torchCleanScores: reference.cleanScores,
    rankfallCleanScores: rankfall.cleanScores,
    torchFinalScores: reference.finalScores,
    rankfallFinalScores: rankfall.finalScores,
    /** max over images of |f_rankfall − f_torch| before each step (where the sign-step trajectories separate). */
    maxAbsDeltaBeforeStep: Array.from({ length: steps }, (_, t) => Math.max(...rankfall.trajectories.map((traj, i) => Math.abs(traj[t]! - reference.trajectories[i]![t]!)))),
    firstStepGradient: gradientCheck,
    rankfallConfigsBitIdentical: rankfallRuns.every((r) => r.finalScores.every((v, i) => v === rankfall.finalScores[i])),
    torchRunsBitIdentical: runs.filter((r) => r.config.startsWith('torch')).every((r) => r.finalScores.every((v, i) => v === reference.finalScores[i])),
  },
  cpuBackend,
  runs,
};
console.log(JSON.stringify(report, null, 2));
const fmt = (x: number, d = 2) => x.toFixed(d);
console.log(`\n| configuration | img-iter/s (median of ${rounds}) | best | ${torchAll} / this (median) | CPU s per img-iter | CPU / torch-1's | median step | max \\|Δf\\| vs PyTorch |`);
console.log('|---|---|---|---|---|---|---|---|');
for (const s of summary) {
  console.log(
    `| ${s.config} | ${fmt(s.imgIterPerSecond.median, 3)} | ${fmt(s.imgIterPerSecond.best, 3)} | ${fmt(s.torchOverThis.median)}× | ${fmt(s.cpuSecondsPerImgIter, 3)} | ` +
      `${s.cpuTimeOverTorch1 === null ? '–' : `${fmt(s.cpuTimeOverTorch1)}×`} | ${fmt(s.medianStepMs, 0)} ms | ${s.maxAbsDeltaFinalVsTorch.toExponential(1)} |`,
  );
}
console.log(`\nfirst-step gradient vs PyTorch: ${JSON.stringify(gradientCheck)}`);
console.log(`cpu backend: ${JSON.stringify(cpuBackend)}`);
