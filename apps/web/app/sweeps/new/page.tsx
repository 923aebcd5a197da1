import type { Metadata } from 'next';
import Link from 'next/link';
import { fetchNewRunOptions } from '../../../lib/api';
import { sweepParameters } from '../../../lib/api-runs';
import { ErrorState } from '../../_components/error-state';
import { SweepForm } from './sweep-form';

export const metadata: Metadata = { title: 'New sweep · Rankfall' };
export const dynamic = 'force-dynamic';

export default async function NewSweepPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const outcome = await fetchNewRunOptions();
  if (outcome.kind === 'error') return <ErrorState title="The sweep form could not be loaded" message={outcome.message} retryHref="/sweeps/new" />;
  const { teams, attacks } = outcome.view;
  const teamParam = (await searchParams)['team'];
  const initialTeam = teams.find((team) => team.slug === teamParam) ?? teams.find((team) => team.models.length && team.datasets.length) ?? teams[0];
  const options = attacks.map((attack) => ({ id: attack.id, name: attack.name, parameters: sweepParameters(attack) }));
  return (
    <>
      <p className="crumbs">
        <Link href="/runs">Runs</Link> / <span>New budget sweep</span>
      </p>
      <h1>New budget sweep</h1>
      <p className="muted">Runs one attack at several budgets on the same model and images, and plots robustness against the budget.</p>
      {!initialTeam ? <p className="empty">You are in no team where you may start runs.</p> : <SweepForm teams={teams} attacks={options} initialTeamId={initialTeam.id} />}
    </>
  );
}
