import { describe, expect, it } from 'vitest';
import { grantableRoles, hasRole, parseTeamParam, pickTeam, switchTeamHref, teamHref, tokenRoles } from './team-scope';

describe('role rules', () => {
  it.each([
    ['VIEWER', 'VIEWER', true],
    ['VIEWER', 'MEMBER', false],
    ['MEMBER', 'MEMBER', true],
    ['MEMBER', 'ADMIN', false],
    ['ADMIN', 'ADMIN', true],
    ['ADMIN', 'OWNER', false],
    ['OWNER', 'ADMIN', true],
  ] as const)('%s has at least %s: %s', (role, atLeast, expected) => {
    expect(hasRole(role, atLeast)).toBe(expected);
  });

  it('only an OWNER grants OWNER; members and viewers grant nothing', () => {
    expect(grantableRoles('OWNER')).toEqual(['OWNER', 'ADMIN', 'MEMBER', 'VIEWER']);
    expect(grantableRoles('ADMIN')).toEqual(['ADMIN', 'MEMBER', 'VIEWER']);
    expect(grantableRoles('MEMBER')).toEqual([]);
    expect(grantableRoles('VIEWER')).toEqual([]);
  });

  it('a token has at most its minter’s role', () => {
    expect(tokenRoles('MEMBER')).toEqual(['MEMBER', 'VIEWER']);
    expect(tokenRoles('VIEWER')).toEqual(['VIEWER']);
    expect(tokenRoles('OWNER')).toHaveLength(4);
  });
});

describe('current team in the URL', () => {
  const teams = [{ slug: 'alpha' }, { slug: 'beta' }];

  it('parses a valid slug and drops anything else', () => {
    expect(parseTeamParam({ team: 'beta' })).toBe('beta');
    expect(parseTeamParam({ team: ['beta', 'alpha'] })).toBe('beta');
    expect(parseTeamParam({ team: 'a b' })).toBeUndefined();
    expect(parseTeamParam({ team: '../x' })).toBeUndefined();
    expect(parseTeamParam({})).toBeUndefined();
  });

  it('picks the named team when the viewer is in it, else the first, else null', () => {
    expect(pickTeam(teams, 'beta')).toEqual({ slug: 'beta' });
    expect(pickTeam(teams, 'someone-elses')).toEqual({ slug: 'alpha' });
    expect(pickTeam(teams, undefined)).toEqual({ slug: 'alpha' });
    expect(pickTeam([], 'alpha')).toBeNull();
  });

  it('builds permalinks with the team first', () => {
    expect(teamHref('/datasets', 'beta')).toBe('/datasets?team=beta');
    expect(teamHref('/datasets', 'beta', { after: 'c1', empty: '', none: undefined })).toBe('/datasets?team=beta&after=c1');
  });

  it.each([
    ['/datasets', '/datasets?team=beta'],
    ['/runs', '/runs?team=beta'],
    ['/runs/new', '/runs/new?team=beta'],
    ['/datasets/d1', '/datasets?team=beta'],
    ['/models/m1', '/models?team=beta'],
    ['/imports/i1', '/imports?team=beta'],
    ['/teams/alpha', '/teams/beta'],
    ['/runs/r1/images/i1', '/runs?team=beta'],
    ['/', '/runs?team=beta'],
  ])('switching on %s goes to %s', (pathname, expected) => {
    expect(switchTeamHref(pathname, 'beta')).toBe(expected);
  });
});
