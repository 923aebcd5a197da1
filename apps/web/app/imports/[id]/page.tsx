import type { Metadata } from 'next';
import Link from 'next/link';
import { fetchImportRequest } from '../../../lib/api-imports';
import { parseTeamParam, teamHref } from '../../../lib/api-teams';
import { ErrorState } from '../../_components/error-state';
import { ProgressBar, StatusBadge } from '../../_components/status-badge';
import { ImportRefresh } from './import-refresh';

export const metadata: Metadata = { title: 'Import · Rankfall' };
export const dynamic = 'force-dynamic';

export default async function ImportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const slug = parseTeamParam(await searchParams);
  const outcome = await fetchImportRequest(id, slug);
  if (outcome.kind === 'error') return <ErrorState title="The import could not be loaded" message={outcome.message} retryHref={slug ? teamHref(`/imports/${id}`, slug) : '/imports'} />;
  const request = outcome.view;
  return (
    <>
      <p className="crumbs">
        <Link href={slug ? teamHref('/imports', slug) : '/imports'}>Import</Link> / <span>{request.title}</span>
      </p>
      <div className="run-head">
        <h1>{request.title}</h1>
        <StatusBadge status={request.status} />
      </div>
      <p className="import-progress">
        <ProgressBar value={request.progress} label={request.progressLabel} name="Import progress" />
        {request.message ? <span className="muted"> {request.message}</span> : null}
      </p>
      {request.active ? <ImportRefresh /> : null}
      {request.error ? (
        <p className="form-error" role="alert">
          The import failed: {request.error}
        </p>
      ) : null}
      {request.result ? (
        <p className="verdict ok import-result" role="status">
          Done: <Link href={request.result.href}>{request.result.label}</Link>
        </p>
      ) : null}
      <dl className="facts" aria-label="Import facts">
        {request.facts.map((fact) => (
          <div key={fact.label}>
            <dt>{fact.label}</dt>
            <dd>{fact.value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
