import { inspectMigrationStatus, resolveDatabase } from '@rankfall/db';
import { z } from 'zod';
import { defineCommand } from '../command';

export const dbStatusCommand = defineCommand({
  name: 'db status',
  summary: 'Show which database is used and which migrations are applied or pending',
  usage: 'db status',
  details: [],
  options: {},
  flags: z.object({}),
  async run(_flags, io) {
    const db = await resolveDatabase({ env: io.env, migrate: false });
    const status = await inspectMigrationStatus(db.url);
    io.out(`Database: ${db.description}`);
    io.out(`Applied migrations: ${status.applied.length}${status.applied.length ? ` (latest ${status.applied.at(-1)})` : ''}`);
    io.out(status.pending.length ? `Pending: ${status.pending.join(', ')} (run: npm run rankfall -- db migrate)` : 'Pending: none');
    await db.close();
    return 0;
  },
});
