import type { JobHelpers } from 'graphile-worker';

/**
 * The worker edge's one translation of errors (STYLE.md §11): a permanent failure fails the run with its
 * reason (retrying cannot help: bad config, bad image, bad weights, non-finite scores); anything else is
 * transient (database restart, lost connection, worker stopping) and is thrown back to graphile-worker,
 * which retries it with exponential backoff until the job's attempts are used up.
 */
const permanentErrors: Readonly<Record<string, true | readonly string[]>> = {
  RunsError: ['INVALID_INPUT', 'MISSING_ARTIFACT', 'NOT_FOUND', 'INVALID_STATE'],
  AttackError: true,
  SmaError: true,
  CatalogError: true,
  WeightsError: true,
  ArchitectureError: true,
  OpsError: true,
  ImageIoError: true,
  DatasetImportError: true,
  DatasetArchiveError: true,
  SyntheticDatasetError: true,
  TrainingError: true,
  MetricsError: true,
  JobContractError: true,
  DbError: ['NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'ARTIFACT_STORE_CONFIG_INVALID', 'ARTIFACT_STORE_AUTH_FAILED', 'ARTIFACT_CHECKSUM_MISMATCH'],
};

export interface Failure {
  readonly permanent: boolean;
  readonly code: string;
  readonly message: string;
}

export function classifyFailure(error: unknown): Failure {
  const name = error instanceof Error ? error.name : 'Error';
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'UNEXPECTED';
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
  const rule = permanentErrors[name];
  const permanent = rule === true || (Array.isArray(rule) && rule.includes(code));
  return { permanent, code: permanent ? code : code === 'UNEXPECTED' ? 'TRANSIENT_RETRIES_EXHAUSTED' : code, message };
}

/**
 * Runs one job's work under the policy above: the outcome is logged; a permanent failure is recorded with
 * `fail` and the job ends (no retry); a transient one is rethrown for graphile-worker's retry with backoff, and
 * recorded with `fail` when it was the last attempt.
 */
export async function runWithFailurePolicy(
  helpers: Pick<JobHelpers, 'logger' | 'job'>,
  label: string,
  work: () => Promise<string>,
  fail: (failure: Failure) => Promise<void>,
): Promise<void> {
  const started = Date.now();
  try {
    helpers.logger.info(`${label}: ${await work()} in ${Date.now() - started} ms`);
  } catch (error) {
    const failure = classifyFailure(error);
    helpers.logger.error(`${label}: ${failure.permanent ? 'failed permanently' : `attempt ${helpers.job.attempts}/${helpers.job.max_attempts} failed`}: [${failure.code}] ${failure.message}`);
    if (failure.permanent || helpers.job.attempts >= helpers.job.max_attempts) {
      await fail(failure);
      if (failure.permanent) return;
    }
    throw error;
  }
}
