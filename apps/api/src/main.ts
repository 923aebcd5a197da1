import { DbError, disconnectPrisma, getPrisma, resolveDatabase } from '@rankfall/db';
import { startApiServer } from './create-api-server';
import { parseApiEnv } from './env';

try {
  const env = parseApiEnv(process.env);
  const db = await resolveDatabase({ env: process.env });
  const api = await startApiServer({
    prisma: getPrisma(db.url),
    port: env.RANKFALL_API_PORT,
    host: env.RANKFALL_API_HOST,
    webOrigins: env.RANKFALL_WEB_ORIGIN.split(',').map((origin) => origin.trim()),
  });
  console.log(`Rankfall API on ${api.url} (database: ${db.description})`);
  const shutdown = async (signal: string) => {
    console.log(`${signal}: stopping the API`);
    await api.stop();
    await disconnectPrisma();
    await db.close();
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  console.error(`rankfall api: ${error instanceof Error ? error.message : String(error)}${error instanceof DbError ? ` [${error.code}]` : ''}`);
  process.exitCode = 1;
}
