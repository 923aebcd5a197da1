/** Structured facts about an error (tensor names, counts, limits), for logs and the API's `extensions`. */
export type RankfallErrorDetails = Readonly<Record<string, unknown>>;

export interface RankfallErrorOptions {
  readonly details?: RankfallErrorDetails;
  readonly cause?: unknown;
}

/**
 * The common base of every domain error (STYLE.md §11): a string-literal `code` from the module's
 * union, a human message, and optional structured `details`. Each module keeps its own subclass
 * (`WeightsError`, `MetricsError`, ...) with its own `name` and code union; the edges (API, worker,
 * CLI) can translate any of them through this one type. Dependency-free, so every library may
 * import it.
 */
export class RankfallError<Code extends string = string> extends Error {
  override readonly name: string = 'RankfallError';
  readonly details: RankfallErrorDetails | undefined;

  constructor(
    readonly code: Code,
    message: string,
    options: RankfallErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.details = options.details;
  }
}

/** True for any Rankfall domain error (any module's subclass). */
export function isRankfallError(error: unknown): error is RankfallError {
  return error instanceof RankfallError;
}
