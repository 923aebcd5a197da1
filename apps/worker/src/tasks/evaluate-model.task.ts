import { executeModelEvaluation, failModelEvaluation, type StageContext } from '@rankfall/runs/stages';
import { parseJobPayload } from '@rankfall/job-contracts';
import type { Task } from 'graphile-worker';
import { runWithFailurePolicy } from '../failure-policy';

/** `evaluate-model` (job key `evaluation:<id>`): clean SROCC/PLCC/KROCC of a model on a dataset split; a failure fails the evaluation with its reason. */
export const evaluateModelTask =
  (ctx: StageContext): Task =>
  async (raw, helpers) => {
    const { evaluationId } = parseJobPayload('evaluate-model', raw);
    await runWithFailurePolicy(helpers, helpers.job.key ?? 'evaluate-model', () => executeModelEvaluation(ctx, evaluationId), (failure) => failModelEvaluation(ctx.prisma, evaluationId, failure));
  };
