import { findRunMetrics, listRuns, type PrismaClient, type RunSummary } from '@rankfall/db';
import { createRun, type RunDefense } from '@rankfall/runs';
import { z } from 'zod';
import { CliError } from '../cli-error';
import { defineCommand, type CliIo } from '../command';
import { requireTeam } from '../services/dataset-import.service';
import { resolveRunTargets } from '../services/run-lookup.service';
import { watchRun } from '../services/run-watch.service';
import { ensureWorker } from '../services/worker-child.service';
import { defenseFromFlags } from './defense-flag';
import { engineError, parseConfig, withDatabase } from './run.command';

/** The defenses evaluated when no --defense is given: one of each kind, and a randomised JPEG for EOT. */
export const DEFAULT_DEFENSES = ['jpeg:quality=75', 'jpeg:quality=50..90', 'resize:factor=0.5', 'blur:sigma=1', 'median:k=3'] as const;

const GROUP_SEPARATOR = ' · ';

/** One run of an evaluation: which model, which defense (none: undefended) and gradient, and its label in the table. */
export interface EvaluationRow {
  readonly model: 'model' | 'compare';
  readonly label: string;
  readonly defense: RunDefense | undefined;
}

/** Whether a parsed defense draws a parameter at random (then the adaptive attacker uses EOT, else BPDA). */
const randomised = (defense: RunDefense) => Object.values(defense.params).some(Array.isArray);

/**
 * The runs of a defense evaluation: the model undefended; per defense the non-adaptive attack (gradient exact) and
 * the adaptive one (BPDA, or EOT for a randomised defense); the compare model (a training-time defense) undefended.
 */
export function evaluationRows(defenses: readonly string[], options: { eotSamples?: number | undefined; compare: boolean }): EvaluationRow[] {
  const rows: EvaluationRow[] = [{ model: 'model', label: 'none', defense: undefined }];
  for (const text of defenses) {
    const probe = defenseFromFlags({ defense: text, gradient: 'bpda' });
    const adaptive = probe && randomised(probe) ? 'eot' : 'bpda';
    for (const gradient of ['exact', adaptive] as const) {
      const defense = defenseFromFlags({ defense: text, gradient, ...(gradient === 'eot' && options.eotSamples !== undefined ? { eotSamples: options.eotSamples } : {}) });
      rows.push({ model: 'model', label: `${text} ${gradient}`, defense });
    }
  }
  if (options.compare) rows.push({ model: 'compare', label: 'none', defense: undefined });
  return rows;
}

const fixed = (value: number | null | undefined, digits = 3) => (value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));

/** The evaluation table: per run the cost of the defense (MOS↔clean) and what the attack did. */
export async function defenseTable(prisma: PrismaClient, teamId: string, runs: readonly RunSummary[]): Promise<string[]> {
  const lines = [`    ${'model'.padEnd(24)} ${'defense · gradient'.padEnd(30)} ${'status'.padEnd(10)} ${'MOS↔clean'.padStart(9)} ${'MOS↔att'.padStart(8)} ${'clean↔att'.padStart(9)} ${'mean |Δ|'.padStart(9)}`];
  const attacked: Array<{ defense: string; gradient: string; mosAttacked: number | null; change: number | null }> = [];
  for (const run of runs) {
    const metrics = await findRunMetrics(prisma, teamId, run.id);
    const get = (name: string, reference: string) => metrics.find((m) => m.name === name && m.reference === reference)?.value ?? null;
    const label = run.name?.split(GROUP_SEPARATOR).slice(2).join(GROUP_SEPARATOR) ?? '?';
    const gradient = label.split(' ').at(-1) ?? '';
    if (label !== 'none') attacked.push({ defense: `${run.model.name} ${label.slice(0, -gradient.length).trim()}`, gradient, mosAttacked: get('srocc', 'MOS_ATTACKED'), change: get('mae', 'CLEAN_ATTACKED') });
    lines.push(
      `    ${run.model.name.padEnd(24)} ${label.padEnd(30)} ${run.status.toLowerCase().padEnd(10)} ${fixed(get('srocc', 'MOS_CLEAN')).padStart(9)} ${fixed(get('srocc', 'MOS_ATTACKED')).padStart(8)} ${fixed(get('srocc', 'CLEAN_ATTACKED')).padStart(9)} ${fixed(get('mae', 'CLEAN_ATTACKED'), 2).padStart(9)}`,
    );
  }
  lines.push('    MOS↔clean: SROCC of the defended model\'s clean scores (what the defense costs); MOS↔att, clean↔att: SROCC after the attack; mean |Δ|: mean |attacked − clean| of the defended model');
  // A defense is as robust as its strongest attacker: the one to report (the lowest MOS↔attacked SROCC).
  const defenses = [...new Set(attacked.map((row) => row.defense))];
  if (defenses.length) lines.push('    strongest attack per defense (report this one, not the weaker):');
  for (const defense of defenses) {
    const rows = attacked.filter((row) => row.defense === defense && row.mosAttacked !== null);
    const worst = rows.reduce<(typeof rows)[number] | null>((a, b) => (a === null || (b.mosAttacked as number) < (a.mosAttacked as number) ? b : a), null);
    lines.push(`      ${defense.padEnd(54)} ${worst ? `${worst.gradient}: MOS↔att ${fixed(worst.mosAttacked)}, mean |Δ| ${fixed(worst.change, 2)}` : 'no finished run'}`);
  }
  return lines;
}

const groupName = z.string().min(1).max(120).regex(/^[^·]+$/, 'must not contain "·"');

export const defenseEvaluateCommand = defineCommand({
  name: 'defense evaluate',
  summary: 'Evaluate input-purification defenses honestly: the model undefended, each defense against the non-adaptive (exact) and the adaptive (BPDA/EOT) attack, in one table',
  usage:
    'defense evaluate --model <name> --dataset <name> [--version V] [--split test|val|train|all] [--attack ifgsm] [--epsilon X] [--config <json>] [--defense <spec>]… [--eot-samples N] [--compare-model <name>] [--seed N] [--shards N] [--name <group>] [--team slug] [--no-wait]',
  details: [
    `--defense <spec>         repeatable; default ${DEFAULT_DEFENSES.join(' ')} (syntax as run create --defense; lo..hi = randomised, attacked with EOT)`,
    '--attack <id>            the per-run attack (default ifgsm); --epsilon sets its L∞ budget, --config the rest of its config',
    '--compare-model <name>   also run this model undefended, e.g. the NT-trained twin rankfall-demo-cnn-nt (a training-time defense)',
    '--eot-samples N          EOT: draws averaged per gradient (default 8)',
    '--name <group>           the group every run is named after (default "defense-eval <time>"); defense report --group prints it again',
    '--no-wait                queue the runs and return (default: wait for them, starting a worker when none is running, and print the table)',
  ],
  options: {
    model: { type: 'string' },
    dataset: { type: 'string' },
    version: { type: 'string' },
    split: { type: 'string', default: 'test' },
    attack: { type: 'string', default: 'ifgsm' },
    epsilon: { type: 'string' },
    config: { type: 'string' },
    defense: { type: 'string', multiple: true },
    'eot-samples': { type: 'string' },
    'compare-model': { type: 'string' },
    seed: { type: 'string' },
    shards: { type: 'string', default: '1' },
    name: { type: 'string' },
    team: { type: 'string', default: 'demo' },
    'no-wait': { type: 'boolean', default: false },
  },
  flags: z.object({
    model: z.string().min(1),
    dataset: z.string().min(1),
    version: z.string().min(1).optional(),
    split: z.enum(['test', 'val', 'train', 'all']),
    attack: z.string().min(1),
    epsilon: z.coerce.number().gt(0).max(1).optional(),
    config: z.string().optional(),
    defense: z.array(z.string().min(1)).min(1).optional(),
    'eot-samples': z.coerce.number().int().min(1).max(64).optional(),
    'compare-model': z.string().min(1).optional(),
    seed: z.coerce.number().int().min(0).optional(),
    shards: z.coerce.number().int().min(1).max(256),
    name: groupName.optional(),
    team: z.string().min(1),
    'no-wait': z.boolean(),
  }),
  async run(flags, io) {
    // Every defense and the config are checked before the database is opened.
    const rows = evaluationRows(flags.defense ?? DEFAULT_DEFENSES, { eotSamples: flags['eot-samples'], compare: flags['compare-model'] !== undefined });
    const base = parseConfig(flags.config) ?? {};
    if (typeof base !== 'object' || base === null || Array.isArray(base) || 'defense' in base) throw new CliError('INVALID_FLAG', '--config must be a JSON object of the attack\'s fields (the defenses come from --defense)');
    const attackConfig: Record<string, unknown> =
      flags.epsilon === undefined ? { ...base } : flags.attack === 'sma' ? { ...base, stage2: { ...((base as { stage2?: object }).stage2 ?? {}), epsilon: flags.epsilon } } : { ...base, epsilon: flags.epsilon };
    const group = flags.name ?? `defense-eval ${new Date().toISOString().slice(0, 19).replace('T', ' ')}`;
    return withDatabase(io, async (prisma, db) => {
      const targets = await resolveRunTargets(prisma, { team: flags.team, dataset: flags.dataset, version: flags.version, model: flags.model });
      const compare = flags['compare-model'] ? await resolveRunTargets(prisma, { team: flags.team, dataset: flags.dataset, version: flags.version, model: flags['compare-model'] }) : null;
      const runs: RunSummary[] = [];
      for (const row of rows) {
        const model = row.model === 'compare' && compare ? compare.model : targets.model;
        const run = await createRun(prisma, {
          teamId: targets.team.id,
          createdById: targets.ownerId,
          name: [group, model.name, row.label].join(GROUP_SEPARATOR),
          modelId: model.id,
          datasetId: targets.dataset.id,
          split: flags.split === 'all' ? null : (flags.split.toUpperCase() as 'TEST' | 'VAL' | 'TRAIN'),
          attackId: flags.attack,
          config: row.defense ? { ...attackConfig, defense: row.defense } : attackConfig,
          shardCount: flags.shards,
          ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
        }).catch(engineError);
        runs.push(run as RunSummary);
        io.out(`Queued run ${run.id}: ${model.name} · ${row.label}`);
      }
      const team = flags.team !== 'demo' ? ` --team ${flags.team}` : '';
      io.out(`Group "${group}": ${runs.length} ${flags.attack} runs on ${targets.dataset.name}@${targets.dataset.version} (${runs[0]?.imageCount ?? 0} images)`);
      if (flags['no-wait']) {
        io.out(`The table when they are done: rankfall defense report --group "${group}"${team}`);
        return 0;
      }
      return waitAndReport(prisma, db.url, targets.team.id, runs, io);
    });
  },
});

async function waitAndReport(prisma: PrismaClient, databaseUrl: string, teamId: string, runs: readonly RunSummary[], io: CliIo): Promise<number> {
  const worker = await ensureWorker(prisma, { databaseUrl, env: io.env, out: io.out });
  const controller = new AbortController();
  void io.untilStopped().then(() => controller.abort());
  const finished: RunSummary[] = [];
  try {
    for (const [index, run] of runs.entries()) {
      const done = await watchRun(prisma, teamId, run.id, { out: () => undefined, signal: controller.signal });
      io.out(`    ${index + 1}/${runs.length} ${run.id} ${done.status.toLowerCase()}${done.errorMessage ? `: ${done.errorMessage}` : ''}`);
      finished.push(done);
      if (controller.signal.aborted) break;
    }
  } finally {
    await worker?.stop();
  }
  for (const line of await defenseTable(prisma, teamId, finished)) io.out(line);
  if (finished.length < runs.length || finished.some((r) => r.status === 'RUNNING' || r.status === 'QUEUED')) return 130;
  return finished.every((r) => r.status === 'SUCCEEDED') ? 0 : 1;
}

export const defenseReportCommand = defineCommand({
  name: 'defense report',
  summary: 'The table of a defense evaluation (rankfall defense evaluate), by its group name',
  usage: 'defense report --group <name> [--team slug]',
  details: ['--group <name>   the group printed by defense evaluate (its runs are named "<group> · <model> · <defense gradient>")'],
  options: { group: { type: 'string' }, team: { type: 'string', default: 'demo' } },
  flags: z.object({ group: groupName, team: z.string().min(1) }),
  async run(flags, io) {
    return withDatabase(io, async (prisma) => {
      const team = await requireTeam(prisma, flags.team);
      const runs = (await listRuns(prisma, team.id, { take: 1000 })).filter((run) => run.name?.startsWith(`${flags.group}${GROUP_SEPARATOR}`)).reverse();
      if (!runs.length) throw new CliError('FAILED', `No runs of group "${flags.group}" in team ${team.slug}`);
      io.out(`Group "${flags.group}": ${runs.length} runs`);
      for (const line of await defenseTable(prisma, team.id, runs)) io.out(line);
      return 0;
    });
  },
});
