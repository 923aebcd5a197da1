'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { pickTeam, switchTeamHref, teamHref } from '../../lib/team-scope';

interface SwitcherTeam {
  slug: string;
  name: string;
}

/**
 * The current team lives in the URL (`?team=<slug>`, or the slug of /teams/<slug>): every view stays a permalink,
 * two tabs can show two teams, and nothing on the server remembers a choice. The switcher rewrites the URL; the nav
 * links carry the current team.
 */
function useCurrentTeam(teams: readonly SwitcherTeam[]): { pathname: string; current: SwitcherTeam | null } {
  const pathname = usePathname() ?? '/';
  const searchParams = useSearchParams();
  const fromPath = /^\/teams\/([^/]+)$/.exec(pathname)?.[1];
  const slug = searchParams?.get('team') ?? (fromPath ? decodeURIComponent(fromPath) : undefined);
  return { pathname, current: pickTeam(teams, slug) };
}

export function TeamSwitcher({ teams }: { teams: SwitcherTeam[] }) {
  const router = useRouter();
  const { pathname, current } = useCurrentTeam(teams);
  if (teams.length === 0) {
    return (
      <Link href="/teams#create-team" className="team-switcher">
        Create a team
      </Link>
    );
  }
  // A form with a button rather than navigating on change: arrowing through a closed select fires change on every
  // option (WCAG 3.2.2, on input), which would navigate on each key press.
  return (
    <form
      className="team-switcher"
      aria-label="Switch the current view"
      onSubmit={(event) => {
        event.preventDefault();
        const slug = new FormData(event.currentTarget).get('team');
        if (typeof slug === 'string' && slug !== current?.slug) router.push(switchTeamHref(pathname, slug));
      }}
    >
      <label htmlFor="team-switcher">Viewing</label>
      <select key={current?.slug ?? ''} id="team-switcher" name="team" defaultValue={current?.slug ?? ''}>
        {teams.map((team) => (
          <option key={team.slug} value={team.slug}>
            {team.name}
          </option>
        ))}
      </select>
      <button type="submit" className="button small-button">
        Switch
      </button>
      {current ? (
        <Link href={`/teams/${encodeURIComponent(current.slug)}`} className="small">
          Settings
        </Link>
      ) : null}
    </form>
  );
}

/** The main navigation; each link keeps the current team. */
export function TeamNav({ teams }: { teams: SwitcherTeam[] }) {
  const { pathname, current } = useCurrentTeam(teams);
  const links: Array<[string, string]> = [
    ['/runs', 'Runs'],
    ['/datasets', 'Datasets'],
    ['/models', 'Models'],
    ['/imports', 'Import'],
    ['/teams', 'Teams'],
  ];
  return (
    <>
      {links.map(([path, label]) => (
        <Link key={path} href={current && path !== '/teams' ? teamHref(path, current.slug) : path} aria-current={pathname === path || pathname.startsWith(`${path}/`) ? 'page' : undefined}>
          {label}
        </Link>
      ))}
    </>
  );
}
