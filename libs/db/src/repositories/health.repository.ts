import type { Db } from '../prisma-client';

/** True when the database answers a trivial query. */
export async function pingDatabase(db: Db): Promise<boolean> {
  return db.$queryRaw`SELECT 1`.then(
    () => true,
    () => false,
  );
}
