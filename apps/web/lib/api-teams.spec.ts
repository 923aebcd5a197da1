import { describe, expect, it } from 'vitest';
import { teamFormSchema, toTeamSettings } from './api-teams';

const member = (id: string, role: 'OWNER' | 'ADMIN' | 'MEMBER' | 'VIEWER') => ({ node: { id: `m-${id}`, role, createdAt: '2026-12-01T10:00:00.000Z', user: { id, name: `User ${id}`, email: `${id}@example.test` } } });
const token = (id: string, extra: Partial<{ revokedAt: string | null; expiresAt: string | null; lastUsedAt: string | null }> = {}) => ({
  id,
  name: `token ${id}`,
  prefix: `rf_${id}`,
  role: 'MEMBER' as const,
  owner: { name: 'User a' },
  createdAt: '2026-12-01T10:00:00.000Z',
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
  ...extra,
});
const team = (role: 'OWNER' | 'ADMIN' | 'MEMBER' | 'VIEWER', members = [member('a', 'OWNER'), member('b', 'ADMIN'), member('c', 'MEMBER')]) => ({
  id: 't1',
  slug: 'lab',
  name: 'Lab',
  role,
  createdAt: '2026-12-01T10:00:00.000Z',
  members: { totalCount: members.length, edges: members },
  apiTokens: [token('1'), token('2', { revokedAt: '2026-12-02T10:00:00.000Z' }), token('3', { expiresAt: '2026-12-02T00:00:00.000Z', lastUsedAt: '2026-12-01T12:00:00.000Z' })],
});
const now = new Date('2026-12-03T00:00:00.000Z');

describe('toTeamSettings', () => {
  it('an OWNER may change and remove everyone but the last owner', () => {
    const view = toTeamSettings(team('OWNER'), 'a', now);
    expect(view.canManage).toBe(true);
    expect(view.inviteRoles).toEqual(['OWNER', 'ADMIN', 'MEMBER', 'VIEWER']);
    const [owner, admin, plain] = view.members;
    expect(owner).toMatchObject({ isViewer: true, roleChoices: [], canRemove: false });
    expect(admin?.roleChoices).toEqual(['OWNER', 'ADMIN', 'MEMBER', 'VIEWER']);
    expect(plain?.canRemove).toBe(true);
  });

  it('with two owners, either may be demoted or removed by an owner', () => {
    const view = toTeamSettings(team('OWNER', [member('a', 'OWNER'), member('d', 'OWNER')]), 'a', now);
    expect(view.members.every((m) => m.canRemove && m.roleChoices.length === 4)).toBe(true);
  });

  it('an ADMIN cannot touch an OWNER nor grant OWNER', () => {
    const view = toTeamSettings(team('ADMIN'), 'b', now);
    const [owner, admin, plain] = view.members;
    expect(owner).toMatchObject({ roleChoices: [], canRemove: false });
    expect(admin?.isViewer).toBe(true);
    expect(plain?.roleChoices).toEqual(['ADMIN', 'MEMBER', 'VIEWER']);
    expect(view.inviteRoles).not.toContain('OWNER');
  });

  it('a MEMBER manages nobody but may leave', () => {
    const view = toTeamSettings(team('MEMBER'), 'c', now);
    expect(view.canManage).toBe(false);
    expect(view.inviteRoles).toEqual([]);
    expect(view.members.map((m) => m.canRemove)).toEqual([false, false, true]);
    expect(view.members.every((m) => m.roleChoices.length === 0)).toBe(true);
    expect(view.tokenRoles).toEqual(['MEMBER', 'VIEWER']);
  });

  it('tokens show their prefix and state, never a secret', () => {
    const view = toTeamSettings(team('OWNER'), 'a', now);
    expect(view.tokens.map((t) => t.state)).toEqual(['Active', 'Revoked', 'Expired']);
    expect(view.tokens[0]).toMatchObject({ prefix: 'rf_1', lastUsedLabel: 'never', expiresLabel: 'never', revoked: false });
    expect(view.tokens[2]?.lastUsedLabel).toBe('2026-12-01 12:00 UTC');
    expect(JSON.stringify(view)).not.toMatch(/secret/i);
  });
});

describe('teamFormSchema', () => {
  it.each([
    [{ slug: 'vision-lab', name: 'Vision lab' }, true],
    [{ slug: 'Vision', name: 'x' }, false],
    [{ slug: '-lab', name: 'x' }, false],
    [{ slug: 'lab', name: '   ' }, false],
    [{ slug: 'lab', name: 'x'.repeat(101) }, false],
  ])('%j valid: %s', (input, valid) => {
    expect(teamFormSchema.safeParse(input).success).toBe(valid);
  });
});
