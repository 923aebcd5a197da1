import { z } from 'zod';
import { idSchema, teamRoleSchema } from '../inputs';

export const teamSlugArgs = z.object({ slug: z.string().min(1).max(48) });
export const createTeamArgs = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, 'must be lowercase letters, digits and dashes (1–48 characters)'),
  name: z.string().trim().min(1).max(100),
});
export const inviteMemberArgs = z.object({ teamId: idSchema, email: z.email().max(254), role: teamRoleSchema });
export const changeRoleArgs = z.object({ teamId: idSchema, userId: idSchema, role: teamRoleSchema });
export const memberArgs = z.object({ teamId: idSchema, userId: idSchema });
export const teamIdArgs = z.object({ teamId: idSchema });
