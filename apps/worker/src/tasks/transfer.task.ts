import { executeTransfer, failTransfer, type StageContext } from '@rankfall/runs/stages';
import { parseJobPayload } from '@rankfall/job-contracts';
import type { Task } from 'graphile-worker';
import { runWithFailurePolicy } from '../failure-policy';

/** `transfer` (job key `transfer:<id>`): a run's adversarial PNGs re-scored by one target model; a failure fails the transfer with its reason. */
export const transferTask =
  (ctx: StageContext): Task =>
  async (raw, helpers) => {
    const { transferId } = parseJobPayload('transfer', raw);
    await runWithFailurePolicy(helpers, helpers.job.key ?? 'transfer', () => executeTransfer(ctx, transferId), (failure) => failTransfer(ctx.prisma, transferId, failure));
  };
