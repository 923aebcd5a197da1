import { describe, expect, it } from 'vitest';
import { formUploadLimit, formUploadTooLarge } from './upload-request';

const post = (length: number | null) => new Request('http://127.0.0.1:3000/imports/upload', { method: 'POST', headers: length === null ? {} : { 'content-length': String(length) } });

describe('form upload limit', () => {
  it('defaults to 512 MiB, takes RANKFALL_WEB_MAX_UPLOAD_BYTES, and ignores a bad value', () => {
    expect(formUploadLimit({})).toBe(512 * 1024 * 1024);
    expect(formUploadLimit({ RANKFALL_WEB_MAX_UPLOAD_BYTES: '1048576' })).toBe(1048576);
    expect(formUploadLimit({ RANKFALL_WEB_MAX_UPLOAD_BYTES: 'lots' })).toBe(512 * 1024 * 1024);
    expect(formUploadLimit({ RANKFALL_WEB_MAX_UPLOAD_BYTES: '-5' })).toBe(512 * 1024 * 1024);
  });

  it('refuses a declared size over the limit, naming the limit and the streaming ways, and lets the rest through', () => {
    expect(formUploadTooLarge(post(3 * 1024 * 1024), 'archive', 1024 * 1024)).toMatch(/^The archive \(3 MiB\) is larger than the dashboard's form limit of 1 MiB \(RANKFALL_WEB_MAX_UPLOAD_BYTES\): upload it with `rankfall dataset upload`/);
    expect(formUploadTooLarge(post(1024), 'archive', 1024 * 1024)).toBeNull();
    expect(formUploadTooLarge(post(null), 'archive', 1024 * 1024)).toBeNull();
  });
});
