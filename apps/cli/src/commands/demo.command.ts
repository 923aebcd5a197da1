import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_USER_EMAIL, disconnectPrisma, getPrisma, listRuns, rankfallHome, resolveDatabase, seedDemo, stateDir } from '@rankfall/db';
import { createRun } from '@rankfall/runs';
import { generateSyntheticDataset } from '@rankfall/datasets';
import { catalogEntry } from '@rankfall/iqa-models';
import { z } from 'zod';
import { defineCommand } from '../command';
import { describeExit, startDashboard, untilStoppedOrChildExit } from '../services/dashboard-processes.service';
import { artifactStore } from '../services/dataset-import.service';
import { registerModelFromFile, storeVerifiedDataset } from '@rankfall/runs/stages';
import { describeRun } from '../services/run-report.service';
import { watchRun } from '../services/run-watch.service';
import { ensureWorker, type WorkerChild } from '../services/worker-child.service';
import { CliError } from '../cli-error';

const DEFAULT_DEMO_PASSWORD = 'rankfall-demo';
const DEMO_MODEL = 'rankfall-demo-cnn';
/** Registered beside it so the demo team can compare a defended model at once (transfer, defense evaluate, compare). */
const DEMO_TWIN = 'rankfall-demo-cnn-nt';
/**
 * The demo set's generator seed. The demo CNN was trained on seed 1 (96 scenes); with seed 1 here, 34 of the
 * 51 test images were byte-identical to its training images. Seed 2 shares no image with that training set
 * (checked by hash, docs/sma-stage1-study.md), so the demo's numbers are held-out numbers.
 */
const DEMO_DATASET_SEED = 2;
/** The demo's own run is found by what it is: this name, SMA, the test split, the demo model and dataset. */
const DEMO_RUN_NAME = 'Demo: SMA on the synthetic test split';
const port = z.coerce.number().int().min(1).max(65535);

export const demoCommand = defineCommand({
  name: 'demo',
  summary: 'The main job: database, demo team, synthetic dataset, demo model, an SMA run on the test split, and the dashboard',
  usage: 'demo [--once] [--fresh]',
  details: [
    '--once            do everything, print the summary, then stop (no servers; for scripts and CI)',
    '--fresh           run SMA again even when the demo run already exists',
    'RANKFALL_DEMO_PASSWORD   password of the demo user (default: rankfall-demo; only its hash is stored)',
    'RANKFALL_API_PORT / RANKFALL_WEB_PORT   where the API and the dashboard listen (4000 / 3000)',
  ],
  options: { once: { type: 'boolean', default: false }, fresh: { type: 'boolean', default: false } },
  flags: z.object({ once: z.boolean(), fresh: z.boolean() }),
  async run(flags, io) {
    const started = Date.now();
    const ports = z.object({ RANKFALL_API_PORT: port.default(4000), RANKFALL_WEB_PORT: port.default(3000) }).parse(io.env);
    io.out('Rankfall demo');
    io.out('1/6 Database…');
    const db = await resolveDatabase({ env: io.env });
    let dashboard: Awaited<ReturnType<typeof startDashboard>> | null = null;
    let worker: WorkerChild | null = null;
    try {
      io.out(`    ${db.description}; migrations: ${db.migrationsApplied.length ? `applied ${db.migrationsApplied.join(', ')}` : 'up to date'}`);
      const prisma = getPrisma(db.url);
      const password = io.env['RANKFALL_DEMO_PASSWORD'] || DEFAULT_DEMO_PASSWORD;
      const seed = await seedDemo(prisma, { password });
      io.out(`2/6 Demo team "${seed.team.name}" with owner ${DEMO_USER_EMAIL} (password ${io.env['RANKFALL_DEMO_PASSWORD'] ? 'from RANKFALL_DEMO_PASSWORD' : DEFAULT_DEMO_PASSWORD}): ${seed.created ? 'created' : 'already there'}`);

      const store = artifactStore(io.env);
      const synthetic = await generateSyntheticDataset({ outDir: resolve(stateDir(io.env), 'demo', 'synthetic'), seed: DEMO_DATASET_SEED, overwrite: true });
      const dataset = await storeVerifiedDataset(prisma, synthetic.manifest, { teamId: seed.team.id, store });
      io.out(`3/6 Synthetic dataset "${synthetic.manifest.name}" (${synthetic.manifest.images.length} images): ${dataset.status === 'created' ? 'imported' : 'already imported'}`);

      const entry = catalogEntry(DEMO_MODEL);
      const bundled = entry.weights.source === 'bundled' ? resolve(rankfallHome(), entry.weights.path) : null;
      const path = bundled && existsSync(bundled) ? bundled : null;
      const registered = path ? await registerModelFromFile(prisma, store, { teamId: seed.team.id, catalogId: DEMO_MODEL, weightsPath: path }) : null;
      if (!registered) io.out(`4/6 Demo model: no trained weights at ${entry.weights.source === 'bundled' ? entry.weights.path : '(none)'}: train them with \`${entry.training?.command ?? 'rankfall model train'}\`; skipping the SMA run`);
      else io.out(`4/6 Demo model "${registered.model.name}" (${entry.title}): ${registered.status === 'created' ? 'registered' : 'already registered'}`);
      const twinEntry = catalogEntry(DEMO_TWIN);
      const twinPath = twinEntry.weights.source === 'bundled' ? resolve(rankfallHome(), twinEntry.weights.path) : null;
      if (registered && twinPath && existsSync(twinPath)) {
        const twin = await registerModelFromFile(prisma, store, { teamId: seed.team.id, catalogId: DEMO_TWIN, weightsPath: twinPath });
        io.out(`    and "${twin.model.name}" (${twinEntry.title}), to compare against: ${twin.status === 'created' ? 'registered' : 'already registered'}`);
      }

      // The API, the worker and the dashboard (or, with --once, only a worker): the demo's run goes through the queue like any other.
      if (flags.once) worker = registered ? await ensureWorker(prisma, { databaseUrl: db.url, env: io.env, out: io.out }) : null;
      else dashboard = await startDashboard({ databaseUrl: db.url, apiPort: ports.RANKFALL_API_PORT, webPort: ports.RANKFALL_WEB_PORT, out: io.out, env: io.env });

      if (registered) {
        const previous = flags.fresh ? null : (await listRuns(prisma, seed.team.id, { take: 1, filter: { attackId: 'sma', status: 'SUCCEEDED', split: 'TEST', modelId: registered.model.id, datasetId: dataset.datasetId, name: DEMO_RUN_NAME } }))[0];
        if (previous) {
          io.out(`5/6 Demo SMA run ${previous.id} on the test split already done (--fresh runs it again):`);
          for (const line of await describeRun(prisma, seed.team.id, previous)) io.out(line);
        } else {
          io.out('5/6 SMA on the synthetic test split with the demo model, through the queue…');
          const run = await createRun(prisma, { teamId: seed.team.id, createdById: seed.user.id, name: DEMO_RUN_NAME, modelId: registered.model.id, datasetId: dataset.datasetId, split: 'TEST', attackId: 'sma' });
          io.out(`    run ${run.id}: ${run.imageCount} images (stage 1: ${(run.config as { stage1: { iterations: number } }).stage1.iterations} iterations; stage 2: ε ${run.budgetEpsilon})`);
          const stopWatching = new AbortController();
          void dashboard?.exited.then(() => stopWatching.abort());
          const finished = await watchRun(prisma, seed.team.id, run.id, { out: io.out, signal: stopWatching.signal, intervalMs: 250 });
          for (const line of await describeRun(prisma, seed.team.id, finished)) io.out(line);
          if (finished.status !== 'SUCCEEDED') throw new CliError('FAILED', `the demo run ${run.id} ended ${finished.status.toLowerCase()}${finished.errorCode ? `: [${finished.errorCode}] ${finished.errorMessage}` : ''}`);
        }
      }

      if (flags.once) io.out('6/6 Dashboard: skipped (--once)');
      else if (dashboard) io.out(`6/6 Dashboard on ${dashboard.webUrl} (sign in as ${DEMO_USER_EMAIL} / ${io.env['RANKFALL_DEMO_PASSWORD'] ? 'RANKFALL_DEMO_PASSWORD' : DEFAULT_DEMO_PASSWORD}), GraphQL API on ${dashboard.apiUrl}`);
      io.out(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      if (db.kind === 'embedded') io.out(`DATABASE_URL=${db.url}`);
      if (!flags.once) {
        io.out(`Press Ctrl-C to stop (the data stay in ${stateDir(io.env)} for next time).`);
        const reason = dashboard ? await untilStoppedOrChildExit(dashboard, io.untilStopped()) : { kind: 'signal' as const, signal: await io.untilStopped() };
        if (reason.kind === 'child-exit') throw new CliError('FAILED', `${describeExit(reason.exit)}: the demo stopped`);
        io.out(`Received ${reason.signal}: stopping…`);
      }
    } finally {
      await dashboard?.stop();
      await worker?.stop();
      await disconnectPrisma();
      await db.close();
    }
    io.out('Stopped.');
    return 0;
  },
});
