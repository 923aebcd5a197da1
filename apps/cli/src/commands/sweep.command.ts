import { writeFile } from 'node:fs/promises';
import { findSweepWithRuns } from '@rankfall/db';
import { createSweep } from '@rankfall/runs';
import sharp from 'sharp';
import { z } from 'zod';
import { CliError } from '../cli-error';
import { defineCommand } from '../command';
import { renderLineChartSvg, stackSvgs } from '../services/line-chart-svg';
import { sweepPoints } from '../services/sweep-curves.service';
import { requireTeam } from '../services/dataset-import.service';
import { engineError, parseConfig, runRequestFromFlags, runTargetFlags, runTargetOptions, waitForRun, withDatabase } from './run.command';

const numberList = z
  .string()
  .transform((text, ctx) => {
    const values = text.split(',').map((part) => part.trim());
    if (values.some((v) => !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v))) {
      ctx.addIssue({ code: 'custom', message: `must be comma-separated decimal numbers, e.g. 0.001,0.002,0.005` });
      return z.NEVER;
    }
    return values.map(Number);
  });

export const sweepCreateCommand = defineCommand({
  name: 'sweep create',
  summary: 'Create a budget sweep: one run per value of one config field (e.g. ε), queued together',
  usage: 'sweep create --attack <id> --parameter <field> --values <a,b,…> --model <name> --dataset <name> [--version V] [--split test|val|train|all] [--config <json>] [--shards N] [--name N] [--team slug] [--wait]',
  details: [
    '--parameter <field>  the swept config field: epsilon, steps, alpha, … (SMA: a stage-2 field)',
    '--values <a,b,…>     comma-separated values, e.g. 0.001,0.002,0.005,0.01',
    '--config <json>      the rest of the config (paper defaults for what is missing)',
    '--wait               follow every run to the end (starts a worker when none is running), then print the curves',
  ],
  options: { ...runTargetOptions, parameter: { type: 'string' }, values: { type: 'string' } },
  flags: runTargetFlags.extend({ parameter: z.string().min(1), values: numberList }),
  async run(flags, io) {
    parseConfig(flags.config); // a bad --config fails before the database is opened
    return withDatabase(io, async (prisma, db) => {
      const { targets, request } = await runRequestFromFlags(prisma, flags);
      const sweep = await createSweep(prisma, {
        ...request,
        parameter: flags.parameter,
        values: flags.values,
      }).catch(engineError);
      io.out(`Queued sweep ${sweep.sweepId}: ${sweep.runs.length} ${flags.attack} runs over ${flags.parameter} = ${flags.values.join(', ')}`);
      for (const run of sweep.runs) io.out(`    run ${run.id}  ${run.name ?? ''}`);
      if (!flags.wait) {
        io.out(`Curves when they are done: rankfall sweep report --sweep ${sweep.sweepId}${flags.team !== 'demo' ? ` --team ${flags.team}` : ''} --out curves.png`);
        return 0;
      }
      let worst = 0;
      for (const run of sweep.runs) worst = Math.max(worst, await waitForRun(prisma, db, targets.team.id, run.id, io));
      return worst;
    });
  },
});

const fixed = (value: number | null, digits = 3) => (value === null || !Number.isFinite(value) ? '–' : value.toFixed(digits));

export const sweepReportCommand = defineCommand({
  name: 'sweep report',
  summary: 'Robustness-vs-budget curves of a sweep (SROCC, score change, PSNR) as a table, JSON, or a PNG plot',
  usage: 'sweep report --sweep <id> [--team slug] [--out <curves.png>] [--json]',
  details: ['--sweep <id>         the sweep id (printed by sweep create)', '--out <curves.png>   also write the curves as a PNG plot', '--json               print the points as JSON instead of a table'],
  options: { sweep: { type: 'string' }, team: { type: 'string', default: 'demo' }, out: { type: 'string' }, json: { type: 'boolean', default: false } },
  flags: z.object({ sweep: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a sweep id'), team: z.string().min(1), out: z.string().min(1).optional(), json: z.boolean() }),
  async run(flags, io) {
    return withDatabase(io, async (prisma) => {
      const team = await requireTeam(prisma, flags.team);
      const sweep = await findSweepWithRuns(prisma, team.id, flags.sweep);
      if (!sweep) throw new CliError('FAILED', `No sweep ${flags.sweep} in team ${team.slug}`);
      const points = sweepPoints(sweep);
      if (flags.json) {
        io.out(JSON.stringify({ sweep: { id: sweep.id, attackId: sweep.attackId, parameter: sweep.parameter }, points }, null, 2));
      } else {
        io.out(`Sweep ${sweep.id}: ${sweep.attackId} over ${sweep.parameter}`);
        io.out(`    ${sweep.parameter.padEnd(10)} status     SROCC clean↔att  SROCC MOS↔att  mean |Δscore|  PSNR dB  R`);
        for (const p of points) io.out(`    ${String(p.value).padEnd(10)} ${p.status.toLowerCase().padEnd(10)} ${fixed(p.sroccCleanAttacked).padStart(15)}  ${fixed(p.sroccMosAttacked).padStart(13)}  ${fixed(p.meanAbsScoreChange, 2).padStart(13)}  ${fixed(p.psnrMean, 1).padStart(7)}  ${fixed(p.rRobustness)}`);
      }
      if (flags.out) {
        const done = points.filter((p) => p.status === 'SUCCEEDED');
        const at = (pick: (p: (typeof done)[number]) => number | null) => done.map((p) => [p.value, pick(p) ?? Number.NaN] as const);
        const svg = stackSvgs([
          renderLineChartSvg(
            [
              { label: 'SROCC clean↔attacked', color: '#1f5fbf', points: at((p) => p.sroccCleanAttacked) },
              { label: 'SROCC MOS↔attacked', color: '#c2410c', points: at((p) => p.sroccMosAttacked) },
            ],
            { title: `${sweep.attackId}: ranking vs ${sweep.parameter}`, xLabel: sweep.parameter, yLabel: 'SROCC', yRange: [-1, 1] },
          ),
          renderLineChartSvg([{ label: 'mean |Δscore|', color: '#15803d', points: at((p) => p.meanAbsScoreChange) }], { title: `${sweep.attackId}: score change vs ${sweep.parameter}`, xLabel: sweep.parameter, yLabel: 'mean |attacked − clean| (model units)' }),
          renderLineChartSvg([{ label: 'mean PSNR', color: '#7e22ce', points: at((p) => p.psnrMean) }], { title: `${sweep.attackId}: PSNR of the saved images vs ${sweep.parameter}`, xLabel: sweep.parameter, yLabel: 'PSNR (dB)' }),
        ]);
        await writeFile(flags.out, await sharp(Buffer.from(svg)).png().toBuffer());
        io.out(`Wrote ${flags.out} (${done.length} of ${points.length} runs finished)`);
      }
      return 0;
    });
  },
});
