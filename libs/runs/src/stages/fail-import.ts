import { transitionImportRequest, type PrismaClient } from '@rankfall/db';

/** Fails an import request with its reason (the worker edge, for bad input or exhausted retries). */
export async function failImport(prisma: PrismaClient, importId: string, failure: { code: string; message: string }): Promise<void> {
  await transitionImportRequest(prisma, importId, ['QUEUED', 'RUNNING'], 'FAILED', { errorCode: failure.code, errorMessage: failure.message, message: `failed: ${failure.code}` });
}
