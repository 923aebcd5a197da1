import type { ImageResultFilter } from '@rankfall/db';
import { z } from 'zod';
import { ApiError } from '../../services/api-error';
import { idSchema, splitSchema } from '../inputs';
import { pageArgsSchema } from '../pagination';

const finite = z.number().finite();
const floatRange = z.object({ gt: finite.nullish(), gte: finite.nullish(), lt: finite.nullish(), lte: finite.nullish() });

const filterSchema: z.ZodType<ImageResultFilter> = z.lazy(() =>
  z.object({
    AND: z.array(filterSchema).max(20).nullish(),
    OR: z.array(filterSchema).max(20).nullish(),
    imageKeyIn: z.array(z.string().max(1000)).max(1000).nullish(),
    imageIdIn: z.array(idSchema).max(1000).nullish(),
    splitIn: z.array(splitSchema).max(3).nullish(),
    mos: floatRange.nullish(),
    cleanScore: floatRange.nullish(),
    attackedScore: floatRange.nullish(),
    scoreChangeAbsGt: finite.nullish(),
    rankMovedGt: finite.nullish(),
    visibility: z.enum(['VISIBLE', 'NOT_VISIBLE', 'NOT_RATED']).nullish(),
  }),
);

export const MAX_FILTER_NESTING = 4;
export const MAX_FILTER_CONDITIONS = 100;

function measure(filter: ImageResultFilter, level: number): { depth: number; conditions: number } {
  const nested = [...(filter.AND ?? []), ...(filter.OR ?? [])].map((child) => measure(child, level + 1));
  const own = Object.entries(filter).filter(([key, value]) => key !== 'AND' && key !== 'OR' && value !== null && value !== undefined).length;
  return { depth: Math.max(level, ...nested.map((n) => n.depth)), conditions: own + nested.reduce((sum, n) => sum + n.conditions, 0) };
}

/** Parses a filter and bounds its size, so one request cannot build an enormous SQL condition. */
function parseFilter(value: unknown): ImageResultFilter | null {
  if (value === null || value === undefined) return null;
  const filter = filterSchema.parse(value);
  const { depth, conditions } = measure(filter, 1);
  if (depth > MAX_FILTER_NESTING) throw new ApiError('BAD_USER_INPUT', `The filter nests ${depth} levels; at most ${MAX_FILTER_NESTING}`, { field: 'filter' });
  if (conditions > MAX_FILTER_CONDITIONS) throw new ApiError('BAD_USER_INPUT', `The filter has ${conditions} conditions; at most ${MAX_FILTER_CONDITIONS}`, { field: 'filter' });
  return filter;
}

const orderSchema = z.object({
  field: z.enum(['KEY', 'MOS', 'CLEAN_SCORE', 'ATTACKED_SCORE', 'SCORE_CHANGE', 'RANK_MOVED']),
  direction: z.enum(['ASC', 'DESC']).nullish(),
});

const viewArgsSchema = z.object({ filter: z.unknown().optional(), orderBy: orderSchema.nullish() });
const resultsArgsSchema = pageArgsSchema.extend(viewArgsSchema.shape);

/** The filter and order of a list of results (no page): e.g. for an image's neighbours in it. */
export function parseImageResultsView(args: unknown) {
  return parseView(viewArgsSchema.parse(args));
}

export function parseImageResultsArgs(args: unknown) {
  return parseView(resultsArgsSchema.parse(args));
}

function parseView(parsed: z.output<typeof viewArgsSchema>) {
  return {
    filter: parseFilter(parsed.filter),
    order: parsed.orderBy ? { field: parsed.orderBy.field, direction: parsed.orderBy.direction ?? 'ASC' } : null,
  };
}

export const imageResultCursor = z.object({ value: z.union([z.number(), z.string().max(1000), z.null()]), id: idSchema });
export const runIdArgs = z.object({ runId: idSchema });
export const imageIdArgs = z.object({ imageId: idSchema });
