import type { CommentRow, ImageResultRow, RunRow } from '@rankfall/db';
import type { ResolverMap } from '../build-schema';
import type { ApiContext } from '../context';
import { createdAtCursorOf, parseCreatedAtPage, toConnection } from '../pagination';
import { addCommentArgs, commentsArgs, rateVisibilityArgs, runCommentsArgs } from './review.inputs';

type CommentOrder = 'OLDEST_FIRST' | 'NEWEST_FIRST' | null | undefined;

async function commentsConnection(runId: string, imageId: string | null, order: CommentOrder, args: unknown, { services }: ApiContext) {
  const { page, total } = await services.review.comments(runId, imageId, parseCreatedAtPage(args), order === 'NEWEST_FIRST' ? 'desc' : 'asc');
  return toConnection(page, createdAtCursorOf, total);
}

export const reviewResolvers: ResolverMap = {
  Query: {
    comments: (_parent: unknown, args: unknown, context: ApiContext) => {
      const { runId, imageId, order } = commentsArgs.parse(args);
      return commentsConnection(runId, imageId ?? null, order, args, context);
    },
  },
  Run: {
    comments: (run: RunRow, args: unknown, context: ApiContext) => {
      const { imageId, order } = runCommentsArgs.parse(args);
      return commentsConnection(run.id, imageId ?? null, order, args, context);
    },
  },
  ImageResult: {
    ratings: (result: ImageResultRow, _args: unknown, { loaders }: ApiContext) => loaders.ratingsOfImageResult.load(result.id),
    myRating: (result: ImageResultRow, _args: unknown, { services }: ApiContext) => services.review.myRating(result.id),
  },
  Comment: {
    image: (comment: CommentRow, _args: unknown, { services }: ApiContext) => (comment.imageId ? services.catalog.image(comment.imageId) : null),
    run: (comment: CommentRow, _args: unknown, { services }: ApiContext) => services.runs.run(comment.runId),
  },
  Mutation: {
    addComment: (_parent: unknown, args: unknown, { services }: ApiContext) => services.review.addComment(addCommentArgs.parse(args)),
    rateVisibility: (_parent: unknown, args: unknown, { services }: ApiContext) => services.review.rateVisibility(rateVisibilityArgs.parse(args)),
  },
};
