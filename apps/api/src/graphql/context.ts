import type { PrismaClient } from '@rankfall/db';
import type { Viewer } from '../services/viewer.service';

/** Built fresh per request (STYLE.md §9). */
export interface ApiContext {
  prisma: PrismaClient;
  viewer: Viewer;
}
