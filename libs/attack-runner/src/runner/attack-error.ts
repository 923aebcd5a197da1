import { RankfallError } from '@rankfall/job-contracts';
/**
 * Error codes of the attack runner; each edge (API, worker, CLI) maps them once.
 *
 * - `UNKNOWN_ATTACK`: the id is not in the registry (the message lists the valid ids).
 * - `INVALID_CONFIG`: the config does not parse with the attack's zod schema (the message names the fields).
 * - `INVALID_INPUT`: images, targets, perturbation, seed or model facts unusable (shape, dtype, range, size).
 * - `CANCELLED`: the request's AbortSignal fired; checked between iterations.
 * - `NON_FINITE`: the model returned NaN/±Infinity scores (clean or adversarial), or the attack produced
 *   non-finite pixels (a model whose gradient is not finite).
 */
export type AttackErrorCode = 'UNKNOWN_ATTACK' | 'INVALID_CONFIG' | 'INVALID_INPUT' | 'CANCELLED' | 'NON_FINITE';

/** One issue of an `INVALID_CONFIG` error: the field path (dotted) and zod's message. */
export interface AttackConfigIssue {
  readonly path: string;
  readonly message: string;
}

/** Domain error of the attack runner. */
export class AttackError extends RankfallError<AttackErrorCode> {
  override readonly name = 'AttackError';

  constructor(
    code: AttackErrorCode,
    message: string,
    readonly issues: readonly AttackConfigIssue[] = [],
  ) {
    super(code, message, issues.length ? { details: { issues } } : {});
  }
}
