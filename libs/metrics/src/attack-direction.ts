/** The goal of an attack on a score: +1 raises it, −1 lowers it. */
export type AttackDirection = 1 | -1;
