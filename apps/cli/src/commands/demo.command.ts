import { getPrisma, resolveDatabase, seedDemo, disconnectPrisma, DEMO_USER_EMAIL } from '@rankfall/db';
import { z } from 'zod';
import { defineCommand } from '../command';

const DEFAULT_DEMO_PASSWORD = 'rankfall-demo';

export const demoCommand = defineCommand({
  name: 'demo',
  summary: 'The main job: start the database, migrate it, seed the demo team and user, and keep running',
  usage: 'demo [--once]',
  details: [
    '--once            do everything, print the summary, then stop (for scripts and CI)',
    'RANKFALL_DEMO_PASSWORD   password of the demo user (default: rankfall-demo; only its hash is stored)',
  ],
  options: { once: { type: 'boolean', default: false } },
  flags: z.object({ once: z.boolean() }),
  async run(flags, io) {
    const started = Date.now();
    io.out('Rankfall demo');
    io.out('1/3 Starting the database…');
    const db = await resolveDatabase({ env: io.env });
    try {
      io.out(`    ${db.description}`);
      io.out(`2/3 Migrations: ${db.migrationsApplied.length ? `applied ${db.migrationsApplied.join(', ')}` : 'already up to date'}`);
      const password = io.env['RANKFALL_DEMO_PASSWORD'] || DEFAULT_DEMO_PASSWORD;
      const seed = await seedDemo(getPrisma(db.url), { password });
      io.out(`3/3 Demo team "${seed.team.name}" (${seed.team.slug}) with owner ${DEMO_USER_EMAIL}: ${seed.created ? 'created' : 'already there'}`);
      io.out(`    Sign-in: ${DEMO_USER_EMAIL} / ${io.env['RANKFALL_DEMO_PASSWORD'] ? '(RANKFALL_DEMO_PASSWORD)' : DEFAULT_DEMO_PASSWORD}`);
      io.out(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      if (db.kind === 'embedded') io.out(`DATABASE_URL=${db.url}`);
      if (!flags.once) {
        io.out('Press Ctrl-C to stop (the data stay in .rankfall/ for next time).');
        const signal = await io.untilStopped();
        io.out(`Received ${signal}: stopping…`);
      }
    } finally {
      await disconnectPrisma();
      await db.close();
    }
    io.out('Stopped.');
    return 0;
  },
});
