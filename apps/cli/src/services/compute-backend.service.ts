import { selectBackend, type BackendSelection } from '@rankfall/attack-runner';

let backend: Promise<BackendSelection> | undefined;

/** Selects the TF.js backend once per process (RANKFALL_BACKEND honoured). */
export function ensureBackend(env: NodeJS.ProcessEnv): Promise<BackendSelection> {
  backend ??= selectBackend({ env });
  return backend;
}
