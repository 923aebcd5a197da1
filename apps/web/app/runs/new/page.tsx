import type { Metadata } from 'next';
import Link from 'next/link';
import { fetchNewRunOptions } from '../../../lib/api';
import { ErrorState } from '../../_components/error-state';
import { NewRunForm } from './new-run-form';

export const metadata: Metadata = { title: 'New run · Rankfall' };
export const dynamic = 'force-dynamic';

export default async function NewRunPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const outcome = await fetchNewRunOptions();
  if (outcome.kind === 'error') return <ErrorState title="The new-run form could not be loaded" message={outcome.message} retryHref="/runs/new" />;
  const { teams, attacks } = outcome.view;
  const teamParam = (await searchParams)['team'];
  const initialTeam = teams.find((team) => team.slug === teamParam) ?? teams.find((team) => team.models.length && team.datasets.length) ?? teams[0];
  return (
    <>
      <p className="crumbs">
        <Link href="/runs">Runs</Link> / <span>New run</span>
      </p>
      <h1>New run</h1>
      {!initialTeam ? (
        <p className="empty">You are in no team where you may start runs.</p>
      ) : (
        <NewRunForm teams={teams} attacks={attacks} initialTeamId={initialTeam.id} />
      )}
    </>
  );
}
