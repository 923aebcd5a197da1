import './libs/db/src/migrate/prisma-cli-patches';
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { MigrationAdapterFactory } from './libs/db/src/migrate/migration-adapter-factory';

// Prisma 6.19.3 with the JS/Wasm engines: works without internet (no native schema engine).
// With a config file Prisma does not read `.env`: DATABASE_URL must be exported (the rankfall
// CLI does that for the embedded server). `prisma generate` needs no database.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const url = process.env['DATABASE_URL'];
    if (!url) {
      throw new Error('DATABASE_URL is not set: run `npm run rankfall -- db migrate`, which starts the embedded PostgreSQL, or export DATABASE_URL');
    }
    return new MigrationAdapterFactory(url);
  },
});
