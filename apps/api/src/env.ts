import { z } from 'zod';
import { defaultApiConfig, type ApiConfig } from './api-config';

const unset = (value: unknown) => (value === '' ? undefined : value);
const flag = z.preprocess(unset, z.enum(['true', 'false', '1', '0'], { message: 'expected true or false' }).optional()).transform((value) => (value === undefined ? undefined : value === 'true' || value === '1'));
const positiveInt = (fallback: number, max: number) => z.preprocess(unset, z.coerce.number().int().min(1).max(max).default(fallback));

/** Environment of the API, validated at start-up (README "Environment variables"). */
export const apiEnvSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  NODE_ENV: z.string().optional(),
  /** 0 = any free port (the ready line says which). */
  RANKFALL_API_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  RANKFALL_API_HOST: z.string().min(1).default('127.0.0.1'),
  /** Origins allowed to call the API from a browser, comma-separated (the dashboard's origin). */
  RANKFALL_WEB_ORIGIN: z.string().default('http://127.0.0.1:3000'),
  RANKFALL_API_INTROSPECTION: flag,
  RANKFALL_API_MAX_DEPTH: positiveInt(defaultApiConfig.maxDepth, 100),
  RANKFALL_API_MAX_COST: positiveInt(defaultApiConfig.maxCost, 10_000_000),
  RANKFALL_API_SECURE_COOKIES: flag,
  RANKFALL_API_TRUST_PROXY: flag,
  RANKFALL_SIGNIN_MAX_FAILURES: positiveInt(defaultApiConfig.signInRateLimit.maxFailures, 10_000),
  RANKFALL_SIGNIN_WINDOW_MINUTES: positiveInt(defaultApiConfig.signInRateLimit.windowMs / 60_000, 24 * 60),
  /** Folder that server-path dataset imports may read from (absolute); unset = such imports are refused. */
  RANKFALL_IMPORT_ROOT: z.preprocess(unset, z.string().refine((path) => path.startsWith('/'), 'must be an absolute path').optional()),
  RANKFALL_MAX_UPLOAD_BYTES: positiveInt(defaultApiConfig.maxUploadBytes, 8 * 1024 * 1024 * 1024),
  /** Largest dataset zip POST /uploads/datasets accepts (at most 4 GiB - 1: the extractor reads no zip64). */
  RANKFALL_MAX_DATASET_UPLOAD_BYTES: positiveInt(defaultApiConfig.maxDatasetUploadBytes, 0xffffffff),
});

export type ApiEnv = z.infer<typeof apiEnvSchema>;

export function parseApiEnv(env: NodeJS.ProcessEnv): ApiEnv {
  const parsed = apiEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Production (NODE_ENV=production) turns introspection off and cookies Secure unless overridden. */
export function apiConfigFromEnv(env: ApiEnv): ApiConfig {
  const production = env.NODE_ENV === 'production';
  return {
    introspection: env.RANKFALL_API_INTROSPECTION ?? !production,
    maxDepth: env.RANKFALL_API_MAX_DEPTH,
    maxCost: env.RANKFALL_API_MAX_COST,
    secureCookies: env.RANKFALL_API_SECURE_COOKIES ?? production,
    trustProxy: env.RANKFALL_API_TRUST_PROXY ?? false,
    signInRateLimit: { maxFailures: env.RANKFALL_SIGNIN_MAX_FAILURES, windowMs: env.RANKFALL_SIGNIN_WINDOW_MINUTES * 60_000 },
    importRoot: env.RANKFALL_IMPORT_ROOT ?? null,
    maxUploadBytes: env.RANKFALL_MAX_UPLOAD_BYTES,
    maxDatasetUploadBytes: env.RANKFALL_MAX_DATASET_UPLOAD_BYTES,
  };
}
