import { z } from 'zod';
import { idSchema } from '../inputs';
import { pageArgsSchema } from '../pagination';

export const addCommentArgs = z.object({
  runId: idSchema,
  imageId: idSchema.nullish(),
  step: z.number().int().min(0).max(1_000_000).nullish(),
  body: z.string().trim().min(1).max(10_000),
});
const commentOrder = z.enum(['OLDEST_FIRST', 'NEWEST_FIRST']).nullish();
export const commentsArgs = pageArgsSchema.extend({ runId: idSchema, imageId: idSchema.nullish(), order: commentOrder });
export const runCommentsArgs = pageArgsSchema.extend({ imageId: idSchema.nullish(), order: commentOrder });
export const rateVisibilityArgs = z.object({ imageResultId: idSchema, visible: z.boolean() });
