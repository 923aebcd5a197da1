import { z } from 'zod';

/** Shared zod pieces for GraphQL arguments (validated at the edge, STYLE.md §10). */
export const idSchema = z.string().min(1).max(64);
export const teamRoleSchema = z.enum(['OWNER', 'ADMIN', 'MEMBER', 'VIEWER']);
export const splitSchema = z.enum(['TRAIN', 'VAL', 'TEST']);
export const runStatusSchema = z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']);
