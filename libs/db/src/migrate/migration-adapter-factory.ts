import { PrismaPg } from '@prisma/adapter-pg';
import { parseDatabaseUrl, type ConnectionFields } from './database-url';

/**
 * The driver adapter for Prisma's Wasm schema engine (`migrate deploy`, `migrate dev`).
 *
 * Works around adapter-pg bug 2 (docs/database.md): its shadow pool was built from the main
 * connection string (so it connected to the main database) and it dropped the shadow database
 * before closing the pool. Here every pool is built from discrete fields and the shadow database
 * is dropped WITH (FORCE) after its pool is closed.
 */
export class MigrationAdapterFactory extends PrismaPg {
  private readonly fields: ConnectionFields;

  constructor(databaseUrl: string) {
    const fields = parseDatabaseUrl(databaseUrl);
    // allowExitOnIdle: the engine does not always end its pools, and pg keeps idle clients for 10 s.
    super({ ...fields, allowExitOnIdle: true });
    this.fields = fields;
  }

  override async connectToShadowDb(): ReturnType<PrismaPg['connectToShadowDb']> {
    const admin = await this.connect();
    const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
    await admin.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = await new PrismaPg({ ...this.fields, database, allowExitOnIdle: true }).connect();
    const disposeShadow = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await disposeShadow();
      try {
        await admin.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      } finally {
        await admin.dispose();
      }
    };
    return shadow;
  }
}
