'use server';

import { refresh } from 'next/cache';
import { requestTransfer } from '../../../../lib/api-transfer';

export interface TransferFormState {
  message: string | null;
  done: string | null;
}

/** Queues the run's transfer to every other model of its team; the section then lists the jobs and follows them. */
export async function requestTransferAction(_previous: TransferFormState, form: FormData): Promise<TransferFormState> {
  const teamId = form.get('teamId');
  const runId = form.get('runId');
  if (typeof teamId !== 'string' || typeof runId !== 'string' || !teamId || !runId) return { message: 'The form is missing the run.', done: null };
  const outcome = await requestTransfer(teamId, runId);
  if (!outcome.ok) return { message: outcome.message, done: null };
  refresh();
  return { message: null, done: outcome.queued === 0 ? 'The team has no other model to transfer to: register one on the models page.' : `Queued on ${outcome.queued} model${outcome.queued === 1 ? '' : 's'}.` };
}
