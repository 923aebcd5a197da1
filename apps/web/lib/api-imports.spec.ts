import { describe, expect, it } from 'vitest';
import { describeImportInput, readUploadAnswer, serverPathFormSchema, syntheticFormSchema, toImportRequest, toImportSource, uploadFormSchema } from './api-imports';

describe('readUploadAnswer', () => {
  it('reads the stored artifact', () => {
    expect(readUploadAnswer(201, JSON.stringify({ artifactId: 'a1', sha256: 'ff', sizeBytes: 12 }))).toEqual({ ok: true, artifactId: 'a1', sha256: 'ff', sizeBytes: 12 });
  });
  it('passes the API’s coded refusal on, whatever the status', () => {
    expect(readUploadAnswer(400, JSON.stringify({ errors: [{ message: 'the upload is larger than the limit', extensions: { code: 'BAD_USER_INPUT' } }] }))).toEqual({ ok: false, message: 'the upload is larger than the limit', status: 400 });
  });
  it('describes an endpoint that does not exist or a body that is not JSON', () => {
    expect(readUploadAnswer(404, '<html>Cannot POST</html>')).toMatchObject({ ok: false, status: 404, message: expect.stringMatching(/does not accept/) });
    expect(readUploadAnswer(500, 'oops')).toMatchObject({ ok: false, message: 'The API refused the upload (HTTP 500).' });
    expect(readUploadAnswer(400, JSON.stringify({ errors: [] }))).toMatchObject({ ok: false, message: 'The API refused the upload (HTTP 400).' });
    expect(readUploadAnswer(201, '{}')).toMatchObject({ ok: false, status: 502 });
  });
});

describe('import forms', () => {
  it('coerces the synthetic parameters and enforces the API’s bounds', () => {
    expect(syntheticFormSchema.parse({ seed: '1', references: '24', size: '64', levels: '4' })).toEqual({ seed: 1, references: 24, size: 64, levels: 4 });
    expect(syntheticFormSchema.safeParse({ seed: '1', references: '2', size: '64', levels: '4' }).error?.issues[0]?.message).toBe('At least 3 reference scenes.');
    expect(syntheticFormSchema.safeParse({ seed: '1.5', references: '24', size: '64', levels: '4' }).success).toBe(false);
  });
  it('drops empty optional fields so the strict source schema accepts the source', () => {
    const upload = uploadFormSchema.parse({ format: 'folder-csv', table: '', images: ' imgs ', name: '', version: '' });
    expect(toImportSource({ kind: 'upload', artifactId: 'a1', ...upload })).toEqual({ kind: 'upload', artifactId: 'a1', format: 'folder-csv', images: 'imgs' });
    expect(serverPathFormSchema.safeParse({ format: 'koniq10k', table: '', images: 'x' }).error?.issues[0]?.message).toBe('Enter the MOS table path.');
    expect(serverPathFormSchema.safeParse({ format: 'Bad Format', table: 't', images: 'x' }).success).toBe(false);
  });
});

describe('import requests', () => {
  const request = {
    id: 'ir1',
    kind: 'DATASET' as const,
    status: 'SUCCEEDED' as const,
    progress: 1,
    message: 'stored 30 images',
    input: { kind: 'synthetic', seed: 1 },
    dataset: { id: 'd1', name: 'synthetic', version: 'seed-1', imageCount: 30 },
    model: null,
    errorCode: null,
    errorMessage: null,
    createdAt: '2026-12-01T10:00:00.000Z',
    startedAt: '2026-12-01T10:00:01.000Z',
    finishedAt: null,
  };
  it('links the dataset once done', () => {
    const view = toImportRequest(request, 'lab');
    expect(view).toMatchObject({ title: 'Dataset import', active: false, progressLabel: '100 %', source: 'synthetic dataset', result: { label: 'synthetic seed-1 (30 images)', href: '/datasets/d1?team=lab' }, error: null });
  });
  it('is active while queued or running and shows the coded failure', () => {
    expect(toImportRequest({ ...request, status: 'RUNNING', dataset: null }, 'lab')).toMatchObject({ active: true, result: null });
    expect(toImportRequest({ ...request, status: 'FAILED', dataset: null, errorCode: 'BAD_ARCHIVE', errorMessage: 'entry ../x escapes' }, 'lab').error).toBe('BAD_ARCHIVE: entry ../x escapes');
  });
  it('describes what was imported', () => {
    expect(describeImportInput('DATASET', { kind: 'server-path', format: 'koniq10k' })).toBe('server-path (koniq10k)');
    expect(describeImportInput('DATASET', { source: { kind: 'upload', format: 'folder-csv' } })).toBe('upload (folder-csv)');
    expect(describeImportInput('MODEL', { catalogId: 'cnniqa-live', weights: { kind: 'bundled' } })).toBe('catalog entry cnniqa-live');
    expect(describeImportInput('MODEL', 'garbage')).toBe('model registration');
  });
});
