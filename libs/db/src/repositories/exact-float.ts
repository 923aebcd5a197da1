import { Prisma } from '../generated/prisma/client';

/**
 * Prisma 6.19's query compiler sends float parameters rounded to 16 significant digits (53.578096324971625
 * arrives as 53.57809632497163, one ulp off; docs/database.md). Values that must survive bit for bit travel as
 * their shortest round-trip text and are cast to float8 in SQL.
 */
export function exactFloatText(value: number): string {
  return Number.isFinite(value) ? String(value) : 'NaN';
}

/** A float as an exact `float8` SQL value (a string, e.g. a keyset cursor's text value, passes unchanged). */
export function exactFloat(value: number | string): Prisma.Sql {
  return typeof value === 'number' ? Prisma.sql`${exactFloatText(value)}::float8` : Prisma.sql`${value}`;
}
