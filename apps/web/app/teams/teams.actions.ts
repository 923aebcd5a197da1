'use server';

import { refresh, revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { changeRole, createApiToken, createTeam, inviteMember, removeMember, revokeApiToken, teamFormSchema, TEAM_ROLES, type TeamMutationOutcome } from '../../lib/api-teams';
import type { TeamActionState } from './team-action-state';

const idField = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const scope = z.object({ teamId: idField, slug: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
const roleField = z.enum(TEAM_ROLES, { message: 'Choose a role.' });

const fields = (form: FormData): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === 'string' && !key.startsWith('$')) out[key] = value;
  return out;
};

function answer(previous: TeamActionState, outcome: TeamMutationOutcome<unknown>, done: string): TeamActionState {
  if (!outcome.ok) return { status: 'error', message: outcome.message, attempt: previous.attempt + 1 };
  refresh();
  return { status: 'ok', message: done, attempt: previous.attempt + 1 };
}

function refused(previous: TeamActionState, error: z.ZodError): TeamActionState {
  return { status: 'error', message: error.issues[0]?.message ?? 'The form is not complete.', attempt: previous.attempt + 1 };
}

export async function createTeamAction(previous: TeamActionState, form: FormData): Promise<TeamActionState> {
  const input = teamFormSchema.safeParse(fields(form));
  if (!input.success) return refused(previous, input.error);
  const outcome = await createTeam(input.data);
  if (!outcome.ok) return { status: 'error', message: outcome.message, attempt: previous.attempt + 1 };
  // The layout's team switcher lists the viewer's teams: render it again with the new one.
  revalidatePath('/', 'layout');
  redirect(`/teams/${encodeURIComponent(outcome.data.slug)}`);
}

const inviteSchema = scope.extend({ email: z.email('Enter the email address of someone who has an account.').max(254), role: roleField });

export async function inviteMemberAction(previous: TeamActionState, form: FormData): Promise<TeamActionState> {
  const input = inviteSchema.safeParse({ ...fields(form), email: (fields(form)['email'] ?? '').trim() });
  if (!input.success) return refused(previous, input.error);
  const { slug, ...rest } = input.data;
  return answer(previous, await inviteMember(rest, `/teams/${slug}`), `${rest.email} is now a ${rest.role.toLowerCase()} of the team.`);
}

const memberSchema = scope.extend({ userId: idField, name: z.string().max(200).default('The member') });

export async function changeRoleAction(previous: TeamActionState, form: FormData): Promise<TeamActionState> {
  const input = memberSchema.extend({ role: roleField }).safeParse(fields(form));
  if (!input.success) return refused(previous, input.error);
  const { slug, name, ...rest } = input.data;
  return answer(previous, await changeRole(rest, `/teams/${slug}`), `${name} is now ${rest.role.toLowerCase()}.`);
}

export async function removeMemberAction(previous: TeamActionState, form: FormData): Promise<TeamActionState> {
  const input = memberSchema.safeParse(fields(form));
  if (!input.success) return refused(previous, input.error);
  const { slug, name, ...rest } = input.data;
  const outcome = await removeMember(rest, `/teams/${slug}`);
  // Leaving: the team's page is no longer yours to see.
  if (outcome.ok && fields(form)['self'] === 'true') {
    revalidatePath('/', 'layout');
    redirect('/teams');
  }
  return answer(previous, outcome, `${name} was removed from the team.`);
}

const tokenSchema = scope.extend({
  name: z.string().trim().min(1, 'Name the token (what uses it).').max(100, 'The token name is at most 100 characters.'),
  role: roleField,
  expiresInDays: z.preprocess((value) => (value === '' || value === undefined ? undefined : Number(value)), z.number().int('Days is a whole number.').min(1, 'At least 1 day.').max(3650, 'At most 3650 days.').optional()),
});

export async function createTokenAction(previous: TeamActionState, form: FormData): Promise<TeamActionState> {
  const input = tokenSchema.safeParse(fields(form));
  if (!input.success) return refused(previous, input.error);
  const { slug, expiresInDays, ...rest } = input.data;
  const outcome = await createApiToken({ ...rest, ...(expiresInDays !== undefined ? { expiresInDays } : {}) }, `/teams/${slug}`);
  if (!outcome.ok) return { status: 'error', message: outcome.message, attempt: previous.attempt + 1 };
  refresh();
  return { status: 'ok', message: `Token “${outcome.data.name}” created.`, secret: { name: outcome.data.name, value: outcome.data.secret }, attempt: previous.attempt + 1 };
}

export async function revokeTokenAction(previous: TeamActionState, form: FormData): Promise<TeamActionState> {
  const input = scope.extend({ id: idField, name: z.string().max(200).default('The token') }).safeParse(fields(form));
  if (!input.success) return refused(previous, input.error);
  const { slug, name, ...rest } = input.data;
  return answer(previous, await revokeApiToken(rest, `/teams/${slug}`), `${name} was revoked.`);
}
