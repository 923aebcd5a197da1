import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { ApiConfig } from '../api-config';
import type { ApiContext } from './context';
import { consoleLogger, createFormatError, type ApiLogger } from './errors';
import { costLimitRule } from './limits/cost-limit.rule';
import { depthLimitRule } from './limits/depth-limit.rule';
import { apiSchema } from './schema';

export function createApollo(options: { config: ApiConfig; logger?: ApiLogger; httpServer?: Server }): ApolloServer<ApiContext> {
  const { config } = options;
  return new ApolloServer<ApiContext>({
    schema: apiSchema(),
    introspection: config.introspection,
    // Without introspection, "Did you mean …?" suggestions must not reveal field names either.
    hideSchemaDetailsFromClientErrors: !config.introspection,
    validationRules: [depthLimitRule(config.maxDepth), costLimitRule(config.maxCost)],
    formatError: createFormatError(options.logger ?? consoleLogger),
    includeStacktraceInErrorResponses: false,
    // GET /graphql in a browser gets our own offline page (http/landing-page.ts), never a CDN explorer.
    plugins: [ApolloServerPluginLandingPageDisabled(), ...(options.httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer: options.httpServer })] : [])],
  });
}
