import type { CreatedAtCursor, Page, PageQuery } from '@rankfall/db';
import { z } from 'zod';
import { ApiError } from '../services/api-error';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** `first` / `after` of every connection field. */
export const pageArgsSchema = z.object({
  first: z.number().int().min(0).max(MAX_PAGE_SIZE).nullish(),
  after: z.string().max(1000).nullish(),
});

export const createdAtCursorSchema = z.object({ createdAt: z.coerce.date(), id: z.string().min(1).max(100) });

/** Cursors are opaque to clients: base64url of a small JSON value. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T>(schema: z.ZodType<T>, cursor: string | null | undefined): T | null {
  if (cursor === null || cursor === undefined) return null;
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new ApiError('BAD_USER_INPUT', 'Invalid cursor: pass an endCursor or edge cursor this API returned', { field: 'after' });
  }
}

export function parsePage<T>(args: unknown, cursorSchema: z.ZodType<T>): PageQuery<T> {
  const parsed = pageArgsSchema.parse(args);
  return { first: parsed.first ?? DEFAULT_PAGE_SIZE, after: decodeCursor(cursorSchema, parsed.after) };
}

export const parseCreatedAtPage = (args: unknown): PageQuery<CreatedAtCursor> => parsePage(args, createdAtCursorSchema);

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Called by the default resolver only when the client asks for it (one COUNT query). */
  totalCount: () => Promise<number>;
}

export function toConnection<Row, Node = Row>(page: Page<Row>, cursorOf: (row: Row) => unknown, totalCount: () => Promise<number>, nodeOf?: (row: Row) => Node): Connection<Node> {
  const edges = page.rows.map((row) => ({ cursor: encodeCursor(cursorOf(row)), node: (nodeOf ? nodeOf(row) : row) as Node }));
  return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}

export const createdAtCursorOf = (row: { createdAt: Date; id: string }) => ({ createdAt: row.createdAt.toISOString(), id: row.id });
