import { createArtifactStore, DbError, disconnectPrisma, getPrisma, resolveDatabase } from '@rankfall/db';
import { startApiServer } from './create-api-server';
import { apiConfigFromEnv, parseApiEnv } from './env';

try {
  const env = parseApiEnv(process.env);
  const db = await resolveDatabase({ env: process.env });
  const artifactStore = createArtifactStore(process.env);
  const api = await startApiServer({
    prisma: getPrisma(db.url),
    databaseUrl: db.url,
    artifactStore,
    port: env.RANKFALL_API_PORT,
    host: env.RANKFALL_API_HOST,
    webOrigins: env.RANKFALL_WEB_ORIGIN.split(',').map((origin) => origin.trim()),
    config: apiConfigFromEnv(env),
  });
  const shutdown = async (signal: string) => {
    console.log(`${signal}: stopping the API`);
    await api.stop();
    await disconnectPrisma();
    await db.close();
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  // The ready line comes after the signal handlers: a SIGTERM right after it must stop the API cleanly.
  console.log(`Rankfall API on ${api.url} (database: ${db.description}; artifacts: ${artifactStore.describe()})`);
} catch (error) {
  console.error(`rankfall api: ${error instanceof Error ? error.message : String(error)}${error instanceof DbError ? ` [${error.code}]` : ''}`);
  process.exitCode = 1;
}
