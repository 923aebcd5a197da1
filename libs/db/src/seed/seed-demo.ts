import type { PrismaClient } from '../prisma-client';
import { publicUserSelect, type PublicUser } from '../selects/user.select';
import { teamSelect, type TeamSummary } from '../selects/team.select';
import { hashPassword } from '../security/secret-hash';
import { withTransaction } from '../transaction';

export const DEMO_USER_EMAIL = 'demo@rankfall.local';
export const DEMO_TEAM_SLUG = 'demo';

export interface DemoSeed {
  user: PublicUser;
  team: TeamSummary;
  created: boolean;
}

/**
 * Creates (once) the demo team and its owner. Idempotent: a second call finds and returns them.
 * The demo password comes from the caller (the CLI reads RANKFALL_DEMO_PASSWORD or uses a default
 * it prints), and only its scrypt hash is stored.
 */
export async function seedDemo(prisma: PrismaClient, options: { password: string }): Promise<DemoSeed> {
  return withTransaction(prisma, async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: DEMO_USER_EMAIL }, select: publicUserSelect });
    const team = await tx.team.findUnique({ where: { slug: DEMO_TEAM_SLUG }, select: teamSelect });
    if (existing && team) return { user: existing, team, created: false };
    const user =
      existing ??
      (await tx.user.create({
        data: { email: DEMO_USER_EMAIL, name: 'Demo Researcher', passwordHash: await hashPassword(options.password) },
        select: publicUserSelect,
      }));
    const demoTeam =
      team ?? (await tx.team.create({ data: { slug: DEMO_TEAM_SLUG, name: 'Demo team' }, select: teamSelect }));
    await tx.membership.upsert({
      where: { userId_teamId: { userId: user.id, teamId: demoTeam.id } },
      create: { userId: user.id, teamId: demoTeam.id, role: 'OWNER' },
      update: {},
    });
    return { user, team: demoTeam, created: true };
  });
}
