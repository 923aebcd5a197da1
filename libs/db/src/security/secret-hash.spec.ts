import { describe, expect, it } from 'vitest';
import { generateToken, hashPassword, hashToken, verifyPassword } from './secret-hash';

describe('secret hashing', () => {
  it('hashes passwords with a random salt and verifies them', async () => {
    const first = await hashPassword('correct horse');
    const second = await hashPassword('correct horse');
    expect(first).not.toBe(second);
    expect(first).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', first)).toBe(true);
    expect(await verifyPassword('wrong horse', first)).toBe(false);
    expect(await verifyPassword('correct horse', 'garbage')).toBe(false);
  });

  it('makes prefixed high-entropy tokens and a stable SHA-256', () => {
    const token = generateToken('rfk');
    expect(token).toMatch(/^rfk_[A-Za-z0-9_-]{43}$/);
    expect(generateToken('rfk')).not.toBe(token);
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
