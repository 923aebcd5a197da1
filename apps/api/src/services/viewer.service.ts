import { authenticateApiToken, findSessionUser, listTeamsOfUser, type PrismaClient, type PublicUser, type TeamRole, type TeamSummary } from '@rankfall/db';

/** Who is asking: a signed-in user (cookie session) or an API token bound to one team. */
export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: PublicUser }
  | { kind: 'token'; userId: string; teamId: string; role: TeamRole; tokenId: string };

export const SESSION_COOKIE = 'rankfall_session';

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

/** Authenticates a request from its headers. Never logs or returns the presented secret. */
export async function resolveViewer(prisma: PrismaClient, headers: { authorization?: string | undefined; cookie?: string | undefined }): Promise<Viewer> {
  const bearer = headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) {
    const token = await authenticateApiToken(prisma, bearer);
    return token ? { kind: 'token', userId: token.userId, teamId: token.teamId, role: token.role, tokenId: token.id } : { kind: 'anonymous' };
  }
  const cookie = readCookie(headers.cookie, SESSION_COOKIE);
  if (cookie) {
    const user = await findSessionUser(prisma, cookie);
    if (user) return { kind: 'user', user };
  }
  return { kind: 'anonymous' };
}

/** The teams a viewer may see: all of a user's teams, or only the token's team. */
export async function teamsOfViewer(prisma: PrismaClient, viewer: Viewer): Promise<Array<TeamSummary & { role: TeamRole }>> {
  if (viewer.kind === 'anonymous') return [];
  const userId = viewer.kind === 'user' ? viewer.user.id : viewer.userId;
  const teams = await listTeamsOfUser(prisma, userId);
  return viewer.kind === 'token' ? teams.filter((team) => team.id === viewer.teamId).map((team) => ({ ...team, role: viewer.role })) : teams;
}
