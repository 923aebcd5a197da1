import { failImport, type StageContext, type StageOutcome } from '@rankfall/runs/stages';
import { parseJobPayload } from '@rankfall/job-contracts';
import type { Task } from 'graphile-worker';
import { runWithFailurePolicy } from '../failure-policy';

/** One import task (`import-dataset`, `register-model`): a failure fails the import request with its reason (failure-policy.ts). */
export function importTask(name: 'import-dataset' | 'register-model', ctx: StageContext, execute: (ctx: StageContext, importId: string) => Promise<StageOutcome>): Task {
  return async (raw, helpers) => {
    const { importId } = parseJobPayload(name, raw);
    await runWithFailurePolicy(helpers, helpers.job.key ?? name, () => execute(ctx, importId), (failure) => failImport(ctx.prisma, importId, failure));
  };
}
