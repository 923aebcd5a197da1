import { resolveDatabase } from '@rankfall/db';
import { z } from 'zod';
import { defineCommand } from '../command';

export const dbMigrateCommand = defineCommand({
  name: 'db migrate',
  summary: 'Apply pending migrations (and the job-queue schema) to the database, then exit',
  usage: 'db migrate',
  details: ['Refuses a database that holds tables of another project. Safe to run repeatedly.'],
  options: {},
  flags: z.object({}),
  async run(_flags, io) {
    const db = await resolveDatabase({ env: io.env });
    io.out(`Database: ${db.description}`);
    io.out(db.migrationsApplied.length > 0 ? `Applied ${db.migrationsApplied.length} migration(s): ${db.migrationsApplied.join(', ')}` : 'Already up to date.');
    await db.close();
    return 0;
  },
});
