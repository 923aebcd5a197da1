'use server';

import { redirect } from 'next/navigation';
import { fetchRunAttacks, SPLITS } from '../../../lib/api';
import { createSweep, parseSweepValues, sweepParameters, type CreateSweepInput } from '../../../lib/api-runs';
import type { SweepFormState } from './sweep-form-state';

/** The sweep form's submission, validated here (the edge) and then by the API; refusals come back on their field. */
export async function createSweepAction(previous: SweepFormState, form: FormData): Promise<SweepFormState> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === 'string' && !key.startsWith('$')) values[key] = value;
  const text = (name: string) => (values[name] ?? '').trim();
  const refuse = (message: string, field: string | null): SweepFormState => ({ message, field, values, attempt: previous.attempt + 1 });

  for (const [field, label] of [
    ['teamId', 'a team'],
    ['modelId', 'a model'],
    ['datasetId', 'a dataset'],
    ['attackId', 'an attack'],
    ['parameter', 'the budget parameter to sweep'],
  ] as const) {
    if (!text(field)) return refuse(`Choose ${label}.`, field);
  }
  if (text('name').length > 200) return refuse('The name is longer than 200 characters.', 'name');
  const attacks = await fetchRunAttacks('/sweeps/new');
  if (attacks.kind === 'error') return refuse(attacks.message, null);
  const attack = attacks.view.find((a) => a.id === text('attackId'));
  if (!attack) return refuse('This attack is not offered by the API.', 'attackId');
  if (!sweepParameters(attack).some((p) => p.name === text('parameter'))) return refuse(`${attack.name} has no numeric budget parameter “${text('parameter')}”.`, 'parameter');
  const parsed = parseSweepValues(text('values'));
  if (!parsed.ok) return refuse(parsed.message, 'values');

  const split = SPLITS.find((s) => s === text('split'));
  const input: CreateSweepInput = {
    teamId: text('teamId'),
    modelId: text('modelId'),
    datasetId: text('datasetId'),
    attackId: attack.id,
    parameter: text('parameter'),
    values: parsed.values,
    ...(text('name') ? { name: text('name') } : {}),
    ...(split ? { split } : {}),
  };
  const outcome = await createSweep(input);
  if (!outcome.ok) return refuse(outcome.message, outcome.field);
  redirect(`/sweeps/${encodeURIComponent(outcome.sweepId)}`);
}
