import type { Metadata } from 'next';
import Link from 'next/link';
import { fetchRecentImports, RECENT_IMPORTS } from '../../lib/api-imports';
import { fetchTeamContext, hasRole, parseTeamParam, teamHref } from '../../lib/api-teams';
import { ErrorState } from '../_components/error-state';
import { StatusBadge } from '../_components/status-badge';
import { ActionForm } from '../teams/action-form';
import { importServerPathAction, importSyntheticAction } from './imports.actions';

export const metadata: Metadata = { title: 'Import · Rankfall' };
export const dynamic = 'force-dynamic';

export default async function ImportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const slug = parseTeamParam(params);
  const errorParam = params['error'];
  const uploadError = typeof errorParam === 'string' ? errorParam.slice(0, 300) : null;
  const context = await fetchTeamContext(slug ? teamHref('/imports', slug) : '/imports', slug);
  if (context.kind === 'error') return <ErrorState title="The import page could not be loaded" message={context.message} retryHref="/imports" />;
  if (context.kind === 'no-team') {
    return (
      <>
        <h1>Import a dataset</h1>
        <p className="empty">
          You are in no team yet: <Link href="/teams#create-team">create one</Link>.
        </p>
      </>
    );
  }
  const { team } = context;
  const history = <RecentImports teamId={team.id} teamSlug={team.slug} />;
  const scope = (
    <>
      <input type="hidden" name="teamId" value={team.id} />
      <input type="hidden" name="slug" value={team.slug} />
    </>
  );
  if (!hasRole(team.role, 'MEMBER')) {
    return (
      <>
        <h1>Import a dataset</h1>
        <p className="empty">You are a viewer of {team.name}: importing needs the member role. Ask one of its admins.</p>
        {history}
      </>
    );
  }
  return (
    <>
      <div className="page-head">
        <h1>Import a dataset</h1>
        <p className="muted">
          Into {team.name} · a worker checks every row and image, all or nothing · <Link href={teamHref('/datasets', team.slug)}>the team’s datasets</Link> · models are registered on the{' '}
          <Link href={teamHref('/models', team.slug)}>models page</Link>
        </p>
      </div>

      <section className="panel import-panel" aria-labelledby="synthetic-title">
        <h2 id="synthetic-title">Synthetic dataset</h2>
        <p className="hint">Generated reference scenes at graded distortion levels with known MOS: the quickest way to try an attack.</p>
        <ActionForm action={importSyntheticAction} label="Import the synthetic dataset" submit="Import synthetic dataset" pending="Queueing…" className="grid-fields">
          {scope}
          <NumberField id="syn-seed" name="seed" label="Seed" value={1} min={0} max={4294967295} />
          <NumberField id="syn-references" name="references" label="Reference scenes" value={24} min={3} max={500} />
          <NumberField id="syn-size" name="size" label="Size (px)" value={64} min={16} max={256} />
          <NumberField id="syn-levels" name="levels" label="Distortion levels" value={4} min={1} max={10} />
        </ActionForm>
      </section>

      <section className="panel import-panel" aria-labelledby="server-title">
        <h2 id="server-title">From a folder on the server</h2>
        <p className="hint">Paths are relative to the server’s import root (RANKFALL_IMPORT_ROOT); servers without one refuse these imports.</p>
        <ActionForm action={importServerPathAction} label="Import from a server path" submit="Import from the server" pending="Queueing…" className="grid-fields">
          {scope}
          <TextField id="srv-format" name="format" label="Importer format" hint="e.g. koniq10k, live-iqa, folder-csv" required />
          <TextField id="srv-table" name="table" label="MOS table" hint="e.g. koniq/koniq10k_distributions_sets.csv" required />
          <TextField id="srv-images" name="images" label="Image folder" hint="e.g. koniq/1024x768" required />
          <TextField id="srv-name" name="name" label="Name (optional)" />
          <TextField id="srv-version" name="version" label="Version (optional)" />
        </ActionForm>
      </section>

      <section className="panel import-panel" aria-labelledby="upload-title" id="upload">
        <h2 id="upload-title">Upload a zip archive</h2>
        <p className="hint">One MOS table (csv) and a folder of images. Give their paths inside the archive unless it holds exactly one .csv.</p>
        <form method="post" action="/imports/upload" encType="multipart/form-data" aria-label="Upload a dataset archive" className="grid-fields">
          {scope}
          <div className="field">
            <label htmlFor="up-archive">Zip archive</label>
            <input id="up-archive" name="archive" type="file" accept=".zip,application/zip" required />
          </div>
          <TextField id="up-format" name="format" label="Importer format" hint="e.g. folder-csv, koniq10k" required />
          <TextField id="up-table" name="table" label="Table inside the archive (optional)" />
          <TextField id="up-images" name="images" label="Images folder inside the archive (optional)" />
          <TextField id="up-name" name="name" label="Name (optional)" />
          <TextField id="up-version" name="version" label="Version (optional)" />
          <div className="field">
            <span aria-hidden="true">&nbsp;</span>
            <button type="submit" className="button">
              Upload and import
            </button>
          </div>
        </form>
        {uploadError ? (
          <p className="form-error" role="alert">
            {uploadError}
          </p>
        ) : null}
      </section>
      {history}
    </>
  );
}

/** The team's latest imports and registrations, each linking to its progress page. */
async function RecentImports({ teamId, teamSlug }: { teamId: string; teamSlug: string }) {
  const loaded = await fetchRecentImports(teamId, teamSlug);
  return (
    <section className="panel import-panel" aria-labelledby="recent-imports-title">
      <h2 id="recent-imports-title">Recent imports</h2>
      {loaded.kind === 'error' ? (
        <p className="form-error" role="alert">
          The team’s imports could not be loaded: {loaded.message}
        </p>
      ) : loaded.view.imports.length === 0 ? (
        <p className="empty">No imports or model registrations yet.</p>
      ) : (
        <>
          <table className="data" aria-label="Recent imports, newest first">
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">What</th>
                <th scope="col">Status</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {loaded.view.imports.map((item) => (
                <tr key={item.id}>
                  <td>
                    <Link href={item.href}>{item.queued}</Link>
                  </td>
                  <td>
                    {item.title}: {item.source}
                  </td>
                  <td>
                    <StatusBadge status={item.status} /> {item.active ? item.progressLabel : item.error ? <span className="muted">{item.error}</span> : null}
                  </td>
                  <td>{item.result ? <Link href={item.result.href}>{item.result.label}</Link> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {loaded.view.totalCount > RECENT_IMPORTS ? <p className="hint">The latest {RECENT_IMPORTS} of {loaded.view.totalCount}.</p> : null}
        </>
      )}
    </section>
  );
}

function NumberField({ id, name, label, value, min, max }: { id: string; name: string; label: string; value: number; min: number; max: number }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} type="number" inputMode="numeric" step={1} min={min} max={max} defaultValue={value} required />
    </div>
  );
}

function TextField({ id, name, label, hint, required = false }: { id: string; name: string; label: string; hint?: string; required?: boolean }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} type="text" maxLength={1000} required={required} aria-describedby={hint ? `${id}-hint` : undefined} />
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
