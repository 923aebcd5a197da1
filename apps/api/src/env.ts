import { z } from 'zod';

/** Environment of the API, validated at start-up (README "Environment variables"). */
export const apiEnvSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  RANKFALL_API_PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  RANKFALL_API_HOST: z.string().min(1).default('127.0.0.1'),
  /** Origins allowed to call the API from a browser, comma-separated (the dashboard's origin). */
  RANKFALL_WEB_ORIGIN: z.string().default('http://127.0.0.1:3000'),
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
