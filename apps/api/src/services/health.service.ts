import { pingDatabase, type PrismaClient } from '@rankfall/db';

export const API_VERSION = '0.1.0';

export class HealthService {
  constructor(private readonly prisma: PrismaClient) {}

  async check(): Promise<{ ok: boolean; version: string; database: boolean }> {
    const database = await pingDatabase(this.prisma);
    return { ok: database, version: API_VERSION, database };
  }
}
