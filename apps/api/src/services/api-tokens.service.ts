import { issueApiToken, listApiTokens, listTeamApiTokens, revokeApiToken, revokeTeamApiToken, type PrismaClient, type TeamRole } from '@rankfall/db';
import type { AccessService } from './access.service';
import { ApiError } from './api-error';
import { roleAtLeast } from './roles';

export type ListedApiToken = Awaited<ReturnType<typeof listTeamApiTokens>>[number];

/**
 * Every member may mint tokens for themselves, never with a higher role than their own; ADMIN+ see
 * and revoke every token of the team. Minting needs a browser session: a token cannot mint tokens.
 */
export class ApiTokensService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly access: AccessService,
  ) {}

  async create(input: { teamId: string; name: string; role: TeamRole; expiresInDays?: number | null }): Promise<{ token: ListedApiToken; secret: string }> {
    const user = this.access.requireSession();
    const actor = await this.access.requireRole(input.teamId, 'VIEWER');
    if (!roleAtLeast(actor, input.role)) throw new ApiError('FORBIDDEN', `A ${actor} cannot mint a ${input.role} token: a token’s role is at most its creator’s`);
    const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : undefined;
    const issued = await issueApiToken(this.prisma, { userId: user.id, teamId: input.teamId, name: input.name, role: input.role, ...(expiresAt ? { expiresAt } : {}) });
    return { token: { ...issued.token, user }, secret: issued.secret };
  }

  async list(teamId: string): Promise<ListedApiToken[]> {
    const user = this.access.requireUser();
    const actor = await this.access.requireRole(teamId, 'VIEWER');
    return roleAtLeast(actor, 'ADMIN') ? listTeamApiTokens(this.prisma, teamId) : listApiTokens(this.prisma, teamId, user.id);
  }

  async revoke(input: { teamId: string; id: string }): Promise<boolean> {
    const user = this.access.requireUser();
    const actor = await this.access.requireRole(input.teamId, 'VIEWER');
    const revoked = roleAtLeast(actor, 'ADMIN') ? await revokeTeamApiToken(this.prisma, input) : await revokeApiToken(this.prisma, { ...input, userId: user.id });
    if (!revoked) throw new ApiError('NOT_FOUND', 'API token not found (or already revoked)');
    return true;
  }
}
