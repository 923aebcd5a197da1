import { z } from 'zod';
import { idSchema, teamRoleSchema } from '../inputs';

export const createApiTokenArgs = z.object({
  teamId: idSchema,
  name: z.string().trim().min(1).max(100),
  role: teamRoleSchema,
  expiresInDays: z.number().int().min(1).max(3650).nullish(),
});
export const revokeApiTokenArgs = z.object({ teamId: idSchema, id: idSchema });
