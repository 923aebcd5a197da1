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
