import { isApiTokenLive, listTeamsOfUser, type PrismaClient, type PublicUser, type TeamRole, type TeamSummary } from '@rankfall/db';
import { ApiError } from './api-error';
import { lowerRole, roleAtLeast } from './roles';
import type { Viewer } from './viewer.service';

export type TeamWithRole = TeamSummary & { role: TeamRole };

/**
 * What the viewer may reach, built once per request (one query, memoized; a token's liveness was checked when the
 * request authenticated it, and is checked again after every `refresh()`). A token reaches only its
 * team, with the lower of the token's role and the owner's current role (a demoted or removed user's
 * tokens shrink with them).
 */
export class AccessService {
  private teams: Promise<TeamWithRole[]> | null = null;
  /** Whether a token viewer's liveness is still to be read (not when this request authenticated it a moment ago). */
  private tokenToCheck: boolean;

  /** `authenticatedNow`: the viewer was resolved by this request (HTTP), so its token was just found live. */
  constructor(
    private readonly prisma: PrismaClient,
    readonly viewer: Viewer,
    authenticatedNow = false,
  ) {
    this.tokenToCheck = !authenticatedNow;
  }

  /** Forgets the memoized roles (long-lived subscriptions re-check them on every event). */
  refresh(): void {
    this.teams = null;
    this.tokenToCheck = true;
  }

  requireUser(): PublicUser {
    if (this.viewer.kind === 'anonymous') throw new ApiError('UNAUTHENTICATED', 'Sign in or send an API token');
    return this.viewer.user;
  }

  /** Only a signed-in browser session (not an API token) may do this, e.g. mint more tokens. */
  requireSession(): PublicUser {
    const user = this.requireUser();
    if (this.viewer.kind !== 'user') throw new ApiError('FORBIDDEN', 'This needs a signed-in session, not an API token');
    return user;
  }

  teamsWithRoles(): Promise<TeamWithRole[]> {
    this.teams ??= this.loadTeams();
    return this.teams;
  }

  async teamIds(): Promise<string[]> {
    return (await this.teamsWithRoles()).map((team) => team.id);
  }

  async roleIn(teamId: string): Promise<TeamRole | null> {
    return (await this.teamsWithRoles()).find((team) => team.id === teamId)?.role ?? null;
  }

  /**
   * The viewer's role in the team if it is at least `minimum`. Outside the team: NOT_FOUND (whether
   * the team exists is not revealed); inside with too low a role: FORBIDDEN.
   */
  async requireRole(teamId: string, minimum: TeamRole, what = 'Team'): Promise<TeamRole> {
    this.requireUser();
    const role = await this.roleIn(teamId);
    if (!role) throw new ApiError('NOT_FOUND', `${what} not found`);
    if (!roleAtLeast(role, minimum)) throw new ApiError('FORBIDDEN', `This needs the ${minimum} role or higher in the team (yours: ${role})`);
    return role;
  }

  private async loadTeams(): Promise<TeamWithRole[]> {
    const viewer = this.viewer;
    if (viewer.kind === 'anonymous') return [];
    if (viewer.kind === 'token' && this.tokenToCheck && !(await isApiTokenLive(this.prisma, viewer.tokenId))) return [];
    const teams = await listTeamsOfUser(this.prisma, viewer.user.id);
    if (viewer.kind === 'user') return teams;
    return teams.filter((team) => team.id === viewer.teamId).map((team) => ({ ...team, role: lowerRole(team.role, viewer.role) }));
  }
}
