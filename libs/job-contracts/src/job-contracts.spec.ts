import { describe, expect, it } from 'vitest';
import { JobContractError, jobKey, parseJobPayload } from './job-contracts';

describe('job contracts', () => {
  it('parses valid payloads and derives stable keys', () => {
    const payload = parseJobPayload('perturb', { runId: 'run_1', shard: 2, shardCount: 4 });
    expect(jobKey('perturb', payload)).toBe('run:run_1:perturb:2');
    expect(jobKey('score-clean', parseJobPayload('score-clean', { runId: 'abc' }))).toBe('run:abc:score-clean');
  });

  it.each([
    ['score-clean', {}, 'runId'],
    ['score-clean', { runId: 'x', extra: 1 }, 'Unrecognized key'],
    ['perturb', { runId: 'r', shard: 4, shardCount: 4 }, 'shard must be < shardCount'],
    ['perturb', { runId: 'r', shard: -1, shardCount: 4 }, 'shard'],
    ['aggregate', { runId: 'has spaces' }, 'must be an id'],
    ['healthcheck', { requestedAt: 'yesterday' }, 'requestedAt'],
  ] as const)('rejects %s %j naming the problem', (name, payload, fragment) => {
    expect(() => parseJobPayload(name, payload)).toThrowError(JobContractError);
    expect(() => parseJobPayload(name, payload)).toThrowError(new RegExp(fragment));
  });

  it('keys two shards of one run apart and one shard retried alike', () => {
    const a = jobKey('perturb', { runId: 'r', shard: 0, shardCount: 2 });
    expect(jobKey('perturb', { runId: 'r', shard: 1, shardCount: 2 })).not.toBe(a);
    expect(jobKey('perturb', { runId: 'r', shard: 0, shardCount: 2 })).toBe(a);
  });
});
