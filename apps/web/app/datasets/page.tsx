import type { Metadata } from 'next';
import Link from 'next/link';
import { fetchDatasets } from '../../lib/api-datasets';
import { fetchTeamContext, hasRole, parseTeamParam, teamHref } from '../../lib/api-teams';
import { ErrorState } from '../_components/error-state';

export const metadata: Metadata = { title: 'Datasets · Rankfall' };
export const dynamic = 'force-dynamic';

export default async function DatasetsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const slug = parseTeamParam(params);
  const afterParam = params['after'];
  const after = typeof afterParam === 'string' && afterParam.length <= 1000 ? afterParam : undefined;
  const context = await fetchTeamContext(slug ? teamHref('/datasets', slug) : '/datasets', slug);
  if (context.kind === 'error') return <ErrorState title="The datasets could not be loaded" message={context.message} retryHref="/datasets" />;
  if (context.kind === 'no-team') {
    return (
      <>
        <h1>Datasets</h1>
        <p className="empty">
          You are in no team yet: <Link href="/teams#create-team">create one</Link>.
        </p>
      </>
    );
  }
  const { team } = context;
  const outcome = await fetchDatasets(team, after);
  if (outcome.kind === 'error') return <ErrorState title="The datasets could not be loaded" message={outcome.message} retryHref={teamHref('/datasets', team.slug)} />;
  const { datasets, totalCount, nextCursor } = outcome.view;
  const canImport = hasRole(team.role, 'MEMBER');
  return (
    <>
      <div className="page-head">
        <h1>Datasets</h1>
        <p className="muted">
          Team: {team.name} · {totalCount} dataset{totalCount === 1 ? '' : 's'}
        </p>
        {canImport ? (
          <Link href={teamHref('/imports', team.slug)} className="button primary new-run-link">
            Import a dataset
          </Link>
        ) : null}
      </div>
      {datasets.length === 0 ? (
        <p className="empty">
          No datasets in {team.name} yet
          {canImport ? (
            <>
              {' '}
              — <Link href={teamHref('/imports', team.slug)}>import one</Link> (the synthetic one takes seconds).
            </>
          ) : (
            '.'
          )}
        </p>
      ) : (
        <div className="table-scroll" role="region" aria-label="Datasets table, scrollable" tabIndex={0}>
          <table className="data">
            <caption className="visually-hidden">Datasets of {team.name}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Dataset</th>
                <th scope="col">Version</th>
                <th scope="col">Format</th>
                <th scope="col">Images</th>
                <th scope="col">Labels</th>
                <th scope="col">Imported</th>
              </tr>
            </thead>
            <tbody>
              {datasets.map((dataset) => (
                <tr key={dataset.id}>
                  <th scope="row">
                    <Link href={dataset.href}>{dataset.name}</Link>
                  </th>
                  <td>{dataset.version}</td>
                  <td>{dataset.format}</td>
                  <td>{dataset.images}</td>
                  <td>{dataset.labels}</td>
                  <td>{dataset.createdLabel}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor ? (
        <p>
          <Link href={teamHref('/datasets', team.slug, { after: nextCursor })}>Older datasets →</Link>
        </p>
      ) : null}
    </>
  );
}
