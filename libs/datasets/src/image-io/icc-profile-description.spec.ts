import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { testBytes } from '../testing/bmp-test-writer';
import { ADOBE_RGB_1998, writeTestIccProfile } from '../testing/icc-test-profile';
import { iccProfileDescription, isSrgbDescription } from './icc-profile-description';

async function embedded(profile: string): Promise<Buffer> {
  const png = await sharp(testBytes(4 * 4 * 3, 1), { raw: { width: 4, height: 4, channels: 3 } }).withIccProfile(profile).png().toBuffer();
  const { icc } = await sharp(png).metadata();
  if (!icc) throw new Error('no profile embedded');
  return icc;
}

describe('iccProfileDescription', () => {
  it('reads a v2 textDescriptionType', () => {
    expect(iccProfileDescription(writeTestIccProfile(ADOBE_RGB_1998))).toBe('Adobe RGB (1998)');
    expect(iccProfileDescription(writeTestIccProfile({ ...ADOBE_RGB_1998, description: 'Wide\u0007 gamut' }))).toBe('Wide gamut');
  });

  it("reads libvips' built-in profiles (sRGB is recognised as sRGB)", async () => {
    const srgb = iccProfileDescription(await embedded('srgb'));
    expect(isSrgbDescription(srgb)).toBe(true);
    const p3 = iccProfileDescription(await embedded('p3'));
    expect(p3).not.toBeNull();
    expect(isSrgbDescription(p3)).toBe(false);
  });

  it.each([
    ['nothing', new Uint8Array(0)],
    ['a header only', new Uint8Array(132)],
    ['random bytes', testBytes(600, 9)],
    ['a desc tag pointing past the end', (() => {
      const icc = writeTestIccProfile(ADOBE_RGB_1998);
      icc.writeUInt32BE(0xfffffff0, 132 + 4);
      return icc;
    })()],
  ])('returns null for %s, never throws', (_name, bytes) => {
    expect(iccProfileDescription(bytes)).toBeNull();
  });
});
