/** A forward page request: at most `first` rows after the row the cursor names (keyset pagination). */
export interface PageQuery<Cursor> {
  first: number;
  after?: Cursor | null;
}

/** Rows of one page and whether more follow. */
export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
}

/** Cursor of lists ordered by creation time with the id as tie-break. */
export interface CreatedAtCursor {
  createdAt: Date;
  id: string;
}

/** Cuts the `first + 1` rows a page query fetched down to the page and says whether more follow. */
export function toPage<T>(rows: T[], first: number): Page<T> {
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** Prisma `where` for "after this cursor" in (createdAt, id) order, descending or ascending. */
export function afterCreatedAt(cursor: CreatedAtCursor | null | undefined, direction: 'asc' | 'desc') {
  if (!cursor) return {};
  const op = direction === 'desc' ? 'lt' : 'gt';
  return { OR: [{ createdAt: { [op]: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { [op]: cursor.id } }] };
}
