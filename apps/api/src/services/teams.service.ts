import {
  addMemberByEmail,
  changeMemberRole,
  countMembers,
  createTeamWithOwner,
  DbError,
  deleteTeam,
  findMember,
  listMembers,
  removeMember,
  type CreatedAtCursor,
  type MembershipSummary,
  type Page,
  type PageQuery,
  type PrismaClient,
  type TeamRole,
} from '@rankfall/db';
import type { AccessService, TeamWithRole } from './access.service';
import { ApiError } from './api-error';

export class TeamsService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly access: AccessService,
  ) {}

  async teamBySlug(slug: string): Promise<TeamWithRole> {
    this.access.requireUser();
    const team = (await this.access.teamsWithRoles()).find((candidate) => candidate.slug === slug);
    if (!team) throw new ApiError('NOT_FOUND', 'Team not found');
    return team;
  }

  async createTeam(input: { slug: string; name: string }): Promise<TeamWithRole> {
    const user = this.access.requireSession();
    const team = await createTeamWithOwner(this.prisma, { ...input, ownerId: user.id });
    this.access.refresh();
    return { ...team, role: 'OWNER' };
  }

  async members(teamId: string, page: PageQuery<CreatedAtCursor>): Promise<{ page: Page<MembershipSummary>; total: () => Promise<number> }> {
    await this.access.requireRole(teamId, 'VIEWER');
    return { page: await listMembers(this.prisma, teamId, page), total: () => countMembers(this.prisma, teamId) };
  }

  async inviteMember(input: { teamId: string; email: string; role: TeamRole }): Promise<MembershipSummary> {
    const actor = await this.access.requireRole(input.teamId, 'ADMIN');
    if (input.role === 'OWNER' && actor !== 'OWNER') throw new ApiError('FORBIDDEN', 'Only an OWNER can add another OWNER');
    try {
      return await addMemberByEmail(this.prisma, input);
    } catch (error) {
      if (error instanceof DbError && error.code === 'NOT_FOUND') throw new ApiError('BAD_USER_INPUT', `No user with email ${input.email}: they must sign up first`, { field: 'email' });
      throw error;
    }
  }

  async changeRole(input: { teamId: string; userId: string; role: TeamRole }): Promise<MembershipSummary> {
    const actor = await this.access.requireRole(input.teamId, 'ADMIN');
    const target = await findMember(this.prisma, input.teamId, input.userId);
    if (!target) throw new ApiError('NOT_FOUND', 'Member not found');
    if ((target.role === 'OWNER' || input.role === 'OWNER') && actor !== 'OWNER') throw new ApiError('FORBIDDEN', 'Only an OWNER can grant or take the OWNER role');
    const changed = await changeMemberRole(this.prisma, input);
    this.access.refresh();
    return changed;
  }

  /** ADMIN+ removes members (OWNERs only by an OWNER); anyone may leave. The last OWNER stays. */
  async removeMember(input: { teamId: string; userId: string }): Promise<boolean> {
    const self = this.access.requireUser().id === input.userId;
    const actor = await this.access.requireRole(input.teamId, self ? 'VIEWER' : 'ADMIN');
    const target = await findMember(this.prisma, input.teamId, input.userId);
    if (!target) throw new ApiError('NOT_FOUND', 'Member not found');
    if (!self && target.role === 'OWNER' && actor !== 'OWNER') throw new ApiError('FORBIDDEN', 'Only an OWNER can remove an OWNER');
    await removeMember(this.prisma, input);
    this.access.refresh();
    return true;
  }

  async deleteTeam(teamId: string): Promise<boolean> {
    await this.access.requireRole(teamId, 'OWNER');
    await deleteTeam(this.prisma, teamId);
    this.access.refresh();
    return true;
  }
}
