import { failImport, type StageContext, type StageOutcome } from '@rankfall/runs/stages';
import { parseJobPayload } from '@rankfall/job-contracts';
import type { Task } from 'graphile-worker';
import { classifyFailure } from '../failure-policy';

/**
 * One import task (`import-dataset`, `register-model`): parse the payload, execute, translate a failure once —
 * permanent (bad table, corrupt image, unsafe checkpoint) → the request FAILED with its reason; transient →
 * rethrown for graphile-worker's retry, and FAILED when the last attempt fails.
 */
export function importTask(name: 'import-dataset' | 'register-model', ctx: StageContext, execute: (ctx: StageContext, importId: string) => Promise<StageOutcome>): Task {
  return async (raw, helpers) => {
    const { importId } = parseJobPayload(name, raw);
    try {
      helpers.logger.info(`${helpers.job.key ?? name}: ${await execute(ctx, importId)}`);
    } catch (error) {
      const failure = classifyFailure(error);
      helpers.logger.error(`${helpers.job.key ?? name}: [${failure.code}] ${failure.message}`);
      if (failure.permanent || helpers.job.attempts >= helpers.job.max_attempts) {
        await failImport(ctx.prisma, importId, failure);
        if (failure.permanent) return;
      }
      throw error;
    }
  };
}
