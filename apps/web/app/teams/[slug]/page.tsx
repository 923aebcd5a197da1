import type { Metadata } from 'next';
import Link from 'next/link';
import { fetchTeamSettings, roleLabel, teamHref } from '../../../lib/api-teams';
import { ErrorState } from '../../_components/error-state';
import { ActionForm } from '../action-form';
import { changeRoleAction, inviteMemberAction, removeMemberAction, revokeTokenAction } from '../teams.actions';
import { TokenForm } from '../token-form';

export const metadata: Metadata = { title: 'Team settings · Rankfall' };
export const dynamic = 'force-dynamic';

export default async function TeamSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const outcome = await fetchTeamSettings(slug);
  if (outcome.kind === 'error') return <ErrorState title="The team could not be loaded" message={outcome.message} retryHref={`/teams/${encodeURIComponent(slug)}`} />;
  const { settings: team, viewer } = outcome.view;
  const hidden = (
    <>
      <input type="hidden" name="teamId" value={team.id} />
      <input type="hidden" name="slug" value={team.slug} />
    </>
  );
  return (
    <>
      <p className="crumbs">
        <Link href="/teams">Teams</Link> / <span>{team.name}</span>
      </p>
      <div className="page-head">
        <h1>{team.name}</h1>
        <p className="muted">
          <code>{team.slug}</code> · your role: {roleLabel(team.role)} · <Link href={teamHref('/runs', team.slug)}>runs</Link> · <Link href={teamHref('/datasets', team.slug)}>datasets</Link> ·{' '}
          <Link href={teamHref('/models', team.slug)}>models</Link> · <Link href={teamHref('/imports', team.slug)}>import</Link>
        </p>
      </div>

      <h2 id="members-title">Members ({team.memberTotal})</h2>
      <p className="hint">Viewers read; members run attacks and import; admins manage members; owners also delete the team and grant ownership.</p>
      <div className="table-scroll" role="region" aria-labelledby="members-title" tabIndex={0}>
        <table className="data members">
          <caption className="visually-hidden">Members of {team.name}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              {team.canManage ? <th scope="col">Change role</th> : null}
              <th scope="col">Remove</th>
            </tr>
          </thead>
          <tbody>
            {team.members.map((member) => (
              <tr key={member.userId}>
                <th scope="row">
                  {member.name}
                  {member.isViewer ? <span className="muted"> (you)</span> : null}
                </th>
                <td>{member.email}</td>
                <td>{roleLabel(member.role)}</td>
                <td>{member.joinedLabel}</td>
                {team.canManage ? (
                  <td>
                    {member.roleChoices.length ? (
                      <ActionForm action={changeRoleAction} label={`Change the role of ${member.name}`} submit="Change" pending="Saving…" className="inline-form">
                        {hidden}
                        <input type="hidden" name="userId" value={member.userId} />
                        <input type="hidden" name="name" value={member.name} />
                        <label htmlFor={`role-${member.userId}`} className="visually-hidden">
                          New role of {member.name}
                        </label>
                        <select key={member.role} id={`role-${member.userId}`} name="role" defaultValue={member.role}>
                          {member.roleChoices.map((role) => (
                            <option key={role} value={role}>
                              {roleLabel(role)}
                            </option>
                          ))}
                        </select>
                      </ActionForm>
                    ) : (
                      <span className="muted small">{member.role === 'OWNER' ? 'owner' : '—'}</span>
                    )}
                  </td>
                ) : null}
                <td>
                  {member.canRemove ? (
                    <ActionForm action={removeMemberAction} label={`Remove ${member.name}`} submit={member.isViewer ? 'Leave team' : 'Remove'} pending="Removing…" className="inline-form" danger>
                      {hidden}
                      <input type="hidden" name="userId" value={member.userId} />
                      <input type="hidden" name="name" value={member.name} />
                      {member.isViewer ? <input type="hidden" name="self" value="true" /> : null}
                    </ActionForm>
                  ) : (
                    <span className="muted small">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {team.canManage ? (
        <>
          <h3 className="sub">Invite someone</h3>
          <ActionForm action={inviteMemberAction} label="Invite a member" submit="Invite" pending="Inviting…" className="panel grid-fields invite-form">
            {hidden}
            <div className="field">
              <label htmlFor="invite-email">Email of an existing account</label>
              <input id="invite-email" name="email" type="email" required maxLength={254} autoComplete="off" />
            </div>
            <div className="field">
              <label htmlFor="invite-role">Role</label>
              <select id="invite-role" name="role" defaultValue="MEMBER">
                {team.inviteRoles.map((role) => (
                  <option key={role} value={role}>
                    {roleLabel(role)}
                  </option>
                ))}
              </select>
            </div>
          </ActionForm>
        </>
      ) : (
        <p className="muted">Only admins and owners invite members or change roles.</p>
      )}

      <h2 id="tokens-title">API tokens</h2>
      <p className="hint">
        For the CLI and scripts: a token reaches this team only, with at most your role. {team.canManage ? 'As an admin you see every member’s tokens.' : 'You see your own tokens.'}
      </p>
      {team.tokens.length === 0 ? (
        <p className="empty">No API tokens yet.</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="tokens-title" tabIndex={0}>
          <table className="data tokens">
            <caption className="visually-hidden">API tokens of {team.name}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefix</th>
                <th scope="col">Role</th>
                <th scope="col">Owner</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">State</th>
                <th scope="col">Revoke</th>
              </tr>
            </thead>
            <tbody>
              {team.tokens.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>
                    <code>{token.prefix}…</code>
                  </td>
                  <td>{roleLabel(token.role)}</td>
                  <td>{token.owner}</td>
                  <td>{token.createdLabel}</td>
                  <td>{token.lastUsedLabel}</td>
                  <td>{token.expiresLabel}</td>
                  <td>{token.state}</td>
                  <td>
                    {token.revoked ? (
                      <span className="muted small">—</span>
                    ) : (
                      <ActionForm action={revokeTokenAction} label={`Revoke token ${token.name}`} submit="Revoke" pending="Revoking…" className="inline-form" danger>
                        {hidden}
                        <input type="hidden" name="id" value={token.id} />
                        <input type="hidden" name="name" value={`Token “${token.name}”`} />
                      </ActionForm>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 className="sub">Create a token</h3>
      {viewer.viaSession ? <TokenForm teamId={team.id} slug={team.slug} roles={team.tokenRoles} /> : <p className="muted">Tokens are created with a signed-in session.</p>}
    </>
  );
}
