import { fetchRunTransfers } from '../../../../lib/api-transfer';
import { StatusBadge } from '../../../_components/status-badge';
import { ImportRefresh } from '../../../imports/[id]/import-refresh';
import { TransferForm } from './transfer-form';

/**
 * The run's adversarial images re-scored by the team's other models (does the attack transfer?). Each target model
 * is one worker job; while any is queued or running the page re-renders every 2 s (the live strip follows the run,
 * not these jobs), as the import pages do.
 */
export async function TransferSection({ runId }: { runId: string }) {
  const loaded = await fetchRunTransfers(runId);
  if (loaded.kind === 'error') {
    return (
      <section aria-labelledby="transfer-title">
        <h2 id="transfer-title">Transfer to other models</h2>
        <p className="form-error" role="alert">
          The transfers could not be loaded: {loaded.message}
        </p>
      </section>
    );
  }
  const view = loaded.view;
  return (
    <section aria-labelledby="transfer-title" data-testid="transfer">
      <h2 id="transfer-title">Transfer to other models</h2>
      <p className="hint">
        The saved 8-bit adversarial images of this run (made against {view.sourceModel}) scored by other models of the team. SROCC drop = MOS ↔ clean − MOS ↔ attacked of the target,
        positive when its ranking got worse.
      </p>
      {view.rows.length ? (
        <div className="table-scroll">
          <table className="data numeric" aria-label="Transfer of this run's adversarial images to other models">
            <thead>
              <tr>
                <th scope="col">Target model</th>
                <th scope="col">Status</th>
                <th scope="col">MOS ↔ clean</th>
                <th scope="col">MOS ↔ attacked</th>
                <th scope="col">SROCC drop</th>
                <th scope="col">clean ↔ attacked</th>
                <th scope="col">mean |Δ|</th>
                <th scope="col">Images</th>
              </tr>
            </thead>
            <tbody>
              {view.rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row">{row.target}</th>
                  <td>
                    <StatusBadge status={row.status} />
                    {row.error ? <span className="muted"> {row.error}</span> : null}
                  </td>
                  {row.cells.map((cell, i) => (
                    <td key={i}>{cell}</td>
                  ))}
                  <td>{row.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Not transferred yet.</p>
      )}
      {view.active ? <ImportRefresh everyMs={2_000} /> : null}
      {view.canRequest ? <TransferForm teamId={view.teamId} runId={view.runId} again={view.rows.length > 0} /> : <p className="muted">Transfer is possible once the run has succeeded.</p>}
    </section>
  );
}
