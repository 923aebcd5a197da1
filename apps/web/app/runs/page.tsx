import type { Metadata } from 'next';
import Link from 'next/link';
import { fetchRuns, parseRunsQuery, RUN_ATTACKS, RUN_STATUSES, runsHref } from '../../lib/api';
import { LiveUpdates } from '../_components/auto-refresh';
import { ErrorState } from '../_components/error-state';
import { ProgressBar, StatusBadge } from '../_components/status-badge';

export const metadata: Metadata = { title: 'Runs · Rankfall' };
export const dynamic = 'force-dynamic';

export default async function RunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = parseRunsQuery(await searchParams);
  const outcome = await fetchRuns(query);
  if (outcome.kind === 'error') return <ErrorState title="The runs could not be loaded" message={outcome.message} retryHref={runsHref(query)} />;
  if (outcome.kind === 'no-team') {
    return (
      <>
        <h1>Runs</h1>
        <p className="empty">You are not in any team yet: create one with `rankfall team create` or ask a team admin to invite you.</p>
      </>
    );
  }
  const { viewer, page } = outcome;
  const filtered = Boolean(query.status || query.attack);
  const activeIds = page.runs.filter((run) => run.status === 'QUEUED' || run.status === 'RUNNING').map((run) => run.id);
  return (
    <>
      <div className="page-head">
        <h1>Runs</h1>
        <p className="muted">
          Team: {page.team.name} · {page.totalCount} run{page.totalCount === 1 ? '' : 's'}
          {filtered ? ' matching the filters' : ''}
        </p>
        <span className="page-actions">
          <Link href={`/transfer?team=${encodeURIComponent(page.team.slug)}`} className="button">
            Transfer matrix
          </Link>
          <Link href={`/sweeps/new?team=${encodeURIComponent(page.team.slug)}`} className="button new-sweep-link">
            New sweep
          </Link>
          <Link href={`/runs/new?team=${encodeURIComponent(page.team.slug)}`} className="button primary new-run-link">
            New run
          </Link>
        </span>
      </div>
      {activeIds.length ? <LiveUpdates runIds={activeIds} /> : null}
      <form key={runsHref(query)} method="get" action="/runs" className="filters" aria-label="Filter runs">
        {viewer.teams.length > 1 ? (
          <div className="field inline">
            <label htmlFor="filter-team">Team</label>
            <select id="filter-team" name="team" defaultValue={page.team.slug}>
              {viewer.teams.map((team) => (
                <option key={team.id} value={team.slug}>
                  {team.name}
                </option>
              ))}
            </select>
          </div>
        ) : query.team ? (
          <input type="hidden" name="team" value={query.team} />
        ) : null}
        <div className="field inline">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" name="status" defaultValue={query.status ?? ''}>
            <option value="">Any status</option>
            {RUN_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status.charAt(0) + status.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="filter-attack">Attack</label>
          <select id="filter-attack" name="attack" defaultValue={query.attack ?? ''}>
            <option value="">Any attack</option>
            {RUN_ATTACKS.map((attack) => (
              <option key={attack} value={attack}>
                {attack}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Apply filters
        </button>
        {filtered ? <Link href={runsHref({ team: query.team })}>Clear filters</Link> : null}
      </form>
      {page.runs.length === 0 ? (
        <p className="empty">
          {filtered ? (
            <>
              No runs match these filters. <Link href={runsHref({ team: query.team })}>Show every run</Link>
            </>
          ) : (
            <>
              No runs yet — start one with <code>rankfall run create</code> or the <Link href={`/runs/new?team=${encodeURIComponent(page.team.slug)}`}>new-run form</Link>.
            </>
          )}
        </p>
      ) : (
        <form method="get" action="/compare" className="compare-form" aria-label="Compare runs">
        <div className="table-scroll" role="region" aria-label="Runs table, scrollable" tabIndex={0}>
          <table className="data">
            <caption className="visually-hidden">Runs of {page.team.name}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Compare</span>
                </th>
                <th scope="col">Run</th>
                <th scope="col">Model</th>
                <th scope="col">Dataset</th>
                <th scope="col">Attack</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col">Author</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {page.runs.map((run) => (
                <tr key={run.id}>
                  <td className="select-cell">
                    <input type="checkbox" name="run" value={run.id} id={`compare-${run.id}`} aria-label={`Compare ${run.name ?? `run ${run.id.slice(-6)}`}`} />
                  </td>
                  <td className="wrap">
                    <Link href={run.href}>{run.name ?? `Run ${run.id.slice(-6)}`}</Link>
                    {run.sweepHref ? (
                      <>
                        {' '}
                        <Link href={run.sweepHref} className="small sweep-link" aria-label={`Sweep of ${run.name ?? `run ${run.id.slice(-6)}`}`}>
                          (sweep)
                        </Link>
                      </>
                    ) : null}
                  </td>
                  <td>{run.model}</td>
                  <td className="wrap">
                    {run.dataset.name}
                    <br />
                    <span className="muted small">{run.dataset.version}</span>
                  </td>
                  <td>{run.attack}</td>
                  <td>
                    <StatusBadge status={run.status} />
                  </td>
                  <td>
                    <ProgressBar value={run.progress} label={run.progressLabel} name={`Progress of run ${run.name ?? run.id}`} />
                  </td>
                  <td>{run.author}</td>
                  <td>
                    <time dateTime={run.createdAt}>
                      {run.createdLabel.split(' ').map((part, i) => (
                        <span key={i} className="nowrap">
                          {i > 0 ? ' ' : ''}
                          {part}
                        </span>
                      ))}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
          <p className="compare-actions">
            <button type="submit" className="button">
              Compare selected runs
            </button>
            <span className="muted small">Tick 2 to 4 runs.</span>
          </p>
        </form>
      )}
      {page.nextCursor ? (
        <p>
          <Link href={runsHref({ ...query, after: page.nextCursor })}>Older runs →</Link>
        </p>
      ) : null}
    </>
  );
}
