import { z } from 'zod';
import { idSchema } from '../inputs';
import { pageArgsSchema } from '../pagination';

const fraction = z.number().finite().min(0).max(1);
export const addCommentArgs = z
  .object({
    runId: idSchema,
    imageId: idSchema.nullish(),
    step: z.number().int().min(0).max(1_000_000).nullish(),
    body: z.string().trim().min(1).max(10_000),
    view: z.object({ z: z.number().finite().min(1).max(64), cx: fraction, cy: fraction }).nullish(),
  })
  .refine((args) => !args.view || args.imageId, { message: 'view is for comments on an image: give imageId too', path: ['view'] });
const commentOrder = z.enum(['OLDEST_FIRST', 'NEWEST_FIRST']).nullish();
export const commentsArgs = pageArgsSchema.extend({ runId: idSchema, imageId: idSchema.nullish(), order: commentOrder });
export const runCommentsArgs = pageArgsSchema.extend({ imageId: idSchema.nullish(), order: commentOrder });
export const rateVisibilityArgs = z.object({ imageResultId: idSchema, visible: z.boolean() });
