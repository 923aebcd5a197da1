import { fetchApiStatus } from '../lib/api';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const status = await fetchApiStatus();
  return (
    <>
      <h1>Rankfall</h1>
      <p>
        A team platform for adversarial-robustness research on no-reference image-quality-assessment models: attack the
        ranking of a whole image set (SMA) or single scores (FGSM family and other baselines), and review the results
        together.
      </p>
      <section className="status" data-state={status.state} aria-label="API status">
        {status.state === 'up' ? (
          <span>
            API {status.version} is up; database {status.database ? 'reachable' : 'unreachable'}.
          </span>
        ) : (
          <span>API unavailable: {status.reason}</span>
        )}
      </section>
    </>
  );
}
