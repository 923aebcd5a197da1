import { resolveDatabase } from '@rankfall/db';
import { z } from 'zod';
import { defineCommand } from '../command';

export const dbStartCommand = defineCommand({
  name: 'db start',
  summary: 'Start the database Rankfall uses (embedded PostgreSQL unless DATABASE_URL is set), migrate it, and keep it running',
  usage: 'db start',
  details: [
    'Without DATABASE_URL: starts PostgreSQL 17 from npm with its data in <state dir>/postgres, where the state dir is',
    'RANKFALL_STATE_DIR (default: .rankfall/ in the checkout); port RANKFALL_PG_PORT, default 54320. It prints the folder it uses.',
    'Prints the DATABASE_URL other processes (api, worker, web) can use. Stops cleanly on Ctrl-C or SIGTERM.',
  ],
  options: {},
  flags: z.object({}),
  async run(_flags, io) {
    const db = await resolveDatabase({ env: io.env });
    io.out(`Database ready: ${db.description}`);
    if (db.migrationsApplied.length > 0) io.out(`Applied migrations: ${db.migrationsApplied.join(', ')}`);
    if (db.kind === 'embedded') {
      io.out(`DATABASE_URL=${db.url}`);
      io.out('Press Ctrl-C to stop it.');
      const signal = await io.untilStopped();
      io.out(`Received ${signal}: stopping the embedded PostgreSQL…`);
    }
    await db.close();
    return 0;
  },
});
