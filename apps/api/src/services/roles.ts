import type { TeamRole } from '@rankfall/db';

const RANK: Record<TeamRole, number> = { VIEWER: 1, MEMBER: 2, ADMIN: 3, OWNER: 4 };

/** VIEWER reads; MEMBER runs, imports and comments; ADMIN manages members and tokens; OWNER deletes the team. */
export function roleAtLeast(role: TeamRole, minimum: TeamRole): boolean {
  return RANK[role] >= RANK[minimum];
}

export function lowerRole(a: TeamRole, b: TeamRole): TeamRole {
  return RANK[a] <= RANK[b] ? a : b;
}
