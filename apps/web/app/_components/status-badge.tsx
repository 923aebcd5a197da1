import type { RunStatus } from '../../lib/api';

const LABELS: Record<RunStatus, string> = { QUEUED: 'Queued', RUNNING: 'Running', SUCCEEDED: 'Succeeded', FAILED: 'Failed', CANCELLED: 'Cancelled' };

export function StatusBadge({ status }: { status: RunStatus }) {
  return (
    <span className="badge" data-status={status}>
      {LABELS[status]}
    </span>
  );
}

export function ProgressBar({ value, label, name }: { value: number; label: string; name: string }) {
  return (
    <span className="progress">
      <progress value={value} max={1} aria-label={name} />
      <span>{label}</span>
    </span>
  );
}
