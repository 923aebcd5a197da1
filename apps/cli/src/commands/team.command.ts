import { createTeam, DEMO_USER_EMAIL, disconnectPrisma, getPrisma, listTeams, resolveDatabase, withTransaction } from '@rankfall/db';
import { z } from 'zod';
import { CliError } from '../cli-error';
import { defineCommand } from '../command';

export const teamCreateCommand = defineCommand({
  name: 'team create',
  summary: 'Create a team (slug and display name), owned by a user: the demo user unless --owner names another',
  usage: 'team create --slug <slug> --name <name> [--owner <email>] [--no-owner]',
  details: [
    '--slug <slug>    lowercase letters, digits and dashes (1–48 characters); other commands take it as --team',
    '--name <name>    the name the dashboard shows',
    `--owner <email>  the user who owns it (default: ${DEMO_USER_EMAIL} when it exists; rankfall demo --once creates it)`,
    '--no-owner       create it without members (only operators can reach it until someone is added)',
  ],
  options: { slug: { type: 'string' }, name: { type: 'string' }, owner: { type: 'string' }, 'no-owner': { type: 'boolean', default: false } },
  flags: z.object({ slug: z.string().min(1), name: z.string().trim().min(1).max(120), owner: z.string().min(3).optional(), 'no-owner': z.boolean() }),
  async run(flags, io) {
    if (flags.owner && flags['no-owner']) throw new CliError('INVALID_FLAG', '--owner and --no-owner exclude each other');
    const db = await resolveDatabase({ env: io.env });
    try {
      const prisma = getPrisma(db.url);
      let ownerId: string | null = null;
      if (!flags['no-owner']) {
        const email = (flags.owner ?? DEMO_USER_EMAIL).toLowerCase();
        const owner = await prisma.user.findUnique({ where: { email }, select: { id: true } });
        if (!owner) {
          throw new CliError(
            'FAILED',
            flags.owner ? `No user with email ${email}: --owner must name an existing user` : `No demo user ${email} yet: run "rankfall demo --once", pass --owner <email>, or --no-owner`,
          );
        }
        ownerId = owner.id;
      }
      const team = await withTransaction(prisma, (tx) => createTeam(tx, { slug: flags.slug, name: flags.name, ownerId }));
      io.out(`Created team ${team.slug} ("${team.name}", ${team.id})${ownerId ? ` owned by ${(flags.owner ?? DEMO_USER_EMAIL).toLowerCase()}` : ' without members'}; use it with --team ${team.slug}.`);
    } finally {
      await disconnectPrisma();
      await db.close();
    }
    return 0;
  },
});

export const teamListCommand = defineCommand({
  name: 'team list',
  summary: 'List every team: slug, name, members, datasets, models and runs',
  usage: 'team list',
  details: [],
  options: {},
  flags: z.object({}),
  async run(_flags, io) {
    const db = await resolveDatabase({ env: io.env });
    try {
      const teams = await listTeams(getPrisma(db.url));
      if (teams.length === 0) io.out('No teams yet: rankfall demo --once creates the demo team, rankfall team create another.');
      const width = Math.max(4, ...teams.map((team) => team.slug.length));
      for (const team of teams) {
        io.out(`${team.slug.padEnd(width)}  ${team.name}  (${team.members} member${team.members === 1 ? '' : 's'}, ${team.datasets} dataset${team.datasets === 1 ? '' : 's'}, ${team.models} model${team.models === 1 ? '' : 's'}, ${team.runs} run${team.runs === 1 ? '' : 's'})  ${team.id}`);
      }
    } finally {
      await disconnectPrisma();
      await db.close();
    }
    return 0;
  },
});
