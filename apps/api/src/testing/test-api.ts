import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalArtifactStore, type PrismaClient, type PublicUser } from '@rankfall/db';
import type { GraphQLFormattedError } from 'graphql';
import { defaultApiConfig, type ApiConfig } from '../api-config';
import { createContext, memoryCookies } from '../graphql/context';
import { createApollo } from '../graphql/create-apollo';
import type { ApiLogger } from '../graphql/errors';
import type { ApiDependencies } from '../services/services';
import { SignInRateLimiter } from '../services/sign-in-rate-limiter';
import { resolveViewer, type CredentialSources, type Viewer } from '../services/viewer.service';

export interface OperationResult<T = Record<string, unknown>> {
  data: T | null | undefined;
  errors: readonly GraphQLFormattedError[] | undefined;
  /** The first error's code, for terse assertions. */
  code: string | undefined;
}

/** Who runs an operation: a signed-in user, raw request credentials, or nobody. */
export type As = { user: PublicUser } | { headers: CredentialSources } | 'anonymous';

export const asUser = (user: PublicUser): As => ({ user });
export const withToken = (secret: string): As => ({ headers: { authorization: `Bearer ${secret}` } });

/**
 * The real Apollo server and real services over a real database, called in-process with
 * `executeOperation` (test-only). Logged server errors are kept for assertions.
 */
export async function createTestApi(prisma: PrismaClient, options: { config?: Partial<ApiConfig> } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'rankfall-api-'));
  const store = new LocalArtifactStore(join(dir, 'artifacts'));
  const config = { ...defaultApiConfig, ...options.config };
  const logged: string[] = [];
  const logger: ApiLogger = { error: (message, error) => logged.push(`${message}: ${error instanceof Error ? error.message : String(error)}`), info: () => undefined };
  const deps: ApiDependencies = { prisma, artifactStore: store, importRoot: config.importRoot, signInLimiter: new SignInRateLimiter(config.signInRateLimit) };
  const apollo = createApollo({ config, logger });
  await apollo.start();

  async function viewerOf(as: As): Promise<Viewer> {
    if (as === 'anonymous') return { kind: 'anonymous' };
    if ('user' in as) return { kind: 'user', user: as.user, sessionCookie: 'test-session' };
    return resolveViewer(prisma, as.headers);
  }

  async function execute<T = Record<string, unknown>>(as: As, query: string, variables: Record<string, unknown> = {}): Promise<OperationResult<T>> {
    const context = createContext(deps, await viewerOf(as), { clientIp: '203.0.113.7', cookies: memoryCookies() });
    const response = await apollo.executeOperation<T>({ query, variables }, { contextValue: context });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const { data, errors } = response.body.singleResult;
    return { data, errors, code: errors?.[0]?.extensions?.['code'] as string | undefined };
  }

  return {
    execute,
    store,
    deps,
    logged,
    stop: async () => {
      await apollo.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type TestApi = Awaited<ReturnType<typeof createTestApi>>;
