import { DbError, issueApiToken, listTeamApiTokens, revokeTeamApiToken } from '@rankfall/db';
import { z } from 'zod';
import { CliError } from '../cli-error';
import { defineCommand } from '../command';
import { requireTeam } from '../services/dataset-import.service';
import { withDatabase } from './run.command';

export const tokenCreateCommand = defineCommand({
  name: 'token create',
  summary: "Create an API token for a member of a team (Bearer token for scripts; shown once, stored hashed; role at most the member's)",
  usage: 'token create --user <email> --name <name> [--role viewer|member|admin|owner] [--expires-days N] [--team slug]',
  details: [
    '--user <email>     the member the token acts for',
    '--name <name>      to recognise it in lists (unique per team)',
    '--role <role>      member (default); never above the member’s own role',
    '--expires-days N   expiry (default: never)',
    'Use it as `Authorization: Bearer <token>` against the GraphQL API.',
  ],
  options: { user: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'member' }, 'expires-days': { type: 'string' }, team: { type: 'string', default: 'demo' } },
  flags: z.object({ user: z.string().min(3), name: z.string().trim().min(1).max(100), role: z.enum(['viewer', 'member', 'admin', 'owner']), 'expires-days': z.coerce.number().int().min(1).max(3650).optional(), team: z.string().min(1) }),
  async run(flags, io) {
    return withDatabase(io, async (prisma) => {
      const team = await requireTeam(prisma, flags.team);
      const user = await prisma.user.findUnique({ where: { email: flags.user.toLowerCase() }, select: { id: true } });
      if (!user) throw new CliError('FAILED', `No user with email ${flags.user.toLowerCase()}`);
      const expiresAt = flags['expires-days'] ? new Date(Date.now() + flags['expires-days'] * 86_400_000) : undefined;
      const issued = await issueApiToken(prisma, { userId: user.id, teamId: team.id, name: flags.name, role: flags.role.toUpperCase() as 'MEMBER', ...(expiresAt ? { expiresAt } : {}) }).catch((error: unknown) => {
        if (error instanceof DbError && (error.code === 'FORBIDDEN' || error.code === 'CONFLICT')) throw new CliError('FAILED', `${error.message} [${error.code}]`);
        throw error;
      });
      io.out(`Token "${issued.token.name}" (${issued.token.role.toLowerCase()}, team ${team.slug}${expiresAt ? `, expires ${expiresAt.toISOString().slice(0, 10)}` : ''}, id ${issued.token.id}):`);
      io.out(issued.secret);
      io.out('It is shown only now (only its hash is stored). Revoke it with: rankfall token revoke --id ' + issued.token.id);
      return 0;
    });
  },
});

export const tokenListCommand = defineCommand({
  name: 'token list',
  summary: 'List the API tokens of a team (name, prefix, role, owner, last use; never the secret)',
  usage: 'token list [--team slug]',
  details: [],
  options: { team: { type: 'string', default: 'demo' } },
  flags: z.object({ team: z.string().min(1) }),
  async run(flags, io) {
    return withDatabase(io, async (prisma) => {
      const team = await requireTeam(prisma, flags.team);
      const tokens = await listTeamApiTokens(prisma, team.id);
      if (tokens.length === 0) io.out(`No API tokens in team ${team.slug}: rankfall token create …`);
      for (const token of tokens) {
        io.out(`${token.id}  ${token.prefix}…  ${token.name}  ${token.role.toLowerCase()}  ${token.user.email}  ${token.revokedAt ? 'revoked' : token.expiresAt && token.expiresAt <= new Date() ? 'expired' : 'live'}  last used ${token.lastUsedAt?.toISOString().slice(0, 16).replace('T', ' ') ?? 'never'}`);
      }
      return 0;
    });
  },
});

export const tokenRevokeCommand = defineCommand({
  name: 'token revoke',
  summary: 'Revoke an API token (requests with it get HTTP 401 from then on)',
  usage: 'token revoke --id <token id> [--team slug]',
  details: ['--id <token id>  from rankfall token list'],
  options: { id: { type: 'string' }, team: { type: 'string', default: 'demo' } },
  flags: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a token id (rankfall token list)'), team: z.string().min(1) }),
  async run(flags, io) {
    return withDatabase(io, async (prisma) => {
      const team = await requireTeam(prisma, flags.team);
      if (!(await revokeTeamApiToken(prisma, { id: flags.id, teamId: team.id }))) throw new CliError('FAILED', `No live token ${flags.id} in team ${team.slug}`);
      io.out(`Token ${flags.id} revoked.`);
      return 0;
    });
  },
});
