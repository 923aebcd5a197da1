import type { TeamWithRole } from '../../services/access.service';
import type { ListedApiToken } from '../../services/api-tokens.service';
import type { ResolverMap } from '../build-schema';
import type { ApiContext } from '../context';
import { createApiTokenArgs, revokeApiTokenArgs } from './api-tokens.inputs';

export const apiTokensResolvers: ResolverMap = {
  Team: {
    apiTokens: (team: TeamWithRole, _args: unknown, { services }: ApiContext) => services.apiTokens.list(team.id),
  },
  ApiToken: {
    owner: (token: ListedApiToken) => token.user,
  },
  Mutation: {
    createApiToken: (_parent: unknown, args: unknown, { services }: ApiContext) => services.apiTokens.create(createApiTokenArgs.parse(args)),
    revokeApiToken: (_parent: unknown, args: unknown, { services }: ApiContext) => services.apiTokens.revoke(revokeApiTokenArgs.parse(args)),
  },
};
