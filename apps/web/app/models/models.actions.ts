'use server';

import { refresh } from 'next/cache';
import { evaluateFormSchema, evaluateModel } from '../../lib/api-models';
import type { TeamActionState } from '../teams/team-action-state';

export async function evaluateModelAction(previous: TeamActionState, form: FormData): Promise<TeamActionState> {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  const split = text('split');
  const input = evaluateFormSchema.safeParse({ teamId: text('teamId'), modelId: text('modelId'), datasetId: text('datasetId'), split: split === '' ? null : split });
  if (!input.success) return { status: 'error', message: input.error.issues[0]?.message ?? 'The form is not complete.', attempt: previous.attempt + 1 };
  const outcome = await evaluateModel(input.data, `/models/${input.data.modelId}`);
  if (!outcome.ok) return { status: 'error', message: outcome.message, attempt: previous.attempt + 1 };
  refresh();
  return { status: 'ok', message: 'Evaluation queued: its row in the table above updates when the worker is done.', attempt: previous.attempt + 1 };
}
