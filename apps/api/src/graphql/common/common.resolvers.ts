import type { ResolverMap } from '../build-schema';
import type { ApiContext } from '../context';
import { DateTimeScalar, JSONScalar } from './scalars';

export const commonResolvers: ResolverMap = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: {
    health: (_parent: unknown, _args: unknown, context: ApiContext) => context.services.health.check(),
  },
};
