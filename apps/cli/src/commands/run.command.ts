import { disconnectPrisma, getPrisma, listRuns, resolveDatabase, type PrismaClient, type ResolvedDatabase } from '@rankfall/db';
import { cancelRun, createRun, retryRun, runAttackIds, RunsError } from '@rankfall/runs';
import { z } from 'zod';
import { CliError } from '../cli-error';
import { defineCommand, type CliIo } from '../command';
import { requireTeam } from '../services/dataset-import.service';
import { describeRun } from '../services/run-report.service';
import { requireRun, resolveRunTargets } from '../services/run-lookup.service';
import { watchRun } from '../services/run-watch.service';
import { ensureWorker } from '../services/worker-child.service';
import { configWithDefense, defenseFlagFields, defenseFromFlags, defenseOptions } from './defense-flag';

const runId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a run id (rankfall run list)');

/** Opens the database for one command and always closes it. */
export async function withDatabase<T>(io: CliIo, work: (prisma: PrismaClient, db: ResolvedDatabase) => Promise<T>): Promise<T> {
  const db = await resolveDatabase({ env: io.env });
  try {
    return await work(getPrisma(db.url), db);
  } finally {
    await disconnectPrisma();
    await db.close();
  }
}

/** The run engine's errors, translated once for the CLI. */
export function engineError(error: unknown): never {
  if (error instanceof RunsError) throw new CliError(error.code === 'INVALID_INPUT' ? 'INVALID_FLAG' : 'FAILED', `${error.message} [${error.code}]`);
  throw error;
}

export function parseConfig(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError('INVALID_FLAG', `--config must be JSON, e.g. '{"epsilon":0.004}' (SMA: '{"stage1":{"iterations":50000},"stage2":{"epsilon":0.004}}')`);
  }
}

/** Waits for a run (starting a worker when none is alive), prints what it did; exit 0 only when it succeeded. */
export async function waitForRun(prisma: PrismaClient, db: ResolvedDatabase, teamId: string, id: string, io: CliIo & { write?: (text: string) => void; tty?: boolean }): Promise<number> {
  const worker = await ensureWorker(prisma, { databaseUrl: db.url, env: io.env, out: io.out });
  const controller = new AbortController();
  void io.untilStopped().then(() => controller.abort());
  try {
    const run = await watchRun(prisma, teamId, id, { out: io.out, signal: controller.signal, ...(io.write ? { write: io.write } : {}), tty: io.tty ?? false });
    for (const line of await describeRun(prisma, teamId, run)) io.out(line);
    if (run.status === 'RUNNING' || run.status === 'QUEUED') {
      io.out(`Stopped watching; the run goes on${worker ? ' when a worker runs (rankfall worker)' : ''}: rankfall run watch --run ${id}`);
      return 130;
    }
    return run.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    await worker?.stop();
  }
}

/** The flags every command that creates runs shares (run create, sweep create). */
export const runTargetOptions = {
  attack: { type: 'string' },
  model: { type: 'string' },
  dataset: { type: 'string' },
  version: { type: 'string' },
  split: { type: 'string', default: 'test' },
  config: { type: 'string' },
  shards: { type: 'string', default: '1' },
  name: { type: 'string' },
  team: { type: 'string', default: 'demo' },
  wait: { type: 'boolean', default: false },
} as const;

export const runTargetFlags = z.object({
  attack: z.string().min(1),
  model: z.string().min(1),
  dataset: z.string().min(1),
  version: z.string().min(1).optional(),
  split: z.enum(['test', 'val', 'train', 'all']),
  config: z.string().optional(),
  shards: z.coerce.number().int().min(1).max(256),
  name: z.string().min(1).max(200).optional(),
  team: z.string().min(1),
  wait: z.boolean(),
});

/** The engine request every run-creating command builds from its shared flags (team, model, dataset, split, attack, config). */
export async function runRequestFromFlags(prisma: PrismaClient, flags: z.output<typeof runTargetFlags>) {
  const targets = await resolveRunTargets(prisma, { team: flags.team, dataset: flags.dataset, version: flags.version, model: flags.model });
  return {
    targets,
    request: {
      teamId: targets.team.id,
      createdById: targets.ownerId,
      name: flags.name ?? null,
      modelId: targets.model.id,
      datasetId: targets.dataset.id,
      split: flags.split === 'all' ? null : (flags.split.toUpperCase() as 'TEST' | 'VAL' | 'TRAIN'),
      attackId: flags.attack,
      config: parseConfig(flags.config),
      shardCount: flags.shards,
    },
  };
}

export const runCreateCommand = defineCommand({
  name: 'run create',
  summary: 'Create a run (any attack on a dataset split with a registered model) and queue it for the workers',
  usage: 'run create --attack <id> --model <name> --dataset <name> [--version V] [--split test|val|train|all] [--config <json>] [--defense <kind:name=value,…>] [--defense-gradient exact|bpda|eot] [--eot-samples N] [--seed N] [--shards N] [--name N] [--team slug] [--wait]',
  details: [
    `--attack <id>     one of ${runAttackIds.join(', ')}`,
    '--model <name>    a registered model of the team (rankfall model list)',
    '--dataset <name>  a dataset of the team (rankfall dataset list); --version picks one (default: the newest)',
    '--split <split>   test (default), val, train, or all',
    '--config <json>   the attack config; missing fields take the paper defaults (README "Attacks"); SMA: {"stage1":{…},"stage2":{…}}',
    '--defense <spec>  score and attack the model behind an input-purification defense: jpeg:quality=75, resize:factor=0.5,method=bilinear, blur:sigma=1, median:k=3; lo..hi draws a value per image (docs/defenses.md)',
    '--defense-gradient <mode>  the attack\'s gradient through the defense: exact (non-adaptive), bpda (default), eot (randomised defenses)',
    '--eot-samples N   EOT: draws averaged per gradient (default 8)',
    '--seed N          seed of every random draw (SMA: stage 1 seed unless stage1.seed is set)',
    '--shards N        perturb jobs to split the images into, so that N workers share the run (default 1)',
    '--wait            follow the run to the end (starts a worker for it when none is running); exit 0 when it succeeded',
  ],
  options: { ...runTargetOptions, seed: { type: 'string' }, ...defenseOptions },
  flags: runTargetFlags.extend({ seed: z.coerce.number().int().min(0).optional(), ...defenseFlagFields }),
  async run(flags, io) {
    // A bad --config or --defense fails before the database is opened.
    const config = configWithDefense(parseConfig(flags.config), defenseFromFlags({ defense: flags.defense, gradient: flags['defense-gradient'], eotSamples: flags['eot-samples'] }));
    return withDatabase(io, async (prisma, db) => {
      const { targets, request } = await runRequestFromFlags(prisma, flags);
      const run = await createRun(prisma, { ...request, config, ...(flags.seed !== undefined ? { seed: flags.seed } : {}) }).catch(engineError);
      io.out(`Queued run ${run.id}: ${run.attackId} on ${targets.dataset.name}@${targets.dataset.version} (${run.imageCount} images${run.split ? `, ${run.split.toLowerCase()} split` : ''}) with ${targets.model.name}${run.budgetEpsilon !== null ? `, ε ${run.budgetEpsilon}` : ''}, ${run.shardCount} shard${run.shardCount === 1 ? '' : 's'}`);
      if (!flags.wait) {
        io.out(`Follow it with: rankfall run watch --run ${run.id}${flags.team !== 'demo' ? ` --team ${flags.team}` : ''}`);
        return 0;
      }
      return waitForRun(prisma, db, targets.team.id, run.id, io);
    });
  },
});

export const runListCommand = defineCommand({
  name: 'run list',
  summary: 'List the runs of a team, newest first (filter by status or attack)',
  usage: 'run list [--team slug] [--status queued|running|succeeded|failed|cancelled] [--attack <id>] [--limit N]',
  details: ['--limit N  at most this many runs (default 20)'],
  options: { team: { type: 'string', default: 'demo' }, status: { type: 'string' }, attack: { type: 'string' }, limit: { type: 'string', default: '20' } },
  flags: z.object({ team: z.string().min(1), status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']).optional(), attack: z.string().min(1).optional(), limit: z.coerce.number().int().min(1).max(1000) }),
  async run(flags, io) {
    return withDatabase(io, async (prisma) => {
      const team = await requireTeam(prisma, flags.team);
      const runs = await listRuns(prisma, team.id, { take: flags.limit, filter: { ...(flags.status ? { status: flags.status.toUpperCase() as never } : {}), ...(flags.attack ? { attackId: flags.attack } : {}) } });
      if (runs.length === 0) io.out(`No runs in team ${team.slug}${flags.status || flags.attack ? ' matching the filter' : ''}: rankfall run create …`);
      for (const run of runs) {
        io.out(`${run.id}  ${run.status.toLowerCase().padEnd(9)} ${String(Math.round(run.progress * 100)).padStart(3)} %  ${run.attackId.padEnd(8)} ${run.model.name} on ${run.dataset.name}@${run.dataset.version}${run.split ? `/${run.split.toLowerCase()}` : ''}  ${run.createdAt.toISOString().slice(0, 16).replace('T', ' ')}${run.name ? `  "${run.name}"` : ''}`);
      }
      return 0;
    });
  },
});

const byRunOptions = { run: { type: 'string' }, team: { type: 'string', default: 'demo' } } as const;
const byRunFlags = z.object({ run: runId, team: z.string().min(1) });

export const runStatusCommand = defineCommand({
  name: 'run status',
  summary: 'Show a run: status, stages, the SMA stage-1 check, metrics with 95 % CIs',
  usage: 'run status --run <id> [--team slug]',
  details: ['--run <id>  the run id (rankfall run list)'],
  options: byRunOptions,
  flags: byRunFlags,
  async run(flags, io) {
    return withDatabase(io, async (prisma) => {
      const { teamId, run } = await requireRun(prisma, flags.team, flags.run);
      for (const line of await describeRun(prisma, teamId, run)) io.out(line);
      return 0;
    });
  },
});

export const runWatchCommand = defineCommand({
  name: 'run watch',
  summary: 'Follow a run to the end with a progress bar and ETA (Ctrl-C stops watching, not the run)',
  usage: 'run watch --run <id> [--team slug]',
  details: ['--run <id>  the run id (rankfall run list)'],
  options: byRunOptions,
  flags: byRunFlags,
  async run(flags, io) {
    return withDatabase(io, async (prisma) => {
      const { teamId, run } = await requireRun(prisma, flags.team, flags.run);
      const controller = new AbortController();
      void io.untilStopped().then(() => controller.abort());
      const last = await watchRun(prisma, teamId, run.id, { out: io.out, signal: controller.signal });
      for (const line of await describeRun(prisma, teamId, last)) io.out(line);
      return last.status === 'SUCCEEDED' ? 0 : last.status === 'QUEUED' || last.status === 'RUNNING' ? 130 : 1;
    });
  },
});

export const runCancelCommand = defineCommand({
  name: 'run cancel',
  summary: 'Cancel a queued or running run (workers stop between images; finished images are kept)',
  usage: 'run cancel --run <id> [--team slug]',
  details: ['--run <id>  the run id (rankfall run list)'],
  options: byRunOptions,
  flags: byRunFlags,
  async run(flags, io) {
    return withDatabase(io, async (prisma) => {
      const { teamId } = await requireRun(prisma, flags.team, flags.run);
      const run = await cancelRun(prisma, teamId, flags.run).catch(engineError);
      io.out(run.status === 'CANCELLED' ? `Run ${run.id} cancelled.` : `Cancel requested: run ${run.id} stops at its next image (rankfall run watch --run ${run.id}).`);
      return 0;
    });
  },
});

export const runRetryCommand = defineCommand({
  name: 'run retry',
  summary: 'Retry the failed or cancelled part of a run (finished stages and images are kept)',
  usage: 'run retry --run <id> [--team slug] [--wait]',
  details: ['--run <id>  the run id (rankfall run list)', '--wait      follow it to the end (starts a worker when none is running)'],
  options: { ...byRunOptions, wait: { type: 'boolean', default: false } },
  flags: byRunFlags.extend({ wait: z.boolean() }),
  async run(flags, io) {
    return withDatabase(io, async (prisma, db) => {
      const { teamId } = await requireRun(prisma, flags.team, flags.run);
      const run = await retryRun(prisma, teamId, flags.run).catch(engineError);
      io.out(`Run ${run.id} queued again (${run.progressMessage ?? 'retry'}).`);
      return flags.wait ? waitForRun(prisma, db, teamId, run.id, io) : 0;
    });
  },
});
