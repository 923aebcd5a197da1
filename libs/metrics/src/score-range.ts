/** A numeric score range `[lo, hi]` (lo < hi), e.g. `[0, 100]` for DBCNN on normalised MOS. */
export type ScoreRange = readonly [lo: number, hi: number];
