import { createServer } from 'node:http';
import { expressMiddleware } from '@as-integrations/express5';
import { RunEventsListener, type ArtifactStore, type PrismaClient } from '@rankfall/db';
import express, { type RequestHandler } from 'express';
import { defaultApiConfig, type ApiConfig } from './api-config';
import { createContext } from './graphql/context';
import { createApollo } from './graphql/create-apollo';
import { apiGraphQLError, consoleLogger, type ApiLogger } from './graphql/errors';
import { fileRoutes } from './http/file-routes';
import { uploadRoutes } from './http/upload-routes';
import { jsonErrorHandler, jsonNotFound, requireJsonBody } from './http/json-errors';
import { landingPage } from './http/landing-page';
import { responseCookies } from './http/session-cookies';
import { ApiError } from './services/api-error';
import type { ApiDependencies } from './services/services';
import { SignInRateLimiter } from './services/sign-in-rate-limiter';
import { resolveViewer } from './services/viewer.service';
import type { RunEventSource } from './subscriptions/run-updates';
import { attachSubscriptions } from './subscriptions/ws-server';

export interface ApiServerOptions {
  prisma: PrismaClient;
  artifactStore: ArtifactStore;
  port: number;
  host: string;
  webOrigins: string[];
  /** Where run events come from; by default a RunEventsListener (one LISTEN connection) on `databaseUrl`. */
  runEvents?: RunEventSource;
  databaseUrl?: string;
  config?: Partial<ApiConfig>;
  logger?: ApiLogger;
}

export interface RunningApi {
  /** http://host:port/graphql */
  url: string;
  /** http://host:port */
  origin: string;
  stop(): Promise<void>;
}

function cors(webOrigins: readonly string[]): RequestHandler {
  return (request, response, next) => {
    const origin = request.headers.origin;
    if (origin && webOrigins.includes(origin)) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Access-Control-Allow-Credentials', 'true');
      response.setHeader('Access-Control-Allow-Headers', 'content-type, authorization, apollo-require-preflight');
      response.setHeader('Vary', 'Origin');
    }
    if (request.method === 'OPTIONS') {
      response.sendStatus(204);
      return;
    }
    next();
  };
}

/** Starts the API: POST /graphql (+ graphql-ws on the same path), the artifact and export routes, GET /healthz. */
export async function startApiServer(options: ApiServerOptions): Promise<RunningApi> {
  const config: ApiConfig = { ...defaultApiConfig, ...options.config };
  const logger = options.logger ?? consoleLogger;
  const deps: ApiDependencies = { prisma: options.prisma, artifactStore: options.artifactStore, importRoot: config.importRoot, signInLimiter: new SignInRateLimiter(config.signInRateLimit) };
  const ownListener = options.runEvents
    ? null
    : await RunEventsListener.start({
        databaseUrl: options.databaseUrl ?? required('databaseUrl (or runEvents)'),
        onError: (error) => logger.error('run events listener', error),
      });
  const runEvents = options.runEvents ?? ownListener!;

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  const httpServer = createServer(app);
  const apollo = createApollo({ config, logger, httpServer });
  await apollo.start();
  const subscriptions = attachSubscriptions({ httpServer, deps, runEvents, config, logger, webOrigins: options.webOrigins });

  app.use(cors(options.webOrigins));
  app.get('/healthz', (_request, response) => {
    response.json({ ok: true });
  });
  app.get('/graphql', landingPage);
  app.use(
    '/graphql',
    requireJsonBody,
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        try {
          const viewer = await resolveViewer(options.prisma, { authorization: req.headers.authorization, cookie: req.headers.cookie });
          return createContext(deps, viewer, { clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown', cookies: responseCookies(res, config.secureCookies), authenticatedNow: true });
        } catch (error) {
          if (error instanceof ApiError) throw apiGraphQLError(error.code, error.message);
          throw error;
        }
      },
    }),
  );
  app.use(fileRoutes(deps));
  app.use(uploadRoutes(deps, { weights: config.maxUploadBytes, datasets: config.maxDatasetUploadBytes }));
  app.use(jsonNotFound);
  app.use(jsonErrorHandler((message, error) => logger.error(message, error)));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const origin = `http://${options.host}:${port}`;
  return {
    url: `${origin}/graphql`,
    origin,
    stop: async () => {
      await subscriptions.close();
      await apollo.stop();
      await ownListener?.close();
    },
  };
}

function required(what: string): never {
  throw new Error(`startApiServer needs ${what}`);
}
