import { RankfallError } from '@rankfall/job-contracts';
import { describe, expect, it } from 'vitest';
import { DOMAIN_ERRORS } from './run-cli';

describe('domain errors', () => {
  it.each(DOMAIN_ERRORS.map((type) => [type.name, type] as const))('%s has the common RankfallError base (code, message, details)', (_name, type) => {
    expect(type.prototype).toBeInstanceOf(RankfallError);
  });
});
