import type { CommentRow, ImageResultRow, RunRow } from '@rankfall/db';
import type { ResolverMap } from '../build-schema';
import type { ApiContext } from '../context';
import { createdAtCursorOf, parseCreatedAtPage, toConnection } from '../pagination';
import { addCommentArgs, commentsArgs, rateVisibilityArgs, runCommentsArgs } from './review.inputs';

async function commentsConnection(runId: string, imageId: string | null, args: unknown, { services }: ApiContext) {
  const { page, total } = await services.review.comments(runId, imageId, parseCreatedAtPage(args));
  return toConnection(page, createdAtCursorOf, total);
}

export const reviewResolvers: ResolverMap = {
  Query: {
    comments: (_parent: unknown, args: unknown, context: ApiContext) => {
      const { runId, imageId } = commentsArgs.parse(args);
      return commentsConnection(runId, imageId ?? null, args, context);
    },
  },
  Run: {
    comments: (run: RunRow, args: unknown, context: ApiContext) => commentsConnection(run.id, runCommentsArgs.parse(args).imageId ?? null, args, context),
  },
  ImageResult: {
    ratings: (result: ImageResultRow, _args: unknown, { loaders }: ApiContext) => loaders.ratingsOfImageResult.load(result.id),
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
