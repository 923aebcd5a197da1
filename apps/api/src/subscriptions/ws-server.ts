import type { Server } from 'node:http';
import { getOperationAST, GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { ApiConfig } from '../api-config';
import { createContext, memoryCookies } from '../graphql/context';
import { createFormatError, type ApiLogger } from '../graphql/errors';
import { costLimitRule } from '../graphql/limits/cost-limit.rule';
import { depthLimitRule } from '../graphql/limits/depth-limit.rule';
import { apiSchema } from '../graphql/schema';
import type { SubscriptionContext } from '../graphql/subscriptions/subscriptions.resolvers';
import type { ApiDependencies } from '../services/services';
import { resolveViewer, type Viewer } from '../services/viewer.service';
import type { RunEventSource } from './run-updates';

const clientError = (message: string, code: string) => new GraphQLError(message, { extensions: { code } });

function toGraphQLErrors(errors: readonly GraphQLFormattedError[]): GraphQLError[] {
  return errors.map((error) => new GraphQLError(error.message, { extensions: error.extensions ?? {} }));
}

/**
 * graphql-ws on the API's HTTP server (path /graphql, subscriptions only). The connection
 * authenticates once from `connectionParams.authorization` (Bearer token) or the session cookie (the
 * cookie only from an allowed Origin, against cross-site WebSocket hijacking); a bad token closes it
 * (4403). Each operation gets a fresh context; the same validation rules and error masking as HTTP.
 */
export function attachSubscriptions(options: {
  httpServer: Server;
  deps: ApiDependencies;
  runEvents: RunEventSource;
  config: ApiConfig;
  logger: ApiLogger;
  webOrigins: readonly string[];
}): { close(): Promise<void> } {
  const { deps, config } = options;
  const schema = apiSchema();
  const rules = [...specifiedRules, depthLimitRule(config.maxDepth), costLimitRule(config.maxCost)];
  const format = createFormatError(options.logger);
  const wsServer = new WebSocketServer({ server: options.httpServer, path: '/graphql', maxPayload: 1024 * 1024 });

  const server = useServer<{ authorization?: unknown }, { viewer?: Viewer }>(
    {
      schema,
      onConnect: async (ctx) => {
        const request = ctx.extra.request;
        const origin = request.headers.origin;
        const cookieAllowed = !origin || options.webOrigins.includes(origin);
        const authorization = typeof ctx.connectionParams?.authorization === 'string' ? ctx.connectionParams.authorization : undefined;
        try {
          ctx.extra.viewer = await resolveViewer(deps.prisma, { authorization, cookie: cookieAllowed ? request.headers.cookie : undefined });
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: (_ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [clientError(error instanceof GraphQLError ? error.message : 'Syntax error', 'GRAPHQL_PARSE_FAILED')];
        }
        const errors = validate(schema, document, rules);
        if (errors.length) {
          return toGraphQLErrors(
            errors.map((error) => {
              const code = error.extensions['code'];
              const message = config.introspection ? error.message : error.message.replace(/ ?Did you mean(.+?)\?$/, '');
              return { message, extensions: { ...error.extensions, code: typeof code === 'string' ? code : 'GRAPHQL_VALIDATION_FAILED' } };
            }),
          );
        }
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [clientError('Could not determine which operation to run', 'OPERATION_RESOLUTION_FAILURE')];
        if (operation.operation !== 'subscription') return [clientError('Only subscriptions go over the WebSocket: POST queries and mutations to /graphql', 'BAD_REQUEST')];
        return { schema, document, operationName: payload.operationName ?? null, variableValues: payload.variables ?? null };
      },
      context: (ctx): SubscriptionContext => {
        const viewer = ctx.extra.viewer ?? { kind: 'anonymous' };
        const clientIp = ctx.extra.request.socket.remoteAddress ?? 'unknown';
        return { ...createContext(deps, viewer, { clientIp, cookies: memoryCookies() }), runEvents: options.runEvents };
      },
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map((error) => format(error.toJSON(), error)) } : undefined),
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => format(error.toJSON(), error)),
    },
    wsServer,
  );

  return {
    close: async () => {
      await server.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
