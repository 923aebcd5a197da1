import type { Metadata } from 'next';
import Link from 'next/link';
import { fetchModels } from '../../lib/api-models';
import { fetchTeamContext, hasRole, parseTeamParam, teamHref } from '../../lib/api-teams';
import { ErrorState } from '../_components/error-state';

export const metadata: Metadata = { title: 'Models · Rankfall' };
export const dynamic = 'force-dynamic';

export default async function ModelsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const slug = parseTeamParam(params);
  const afterParam = params['after'];
  const after = typeof afterParam === 'string' && afterParam.length <= 1000 ? afterParam : undefined;
  const errorParam = params['error'];
  const registerError = typeof errorParam === 'string' ? errorParam.slice(0, 300) : null;
  const context = await fetchTeamContext(slug ? teamHref('/models', slug) : '/models', slug);
  if (context.kind === 'error') return <ErrorState title="The models could not be loaded" message={context.message} retryHref="/models" />;
  if (context.kind === 'no-team') {
    return (
      <>
        <h1>Models</h1>
        <p className="empty">
          You are in no team yet: <Link href="/teams#create-team">create one</Link>.
        </p>
      </>
    );
  }
  const { team } = context;
  const outcome = await fetchModels(team, after);
  if (outcome.kind === 'error') return <ErrorState title="The models could not be loaded" message={outcome.message} retryHref={teamHref('/models', team.slug)} />;
  const { models, totalCount, nextCursor } = outcome.view;
  return (
    <>
      <div className="page-head">
        <h1>Models</h1>
        <p className="muted">
          Team: {team.name} · {totalCount} model{totalCount === 1 ? '' : 's'}
        </p>
      </div>
      {models.length === 0 ? (
        <p className="empty">No models in {team.name} yet{hasRole(team.role, 'MEMBER') ? ': register one below.' : '.'}</p>
      ) : (
        <div className="table-scroll" role="region" aria-label="Models table, scrollable" tabIndex={0}>
          <table className="data">
            <caption className="visually-hidden">Models of {team.name}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Catalog entry</th>
                <th scope="col">Direction</th>
                <th scope="col">Score range</th>
                <th scope="col">Input</th>
                <th scope="col">Registered</th>
              </tr>
            </thead>
            <tbody>
              {models.map((model) => (
                <tr key={model.id}>
                  <th scope="row">
                    <Link href={model.href}>{model.name}</Link>
                  </th>
                  <td>
                    <code>{model.catalogId}</code>
                  </td>
                  <td>{model.direction}</td>
                  <td>{model.scoreRange}</td>
                  <td>{model.input}</td>
                  <td>{model.createdLabel}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor ? (
        <p>
          <Link href={teamHref('/models', team.slug, { after: nextCursor })}>Older models →</Link>
        </p>
      ) : null}

      {hasRole(team.role, 'MEMBER') ? (
        <section className="panel import-panel" aria-labelledby="register-title" id="register">
          <h2 id="register-title">Register a model</h2>
          <p className="hint">A catalog entry gives the architecture and the facts (direction, score range, input); the worker parses the weights (never executes them) and checks them against it.</p>
          <form method="post" action="/models/register" encType="multipart/form-data" aria-label="Register a model" className="grid-fields">
            <input type="hidden" name="teamId" value={team.id} />
            <input type="hidden" name="slug" value={team.slug} />
            <div className="field">
              <label htmlFor="reg-catalog">Catalog entry id</label>
              <input id="reg-catalog" name="catalogId" type="text" required maxLength={64} aria-describedby="reg-catalog-hint" />
              <p id="reg-catalog-hint" className="hint">
                <code>rankfall model catalog</code> lists them
              </p>
            </div>
            <div className="field">
              <label htmlFor="reg-name">Name (optional)</label>
              <input id="reg-name" name="name" type="text" maxLength={200} />
            </div>
            <div className="field">
              <label htmlFor="reg-weights">Weights file</label>
              <input id="reg-weights" name="weights" type="file" />
            </div>
            <div className="field checkbox">
              <label htmlFor="reg-bundled">
                <input id="reg-bundled" name="bundled" type="checkbox" value="true" /> use the catalog’s bundled weights instead
              </label>
            </div>
            <div className="field">
              <span aria-hidden="true">&nbsp;</span>
              <button type="submit" className="button">
                Register model
              </button>
            </div>
          </form>
          {registerError ? (
            <p className="form-error" role="alert">
              {registerError}
            </p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
