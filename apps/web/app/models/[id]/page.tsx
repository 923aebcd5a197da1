import type { Metadata } from 'next';
import Link from 'next/link';
import { SPLITS } from '../../../lib/api';
import { fetchModelDetail } from '../../../lib/api-models';
import { parseTeamParam, teamHref } from '../../../lib/api-teams';
import { ErrorState } from '../../_components/error-state';
import { StatusBadge } from '../../_components/status-badge';
import { ImportRefresh } from '../../imports/[id]/import-refresh';
import { ActionForm } from '../../teams/action-form';
import { evaluateModelAction } from '../models.actions';

export const metadata: Metadata = { title: 'Model · Rankfall' };
export const dynamic = 'force-dynamic';

export default async function ModelPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const slug = parseTeamParam(await searchParams);
  const outcome = await fetchModelDetail(id, slug);
  if (outcome.kind === 'error') return <ErrorState title="The model could not be loaded" message={outcome.message} retryHref={`/models/${encodeURIComponent(id)}`} />;
  const model = outcome.view;
  return (
    <>
      <p className="crumbs">
        <Link href={model.teamSlug ? teamHref('/models', model.teamSlug) : '/models'}>Models</Link> / <span>{model.name}</span>
      </p>
      <h1>{model.name}</h1>
      <dl className="facts" aria-label="Catalog facts">
        {model.facts.map((fact) => (
          <div key={fact.label}>
            <dt>{fact.label}</dt>
            <dd>{fact.value}</dd>
          </div>
        ))}
      </dl>
      {model.normalization ? (
        <p className="muted small">
          Normalization: <code>{model.normalization}</code>
        </p>
      ) : null}

      <h2 id="evaluations-title">Clean performance: reported vs reproduced</h2>
      {model.evaluations.state === 'unavailable' ? (
        <p className="empty">{model.evaluations.message}</p>
      ) : model.evaluations.rows.length === 0 ? (
        <p className="empty">Not evaluated yet: evaluate it on one of the team’s datasets below (or with <code>rankfall model evaluate</code>).</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="evaluations-title" tabIndex={0}>
          <table className="data numeric evaluations">
            <caption className="visually-hidden">Clean SROCC and PLCC of {model.name} per dataset, reproduced here and as reported</caption>
            <thead>
              <tr>
                <th scope="col">Dataset</th>
                <th scope="col">Split</th>
                <th scope="col">Status</th>
                <th scope="col">Images</th>
                <th scope="col">SROCC reproduced (95 % CI)</th>
                <th scope="col">SROCC reported</th>
                <th scope="col">Δ SROCC</th>
                <th scope="col">PLCC reproduced / reported</th>
              </tr>
            </thead>
            <tbody>
              {model.evaluations.rows.map((row, i) => (
                <tr key={i}>
                  <th scope="row">
                    <Link href={row.datasetHref}>{row.dataset}</Link>
                  </th>
                  <td>{row.split}</td>
                  <td title={row.error ?? undefined}>
                    <StatusBadge status={row.status} />
                  </td>
                  <td>{row.images}</td>
                  <td>
                    {row.reproducedSrocc}
                    {row.sroccCi ? <span className="muted small"> ({row.sroccCi})</span> : null}
                  </td>
                  <td>{row.reportedSrocc}</td>
                  <td>{row.sroccGap}</td>
                  <td>
                    {row.reproducedPlcc} / {row.reportedPlcc}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {model.evaluations.state === 'ok' && model.evaluations.rows.length ? (
        <>
          <p className="hint">SROCC and PLCC are raw: negative when the model’s and the labels’ directions differ. Reported numbers come from the catalog, matched to the dataset’s format.</p>
          <ul className="evaluation-notes" aria-label="Sources and commands">
            {model.evaluations.rows.map((row, i) => (
              <li key={i}>
                <strong>
                  {row.dataset} ({row.split})
                </strong>
                , evaluated {row.createdLabel} · reported: {row.reportedSource}
                {row.command ? (
                  <>
                    {' '}
                    · reproduce: <code>{row.command}</code>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {model.evaluations.state === 'ok' && model.evaluations.active ? <ImportRefresh /> : null}
      {model.evaluations.state === 'ok' && model.evaluations.rows.some((row) => row.error) ? (
        <ul className="hint">
          {model.evaluations.rows
            .filter((row) => row.error)
            .map((row, i) => (
              <li key={i}>
                {row.dataset} ({row.split}): {row.error}
              </li>
            ))}
        </ul>
      ) : null}

      {model.evaluate ? (
        <>
          <h3 className="sub">Evaluate on a dataset</h3>
          {model.evaluate.datasets.length === 0 ? (
            <p className="empty">
              The team has no datasets: <Link href={teamHref('/imports', model.evaluate.teamSlug)}>import one</Link>.
            </p>
          ) : (
            <ActionForm action={evaluateModelAction} label="Evaluate this model" submit="Evaluate" pending="Queueing…" className="panel grid-fields">
              <input type="hidden" name="teamId" value={model.evaluate.teamId} />
              <input type="hidden" name="modelId" value={model.id} />
              <div className="field">
                <label htmlFor="eval-dataset">Dataset</label>
                <select id="eval-dataset" name="datasetId">
                  {model.evaluate.datasets.map((dataset) => (
                    <option key={dataset.id} value={dataset.id}>
                      {dataset.label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="eval-split">Split</label>
                <select id="eval-split" name="split" defaultValue="TEST">
                  <option value="">All images</option>
                  {SPLITS.map((split) => (
                    <option key={split} value={split}>
                      {split.charAt(0) + split.slice(1).toLowerCase()}
                    </option>
                  ))}
                </select>
              </div>
            </ActionForm>
          )}
        </>
      ) : null}
    </>
  );
}
