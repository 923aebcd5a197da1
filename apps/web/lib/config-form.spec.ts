import { describe, expect, it } from 'vitest';
import { labelOf, rangeLabel, readConfig, toConfigForm } from './config-form';

const ifgsmSchema = {
  type: 'object',
  properties: {
    epsilon: { default: 0.005, type: 'number', exclusiveMinimum: 0 },
    steps: { default: 10, type: 'integer', minimum: 1, maximum: 100000 },
    goal: { default: 'lower-quality', type: 'string', enum: ['lower-quality', 'raise-quality'] },
    randomStart: { default: true, type: 'boolean' },
  },
  additionalProperties: false,
};
const smaSchema = {
  type: 'object',
  properties: {
    preset: { enum: ['paper', 'set-scaled'], default: 'paper' },
    stage1: { type: 'object', properties: { iterations: { default: 100000, type: 'integer', minimum: 1, maximum: 9007199254740991 }, scoreRange: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }] } } },
    stage2: { type: 'object', properties: { steps: { default: 10, type: 'integer', minimum: 1, maximum: 100000 } } },
  },
};

describe('toConfigForm', () => {
  it('makes one typed field per property, with the schema’s bounds and the default config’s values', () => {
    const [group] = toConfigForm(ifgsmSchema, { epsilon: 0.005, steps: 10, goal: 'lower-quality', randomStart: true });
    expect(group?.title).toBeNull();
    expect(group?.fields.map((f) => [f.name, f.kind, f.defaultValue])).toEqual([
      ['config.epsilon', 'number', '0.005'],
      ['config.steps', 'integer', '10'],
      ['config.goal', 'enum', 'lower-quality'],
      ['config.randomStart', 'boolean', 'true'],
    ]);
    expect(group?.fields[1]).toMatchObject({ min: 1, max: 100000, paperDefault: '10' });
    expect(group?.fields[0]).toMatchObject({ min: 0, exclusive: { min: true, max: false } });
    expect(group?.fields[2]?.options).toEqual(['lower-quality', 'raise-quality']);
  });

  it('groups nested objects (SMA: preset on top, then stage 1 and stage 2), drops “any safe integer” bounds', () => {
    const groups = toConfigForm(smaSchema, { preset: 'paper', stage1: { iterations: 100000, scoreRange: [0, 100] }, stage2: { steps: 10 } });
    expect(groups.map((g) => g.title)).toEqual([null, 'Stage 1', 'Stage 2']);
    expect(groups[0]?.fields.map((f) => f.name)).toEqual(['config.preset']);
    expect(groups[1]?.fields.map((f) => [f.name, f.kind, f.defaultValue])).toEqual([
      ['config.stage1.iterations', 'integer', '100000'],
      ['config.stage1.scoreRange', 'numbers', '0, 100'],
    ]);
    expect(groups[1]?.fields[0]).toMatchObject({ min: 1 });
    expect(groups[1]?.fields[0]?.max).toBeUndefined();
  });

  it('survives a schema without properties', () => {
    expect(toConfigForm(null, null)).toEqual([]);
  });
});

describe('readConfig', () => {
  const sma = toConfigForm(smaSchema, { preset: 'paper', stage1: { iterations: 100000, scoreRange: [0, 100] }, stage2: { steps: 10 } });
  const flat = toConfigForm(ifgsmSchema, { epsilon: 0.005, steps: 10, goal: 'lower-quality', randomStart: true });

  it('keeps only the values that differ from the defaults, typed and nested by path', () => {
    const values: Record<string, string> = { 'config.preset': 'set-scaled', 'config.stage1.iterations': '2000', 'config.stage1.scoreRange': '0, 100', 'config.stage2.steps': ' 3 ' };
    expect(readConfig(sma, (name) => values[name] ?? null)).toEqual({ ok: true, config: { preset: 'set-scaled', stage1: { iterations: 2000 }, stage2: { steps: 3 } } });
    expect(readConfig(sma, (name) => ({ 'config.stage1.scoreRange': '1 5' })[name] ?? null)).toEqual({ ok: true, config: { stage1: { scoreRange: [1, 5] } } });
  });

  it('reads an absent checkbox as false and sends nothing for an untouched form', () => {
    const untouched: Record<string, string> = { 'config.epsilon': '0.005', 'config.steps': '10', 'config.goal': 'lower-quality', 'config.randomStart': 'true' };
    expect(readConfig(flat, (name) => untouched[name] ?? null)).toEqual({ ok: true, config: {} });
    const { ['config.randomStart']: _, ...unchecked } = untouched;
    expect(readConfig(flat, (name) => unchecked[name] ?? null)).toEqual({ ok: true, config: { randomStart: false } });
  });

  it('refuses a malformed number, naming the field; out-of-range values are left to the API', () => {
    expect(readConfig(flat, (name) => (name === 'config.steps' ? 'ten' : null))).toEqual({ ok: false, field: 'config.steps', message: 'steps: enter a number' });
    expect(readConfig(sma, (name) => (name === 'config.stage1.scoreRange' ? '0, x' : null))).toMatchObject({ ok: false, field: 'config.stage1.scoreRange' });
    expect(readConfig(flat, (name) => (name === 'config.steps' ? '0' : null))).toEqual({ ok: true, config: { steps: 0, randomStart: false } });
  });
});

describe('labels', () => {
  it('names stages and splits camel case', () => {
    expect(labelOf('stage2')).toBe('Stage 2');
    expect(labelOf('softRankEps')).toBe('soft rank eps');
  });

  it('shows ranges inclusive or exclusive', () => {
    const [group] = toConfigForm(ifgsmSchema, {});
    expect(rangeLabel(group!.fields[1]!)).toBe('1 … 100000');
    expect(rangeLabel(group!.fields[0]!)).toBe('> 0');
    expect(rangeLabel(group!.fields[2]!)).toBe('');
  });
});
