import type { Metadata } from 'next';
import Link from 'next/link';
import { fetchTransferMatrix } from '../../lib/api-transfer';
import { fetchTeamContext, parseTeamParam, teamHref } from '../../lib/api-teams';
import { ErrorState } from '../_components/error-state';

export const metadata: Metadata = { title: 'Transfer matrix · Rankfall' };
export const dynamic = 'force-dynamic';

/** The team's transfer matrix: each run's adversarial images scored by each target model (SROCC drop per cell). */
export default async function TransferPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const slug = parseTeamParam(await searchParams);
  const from = slug ? teamHref('/transfer', slug) : '/transfer';
  const context = await fetchTeamContext(from, slug);
  if (context.kind === 'error') return <ErrorState title="The transfer matrix could not be loaded" message={context.message} retryHref="/transfer" />;
  if (context.kind === 'no-team') {
    return (
      <>
        <h1>Transfer matrix</h1>
        <p className="empty">
          You are in no team yet: <Link href="/teams#create-team">create one</Link>.
        </p>
      </>
    );
  }
  const { team } = context;
  const loaded = await fetchTransferMatrix(team.id, teamHref('/transfer', team.slug));
  if (loaded.kind === 'error') return <ErrorState title="The transfer matrix could not be loaded" message={loaded.message} retryHref={teamHref('/transfer', team.slug)} />;
  const { rows, columns } = loaded.view;
  return (
    <>
      <div className="page-head">
        <h1>Transfer matrix</h1>
        <p className="muted">
          {team.name} · each run’s saved adversarial images scored by each model: SROCC drop (MOS ↔ clean − MOS ↔ attacked of the target), positive when its ranking got worse · ask for a
          run’s transfers on its page
        </p>
      </div>
      {rows.length === 0 ? (
        <p className="empty">
          No run of {team.name} has been transferred yet: open a succeeded run in <Link href={teamHref('/runs', team.slug)}>the runs list</Link> and re-score it on the team’s other models.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data numeric" aria-label={`Transfer matrix of ${team.name}: runs × target models, SROCC drop`}>
            <thead>
              <tr>
                <th scope="col">Run (attacked model)</th>
                {columns.map((column) => (
                  <th key={column.id} scope="col">
                    {column.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.runId}>
                  <th scope="row">
                    <Link href={row.runHref}>{row.runTitle}</Link> <span className="muted">({row.sourceModel})</span>
                  </th>
                  {row.cells.map((cell, i) => (
                    <td key={columns[i]!.id} title={cell?.title} data-own={cell?.own ? 'true' : undefined}>
                      {cell ? cell.text : '—'}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
