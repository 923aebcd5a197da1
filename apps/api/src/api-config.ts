import type { SignInRateLimitOptions } from './services/sign-in-rate-limiter';

/** Behaviour switches of one API instance (from the environment in main.ts; tests pass their own). */
export interface ApiConfig {
  /** Schema introspection; when off, validation errors also stop suggesting field names. */
  introspection: boolean;
  /** Deepest field nesting an operation may have (introspection fields do not count). */
  maxDepth: number;
  /** Highest static cost an operation may have (see cost-limit.rule.ts). */
  maxCost: number;
  /** Mark the session cookie `Secure` (HTTPS only). */
  secureCookies: boolean;
  signInRateLimit: SignInRateLimitOptions;
  /** Trust X-Forwarded-For for the client IP (only behind a proxy you run). */
  trustProxy: boolean;
  /** Folder server-path dataset imports may read from (on the workers' file system); null disables them. */
  importRoot: string | null;
  /** Largest weight upload accepted by POST /uploads/weights, in bytes. */
  maxUploadBytes: number;
  /** Largest dataset archive accepted by POST /uploads/datasets, in bytes. */
  maxDatasetUploadBytes: number;
}

export const defaultApiConfig: ApiConfig = {
  introspection: true,
  maxDepth: 12,
  maxCost: 20_000,
  secureCookies: false,
  signInRateLimit: { maxFailures: 10, windowMs: 15 * 60_000 },
  trustProxy: false,
  importRoot: null,
  maxUploadBytes: 512 * 1024 * 1024,
  maxDatasetUploadBytes: 2 * 1024 * 1024 * 1024,
};
