import { publicUserSelect } from '@rankfall/db';
import { teamsOfViewer } from '../services/viewer.service';
import type { ApiContext } from './context';

export const API_VERSION = '0.1.0';

/** Thin resolvers: authorize, call a service, map errors. */
export const resolvers = {
  Query: {
    health: async (_parent: unknown, _args: unknown, context: ApiContext) => {
      const database = await context.prisma.$queryRaw`SELECT 1`.then(
        () => true,
        () => false,
      );
      return { ok: database, version: API_VERSION, database };
    },
    viewer: async (_parent: unknown, _args: unknown, context: ApiContext) => {
      const { viewer, prisma } = context;
      if (viewer.kind === 'anonymous') return null;
      const user =
        viewer.kind === 'user' ? viewer.user : await prisma.user.findUnique({ where: { id: viewer.userId }, select: publicUserSelect });
      return { user, via: viewer.kind === 'user' ? 'USER' : 'TOKEN', teams: await teamsOfViewer(prisma, viewer) };
    },
  },
};
