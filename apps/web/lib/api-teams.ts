import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { graphql, postGraphql, readGraphqlBody, readSession, signInHref, type Loaded } from './api';
import { formatDateTime } from './format';
import { grantableRoles, hasRole, pickTeam, TEAM_ROLES, tokenRoles, type TeamRole } from './team-scope';

/**
 * Teams: the current team (the URL's `?team=<slug>`: every view keeps its permalink, and two tabs can look at two
 * teams), team settings (members and roles, API tokens) and the team mutations. Pure reshaping functions are tested
 * in api-teams.spec.ts.
 */

export { grantableRoles, hasRole, parseTeamParam, pickTeam, roleLabel, switchTeamHref, TEAM_ROLES, teamHref, tokenRoles, type TeamRole } from './team-scope';

const roleWire = z.enum(TEAM_ROLES);

export interface TeamRef {
  id: string;
  slug: string;
  name: string;
  role: TeamRole;
}

const slugPattern = /^[A-Za-z0-9_-]{1,64}$/;

// ---------------------------------------------------------------------------------------------------
// Viewer's teams

const viewerTeamsWire = z.object({
  viewer: z.object({ user: z.object({ id: z.string(), name: z.string(), email: z.string() }), via: z.string(), teams: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string(), role: roleWire })) }).nullable(),
});

export interface ViewerTeamsView {
  user: { id: string; name: string; email: string };
  /** A session (USER) may create teams and tokens; an API token may not. */
  viaSession: boolean;
  teams: TeamRef[];
}

const VIEWER_TEAMS_QUERY = 'query ViewerTeams { viewer { user { id name email } via teams { id slug name role } } }';

/** The signed-in viewer and their teams (redirects to sign in, back to `from`, when nobody is signed in). */
export async function fetchViewerTeams(from: string): Promise<Loaded<ViewerTeamsView>> {
  const result = await graphql(VIEWER_TEAMS_QUERY, {}, viewerTeamsWire, { from });
  if (!result.ok) return { kind: 'error', message: result.error.message };
  if (!result.data.viewer) redirect(signInHref(from));
  const { user, via, teams } = result.data.viewer;
  return { kind: 'ok', view: { user, viaSession: via === 'USER', teams } };
}

export type TeamContext = { kind: 'error'; message: string } | { kind: 'no-team'; viewer: ViewerTeamsView } | { kind: 'ok'; viewer: ViewerTeamsView; team: TeamRef };

/** The viewer and the page's team (the URL's when the viewer is in it, else their first). */
export async function fetchTeamContext(from: string, slug: string | undefined): Promise<TeamContext> {
  const viewer = await fetchViewerTeams(from);
  if (viewer.kind === 'error') return viewer;
  const team = pickTeam(viewer.view.teams, slug);
  return team ? { kind: 'ok', viewer: viewer.view, team } : { kind: 'no-team', viewer: viewer.view };
}

/** One of the viewer's teams by slug, or the not-found page (another team's slug looks exactly like a missing one). */
export async function requireViewerTeam(from: string, slug: string | undefined): Promise<Loaded<{ viewer: ViewerTeamsView; team: TeamRef }>> {
  const viewer = await fetchViewerTeams(from);
  if (viewer.kind === 'error') return viewer;
  const team = viewer.view.teams.find((t) => t.slug === slug);
  if (!team) notFound();
  return { kind: 'ok', view: { viewer: viewer.view, team } };
}

// ---------------------------------------------------------------------------------------------------
// Team settings

const memberWire = z.object({ id: z.string(), role: roleWire, createdAt: z.string(), user: z.object({ id: z.string(), name: z.string(), email: z.string() }) });
const tokenWire = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: roleWire,
  owner: z.object({ name: z.string() }),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
const teamSettingsWire = z.object({
  team: z
    .object({
      id: z.string(),
      slug: z.string(),
      name: z.string(),
      role: roleWire,
      createdAt: z.string(),
      members: z.object({ totalCount: z.number(), edges: z.array(z.object({ node: memberWire })) }),
      apiTokens: z.array(tokenWire),
    })
    .nullable(),
});

export interface MemberView {
  userId: string;
  name: string;
  email: string;
  role: TeamRole;
  joinedLabel: string;
  isViewer: boolean;
  /** Roles the viewer may set for this member (empty: the viewer cannot change it). */
  roleChoices: TeamRole[];
  canRemove: boolean;
}

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  role: TeamRole;
  owner: string;
  createdLabel: string;
  lastUsedLabel: string;
  expiresLabel: string;
  revoked: boolean;
  state: string;
}

export interface TeamSettingsView {
  id: string;
  slug: string;
  name: string;
  role: TeamRole;
  canManage: boolean;
  members: MemberView[];
  memberTotal: number;
  inviteRoles: TeamRole[];
  tokenRoles: TeamRole[];
  tokens: TokenView[];
}

export function toTeamSettings(team: NonNullable<z.infer<typeof teamSettingsWire>['team']>, viewerId: string, now: Date = new Date()): TeamSettingsView {
  const grantable = grantableRoles(team.role);
  const owners = team.members.edges.filter(({ node }) => node.role === 'OWNER').length;
  return {
    id: team.id,
    slug: team.slug,
    name: team.name,
    role: team.role,
    canManage: hasRole(team.role, 'ADMIN'),
    members: team.members.edges.map(({ node }) => {
      const isViewer = node.user.id === viewerId;
      // An ADMIN cannot touch an OWNER; the last OWNER can be neither demoted nor removed.
      const touchable = hasRole(team.role, 'ADMIN') && (node.role !== 'OWNER' || team.role === 'OWNER');
      const lastOwner = node.role === 'OWNER' && owners <= 1;
      return {
        userId: node.user.id,
        name: node.user.name,
        email: node.user.email,
        role: node.role,
        joinedLabel: formatDateTime(node.createdAt),
        isViewer,
        roleChoices: touchable && !lastOwner ? grantable : [],
        canRemove: !lastOwner && (touchable || isViewer),
      };
    }),
    memberTotal: team.members.totalCount,
    inviteRoles: grantable,
    tokenRoles: tokenRoles(team.role),
    tokens: team.apiTokens.map((token) => {
      const expired = token.expiresAt !== null && Date.parse(token.expiresAt) <= now.getTime();
      return {
        id: token.id,
        name: token.name,
        prefix: token.prefix,
        role: token.role,
        owner: token.owner.name,
        createdLabel: formatDateTime(token.createdAt),
        lastUsedLabel: token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'never',
        expiresLabel: token.expiresAt ? formatDateTime(token.expiresAt) : 'never',
        revoked: token.revokedAt !== null,
        state: token.revokedAt !== null ? 'Revoked' : expired ? 'Expired' : 'Active',
      };
    }),
  };
}

const TEAM_SETTINGS_QUERY = `query TeamSettings($slug: String!) {
  team(slug: $slug) {
    id slug name role createdAt
    members(first: 100) { totalCount edges { node { id role createdAt user { id name email } } } }
    apiTokens { id name prefix role owner { name } createdAt lastUsedAt expiresAt revokedAt }
  }
}`;

export async function fetchTeamSettings(slug: string): Promise<Loaded<{ settings: TeamSettingsView; viewer: ViewerTeamsView }>> {
  const from = `/teams/${slug}`;
  const viewer = await fetchViewerTeams(from);
  if (viewer.kind === 'error') return viewer;
  if (!viewer.view.teams.some((team) => team.slug === slug)) notFound();
  const result = await graphql(TEAM_SETTINGS_QUERY, { slug }, teamSettingsWire, { from });
  if (!result.ok) return { kind: 'error', message: result.error.message };
  if (!result.data.team) notFound();
  return { kind: 'ok', view: { settings: toTeamSettings(result.data.team, viewer.view.user.id), viewer: viewer.view } };
}

// ---------------------------------------------------------------------------------------------------
// Mutations (server actions call these)

export type TeamMutationOutcome<T = undefined> = { ok: true; data: T } | { ok: false; message: string };

/** One mutation with the viewer's session: UNAUTHENTICATED → sign in (back to `from`); other errors come back as a message. */
export async function teamMutation<T>(query: string, variables: Record<string, unknown>, schema: z.ZodType<T>, from: string): Promise<TeamMutationOutcome<T>> {
  const raw = await postGraphql(query, variables, await readSession());
  const result = raw.ok ? readGraphqlBody(raw.data.body, schema) : raw;
  if (!result.ok && result.error.code === 'UNAUTHENTICATED') redirect(signInHref(from));
  return result.ok ? { ok: true, data: result.data } : { ok: false, message: result.error.message };
}

export const teamFormSchema = z.object({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, 'The slug is 1–48 lowercase letters, digits or dashes (not at either end).'),
  name: z.string().trim().min(1, 'Enter the team’s name.').max(100, 'The name is at most 100 characters.'),
});

export async function createTeam(input: z.infer<typeof teamFormSchema>): Promise<TeamMutationOutcome<{ slug: string }>> {
  const outcome = await teamMutation('mutation CreateTeam($slug: String!, $name: String!) { createTeam(slug: $slug, name: $name) { slug } }', input, z.object({ createTeam: z.object({ slug: z.string() }) }), '/teams');
  return outcome.ok ? { ok: true, data: outcome.data.createTeam } : outcome;
}

export async function inviteMember(input: { teamId: string; email: string; role: TeamRole }, from: string): Promise<TeamMutationOutcome> {
  const outcome = await teamMutation('mutation Invite($teamId: ID!, $email: String!, $role: TeamRole!) { inviteMember(teamId: $teamId, email: $email, role: $role) { id } }', input, z.unknown(), from);
  return outcome.ok ? { ok: true, data: undefined } : outcome;
}

export async function changeRole(input: { teamId: string; userId: string; role: TeamRole }, from: string): Promise<TeamMutationOutcome> {
  const outcome = await teamMutation('mutation ChangeRole($teamId: ID!, $userId: ID!, $role: TeamRole!) { changeRole(teamId: $teamId, userId: $userId, role: $role) { id } }', input, z.unknown(), from);
  return outcome.ok ? { ok: true, data: undefined } : outcome;
}

export async function removeMember(input: { teamId: string; userId: string }, from: string): Promise<TeamMutationOutcome> {
  const outcome = await teamMutation('mutation Remove($teamId: ID!, $userId: ID!) { removeMember(teamId: $teamId, userId: $userId) }', input, z.unknown(), from);
  return outcome.ok ? { ok: true, data: undefined } : outcome;
}

export async function createApiToken(input: { teamId: string; name: string; role: TeamRole; expiresInDays?: number }, from: string): Promise<TeamMutationOutcome<{ secret: string; name: string; prefix: string }>> {
  const outcome = await teamMutation(
    'mutation CreateToken($teamId: ID!, $name: String!, $role: TeamRole!, $expiresInDays: Int) { createApiToken(teamId: $teamId, name: $name, role: $role, expiresInDays: $expiresInDays) { secret token { name prefix } } }',
    { ...input, expiresInDays: input.expiresInDays ?? null },
    z.object({ createApiToken: z.object({ secret: z.string(), token: z.object({ name: z.string(), prefix: z.string() }) }) }),
    from,
  );
  return outcome.ok ? { ok: true, data: { secret: outcome.data.createApiToken.secret, ...outcome.data.createApiToken.token } } : outcome;
}

export async function revokeApiToken(input: { teamId: string; id: string }, from: string): Promise<TeamMutationOutcome> {
  const outcome = await teamMutation('mutation Revoke($teamId: ID!, $id: ID!) { revokeApiToken(teamId: $teamId, id: $id) }', input, z.unknown(), from);
  return outcome.ok ? { ok: true, data: undefined } : outcome;
}

/**
 * For route handlers (uploads): the form's team, checked against the viewer's own teams (MEMBER+), without the
 * page-side redirects. The ids come from a form and are not trusted.
 */
export async function requireFormTeam(slug: string, teamId: string): Promise<{ ok: true; team: TeamRef } | { ok: false; message: string }> {
  if (!slugPattern.test(slug) || !slugPattern.test(teamId)) return { ok: false, message: 'Choose a team.' };
  const raw = await postGraphql(VIEWER_TEAMS_QUERY, {}, await readSession());
  const result = raw.ok ? readGraphqlBody(raw.data.body, viewerTeamsWire) : raw;
  if (!result.ok) return { ok: false, message: result.error.message };
  if (!result.data.viewer) return { ok: false, message: 'Sign in again: your session has ended.' };
  const team = result.data.viewer.teams.find((t) => t.slug === slug && t.id === teamId);
  if (!team) return { ok: false, message: 'You are not in this team.' };
  if (!hasRole(team.role, 'MEMBER')) return { ok: false, message: 'Viewers cannot import: ask an admin for the member role.' };
  return { ok: true, team };
}
