/**
 * The current team and the role rules, as pure functions (no server imports: the team switcher, a client
 * component, uses them too). The current team lives in the URL: `?team=<slug>` (or the slug of /teams/<slug>).
 * Tested in team-scope.spec.ts.
 */

export const TEAM_ROLES = ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
const RANK: Record<TeamRole, number> = { VIEWER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };

/** The API's role rules (teams module): VIEWER reads, MEMBER runs and imports, ADMIN manages members, OWNER deletes. */
export function hasRole(role: TeamRole, atLeast: TeamRole): boolean {
  return RANK[role] >= RANK[atLeast];
}

/** Roles a member with `role` may grant (only an OWNER grants OWNER; nobody below ADMIN grants anything). */
export function grantableRoles(role: TeamRole): TeamRole[] {
  if (!hasRole(role, 'ADMIN')) return [];
  return TEAM_ROLES.filter((r) => r !== 'OWNER' || role === 'OWNER');
}

/** Token roles a member may mint: at most their own role. */
export function tokenRoles(role: TeamRole): TeamRole[] {
  return TEAM_ROLES.filter((r) => RANK[r] <= RANK[role]);
}

export const roleLabel = (role: TeamRole): string => role.charAt(0) + role.slice(1).toLowerCase();

const slugPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** The `team` URL parameter, validated (anything else is dropped). */
export function parseTeamParam(searchParams: Record<string, string | string[] | undefined>): string | undefined {
  const value = searchParams['team'];
  const text = Array.isArray(value) ? value[0] : value;
  return text && slugPattern.test(text) ? text : undefined;
}

/** The team a page shows: the one the URL names when the viewer is in it, else the viewer's first; null without teams. */
export function pickTeam<T extends { slug: string }>(teams: readonly T[], slug: string | undefined): T | null {
  return teams.find((team) => team.slug === slug) ?? teams[0] ?? null;
}

/** `path?team=slug` (plus any other parameters), the permalink of a team's view. */
export function teamHref(path: string, slug: string, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams({ team: slug });
  for (const [key, value] of Object.entries(extra)) if (value !== undefined && value !== '') params.set(key, value);
  return `${path}?${params.toString()}`;
}

/** Where the team switcher goes: list pages keep their path, a team's settings page follows the team, anything else → its runs. */
export function switchTeamHref(pathname: string, slug: string): string {
  if (/^\/teams\/[^/]+$/.test(pathname)) return `/teams/${encodeURIComponent(slug)}`;
  const list = ['/runs', '/datasets', '/models', '/imports', '/runs/new'].find((path) => pathname === path);
  return teamHref(list ?? (pathname.startsWith('/datasets') ? '/datasets' : pathname.startsWith('/models') ? '/models' : pathname.startsWith('/imports') ? '/imports' : '/runs'), slug);
}
