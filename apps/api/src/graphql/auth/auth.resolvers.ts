import type { ResolverMap } from '../build-schema';
import type { ApiContext } from '../context';
import { signInArgs, signUpArgs } from './auth.inputs';

export const authResolvers: ResolverMap = {
  Query: {
    viewer: async (_parent: unknown, _args: unknown, { viewer, access }: ApiContext) => {
      if (viewer.kind === 'anonymous') return null;
      return { user: viewer.user, via: viewer.kind === 'user' ? 'USER' : 'TOKEN', teams: await access.teamsWithRoles() };
    },
  },
  Mutation: {
    signUp: async (_parent: unknown, args: unknown, { services, cookies }: ApiContext) => {
      const session = await services.auth.signUp(signUpArgs.parse(args));
      cookies.set(session.cookie, session.expiresAt);
      return { user: session.user };
    },
    signIn: async (_parent: unknown, args: unknown, { services, cookies, clientIp }: ApiContext) => {
      const session = await services.auth.signIn(signInArgs.parse(args), clientIp);
      cookies.set(session.cookie, session.expiresAt);
      return { user: session.user };
    },
    signOut: async (_parent: unknown, _args: unknown, { services, cookies }: ApiContext) => {
      const ended = await services.auth.signOut();
      cookies.clear();
      return ended;
    },
  },
};
