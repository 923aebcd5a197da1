import { failRun, type StageContext, type StageOutcome } from '@rankfall/runs/stages';
import { parseJobPayload, type JobName, type JobPayload } from '@rankfall/job-contracts';
import type { Task } from 'graphile-worker';
import { classifyFailure } from '../failure-policy';

type RunJobName = Exclude<JobName, 'healthcheck' | 'import-dataset' | 'register-model'>;
type StageKind = 'CLEAN_SCORING' | 'TARGETS' | 'PERTURB' | 'AGGREGATE';

/**
 * One run-stage task: parse the payload with its contract, run the stage (idempotent), translate a failure
 * once: permanent → the run FAILED with its reason, no retry; transient → rethrown for graphile-worker's
 * retry with backoff, and the run FAILED once the last attempt fails.
 */
export function runStageTask<Name extends RunJobName>(name: Name, stage: StageKind, ctx: StageContext, execute: (ctx: StageContext, payload: JobPayload<Name>) => Promise<StageOutcome>): Task {
  return async (raw, helpers) => {
    const payload = parseJobPayload(name, raw);
    const started = Date.now();
    try {
      const outcome = await execute(ctx, payload);
      helpers.logger.info(`${helpers.job.key ?? name}: ${outcome} in ${Date.now() - started} ms`);
    } catch (error) {
      const failure = classifyFailure(error);
      const lastAttempt = helpers.job.attempts >= helpers.job.max_attempts;
      helpers.logger.error(`${helpers.job.key ?? name}: ${failure.permanent ? 'failed permanently' : `attempt ${helpers.job.attempts}/${helpers.job.max_attempts} failed`}: [${failure.code}] ${failure.message}`);
      if (failure.permanent || lastAttempt) {
        await failRun(ctx.prisma, payload.runId, { code: failure.code, message: failure.message, stage });
        if (failure.permanent) return;
      }
      throw error;
    }
  };
}
