import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { PrismaClient } from '@rankfall/db';
import express from 'express';
import type { ApiContext } from './graphql/context';
import { resolvers } from './graphql/resolvers';
import { typeDefs } from './graphql/type-defs';
import { resolveViewer } from './services/viewer.service';

export function createApollo(httpServer?: Server): ApolloServer<ApiContext> {
  return new ApolloServer<ApiContext>({
    typeDefs,
    resolvers,
    plugins: httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer })] : [],
    // Errors reach clients with their code; stack traces stay out of responses.
    includeStacktraceInErrorResponses: false,
  });
}

export interface RunningApi {
  url: string;
  stop(): Promise<void>;
}

/** Starts the HTTP API: POST /graphql and GET /healthz. */
export async function startApiServer(options: { prisma: PrismaClient; port: number; host: string; webOrigins: string[] }): Promise<RunningApi> {
  const app = express();
  const httpServer = createServer(app);
  const apollo = createApollo(httpServer);
  await apollo.start();

  app.get('/healthz', (_request, response) => {
    response.json({ ok: true });
  });
  app.use('/graphql', (request, response, next) => {
    const origin = request.headers.origin;
    if (origin && options.webOrigins.includes(origin)) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Access-Control-Allow-Credentials', 'true');
      response.setHeader('Access-Control-Allow-Headers', 'content-type, authorization');
      response.setHeader('Vary', 'Origin');
    }
    if (request.method === 'OPTIONS') {
      response.sendStatus(204);
      return;
    }
    next();
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({ prisma: options.prisma, viewer: await resolveViewer(options.prisma, req.headers) }),
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host}:${port}/graphql`,
    stop: async () => {
      await apollo.stop();
    },
  };
}
