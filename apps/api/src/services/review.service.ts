import { addComment, countComments, listCommentsPage, rateVisibility, type CommentRow, type CreatedAtCursor, type PageQuery, type PrismaClient, type VisibilityRatingRow } from '@rankfall/db';
import type { AccessService } from './access.service';
import type { Listing } from './catalog.service';
import type { ImageResultsService } from './image-results.service';
import type { Loaders } from './loaders';
import type { RunsService } from './runs.service';

/** Comments and visibility ratings: read by VIEWER+, written by MEMBER+. */
export class ReviewService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly access: AccessService,
    private readonly loaders: Loaders,
    private readonly runs: RunsService,
    private readonly results: ImageResultsService,
  ) {}

  async addComment(input: { runId: string; imageId?: string | null; step?: number | null; body: string; view?: { z: number; cx: number; cy: number } | null }): Promise<CommentRow> {
    const run = await this.runs.run(input.runId);
    await this.access.requireRole(run.teamId, 'MEMBER');
    return addComment(this.prisma, { ...input, teamId: run.teamId, authorId: this.access.requireUser().id });
  }

  async comments(runId: string, imageId: string | null, page: PageQuery<CreatedAtCursor>, direction: 'asc' | 'desc' = 'asc'): Promise<Listing<CommentRow>> {
    const run = await this.runs.run(runId);
    const query = { teamId: run.teamId, runId: run.id, imageId };
    return { page: await listCommentsPage(this.prisma, query, page, direction), total: () => countComments(this.prisma, query) };
  }

  /** The viewer's own rating of a result it can read (batched with `ratings` through the same loader). */
  async myRating(imageResultId: string): Promise<VisibilityRatingRow | null> {
    const user = this.access.requireUser();
    const ratings = await this.loaders.ratingsOfImageResult.load(imageResultId);
    return ratings.find((rating) => rating.user.id === user.id) ?? null;
  }

  /** One rating per reviewer per image result; rating again replaces it. */
  async rateVisibility(input: { imageResultId: string; visible: boolean }): Promise<VisibilityRatingRow> {
    const result = await this.results.result(input.imageResultId);
    const run = await this.runs.run(result.runId);
    await this.access.requireRole(run.teamId, 'MEMBER');
    const rating = await rateVisibility(this.prisma, { ...input, teamId: run.teamId, userId: this.access.requireUser().id });
    this.loaders.ratingsOfImageResult.clear(result.id);
    return rating;
  }
}
