import { failRun, type StageContext, type StageOutcome } from '@rankfall/runs/stages';
import { parseJobPayload, type JobName, type JobPayload } from '@rankfall/job-contracts';
import type { Task } from 'graphile-worker';
import { runWithFailurePolicy } from '../failure-policy';

type RunJobName = Exclude<JobName, 'healthcheck' | 'import-dataset' | 'register-model' | 'evaluate-model' | 'transfer'>;
type StageKind = 'CLEAN_SCORING' | 'TARGETS' | 'TRAIN_UAP' | 'PERTURB' | 'AGGREGATE';

/** One run-stage task: parse the payload with its contract, run the stage (idempotent); a failure fails the run (failure-policy.ts). */
export function runStageTask<Name extends RunJobName>(name: Name, stage: StageKind, ctx: StageContext, execute: (ctx: StageContext, payload: JobPayload<Name>) => Promise<StageOutcome>): Task {
  return async (raw, helpers) => {
    const payload = parseJobPayload(name, raw);
    await runWithFailurePolicy(helpers, helpers.job.key ?? name, () => execute(ctx, payload), (failure) => failRun(ctx.prisma, payload.runId, { code: failure.code, message: failure.message, stage }));
  };
}
