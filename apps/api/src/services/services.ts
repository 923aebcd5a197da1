import type { ArtifactStore, PrismaClient } from '@rankfall/db';
import { AccessService } from './access.service';
import { ApiTokensService } from './api-tokens.service';
import { ArtifactsService } from './artifacts.service';
import { AuthService } from './auth.service';
import { CatalogService } from './catalog.service';
import { ExportsService } from './exports.service';
import { HealthService } from './health.service';
import { ImageResultsService } from './image-results.service';
import { ImportsService } from './imports.service';
import { ModelsService } from './models.service';
import { TransfersService } from './transfers.service';
import { createLoaders, type Loaders } from './loaders';
import { ReviewService } from './review.service';
import { RunsService } from './runs.service';
import type { SignInRateLimiter } from './sign-in-rate-limiter';
import { TeamsService } from './teams.service';
import type { Viewer } from './viewer.service';

/** What lives for the whole process (one per API instance). */
export interface ApiDependencies {
  prisma: PrismaClient;
  signInLimiter: SignInRateLimiter;
  artifactStore: ArtifactStore;
  /** Server-path dataset imports read under this folder only (null: refused). */
  importRoot: string | null;
}

/** Per request (or per subscription event): the viewer's access, fresh loaders and the services over them. */
export interface RequestScope {
  access: AccessService;
  loaders: Loaders;
  services: Services;
}

export interface Services {
  health: HealthService;
  auth: AuthService;
  teams: TeamsService;
  apiTokens: ApiTokensService;
  catalog: CatalogService;
  runs: RunsService;
  imageResults: ImageResultsService;
  review: ReviewService;
  artifacts: ArtifactsService;
  exports: ExportsService;
  imports: ImportsService;
  models: ModelsService;
  transfers: TransfersService;
}

/** `authenticatedNow`: the viewer was resolved by this very request (see AccessService). */
export function createRequestScope(deps: ApiDependencies, viewer: Viewer, authenticatedNow = false): RequestScope {
  const { prisma } = deps;
  const access = new AccessService(prisma, viewer, authenticatedNow);
  const loaders = createLoaders(prisma, access);
  const runs = new RunsService(prisma, access, loaders);
  const imageResults = new ImageResultsService(prisma, access, loaders, runs);
  return {
    access,
    loaders,
    services: {
      health: new HealthService(prisma),
      auth: new AuthService(prisma, access, deps.signInLimiter),
      teams: new TeamsService(prisma, access),
      apiTokens: new ApiTokensService(prisma, access),
      catalog: new CatalogService(prisma, access, loaders),
      runs,
      imageResults,
      review: new ReviewService(prisma, access, loaders, runs, imageResults),
      artifacts: new ArtifactsService(prisma, access, deps.artifactStore),
      exports: new ExportsService(prisma, runs),
      imports: new ImportsService(prisma, access, { importRoot: deps.importRoot }),
      models: new ModelsService(prisma, access),
      transfers: new TransfersService(prisma, access),
    },
  };
}
