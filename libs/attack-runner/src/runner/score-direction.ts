import type { AttackGoal } from '../attacks/attack-metadata';
import type { ScoreDirection } from '../attacks/attack-program';

/**
 * Sign of the raw-score change that serves a quality goal, from the model's `lowerBetter` fact (never from its
 * name): raising quality raises the score of a higher-is-better model and lowers a lower-is-better one.
 */
export function scoreDirection(goal: AttackGoal, lowerBetter: boolean): ScoreDirection {
  const raiseQuality = goal === 'raise-quality';
  return raiseQuality !== lowerBetter ? 1 : -1;
}
