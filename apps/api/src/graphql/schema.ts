import type { GraphQLSchema } from 'graphql';
import { apiTokensResolvers } from './api-tokens/api-tokens.resolvers';
import { apiTokensTypeDefs } from './api-tokens/api-tokens.type-defs';
import { authResolvers } from './auth/auth.resolvers';
import { authTypeDefs } from './auth/auth.type-defs';
import { buildExecutableSchema } from './build-schema';
import { catalogResolvers } from './catalog/catalog.resolvers';
import { catalogTypeDefs } from './catalog/catalog.type-defs';
import { commonResolvers } from './common/common.resolvers';
import { commonTypeDefs } from './common/common.type-defs';
import { imageResultsResolvers } from './image-results/image-results.resolvers';
import { imageResultsTypeDefs } from './image-results/image-results.type-defs';
import { importsResolvers } from './imports/imports.resolvers';
import { importsTypeDefs } from './imports/imports.type-defs';
import { modelsResolvers } from './models/models.resolvers';
import { modelsTypeDefs } from './models/models.type-defs';
import { transferResolvers } from './transfer/transfer.resolvers';
import { transferTypeDefs } from './transfer/transfer.type-defs';
import { reviewResolvers } from './review/review.resolvers';
import { reviewTypeDefs } from './review/review.type-defs';
import { runsResolvers } from './runs/runs.resolvers';
import { runsTypeDefs } from './runs/runs.type-defs';
import { subscriptionsResolvers } from './subscriptions/subscriptions.resolvers';
import { subscriptionsTypeDefs } from './subscriptions/subscriptions.type-defs';
import { teamsResolvers } from './teams/teams.resolvers';
import { teamsTypeDefs } from './teams/teams.type-defs';

/** Every module's SDL, in one place (schema-first). */
export const typeDefs = [commonTypeDefs, authTypeDefs, teamsTypeDefs, apiTokensTypeDefs, catalogTypeDefs, runsTypeDefs, imageResultsTypeDefs, importsTypeDefs, reviewTypeDefs, subscriptionsTypeDefs, modelsTypeDefs, transferTypeDefs];

const resolvers = [commonResolvers, authResolvers, teamsResolvers, apiTokensResolvers, catalogResolvers, runsResolvers, imageResultsResolvers, importsResolvers, reviewResolvers, subscriptionsResolvers, modelsResolvers, transferResolvers];

let schema: GraphQLSchema | undefined;

/** The executable schema (built once per process; it holds no per-request state). */
export function apiSchema(): GraphQLSchema {
  schema ??= buildExecutableSchema(typeDefs, resolvers);
  return schema;
}
