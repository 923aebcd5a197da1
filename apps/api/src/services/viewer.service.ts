import { authenticateApiToken, findSessionUser, type PrismaClient, type PublicUser, type TeamRole } from '@rankfall/db';
import { ApiError } from './api-error';

/** Who is asking: a signed-in user (cookie session) or an API token bound to one team. */
export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: PublicUser; sessionCookie: string }
  | { kind: 'token'; user: PublicUser; teamId: string; role: TeamRole; tokenId: string };

export const SESSION_COOKIE = 'rankfall_session';

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return null;
    }
  }
  return null;
}

export interface CredentialSources {
  authorization?: string | undefined;
  cookie?: string | undefined;
}

/**
 * Authenticates a request. A presented Bearer token that is unknown, expired or revoked is an
 * UNAUTHENTICATED error (HTTP 401), never a silent anonymous request; a stale session cookie is
 * simply anonymous (the browser keeps it until sign-in replaces it). Never logs the secrets.
 */
export async function resolveViewer(prisma: PrismaClient, sources: CredentialSources): Promise<Viewer> {
  if (sources.authorization !== undefined && sources.authorization !== '') {
    const bearer = sources.authorization.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!bearer) throw new ApiError('UNAUTHENTICATED', 'The Authorization header must be `Bearer <token>`');
    const token = await authenticateApiToken(prisma, bearer);
    if (!token) throw new ApiError('UNAUTHENTICATED', 'The API token is invalid, expired or revoked');
    return { kind: 'token', user: token.user, teamId: token.teamId, role: token.role, tokenId: token.id };
  }
  const cookie = readCookie(sources.cookie, SESSION_COOKIE);
  if (cookie) {
    const user = await findSessionUser(prisma, cookie);
    if (user) return { kind: 'user', user, sessionCookie: cookie };
  }
  return { kind: 'anonymous' };
}
