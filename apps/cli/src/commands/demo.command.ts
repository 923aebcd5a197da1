import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_USER_EMAIL, disconnectPrisma, findRunMetrics, getPrisma, rankfallHome, resolveDatabase, seedDemo, stateDir } from '@rankfall/db';
import { generateSyntheticDataset } from '@rankfall/datasets';
import { catalogEntry } from '@rankfall/iqa-models';
import { z } from 'zod';
import { defineCommand } from '../command';
import { startDashboard } from '../services/dashboard-processes.service';
import { artifactStore, storeVerifiedDataset } from '../services/dataset-import.service';
import { formatSmaSummary, runLocalSma } from '../services/local-sma-run.service';
import { ensureBackend } from '../services/model-check.service';
import { registerModelFromFile } from '../services/model-registration.service';
import { loadRegisteredModel } from '../services/registered-model.service';

const DEFAULT_DEMO_PASSWORD = 'rankfall-demo';
const DEMO_MODEL = 'rankfall-demo-cnn';
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
    try {
      io.out(`    ${db.description}; migrations: ${db.migrationsApplied.length ? `applied ${db.migrationsApplied.join(', ')}` : 'up to date'}`);
      const prisma = getPrisma(db.url);
      const password = io.env['RANKFALL_DEMO_PASSWORD'] || DEFAULT_DEMO_PASSWORD;
      const seed = await seedDemo(prisma, { password });
      io.out(`2/6 Demo team "${seed.team.name}" with owner ${DEMO_USER_EMAIL} (password ${io.env['RANKFALL_DEMO_PASSWORD'] ? 'from RANKFALL_DEMO_PASSWORD' : DEFAULT_DEMO_PASSWORD}): ${seed.created ? 'created' : 'already there'}`);

      const store = artifactStore();
      const synthetic = await generateSyntheticDataset({ outDir: resolve(stateDir(), 'demo', 'synthetic'), seed: 1, overwrite: true });
      const dataset = await storeVerifiedDataset(prisma, synthetic.manifest, { teamId: seed.team.id, store });
      io.out(`3/6 Synthetic dataset "${synthetic.manifest.name}" (${synthetic.manifest.images.length} images): ${dataset.status === 'created' ? 'imported' : 'already imported'}`);

      const entry = catalogEntry(DEMO_MODEL);
      const bundled = entry.weights.source === 'bundled' ? resolve(rankfallHome(), entry.weights.path) : null;
      const path = bundled && existsSync(bundled) ? bundled : null;
      if (!path) {
        io.out(`4/6 Demo model: no trained weights at ${entry.weights.source === 'bundled' ? entry.weights.path : '(none)'}: train them with \`${entry.training?.command ?? 'rankfall model train'}\`; skipping the SMA run`);
      } else {
        const registered = await registerModelFromFile(prisma, store, { teamId: seed.team.id, catalogId: DEMO_MODEL, weightsPath: path });
        io.out(`4/6 Demo model "${registered.model.name}" (${entry.title}): ${registered.status === 'created' ? 'registered' : 'already registered'}`);

        const previous = flags.fresh
          ? null
          : await prisma.run.findFirst({ where: { teamId: seed.team.id, modelId: registered.model.id, datasetId: dataset.datasetId, attackId: 'sma', status: 'SUCCEEDED' }, orderBy: { createdAt: 'desc' }, select: { id: true } });
        if (previous) {
          io.out(`5/6 SMA run ${previous.id} on the test split already done (--fresh runs it again):`);
          for (const line of formatSmaSummary((await findRunMetrics(prisma, seed.team.id, previous.id)).map((m) => ({ ...m, reference: m.reference as never })))) io.out(line);
        } else {
          const backend = await ensureBackend(io.env);
          io.out(`5/6 SMA on the synthetic test split with the demo model (backend ${backend.backend})…`);
          const { id: modelId, model } = await loadRegisteredModel(prisma, store, seed.team.id, registered.model.name);
          try {
            const outcome = await runLocalSma({ prisma, store, teamId: seed.team.id, createdById: seed.user.id, model, modelId, datasetId: dataset.datasetId, split: 'TEST', backend, name: 'Demo: SMA on the synthetic test split', out: io.out });
            for (const line of formatSmaSummary(outcome.metrics)) io.out(line);
          } finally {
            model.dispose();
          }
        }
      }

      if (flags.once) {
        io.out('6/6 Dashboard: skipped (--once)');
      } else {
        dashboard = await startDashboard({ databaseUrl: db.url, apiPort: ports.RANKFALL_API_PORT, webPort: ports.RANKFALL_WEB_PORT, out: io.out });
        io.out(`6/6 Dashboard on ${dashboard.webUrl}, GraphQL API on ${dashboard.apiUrl}`);
      }
      io.out(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      if (db.kind === 'embedded') io.out(`DATABASE_URL=${db.url}`);
      if (!flags.once) {
        io.out('Press Ctrl-C to stop (the data stay in .rankfall/ for next time).');
        const signal = await io.untilStopped();
        io.out(`Received ${signal}: stopping…`);
      }
    } finally {
      await dashboard?.stop();
      await disconnectPrisma();
      await db.close();
    }
    io.out('Stopped.');
    return 0;
  },
});
