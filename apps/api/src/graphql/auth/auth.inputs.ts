import { z } from 'zod';

export const signUpArgs = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(100),
  password: z.string().min(10, 'must have at least 10 characters').max(200),
});

export const signInArgs = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});
