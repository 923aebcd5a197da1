import type { Metadata } from 'next';
import Link from 'next/link';
import { fetchViewerTeams, roleLabel, teamHref } from '../../lib/api-teams';
import { ErrorState } from '../_components/error-state';
import { ActionForm } from './action-form';
import { createTeamAction } from './teams.actions';

export const metadata: Metadata = { title: 'Teams · Rankfall' };
export const dynamic = 'force-dynamic';

export default async function TeamsPage() {
  const outcome = await fetchViewerTeams('/teams');
  if (outcome.kind === 'error') return <ErrorState title="Your teams could not be loaded" message={outcome.message} retryHref="/teams" />;
  const { teams, viaSession } = outcome.view;
  return (
    <>
      <h1>Teams</h1>
      {teams.length === 0 ? (
        <p className="empty">You are in no team yet: create one below, or ask a team admin to invite you by your email address.</p>
      ) : (
        <div className="table-scroll" role="region" aria-label="Your teams, scrollable" tabIndex={0}>
          <table className="data">
            <caption className="visually-hidden">Your teams</caption>
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Slug</th>
                <th scope="col">Your role</th>
                <th scope="col">Open</th>
              </tr>
            </thead>
            <tbody>
              {teams.map((team) => (
                <tr key={team.id}>
                  <th scope="row">
                    <Link href={`/teams/${encodeURIComponent(team.slug)}`}>{team.name}</Link>
                  </th>
                  <td>
                    <code>{team.slug}</code>
                  </td>
                  <td>{roleLabel(team.role)}</td>
                  <td className="links">
                    <Link href={teamHref('/runs', team.slug)}>Runs</Link> <Link href={teamHref('/datasets', team.slug)}>Datasets</Link> <Link href={teamHref('/models', team.slug)}>Models</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 id="create-team">Create a team</h2>
      {viaSession ? (
        <ActionForm action={createTeamAction} label="Create a team" submit="Create team" pending="Creating…" className="panel grid-fields create-team">
          <div className="field">
            <label htmlFor="team-name">Team name</label>
            <input id="team-name" name="name" type="text" required maxLength={100} />
          </div>
          <div className="field">
            <label htmlFor="team-slug">Slug (in URLs)</label>
            <input id="team-slug" name="slug" type="text" required maxLength={48} pattern="[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?" aria-describedby="team-slug-hint" />
            <p id="team-slug-hint" className="hint">
              lowercase letters, digits and dashes, e.g. <code>vision-lab</code>
            </p>
          </div>
        </ActionForm>
      ) : (
        <p className="muted">Teams are created with a signed-in session, not an API token.</p>
      )}
    </>
  );
}
