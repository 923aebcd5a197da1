'use server';

import { redirect } from 'next/navigation';
import { readConfig } from '../../../lib/config-form';
import { createRun, fetchRunAttacks, SPLITS, type CreateRunInput } from '../../../lib/api';
import type { NewRunFormState } from './new-run-state';

export async function createRunAction(previous: NewRunFormState, form: FormData): Promise<NewRunFormState> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === 'string' && !key.startsWith('$')) values[key] = value;
  const text = (name: string) => (values[name] ?? '').trim();
  const refuse = (message: string, field: string | null): NewRunFormState => ({ message, field, values, attempt: previous.attempt + 1 });

  for (const [field, label] of [
    ['teamId', 'a team'],
    ['modelId', 'a model'],
    ['datasetId', 'a dataset'],
    ['attackId', 'an attack'],
  ] as const) {
    if (!text(field)) return refuse(`Choose ${label}.`, field);
  }
  const attacks = await fetchRunAttacks('/runs/new');
  if (attacks.kind === 'error') return refuse(attacks.message, null);
  const attack = attacks.view.find((a) => a.id === text('attackId'));
  if (!attack) return refuse('This attack is not offered by the API.', 'attackId');
  const config = readConfig(attack.groups, (name) => (name in values ? (values[name] ?? '') : null));
  if (!config.ok) return refuse(config.message, config.field);

  const split = SPLITS.find((s) => s === text('split'));
  const input: CreateRunInput = {
    teamId: text('teamId'),
    modelId: text('modelId'),
    datasetId: text('datasetId'),
    attackId: attack.id,
    config: config.config,
    ...(text('name') ? { name: text('name') } : {}),
    ...(split ? { split } : {}),
  };
  const outcome = await createRun(input);
  if (!outcome.ok) return refuse(outcome.message, outcome.field);
  redirect(`/runs/${encodeURIComponent(outcome.runId)}`);
}
