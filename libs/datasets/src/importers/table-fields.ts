import { z } from 'zod';
import { type DatasetSplit } from './dataset-manifest';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseDecimal(raw: string): number | null {
  const s = raw.trim();
  if (!DECIMAL.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** A decimal number (`1`, `-0.5`, `3.2e-4`; no hex, no `NaN`, no empty). */
export function numberField() {
  return z.string().transform((raw, ctx) => {
    const n = parseDecimal(raw);
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: `expected a number, got "${raw}"` });
      return z.NEVER;
    }
    return n;
  });
}

/** A non-negative decimal number, or an empty field (null). */
export function optionalStdField() {
  return z.string().transform((raw, ctx) => {
    if (raw.trim() === '') return null;
    const n = parseDecimal(raw);
    if (n === null || n < 0) {
      ctx.addIssue({ code: 'custom', message: `expected a non-negative number or nothing, got "${raw}"` });
      return z.NEVER;
    }
    return n;
  });
}

/**
 * An image path relative to the image root: `/`-separated, no `..` or `.` segments, not absolute,
 * no backslashes, no empty segments. The manifest key; the file is `imageRoot/key`.
 */
export function imageKeyField() {
  return z.string().transform((raw, ctx) => {
    const segments = raw.split('/');
    const bad =
      raw.trim() !== raw ||
      raw === '' ||
      raw.includes('\\') ||
      raw.includes('\0') ||
      segments.some((s) => s === '' || s === '.' || s === '..');
    if (bad) {
      ctx.addIssue({ code: 'custom', message: `expected a relative image path (a/b.png), got "${raw}"` });
      return z.NEVER;
    }
    return raw;
  });
}

/** A non-empty name (reference image names). */
export function nameField() {
  return z.string().transform((raw, ctx) => {
    if (raw.trim() === '') {
      ctx.addIssue({ code: 'custom', message: 'expected a name, got an empty field' });
      return z.NEVER;
    }
    return raw;
  });
}

/** A split label translated through `labels` (e.g. `{ training: 'train' }`); `''` maps only if listed. */
export function splitField(labels: Readonly<Record<string, DatasetSplit | null>>) {
  const allowed = Object.keys(labels)
    .map((l) => JSON.stringify(l))
    .join(', ');
  return z.string().transform((raw, ctx) => {
    const split = Object.hasOwn(labels, raw) ? labels[raw] : undefined;
    if (split === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected one of ${allowed}, got "${raw}"` });
      return z.NEVER;
    }
    return split;
  });
}
