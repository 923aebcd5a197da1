/**
 * SMA stage-1 study (docs/sma-stage1-study.md): how the stage-1 targets and the final attacked ranking depend
 * on the set size N, the soft-rank ε, the λ weights and the number of stage-1 iterations.
 *
 * Part `stage1` (no model): stage 1 on the clean DBCNN predictions of ../shared/fixtures/sma-dbcnn-livec-test.csv
 * (columns index,prediction,mos; 232 CLIVE test images). Grid: N ∈ {30, 60, 116, 232} × `--replicates` seeded
 * random subsets (replicate r: subset drawn with mulberry32 seed 7000 + 1000·N + r, stage-1 init seed 919 + r;
 * at N = 232 every replicate is the whole set and only the init seed differs) × soft-rank ε ∈ {0.25, 0.5, 1, 2,
 * 3, 5, set-scaled} × λ_var = λ_mse ∈ {1e-4 (paper), 1e-3, 0}, plus two one-sided λ cells ((1e-4, 0), (0, 1e-4)).
 * Each run is 100 000 Adam updates with exact snapshots at 1k, 5k, 20k, 50k, 100k (a 20 000-iteration run is
 * the 20k snapshot: Adam has no schedule tied to the total). Also the "coupled fraction": the share of images
 * in a PAV block of size ≥ 2 of softrank_ε(s), i.e. the images whose soft rank has a non-zero gradient at ŝ⁰.
 *
 * Part `traces`: single stage-1 runs (N = 60 with ε 1, 2, set-scaled; N = 232 with ε 1; λ = 1e-4) sampled every
 * iterations/40 updates: SROCC(clean, target), targets on the bounds, ρ̃, PAV blocks of softrank_ε(ŝ).
 *
 * Part `models`: both stages through `runSma` (stage 2 = sma-stage2, ε 0.005, α 0.001, 10 steps; attacked
 * score = score of the 8-bit quantised image, as the platform reports it) for
 *   - rankfall-demo-cnn and rankfall-demo-cnn-nt on the test split of generateSyntheticDataset (seed 1,
 *     defaults: the demo's set) and of the seed-1 set with 96 references;
 *   - cnniqa-live (../shared/fixtures/real/models/cnniqa-live/CNNIQA-LIVE) on every real image listed in
 *     ../shared/fixtures/real/README.md (no common MOS scale: SROCC vs MOS is not computed).
 * Part `model-stage1`: stage 1 only on those models' clean scores (read back from the JSON), over the ε grid and the
 * three λ cells (SROCC and PLCC of clean vs target): cheap, and it separates stage 1 from stage 2.
 * Stage-1 variants of part models: paper (ε 1), set-scaled (ε = setScaledSoftRankEps of libs/runs), optionally more ε
 * (`--model-eps`); and a per-image baseline (untargeted I-FGSM, goal lower-quality, same ε/α/steps).
 *
 * Output: docs/data/sma-stage1-study.json (raw results + summaries) and docs/img/sma-stage1-*.png.
 *
 *   RANKFALL_BACKEND=wasm npx tsx tools/bench/sma-stage1-study.ts [flags]
 *
 * Flags:
 *   --part stage1|traces|models|model-stage1|all  what to run (default all, in that order); the other parts
 *                              are kept from an existing JSON (model-stage1 reads the clean scores of models)
 *   --replicates 5             subsets per N (part stage1)
 *   --iterations 100000        stage-1 updates (both parts; part stage1 snapshots are clipped to it)
 *   --models demo,nt,cnniqa    model/set groups of part models (demo = demo CNN, nt = NT twin; both on both
 *                              synthetic sets; cnniqa = CNNIQA on the real images)
 *   --sets small,large         synthetic sets for demo/nt (small = seed 1 defaults, large = references 96)
 *   --model-eps 2,5            extra fixed soft-rank ε values for part models ('' = none; default none)
 *   --model-eps-for demo,nt    the model groups the extra ε values run on (default demo,nt: CNNIQA is slow)
 *   --no-baseline              skip the per-image I-FGSM baseline
 *   --work DIR                 where the synthetic sets are generated (default $TMPDIR/rankfall-sma-study)
 *   --plots-only               only re-render the PNGs from the existing JSON
 *   --out FILE                 JSON path (default docs/data/sma-stage1-study.json); PNGs go to docs/img/
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { fixturePath, workspaceRoot } from '../../libs/testing/src/index';
import { createStage1State, runStage1, softRank, SeededRandom } from '../../libs/attack-runner/src/sma/index';
import { runSma, type SmaImage } from '../../libs/attack-runner/src/runner/run-sma';
import { runAttack } from '../../libs/attack-runner/src/runner/run-attack';
import { selectBackend } from '../../libs/attack-runner/src/compute/select-backend';
import { createIqaModel, type IqaModel } from '../../libs/iqa-models/src/index';
import { catalog } from '../../libs/iqa-models/src/catalog';
import { decodeImage, generateSyntheticDataset } from '../../libs/datasets/src/index';
import { plcc, srocc, perturbationMetricsOfBytes } from '../../libs/metrics/src/index';
import { setScaledSoftRankEps } from '../../libs/runs/src/run-attacks';

// ------------------------------------------------------------------------------------------------ flags
const argv = process.argv.slice(2);
function flag(name: string): string | undefined {
  const at = argv.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = argv[at + 1];
  if (value === undefined || value.startsWith('--')) return '';
  return value;
}
const has = (name: string) => argv.includes(`--${name}`);
function intFlag(name: string, fallback: number): number {
  const raw = flag(name);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}
const part = flag('part') ?? 'all';
if (!['stage1', 'traces', 'models', 'model-stage1', 'all'].includes(part)) throw new Error('--part must be stage1, traces, models, model-stage1 or all');
const replicates = intFlag('replicates', 5);
const iterations = intFlag('iterations', 100_000);
const modelGroups = (flag('models') ?? 'demo,nt,cnniqa').split(',').filter(Boolean);
const syntheticSets = (flag('sets') ?? 'small,large').split(',').filter(Boolean);
const modelEps = (flag('model-eps') ?? '').split(',').filter(Boolean).map(Number);
if (modelEps.some((e) => !(e > 0))) throw new Error('--model-eps must be positive numbers');
const modelEpsFor = (flag('model-eps-for') ?? 'demo,nt').split(',').filter(Boolean);
const baseline = !has('no-baseline');
const workDir = resolve(flag('work') || join(tmpdir(), 'rankfall-sma-study'));
const outPath = resolve(workspaceRoot, flag('out') || 'docs/data/sma-stage1-study.json');
const imgDir = resolve(workspaceRoot, 'docs/img');

// ------------------------------------------------------------------------------------------------ helpers
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]) => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};
const round = (x: number, d = 4) => (Number.isFinite(x) ? Number(x.toFixed(d)) : x);
/** SROCC, NaN when one side is constant (e.g. every target at one bound). */
function safeSrocc(a: ArrayLike<number>, b: ArrayLike<number>): number {
  try {
    return srocc(Array.from(a), Array.from(b));
  } catch {
    return Number.NaN;
  }
}
const epsLabels = ['0.25', '0.5', '1', '2', '3', '5', 'set-scaled'] as const;
type EpsLabel = (typeof epsLabels)[number];
const epsOf = (label: EpsLabel, range: readonly [number, number], n: number) => (label === 'set-scaled' ? setScaledSoftRankEps(range, n) : Number(label));
const lambdaCells = [
  { label: '1e-4 (paper)', lambdaVar: 1e-4, lambdaMse: 1e-4, full: true },
  { label: '1e-3', lambdaVar: 1e-3, lambdaMse: 1e-3, full: true },
  { label: '0', lambdaVar: 0, lambdaMse: 0, full: true },
  { label: 'var 1e-4, mse 0', lambdaVar: 1e-4, lambdaMse: 0, full: false },
  { label: 'var 0, mse 1e-4', lambdaVar: 0, lambdaMse: 1e-4, full: false },
] as const;
const setSizes = [30, 60, 116, 232] as const;
const snapshotLabels = [1000, 5000, 20_000, 50_000, 100_000].filter((k) => k <= iterations);
if (!snapshotLabels.includes(iterations)) snapshotLabels.push(iterations);

/** PAV blocks of softrank_ε(values): how many, and the fraction of the values in a block of size ≥ 2. */
function softRankBlocks(values: ArrayLike<number>, eps: number): { blocks: number; coupled: number } {
  const { blockStarts } = softRank(values, eps);
  const n = values.length;
  let coupled = 0;
  for (let b = 0; b < blockStarts.length; b++) {
    const size = (b + 1 < blockStarts.length ? blockStarts[b + 1]! : n) - blockStarts[b]!;
    if (size >= 2) coupled += size;
  }
  return { blocks: blockStarts.length, coupled: coupled / n };
}

interface Stage1Outcome {
  readonly iterations: number;
  readonly sroccCleanTarget: number;
  readonly sroccMosTarget: number | null;
  readonly atLower: number;
  readonly atUpper: number;
}
function describeTargets(t: Float64Array, clean: Float64Array, mos: Float64Array | null, range: readonly [number, number], it: number): Stage1Outcome {
  let atLower = 0;
  let atUpper = 0;
  for (const x of t) {
    if (x <= range[0]) atLower++;
    else if (x >= range[1]) atUpper++;
  }
  return { iterations: it, sroccCleanTarget: safeSrocc(clean, t), sroccMosTarget: mos ? safeSrocc(mos, t) : null, atLower, atUpper };
}

// ------------------------------------------------------------------------------------------------ part stage1
interface Stage1Run {
  readonly n: number;
  readonly replicate: number;
  readonly subsetSeed: number;
  readonly stage1Seed: number;
  readonly eps: EpsLabel;
  readonly softRankEps: number;
  readonly lambda: string;
  readonly lambdaVar: number;
  readonly lambdaMse: number;
  readonly coupledFraction: number;
  readonly blocksAtInit: number;
  readonly snapshots: Stage1Outcome[];
  readonly seconds: number;
}

function readFixtureCsv(): { prediction: Float64Array; mos: Float64Array; header: string } {
  const path = fixturePath('sma-dbcnn-livec-test.csv');
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const header = lines[0]!.trim();
  const columns = header.split(',');
  const pi = columns.indexOf('prediction');
  const mi = columns.indexOf('mos');
  if (pi < 0 || mi < 0) throw new Error(`${path}: expected columns prediction and mos, got "${header}"`);
  const rows = lines.slice(1).map((l) => l.split(','));
  const prediction = Float64Array.from(rows, (r) => Number(r[pi]));
  const mos = Float64Array.from(rows, (r) => Number(r[mi]));
  if (prediction.length !== 232 || !prediction.every(Number.isFinite) || !mos.every(Number.isFinite)) {
    throw new Error(`${path}: expected 232 finite rows, got ${prediction.length}`);
  }
  return { prediction, mos, header };
}

function subsetIndices(total: number, n: number, seed: number): number[] {
  const idx = Array.from({ length: total }, (_, i) => i);
  if (n >= total) return idx;
  const rng = SeededRandom.fromSeed(seed);
  for (let i = total - 1; i > 0; i--) {
    const j = rng.nextInt(0, i + 1);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, n).sort((a, b) => a - b);
}

async function runStage1Part() {
  const { prediction, mos, header } = readFixtureCsv();
  const range: [number, number] = [0, 100];
  const runs: Stage1Run[] = [];
  const started = performance.now();
  for (const n of setSizes) {
    for (let r = 0; r < replicates; r++) {
      const subsetSeed = 7000 + 1000 * n + r;
      const idx = subsetIndices(prediction.length, n, subsetSeed);
      const clean = Float64Array.from(idx, (i) => prediction[i]!);
      const subMos = Float64Array.from(idx, (i) => mos[i]!);
      for (const eps of epsLabels) {
        const softRankEps = epsOf(eps, range, n);
        const blocks = softRankBlocks(clean, softRankEps);
        for (const cell of lambdaCells) {
          // One-sided λ cells only at N = 60 and N = 232 with ε 1 / set-scaled (attribution, not a full grid).
          if (!cell.full && !((n === 60 || n === 232) && (eps === '1' || eps === 'set-scaled'))) continue;
          const t0 = performance.now();
          const state = createStage1State(clean, {
            iterations,
            softRankEps,
            lambdaVar: cell.lambdaVar,
            lambdaMse: cell.lambdaMse,
            scoreRange: range,
            seed: 919 + r,
            snapshots: snapshotLabels,
            snapshotCounting: 'exact',
          });
          const result = await runStage1(state, { yieldEvery: 0 });
          const snapshots = result.snapshots.map((s) => describeTargets(s.targets, clean, subMos, range, s.updates));
          runs.push({
            n,
            replicate: r,
            subsetSeed,
            stage1Seed: 919 + r,
            eps,
            softRankEps,
            lambda: cell.label,
            lambdaVar: cell.lambdaVar,
            lambdaMse: cell.lambdaMse,
            coupledFraction: blocks.coupled,
            blocksAtInit: blocks.blocks,
            snapshots,
            seconds: (performance.now() - t0) / 1000,
          });
        }
      }
      const last = runs.at(-1)!;
      console.log(`stage1 N=${n} r=${r} done (${runs.length} runs, last ${last.seconds.toFixed(2)} s, total ${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
  }
  // Summaries: mean ± sd over replicates per (N, ε, λ, iterations).
  const summary: Array<Record<string, unknown>> = [];
  const keys = new Set(runs.map((r) => `${r.n}|${r.eps}|${r.lambda}`));
  for (const key of keys) {
    const group = runs.filter((r) => `${r.n}|${r.eps}|${r.lambda}` === key);
    const g0 = group[0]!;
    for (const it of snapshotLabels) {
      const snaps = group.map((r) => r.snapshots.find((s) => s.iterations === it)!);
      const st = snaps.map((s) => s.sroccCleanTarget);
      const valid = st.filter(Number.isFinite);
      const bounds = snaps.map((s) => (s.atLower + s.atUpper) / g0.n);
      summary.push({
        n: g0.n,
        eps: g0.eps,
        softRankEps: round(mean(group.map((r) => r.softRankEps)), 4),
        lambda: g0.lambda,
        iterations: it,
        replicates: group.length,
        sroccCleanTargetMean: round(mean(valid)),
        sroccCleanTargetSd: round(sd(valid)),
        undefinedSrocc: st.length - valid.length,
        sroccMosTargetMean: round(mean(snaps.map((s) => s.sroccMosTarget!).filter(Number.isFinite))),
        atBoundsFractionMean: round(mean(bounds)),
        atLowerMean: round(mean(snaps.map((s) => s.atLower)), 2),
        atUpperMean: round(mean(snaps.map((s) => s.atUpper)), 2),
        coupledFractionMean: round(mean(group.map((r) => r.coupledFraction))),
        blocksAtInitMean: round(mean(group.map((r) => r.blocksAtInit)), 2),
      });
    }
  }
  return {
    fixture: { file: '../shared/fixtures/sma-dbcnn-livec-test.csv', header, rows: prediction.length, column: 'prediction', mosColumn: 'mos' },
    setSizes,
    replicates,
    epsLabels,
    lambdaCells: lambdaCells.map((c) => ({ label: c.label, lambdaVar: c.lambdaVar, lambdaMse: c.lambdaMse, fullGrid: c.full })),
    iterations,
    snapshotLabels,
    seconds: (performance.now() - started) / 1000,
    runs: runs.map((r) => ({ ...r, softRankEps: round(r.softRankEps, 6), coupledFraction: round(r.coupledFraction), seconds: round(r.seconds, 3), snapshots: r.snapshots.map((s) => ({ ...s, sroccCleanTarget: round(s.sroccCleanTarget), sroccMosTarget: s.sroccMosTarget === null ? null : round(s.sroccMosTarget) })) })),
    summary,
  };
}

// ------------------------------------------------------------------------------------------------ part traces
/**
 * Trajectories of single stage-1 runs (λ = 1e-4, replicate 0): every `every` updates, SROCC(clean, target),
 * targets on the bounds, ρ̃ and the number of PAV blocks of softrank_ε(ŝ) (1 block: ρ̃ is exactly Pearson(s, ŝ),
 * every image gets a gradient; k blocks: only the order inside each block can change through ρ̃).
 */
async function runTracesPart() {
  const { prediction } = readFixtureCsv();
  const range: [number, number] = [0, 100];
  const every = Math.max(1, Math.floor(iterations / 40));
  const cells: Array<{ n: number; eps: EpsLabel }> = [
    { n: 60, eps: '1' },
    { n: 60, eps: '2' },
    { n: 60, eps: 'set-scaled' },
    { n: 232, eps: '1' },
  ];
  const traces = [];
  for (const { n, eps } of cells) {
    const subsetSeed = 7000 + 1000 * n;
    const idx = subsetIndices(prediction.length, n, subsetSeed);
    const clean = Float64Array.from(idx, (i) => prediction[i]!);
    const softRankEps = epsOf(eps, range, n);
    const state = createStage1State(clean, { iterations, softRankEps, scoreRange: range, seed: 919, snapshots: [] });
    const points = [];
    for (let until = 0; until <= iterations; until += every) {
      const res = await runStage1(state, { until, yieldEvery: 0 });
      const d = describeTargets(res.targets, clean, null, range, res.iteration);
      points.push({ iterations: res.iteration, sroccCleanTarget: round(d.sroccCleanTarget), atLower: d.atLower, atUpper: d.atUpper, softSpearman: round(res.softSpearman), blocks: softRankBlocks(res.targets, softRankEps).blocks });
    }
    const sorted = [...clean].sort((a, b) => a - b);
    const gaps = sorted.slice(1).map((x, i) => x - sorted[i]!);
    traces.push({ n, eps, softRankEps: round(softRankEps, 4), subsetSeed, stage1Seed: 919, maxGap: round(Math.max(...gaps), 3), meanGap: round(mean(gaps), 3), points });
    console.log(`trace N=${n} ε=${eps}: blocks at ŝ⁰ ${points[0]!.blocks}, final SROCC ${points.at(-1)!.sroccCleanTarget}`);
  }
  return { lambda: 1e-4, every, traces };
}

/** Max and mean gap between sorted values (the soft rank pools neighbours closer than about ε). */
function gapsOf(values: readonly number[]): { maxGap: number; meanGap: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const gaps = sorted.slice(1).map((x, i) => x - sorted[i]!);
  return { maxGap: Math.max(...gaps), meanGap: mean(gaps) };
}

// ------------------------------------------------------------------------------------------------ part model-stage1
/**
 * Stage 1 only, on the clean scores the models part measured (read back from the JSON): every ε of the grid ×
 * the three λ cells, 100k updates (snapshots 20k, 50k), init seed 919; SROCC and PLCC(clean, target), bounds.
 */
async function runModelStage1Part(models: { experiments: Array<Record<string, unknown>> } | undefined) {
  if (!models) throw new Error('part model-stage1 needs the models part in the JSON (run --part models first)');
  const rows = [];
  for (const e of models.experiments) {
    const variants = e['variants'] as VariantResult[] | undefined;
    if (!variants) continue;
    const clean = Float64Array.from(variants[0]!.perImage.clean);
    const range = e['scoreRange'] as [number, number];
    for (const eps of epsLabels) {
      const softRankEps = epsOf(eps, range, clean.length);
      for (const cell of lambdaCells.filter((c) => c.full)) {
        const state = createStage1State(clean, { iterations, softRankEps, lambdaVar: cell.lambdaVar, lambdaMse: cell.lambdaMse, scoreRange: range, seed: 919, snapshots: [20_000, 50_000].filter((k) => k < iterations), snapshotCounting: 'exact' });
        const res = await runStage1(state, { yieldEvery: 0 });
        const outcome = (t: Float64Array, it: number) => ({ ...describeTargets(t, clean, null, range, it), plccCleanTarget: round(safePlcc(clean, t)) });
        rows.push({
          model: e['model'],
          set: e['set'],
          n: clean.length,
          eps,
          softRankEps: round(softRankEps, 4),
          lambda: cell.label,
          blocksAtInit: softRankBlocks(clean, softRankEps).blocks,
          snapshots: [...res.snapshots.map((snap) => outcome(snap.targets, snap.updates)), outcome(res.targets, res.iteration)].map((o) => ({ ...o, sroccCleanTarget: round(o.sroccCleanTarget) })),
        });
      }
    }
    console.log(`model-stage1 ${e['model']} on ${e['set']} done`);
  }
  return { iterations, seed: 919, rows };
}

function safePlcc(a: ArrayLike<number>, b: ArrayLike<number>): number {
  try {
    return plcc(Array.from(a), Array.from(b));
  } catch {
    return Number.NaN;
  }
}

// ------------------------------------------------------------------------------------------------ part models
interface LoadedSet {
  readonly id: string;
  readonly description: string;
  readonly images: SmaImage[];
  readonly mos: (number | null)[];
}

async function syntheticTestSplit(kind: string): Promise<LoadedSet> {
  const options = kind === 'small' ? { seed: 1 } : kind === 'large' ? { seed: 1, references: 96 } : null;
  if (!options) throw new Error(`unknown synthetic set "${kind}" (small or large)`);
  const outDir = join(workDir, `synthetic-${kind}`);
  mkdirSync(outDir, { recursive: true });
  const result = await generateSyntheticDataset({ outDir, ...options, overwrite: true });
  const test = result.manifest.images.filter((im) => im.split === 'test');
  const images: SmaImage[] = [];
  for (const im of test) {
    const rgb = await decodeImage(im.filePath);
    images.push({ key: im.key, data: rgb.data, height: rgb.height, width: rgb.width });
  }
  const scenes = [...new Set(test.map((im) => im.reference))].length;
  const size = images[0]?.height ?? 0;
  return {
    id: `synthetic-${kind}`,
    description: `generateSyntheticDataset({ seed: 1${kind === 'large' ? ', references: 96' : ''} }) test split: ${images.length} images of ${scenes} scenes, ${size}×${size}`,
    images,
    mos: test.map((im) => im.mos),
  };
}

/** Every image of ../shared/fixtures/real/README.md's image tables (and the CNNIQA data image). */
const REAL_IMAGES = [
  'models/cnniqa-live/I03_01_1.bmp',
  'images/piq-tid2013/I01.BMP',
  'images/piq-tid2013/i01_01_5.bmp',
  ...['I03', 'I04', 'I06', 'I08', 'I19'].map((n) => `images/pyiqa-calibra/ref_dir/${n}.bmp`),
  ...['I03', 'I04', 'I06', 'I08', 'I19'].map((n) => `images/pyiqa-calibra/dist_dir/${n}.bmp`),
  'images/imquality-brisque-tests/img151.bmp',
  'images/imquality-brisque-tests/img16.bmp',
  'images/imquality-brisque-tests/img176.bmp',
  'images/imquality-brisque-tests/kodim05.png',
  'images/linearityiqa-clive/1000.JPG',
];

async function realImages(): Promise<{ set: LoadedSet; missing: string[] }> {
  const images: SmaImage[] = [];
  const missing: string[] = [];
  for (const rel of REAL_IMAGES) {
    const path = fixturePath('real', rel);
    if (!existsSync(path)) {
      missing.push(rel);
      continue;
    }
    const rgb = await decodeImage(path);
    images.push({ key: rel, data: rgb.data, height: rgb.height, width: rgb.width });
  }
  const sizes = [...new Set(images.map((im) => `${im.width}×${im.height}`))].join(', ');
  return {
    set: {
      id: 'real-fixtures',
      description: `${images.length} real images of ../shared/fixtures/real (TID2013, LIVE R2, Kodak, CLIVE; ${sizes}); no common MOS scale`,
      images,
      mos: images.map(() => null),
    },
    missing,
  };
}

interface VariantResult {
  readonly variant: string;
  readonly softRankEps: number | null;
  readonly n: number;
  readonly sroccCleanTarget: number | null;
  /** PAV blocks of softrank_ε(clean) (1 = ρ̃ is Pearson and reaches every image). */
  readonly blocksAtInit: number | null;
  readonly targetsAtLower: number | null;
  readonly targetsAtUpper: number | null;
  readonly sroccCleanAttacked: number;
  readonly sroccCleanAttackedFloat: number;
  readonly sroccMosClean: number | null;
  readonly sroccMosAttacked: number | null;
  readonly meanPsnrQuantised: number;
  readonly meanLinfQuantised: number;
  readonly meanAbsScoreChange: number;
  readonly movedTowardsTarget: number | null;
  readonly seconds: number;
  readonly perImage: { clean: number[]; target: number[] | null; attacked: number[]; attackedFloat: number[]; psnr: number[] };
}

function summariseVariant(
  variant: string,
  softRankEps: number | null,
  set: LoadedSet,
  range: readonly [number, number],
  clean: number[],
  target: number[] | null,
  attacked: number[],
  attackedFloat: number[],
  rgb: Uint8Array[],
  seconds: number,
): VariantResult {
  const metrics = set.images.map((im, i) => perturbationMetricsOfBytes(im.data, rgb[i]!, im.height, im.width));
  const mosKnown = set.mos.every((m) => m !== null);
  const mos = set.mos as number[];
  let moved = 0;
  if (target) for (let i = 0; i < clean.length; i++) if (Math.sign(attacked[i]! - clean[i]!) === Math.sign(target[i]! - clean[i]!) && attacked[i] !== clean[i]) moved++;
  return {
    variant,
    softRankEps,
    n: clean.length,
    sroccCleanTarget: target ? round(safeSrocc(clean, target)) : null,
    blocksAtInit: softRankEps === null ? null : softRankBlocks(clean, softRankEps).blocks,
    targetsAtLower: target ? target.filter((t) => t <= range[0]).length : null,
    targetsAtUpper: target ? target.filter((t) => t >= range[1]).length : null,
    sroccCleanAttacked: round(safeSrocc(clean, attacked)),
    sroccCleanAttackedFloat: round(safeSrocc(clean, attackedFloat)),
    sroccMosClean: mosKnown ? round(safeSrocc(mos, clean)) : null,
    sroccMosAttacked: mosKnown ? round(safeSrocc(mos, attacked)) : null,
    meanPsnrQuantised: round(mean(metrics.map((m) => m.psnr)), 2),
    meanLinfQuantised: round(mean(metrics.map((m) => m.linf)), 5),
    meanAbsScoreChange: round(mean(attacked.map((a, i) => Math.abs(a - clean[i]!))), 3),
    movedTowardsTarget: target ? moved : null,
    seconds: round(seconds, 1),
    perImage: {
      clean: clean.map((x) => round(x, 4)),
      target: target ? target.map((x) => round(x, 4)) : null,
      attacked: attacked.map((x) => round(x, 4)),
      attackedFloat: attackedFloat.map((x) => round(x, 4)),
      psnr: metrics.map((m) => round(m.psnr, 2)),
    },
  };
}

async function smaVariant(model: IqaModel, set: LoadedSet, variant: string, softRankEps: number): Promise<VariantResult> {
  const t0 = performance.now();
  const result = await runSma({ model, images: set.images, stage1: { iterations, softRankEps } });
  const r = result.results;
  return summariseVariant(
    variant,
    softRankEps,
    set,
    model.scoreRange,
    [...result.cleanScores],
    [...result.targets],
    r.map((x) => x.attackedScore),
    r.map((x) => x.attackedScoreFloat),
    r.map((x) => x.adversarialRgb),
    (performance.now() - t0) / 1000,
  );
}

function scoreOne(model: IqaModel, im: SmaImage, data: Float32Array = im.data): number {
  return tf.tidy(() => model.score(tf.tensor4d(data, [1, im.height, im.width, 3])).dataSync()[0]!);
}

/** Per-image baseline: untargeted I-FGSM (goal lower-quality, ε 0.005, α 0.001, 10 steps), quantised, re-scored. */
async function perImageBaseline(model: IqaModel, set: LoadedSet): Promise<VariantResult> {
  const t0 = performance.now();
  const clean: number[] = [];
  const attacked: number[] = [];
  const attackedFloat: number[] = [];
  const rgbs: Uint8Array[] = [];
  for (const im of set.images) {
    const x = tf.tensor4d(im.data, [1, im.height, im.width, 3]);
    const res = await runAttack({ attack: 'ifgsm', model, images: x, config: {} });
    const float = res.adversarial.dataSync();
    const rgb = new Uint8Array(float.length);
    for (let i = 0; i < rgb.length; i++) rgb[i] = Math.min(255, Math.max(0, Math.round(float[i]! * 255)));
    res.adversarial.dispose();
    res.perturbation?.dispose();
    x.dispose();
    clean.push(res.cleanScores[0]!);
    attackedFloat.push(res.finalScores[0]!);
    attacked.push(scoreOne(model, im, Float32Array.from(rgb, (v) => v / 255)));
    rgbs.push(rgb);
  }
  return summariseVariant('per-image I-FGSM (lower quality)', null, set, model.scoreRange, clean, null, attacked, attackedFloat, rgbs, (performance.now() - t0) / 1000);
}

async function runModelsPart() {
  const backend = await selectBackend();
  console.log(`backend ${backend.backend} (${backend.tfBackend}, threads ${backend.threads ?? '?'})`);
  const started = performance.now();
  const experiments: Array<Record<string, unknown>> = [];
  const sets = new Map<string, LoadedSet>();
  let missingReal: string[] = [];
  const wanted: Array<{ modelId: string; setId: string }> = [];
  for (const g of modelGroups) {
    if (g === 'demo' || g === 'nt') for (const s of syntheticSets) wanted.push({ modelId: g === 'demo' ? 'rankfall-demo-cnn' : 'rankfall-demo-cnn-nt', setId: s });
    else if (g === 'cnniqa') wanted.push({ modelId: 'cnniqa-live', setId: 'real' });
    else throw new Error(`unknown model group "${g}" (demo, nt, cnniqa)`);
  }
  for (const { modelId, setId } of wanted) {
    if (!sets.has(setId)) {
      if (setId === 'real') {
        const real = await realImages();
        missingReal = real.missing;
        sets.set(setId, real.set);
      } else sets.set(setId, await syntheticTestSplit(setId));
    }
    const set = sets.get(setId)!;
    let model: IqaModel;
    try {
      model =
        modelId === 'cnniqa-live' ? await createIqaModel(modelId, { weights: fixturePath('real', 'models/cnniqa-live/CNNIQA-LIVE') }) : await createIqaModel(modelId);
    } catch (error) {
      console.log(`${modelId}: cannot load (${(error as Error).message}); skipped`);
      experiments.push({ model: modelId, set: set.id, skipped: (error as Error).message });
      continue;
    }
    const n = set.images.length;
    const setScaled = setScaledSoftRankEps(model.scoreRange, n);
    const variants: Array<[string, number]> = [
      ['paper (ε 1)', 1],
      [`set-scaled (ε ${setScaled.toFixed(3)})`, setScaled],
      ...(modelEpsFor.includes(modelId === 'rankfall-demo-cnn' ? 'demo' : modelId === 'rankfall-demo-cnn-nt' ? 'nt' : 'cnniqa') ? modelEps : []).map((e): [string, number] => [`ε ${e}`, e]),
    ];
    const results: VariantResult[] = [];
    for (const [name, eps] of variants) {
      const v = await smaVariant(model, set, name, eps);
      results.push(v);
      console.log(
        `${modelId} on ${set.id} (N ${n}) ${name}: SROCC(clean,target) ${v.sroccCleanTarget}, clean↔attacked ${v.sroccCleanAttacked}, MOS↔attacked ${v.sroccMosAttacked}, PSNR ${v.meanPsnrQuantised}, ${v.seconds} s`,
      );
    }
    if (baseline) {
      const b = await perImageBaseline(model, set);
      results.push(b);
      console.log(`${modelId} on ${set.id} per-image I-FGSM: clean↔attacked ${b.sroccCleanAttacked}, MOS↔attacked ${b.sroccMosAttacked}, ${b.seconds} s`);
    }
    const entry = catalog[modelId as keyof typeof catalog];
    const cleanScores = results[0]!.perImage.clean;
    const gaps = gapsOf(cleanScores);
    experiments.push({
      model: modelId,
      cleanScoreMin: round(Math.min(...cleanScores), 3),
      cleanScoreMax: round(Math.max(...cleanScores), 3),
      cleanMaxGap: round(gaps.maxGap, 3),
      cleanMeanGap: round(gaps.meanGap, 3),
      lowerBetter: model.lowerBetter,
      scoreRange: model.scoreRange,
      catalogScoreRange: entry.scoreRange,
      set: set.id,
      setDescription: set.description,
      n,
      mosAvailable: set.mos.every((m) => m !== null),
      variants: results,
    });
    model.dispose();
  }
  return {
    backend: { backend: backend.backend, tfBackend: backend.tfBackend, threads: backend.threads },
    iterations,
    stage2: { attack: 'sma-stage2', epsilon: 0.005, alpha: 0.001, steps: 10, reported: 'score of round(x·255)/255' },
    missingRealImages: missingReal,
    seconds: (performance.now() - started) / 1000,
    experiments,
  };
}

// ------------------------------------------------------------------------------------------------ plots
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#999999'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const FONT = "font-family='DejaVu Sans, sans-serif'";

interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: Array<{ x: number; y: number; err?: number }>;
  readonly dash?: string;
}
interface Panel {
  readonly title: string;
  readonly series: Series[];
}

/** Line panels sharing axes: x categorical (xs) or log; y linear in [yMin, yMax]. */
function linePanels(opts: {
  title: string;
  panels: Panel[];
  columns: number;
  xs: number[];
  xLabel: string;
  yLabel: string;
  yMin: number;
  yMax: number;
  yTicks: number[];
  xTickLabel?: (x: number) => string;
  /** The x values that get a tick label (default all of xs). */
  xTicks?: number[];
  legend: Array<{ name: string; color: string; dash?: string }>;
  zeroLine?: boolean;
}): string {
  const pw = 360;
  const ph = 260;
  const ml = 62;
  const mt = 34;
  const gapX = 30;
  const gapY = 58;
  const rows = Math.ceil(opts.panels.length / opts.columns);
  const titleLines = opts.title.split('\n');
  const top = 48 + 22 * (titleLines.length - 1);
  const width = ml + opts.columns * pw + (opts.columns - 1) * gapX + 24;
  const itemW = Math.max(250, Math.ceil(Math.max(...opts.legend.map((l) => l.name.length)) * 7.6 + 56));
  const perRow = Math.max(1, Math.floor((width - ml) / itemW));
  const legendH = 28 * Math.ceil(opts.legend.length / perRow) + 10;
  const height = top + rows * (ph + mt) + (rows - 1) * gapY + 50 + legendH;
  const parts: string[] = [`<rect width='${width}' height='${height}' fill='white'/>`];
  titleLines.forEach((line, i) => parts.push(`<text x='${width / 2}' y='${26 + 22 * i}' text-anchor='middle' font-size='${i === 0 ? 17 : 14}' font-weight='${i === 0 ? 'bold' : 'normal'}' ${FONT}>${esc(line)}</text>`));
  const xIndex = (x: number) => opts.xs.indexOf(x);
  opts.panels.forEach((panel, p) => {
    const col = p % opts.columns;
    const row = Math.floor(p / opts.columns);
    const x0 = ml + col * (pw + gapX);
    const y0 = top + mt + row * (ph + mt + gapY);
    const px = (x: number) => x0 + 20 + (xIndex(x) / Math.max(1, opts.xs.length - 1)) * (pw - 40);
    const py = (y: number) => y0 + ph - ((y - opts.yMin) / (opts.yMax - opts.yMin)) * ph;
    parts.push(`<rect x='${x0}' y='${y0}' width='${pw}' height='${ph}' fill='#fafafa' stroke='#444' stroke-width='1'/>`);
    parts.push(`<text x='${x0 + pw / 2}' y='${y0 - 10}' text-anchor='middle' font-size='14' ${FONT}>${esc(panel.title)}</text>`);
    for (const t of opts.yTicks) {
      parts.push(`<line x1='${x0}' x2='${x0 + pw}' y1='${py(t)}' y2='${py(t)}' stroke='${t === 0 && opts.zeroLine ? '#888' : '#e2e2e2'}' stroke-width='${t === 0 && opts.zeroLine ? 1.2 : 1}'/>`);
      if (col === 0) parts.push(`<text x='${x0 - 6}' y='${py(t) + 4}' text-anchor='end' font-size='12' ${FONT}>${t}</text>`);
    }
    for (const x of opts.xTicks ?? opts.xs) {
      parts.push(`<line x1='${px(x)}' x2='${px(x)}' y1='${y0 + ph}' y2='${y0 + ph + 5}' stroke='#444'/>`);
      parts.push(`<text x='${px(x)}' y='${y0 + ph + 19}' text-anchor='middle' font-size='12' ${FONT}>${esc(opts.xTickLabel ? opts.xTickLabel(x) : String(x))}</text>`);
    }
    parts.push(`<text x='${x0 + pw / 2}' y='${y0 + ph + 40}' text-anchor='middle' font-size='13' ${FONT}>${esc(opts.xLabel)}</text>`);
    if (col === 0) parts.push(`<text transform='translate(${x0 - 46},${y0 + ph / 2}) rotate(-90)' text-anchor='middle' font-size='13' ${FONT}>${esc(opts.yLabel)}</text>`);
    for (const s of panel.series) {
      const pts = s.points.filter((q) => Number.isFinite(q.y));
      if (pts.length === 0) continue;
      for (const q of pts) {
        if (q.err && q.err > 0) {
          const a = py(Math.min(opts.yMax, q.y + q.err));
          const b = py(Math.max(opts.yMin, q.y - q.err));
          parts.push(`<line x1='${px(q.x)}' x2='${px(q.x)}' y1='${a}' y2='${b}' stroke='${s.color}' stroke-width='1.5'/>`);
          parts.push(`<line x1='${px(q.x) - 4}' x2='${px(q.x) + 4}' y1='${a}' y2='${a}' stroke='${s.color}' stroke-width='1.5'/>`);
          parts.push(`<line x1='${px(q.x) - 4}' x2='${px(q.x) + 4}' y1='${b}' y2='${b}' stroke='${s.color}' stroke-width='1.5'/>`);
        }
      }
      parts.push(`<polyline fill='none' stroke='${s.color}' stroke-width='2.2' ${s.dash ? `stroke-dasharray='${s.dash}'` : ''} points='${pts.map((q) => `${px(q.x)},${py(q.y)}`).join(' ')}'/>`);
      if (pts.length <= 12) for (const q of pts) parts.push(`<circle cx='${px(q.x)}' cy='${py(q.y)}' r='3.5' fill='${s.color}'/>`);
    }
  });
  const ly = height - legendH + 4;
  opts.legend.forEach((l, i) => {
    const lx = ml + (i % perRow) * itemW;
    const y = ly + Math.floor(i / perRow) * 28;
    parts.push(`<line x1='${lx}' x2='${lx + 30}' y1='${y}' y2='${y}' stroke='${l.color}' stroke-width='3' ${l.dash ? `stroke-dasharray='${l.dash}'` : ''}/>`);
    parts.push(`<circle cx='${lx + 15}' cy='${y}' r='3.5' fill='${l.color}'/>`);
    parts.push(`<text x='${lx + 38}' y='${y + 5}' font-size='13' ${FONT}>${esc(l.name)}</text>`);
  });
  return `<svg xmlns='http://www.w3.org/2000/svg' width='${width}' height='${height}' viewBox='0 0 ${width} ${height}'>${parts.join('')}</svg>`;
}

/** Grouped bars: groups on x, bars per series; y linear [yMin, yMax] with a zero line. */
function groupedBars(opts: { title: string; groups: string[][]; series: Array<{ name: string; color: string; values: (number | null)[] }>; yLabel: string; yMin: number; yMax: number; yTicks: number[]; note?: string }): string {
  const groupW = Math.max(34 * opts.series.length + 40, Math.ceil(920 / opts.groups.length));
  const ml = 70;
  const pw = groupW * opts.groups.length;
  const ph = 320;
  const mt = 56;
  const width = ml + pw + 30;
  const legendRows = Math.ceil(opts.series.length / 3);
  const height = mt + ph + 80 + 26 * legendRows + (opts.note ? 24 : 0) + 10;
  const py = (y: number) => mt + ph - ((y - opts.yMin) / (opts.yMax - opts.yMin)) * ph;
  const parts: string[] = [`<rect width='${width}' height='${height}' fill='white'/>`];
  parts.push(`<text x='${width / 2}' y='28' text-anchor='middle' font-size='18' font-weight='bold' ${FONT}>${esc(opts.title)}</text>`);
  parts.push(`<rect x='${ml}' y='${mt}' width='${pw}' height='${ph}' fill='#fafafa' stroke='#444'/>`);
  for (const t of opts.yTicks) {
    parts.push(`<line x1='${ml}' x2='${ml + pw}' y1='${py(t)}' y2='${py(t)}' stroke='${t === 0 ? '#555' : '#e2e2e2'}' stroke-width='${t === 0 ? 1.4 : 1}'/>`);
    parts.push(`<text x='${ml - 6}' y='${py(t) + 4}' text-anchor='end' font-size='12' ${FONT}>${t}</text>`);
  }
  parts.push(`<text transform='translate(${ml - 50},${mt + ph / 2}) rotate(-90)' text-anchor='middle' font-size='13' ${FONT}>${esc(opts.yLabel)}</text>`);
  opts.groups.forEach((lines, g) => {
    const gx = ml + g * groupW + 20;
    if (g > 0) parts.push(`<line x1='${ml + g * groupW}' x2='${ml + g * groupW}' y1='${mt}' y2='${mt + ph}' stroke='#d0d0d0'/>`);
    opts.series.forEach((s, i) => {
      const v = s.values[g];
      const x = gx + (groupW - 40 - 34 * opts.series.length) / 2 + i * 34;
      if (v === null || v === undefined || !Number.isFinite(v)) {
        parts.push(`<text x='${x + 14}' y='${py(0) - 6}' text-anchor='middle' font-size='10' ${FONT}>n/a</text>`);
        return;
      }
      const y1 = py(Math.max(0, v));
      const y2 = py(Math.min(0, v));
      parts.push(`<rect x='${x}' y='${y1}' width='28' height='${Math.max(1, y2 - y1)}' fill='${s.color}'/>`);
      parts.push(`<text x='${x + 14}' y='${v >= 0 ? y1 - 4 : y2 + 12}' text-anchor='middle' font-size='10' ${FONT}>${v.toFixed(2)}</text>`);
    });
    lines.forEach((line, k) => parts.push(`<text x='${ml + g * groupW + groupW / 2}' y='${mt + ph + 18 + k * 15}' text-anchor='middle' font-size='12' ${FONT}>${esc(line)}</text>`));
  });
  const ly = mt + ph + 80;
  opts.series.forEach((s, i) => {
    const lx = ml + (i % 3) * 300;
    const y = ly + Math.floor(i / 3) * 26;
    parts.push(`<rect x='${lx}' y='${y - 9}' width='18' height='14' fill='${s.color}'/>`);
    parts.push(`<text x='${lx + 26}' y='${y + 3}' font-size='13' ${FONT}>${esc(s.name)}</text>`);
  });
  if (opts.note) parts.push(`<text x='${ml}' y='${height - 12}' font-size='12' fill='#333' ${FONT}>${esc(opts.note)}</text>`);
  return `<svg xmlns='http://www.w3.org/2000/svg' width='${width}' height='${height}' viewBox='0 0 ${width} ${height}'>${parts.join('')}</svg>`;
}

async function writePng(name: string, svg: string): Promise<string> {
  mkdirSync(imgDir, { recursive: true });
  const file = join(imgDir, name);
  await sharp(Buffer.from(svg)).png().toFile(file);
  return file;
}

type TraceData = { traces: Array<{ n: number; eps: string; softRankEps: number; maxGap: number; points: Array<{ iterations: number; sroccCleanTarget: number; softSpearman: number; atLower: number; atUpper: number; blocks: number }> }> };
type SummaryRow = { n: number; eps: string; lambda: string; iterations: number; sroccCleanTargetMean: number; sroccCleanTargetSd: number; atBoundsFractionMean: number; coupledFractionMean: number };

async function renderPlots(data: { traces?: TraceData; stage1?: { summary: SummaryRow[]; setSizes: readonly number[]; runs: Array<{ n: number; eps: string; lambda: string; blocksAtInit: number }> }; models?: { experiments: Array<Record<string, unknown>> } }): Promise<string[]> {
  const files: string[] = [];
  const epsColor = (e: string) => (e === 'set-scaled' ? '#000000' : PALETTE[epsLabels.indexOf(e as EpsLabel)]!);
  const epsName = (e: string) => (e === 'set-scaled' ? 'set-scaled (ε = 2.32·100/N)' : `ε = ${e}${e === '1' ? ' (paper)' : ''}`);
  const legend = epsLabels.map((e) => ({ name: epsName(e), color: epsColor(e), ...(e === 'set-scaled' ? { dash: '7 4' } : {}) }));
  if (data.stage1) {
    const rows = data.stage1.summary;
    const xs = [...data.stage1.setSizes];
    const find = (n: number, e: string, l: string, it: number) => rows.find((r) => r.n === n && r.eps === e && r.lambda === l && r.iterations === it);
    const panel = (title: string, lambda: string, it: number, value: (r: SummaryRow) => number, err = true): Panel => ({
      title,
      series: epsLabels.map((e) => ({
        name: e,
        color: epsColor(e),
        ...(e === 'set-scaled' ? { dash: '7 4' } : {}),
        points: xs.map((n) => {
          const r = find(n, e, lambda, it);
          return { x: n, y: r ? value(r) : Number.NaN, ...(err && r ? { err: r.sroccCleanTargetSd } : {}) };
        }),
      })),
    });
    const its = [...new Set(rows.map((r) => r.iterations))];
    const itMain = Math.max(...its);
    const it20 = its.includes(20_000) ? 20_000 : itMain;
    const yTicks = [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1];
    files.push(
      await writePng(
        'sma-stage1-srocc-vs-n.png',
        linePanels({
          title: 'SMA stage 1: SROCC(clean, target) vs set size N\nDBCNN clean scores on CLIVE (fixture CSV), λ_var = λ_mse = 1e-4; mean ± sd over 5 subsets',
          panels: [panel(`${it20.toLocaleString('en-US')} iterations`, '1e-4 (paper)', it20, (r) => r.sroccCleanTargetMean), panel(`${itMain.toLocaleString('en-US')} iterations (paper)`, '1e-4 (paper)', itMain, (r) => r.sroccCleanTargetMean)],
          columns: 2,
          xs,
          xLabel: 'N (images in the set)',
          yLabel: 'SROCC(clean, target)',
          yMin: -1,
          yMax: 1,
          yTicks,
          legend,
          zeroLine: true,
        }),
      ),
    );
    const lambdas = ['1e-4 (paper)', '1e-3', '0'];
    files.push(
      await writePng(
        'sma-stage1-grid.png',
        linePanels({
          title: 'SMA stage 1: SROCC(clean, target) vs N for λ and iterations\ncolumns: λ_var = λ_mse; rows: stage-1 iterations; mean ± sd over 5 subsets (DBCNN/CLIVE clean scores)',
          panels: [20_000, itMain]
            .filter((it, i, a) => its.includes(it) && a.indexOf(it) === i)
            .flatMap((it) => lambdas.map((l) => panel(`λ = ${l}, ${it.toLocaleString('en-US')} it.`, l, it, (r) => r.sroccCleanTargetMean))),
          columns: 3,
          xs,
          xLabel: 'N (images in the set)',
          yLabel: 'SROCC(clean, target)',
          yMin: -1,
          yMax: 1,
          yTicks,
          legend,
          zeroLine: true,
        }),
      ),
    );
    files.push(
      await writePng(
        'sma-stage1-bounds.png',
        linePanels({
          title: 'SMA stage 1 (λ = 1e-4): targets on the bounds, and one-block soft rank at the start\nleft: share of targets at 0 or 100 after the run; right: share of subsets where softrank_ε(s) is a single PAV block',
          panels: [
            panel(`targets at 0 or 100 after ${itMain.toLocaleString('en-US')} it.`, '1e-4 (paper)', itMain, (r) => r.atBoundsFractionMean, false),
            panel('share of subsets whose softrank_ε(s) is one PAV block', '1e-4 (paper)', itMain, (r) => {
              const g = data.stage1!.runs.filter((x) => x.n === r.n && x.eps === r.eps && x.lambda === r.lambda);
              return g.filter((x) => x.blocksAtInit === 1).length / g.length;
            }, false),
          ],
          columns: 2,
          xs,
          xLabel: 'N (images in the set)',
          yLabel: 'fraction of the N images',
          yMin: 0,
          yMax: 1,
          yTicks: [0, 0.25, 0.5, 0.75, 1],
          legend,
        }),
      ),
    );
    const itXs = its.sort((a, b) => a - b);
    const iterPanel = (n: number): Panel => ({
      title: `N = ${n}`,
      series: epsLabels.map((e) => ({
        name: e,
        color: epsColor(e),
        ...(e === 'set-scaled' ? { dash: '7 4' } : {}),
        points: itXs.map((it) => {
          const r = find(n, e, '1e-4 (paper)', it);
          return { x: it, y: r ? r.sroccCleanTargetMean : Number.NaN };
        }),
      })),
    });
    files.push(
      await writePng(
        'sma-stage1-iterations.png',
        linePanels({
          title: 'SMA stage 1 (λ = 1e-4): SROCC(clean, target) vs stage-1 iterations\nmean over 5 subsets of the DBCNN/CLIVE clean scores',
          panels: xs.map(iterPanel),
          columns: 2,
          xs: itXs,
          xTickLabel: (x) => `${x / 1000}k`,
          xLabel: 'Adam updates (snapshot)',
          yLabel: 'SROCC(clean, target)',
          yMin: -1,
          yMax: 1,
          yTicks,
          legend,
          zeroLine: true,
        }),
      ),
    );
  }
  if (data.traces) {
    const tr = data.traces.traces;
    const xs = tr[0]!.points.map((p) => p.iterations);
    const step = xs.length > 1 ? Math.max(1, Math.round((xs.length - 1) / 5)) : 1;
    const series = (t: TraceData['traces'][number]): Series[] => [
      { name: 'SROCC', color: '#0072B2', points: t.points.map((p) => ({ x: p.iterations, y: p.sroccCleanTarget })) },
      { name: 'rho', color: '#D55E00', dash: '6 3', points: t.points.map((p) => ({ x: p.iterations, y: p.softSpearman })) },
      { name: 'bounds', color: '#009E73', points: t.points.map((p) => ({ x: p.iterations, y: (p.atLower + p.atUpper) / t.n })) },
      { name: 'blocks', color: '#CC79A7', points: t.points.map((p) => ({ x: p.iterations, y: p.blocks / t.n })) },
    ];
    files.push(
      await writePng(
        'sma-stage1-trace.png',
        linePanels({
          title: 'SMA stage 1 trajectories (λ = 1e-4, one subset each)\nDBCNN/CLIVE clean scores; ε set-scaled = 2.32·100/N',
          panels: tr.map((t) => ({ title: `N = ${t.n}, ε = ${t.softRankEps}${t.eps === 'set-scaled' ? ' (set-scaled)' : ''}; max gap ${t.maxGap}`, series: series(t) })),
          columns: 2,
          xs,
          xTicks: xs.filter((_, i) => i % step === 0),
          xTickLabel: (x) => `${Math.round(x / 1000)}k`,
          xLabel: 'Adam updates',
          yLabel: 'value',
          yMin: -1,
          yMax: 1,
          yTicks: [-1, -0.5, 0, 0.5, 1],
          legend: [
            { name: 'SROCC(clean, target)', color: '#0072B2' },
            { name: 'soft Spearman ρ̃', color: '#D55E00', dash: '6 3' },
            { name: 'share of targets at 0/100', color: '#009E73' },
            { name: 'PAV blocks / N', color: '#CC79A7' },
          ],
          zeroLine: true,
        }),
      ),
    );
  }
  if (data.models) {
    const exps = data.models.experiments.filter((e) => Array.isArray(e['variants'])) as Array<{ model: string; set: string; n: number; variants: VariantResult[] }>;
    const shortModel = (m: string) => (m === 'rankfall-demo-cnn' ? 'demo CNN' : m === 'rankfall-demo-cnn-nt' ? 'demo CNN NT' : m === 'cnniqa-live' ? 'CNNIQA-LIVE' : m);
    const shortSet = (s: string) => (s === 'synthetic-small' ? 'synthetic 24 ref.' : s === 'synthetic-large' ? 'synthetic 96 ref.' : s === 'real-fixtures' ? 'real images' : s);
    const groups = exps.map((e) => [shortModel(e.model), shortSet(e.set), `N = ${e.n}`]);
    const pick = (e: { variants: VariantResult[] }, prefix: string) => e.variants.find((v) => v.variant.startsWith(prefix)) ?? null;
    files.push(
      await writePng(
        'sma-stage1-models.png',
        groupedBars({
          title: 'SMA on real models: stage-1 targets and the attacked ranking (ε 0.005, 8-bit)',
          groups,
          series: [
            { name: 'SROCC(clean, target), paper ε 1', color: '#9ecae1', values: exps.map((e) => pick(e, 'paper')?.sroccCleanTarget ?? null) },
            { name: 'SROCC(clean, target), set-scaled', color: '#fdd0a2', values: exps.map((e) => pick(e, 'set-scaled')?.sroccCleanTarget ?? null) },
            { name: 'per-image I-FGSM: clean↔attacked', color: '#bdbdbd', values: exps.map((e) => pick(e, 'per-image')?.sroccCleanAttacked ?? null) },
            { name: 'clean↔attacked, paper ε 1', color: '#0072B2', values: exps.map((e) => pick(e, 'paper')?.sroccCleanAttacked ?? null) },
            { name: 'clean↔attacked, set-scaled', color: '#D55E00', values: exps.map((e) => pick(e, 'set-scaled')?.sroccCleanAttacked ?? null) },
          ],
          yLabel: 'SROCC',
          yMin: -1,
          yMax: 1,
          yTicks: [-1, -0.5, 0, 0.5, 1],
          note: 'attacked = score of the 8-bit quantised adversarial image (round(x·255)/255), re-scored; lower SROCC = stronger attack',
        }),
      ),
    );
    // ε sweep (paper λ, 100k) for the experiments that ran the extra fixed ε values.
    const epsXs = [0.25, 0.5, 1, 2, 3, 5];
    const valueAt = (e: { variants: VariantResult[] }, eps: number, key: 'sroccCleanTarget' | 'sroccCleanAttacked') => {
      const v = e.variants.find((x) => (eps === 1 ? x.variant.startsWith('paper') : x.variant === `ε ${eps}`));
      return v ? (v[key] ?? Number.NaN) : Number.NaN;
    };
    const swept = exps.filter((e) => e.variants.some((v) => v.variant.startsWith('ε ')));
    if (swept.length > 0) {
      const colors = ['#0072B2', '#56B4E9', '#D55E00', '#E69F00', '#009E73'];
      const mk = (key: 'sroccCleanTarget' | 'sroccCleanAttacked'): Series[] =>
        swept.map((e, i) => ({ name: `${shortModel(e.model)}, ${shortSet(e.set)}`, color: colors[i % colors.length]!, ...(i % 2 ? { dash: '7 4' } : {}), points: epsXs.map((x) => ({ x, y: valueAt(e, x, key) })) }));
      files.push(
        await writePng(
          'sma-stage1-models-eps.png',
          linePanels({
            title: 'SMA on the demo CNN and its NT twin: soft-rank ε sweep (λ = 1e-4, 100k iterations)\nright: SROCC(clean, attacked) of the 8-bit adversarial images, stage 2 at ε 0.005',
            panels: [
              { title: 'SROCC(clean, target) after stage 1', series: mk('sroccCleanTarget') },
              { title: 'SROCC(clean, attacked) after stage 2', series: mk('sroccCleanAttacked') },
            ],
            columns: 2,
            xs: epsXs,
            xLabel: 'soft-rank ε (1 = paper)',
            yLabel: 'SROCC',
            yMin: -1,
            yMax: 1,
            yTicks: [-1, -0.5, 0, 0.5, 1],
            legend: swept.map((e, i) => ({ name: `${shortModel(e.model)}, ${shortSet(e.set)} (N ${e.n})`, color: colors[i % colors.length]!, ...(i % 2 ? { dash: '7 4' } : {}) })),
            zeroLine: true,
          }),
        ),
      );
    }
  }
  return files;
}

// ------------------------------------------------------------------------------------------------ main
function machine() {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    const line = execFileSync('lscpu', { encoding: 'utf8' }).split('\n').find((l) => l.startsWith('Model name'));
    if (line) model = line.split(':')[1]!.trim();
  } catch {
    /* keep os.cpus() */
  }
  let nproc = cpus().length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    /* keep */
  }
  return { nproc, cpuModel: model, node: process.version, date: new Date().toISOString(), loadavgAtStart: loadavg().map((l) => round(l, 2)) };
}

const previous = existsSync(outPath) ? (JSON.parse(readFileSync(outPath, 'utf8')) as Record<string, unknown>) : {};
let data: Record<string, unknown> = { ...previous };
if (!has('plots-only')) {
  const host = machine();
  const command = `RANKFALL_BACKEND=${process.env['RANKFALL_BACKEND'] ?? ''} npx tsx tools/bench/sma-stage1-study.ts ${argv.join(' ')}`.trim();
  if (part === 'stage1' || part === 'all') data = { ...data, stage1: { ...(await runStage1Part()), machine: host, command } };
  if (part === 'traces' || part === 'all') data = { ...data, traces: { ...(await runTracesPart()), command } };
  if (part === 'models' || part === 'all') data = { ...data, models: { ...(await runModelsPart()), machine: machine(), command } };
  if (part === 'model-stage1' || part === 'all') data = { ...data, modelStage1: { ...(await runModelStage1Part(data['models'] as { experiments: Array<Record<string, unknown>> } | undefined)), command } };
  data['generatedBy'] = 'tools/bench/sma-stage1-study.ts';
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, `${JSON.stringify(data, null, 1)}\n`);
  console.log(`wrote ${outPath}`);
}
const files = await renderPlots(data as Parameters<typeof renderPlots>[0]);
for (const f of files) console.log(`wrote ${basename(f)}`);
