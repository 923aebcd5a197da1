import { describe, expect, it } from 'vitest';
import { evaluateFormSchema, inputLabel, isSchemaGap, registerModelSchema, toEvaluateInput, toEvaluation, toModelFacts, toModelListItem } from './api-models';

const model = {
  id: 'm1',
  name: 'demo',
  catalogId: 'rankfall-demo-cnn',
  architecture: 'cnn',
  lowerBetter: true,
  scoreMin: 0,
  scoreMax: 100,
  inputKind: 'rgb',
  inputHeight: 32,
  inputWidth: 48,
  patchSize: null,
  normalization: null,
  weightsSha256: 'ab'.repeat(32),
  createdAt: '2026-12-01T10:00:00.000Z',
};

describe('model views', () => {
  it('lists catalog facts as facts (direction, numeric score range, input)', () => {
    expect(toModelListItem(model, 'lab')).toMatchObject({ href: '/models/m1?team=lab', direction: 'lower score = better quality', scoreRange: '0.00 – 100.00', input: 'rgb 48×32' });
    expect(inputLabel({ inputKind: 'gray', inputHeight: null, inputWidth: null, patchSize: 32 })).toBe('gray, patches of 32');
    const facts = toModelFacts({ ...model, lowerBetter: false, weightsSha256: null });
    expect(facts.find((f) => f.label === 'Direction')?.value).toBe('higher score = better quality');
    expect(facts.find((f) => f.label === 'Weights SHA-256')?.value).toBe('bundled / none');
  });

  it('puts reported beside reproduced, with the gap only when both exist', () => {
    const row = { dataset: { id: 'd1', name: 'LIVE' }, split: 'TEST', status: 'SUCCEEDED' as const, imageCount: 12, reproducedSrocc: 0.81234, sroccCiLow: 0.7, sroccCiHigh: 0.9012, errorMessage: null, reproducedPlcc: 0.8, reportedSrocc: 0.956, reportedPlcc: null, reportedSource: 'Kang et al. CVPR 2014', command: 'rankfall model evaluate …', createdAt: '2026-12-02T10:00:00.000Z' };
    expect(toEvaluation(row, 'lab')).toMatchObject({ datasetHref: '/datasets/d1?team=lab', sroccCi: '0.700 … 0.901', reproducedSrocc: '0.812', reportedSrocc: '0.956', sroccGap: '−0.144', reportedPlcc: '—', images: 12 });
    expect(toEvaluation({ ...row, reportedSrocc: null, reportedSource: null, split: null, sroccCiLow: null }, null)).toMatchObject({ sroccCi: null, sroccGap: '—', reportedSource: 'no reported number', split: 'all', datasetHref: '/datasets/d1' });
  });

  it('recognises an API without the evaluations field', () => {
    expect(isSchemaGap('GRAPHQL_VALIDATION_FAILED')).toBe(true);
    expect(isSchemaGap('FORBIDDEN')).toBe(false);
  });

  it('validates the evaluate and register forms', () => {
    expect(evaluateFormSchema.safeParse({ teamId: 't', modelId: 'm', datasetId: 'd', split: null }).success).toBe(true);
    expect(evaluateFormSchema.safeParse({ teamId: 't', modelId: 'm', datasetId: '', split: 'TEST' }).success).toBe(false);
    expect(evaluateFormSchema.safeParse({ teamId: 't', modelId: 'm', datasetId: 'd', split: 'HOLDOUT' }).success).toBe(false);
    expect(registerModelSchema.safeParse({ teamId: 't', catalogId: 'cnniqa-live' }).success).toBe(true);
    expect(registerModelSchema.safeParse({ teamId: 't', catalogId: 'a b' }).success).toBe(false);
    expect(toEvaluateInput({ teamId: 't', modelId: 'm', datasetId: 'd', split: 'TEST' })).toEqual({ teamId: 't', modelId: 'm', datasetId: 'd', split: 'TEST' });
    expect(toEvaluateInput({ teamId: 't', modelId: 'm', datasetId: 'd', split: null })).toEqual({ teamId: 't', modelId: 'm', datasetId: 'd', wholeDataset: true });
  });
});
