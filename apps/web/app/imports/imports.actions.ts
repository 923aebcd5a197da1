'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { importDataset, importHref, serverPathFormSchema, syntheticFormSchema } from '../../lib/api-imports';
import type { TeamActionState } from '../teams/team-action-state';

const scope = z.object({ teamId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Choose a team.'), slug: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Choose a team.') });

const fields = (form: FormData): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === 'string' && !key.startsWith('$')) out[key] = value;
  return out;
};

const refuse = (previous: TeamActionState, message: string): TeamActionState => ({ status: 'error', message, attempt: previous.attempt + 1 });

export async function importSyntheticAction(previous: TeamActionState, form: FormData): Promise<TeamActionState> {
  const input = scope.merge(syntheticFormSchema).safeParse(fields(form));
  if (!input.success) return refuse(previous, input.error.issues[0]?.message ?? 'The form is not complete.');
  const { teamId, slug, ...source } = input.data;
  const outcome = await importDataset(teamId, { kind: 'synthetic', ...source }, `/imports?team=${slug}`);
  if (!outcome.ok) return refuse(previous, outcome.message);
  redirect(importHref(outcome.data.id, slug));
}

export async function importServerPathAction(previous: TeamActionState, form: FormData): Promise<TeamActionState> {
  const input = scope.merge(serverPathFormSchema).safeParse(fields(form));
  if (!input.success) return refuse(previous, input.error.issues[0]?.message ?? 'The form is not complete.');
  const { teamId, slug, ...source } = input.data;
  const outcome = await importDataset(teamId, { kind: 'server-path', ...source }, `/imports?team=${slug}`);
  if (!outcome.ok) return refuse(previous, outcome.message);
  redirect(importHref(outcome.data.id, slug));
}
