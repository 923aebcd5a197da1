import { NextResponse } from 'next/server';
import { z } from 'zod';

const DEFAULT_FORM_UPLOAD_BYTES = 512 * 1024 * 1024;
const formUploadBytes = z.coerce.number().int().positive().max(4 * 1024 ** 3);

/**
 * The largest upload the dashboard's forms accept (RANKFALL_WEB_MAX_UPLOAD_BYTES, default 512 MiB): a form post is
 * read into this process's memory before it is forwarded, so larger archives go through `rankfall dataset upload`
 * or the API's POST /uploads/datasets with a token, which stream. A bad value falls back to the default.
 */
export function formUploadLimit(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const parsed = formUploadBytes.safeParse(env['RANKFALL_WEB_MAX_UPLOAD_BYTES']);
  return parsed.success ? parsed.data : DEFAULT_FORM_UPLOAD_BYTES;
}

/** Why a form upload is refused from its declared size before it is read (null: go on), e.g. "the archive (3.2 GB) …". */
export function formUploadTooLarge(request: Request, what: string, limit = formUploadLimit()): string | null {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (!Number.isFinite(declared) || declared <= limit) return null;
  const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
  return `The ${what} (${mib(declared)}) is larger than the dashboard's form limit of ${mib(limit)} (RANKFALL_WEB_MAX_UPLOAD_BYTES): upload it with \`rankfall dataset upload\` or POST /uploads/… with an API token, which stream.`;
}

/** A form POST from this dashboard's own pages only (the browser's Origin); anything else is refused. */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin) return false;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** 303 back to a page of the dashboard (relative to the request), e.g. with `?error=` for the form to show. */
export function seeOther(request: Request, path: string): NextResponse {
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? '127.0.0.1';
  const protocol = request.headers.get('x-forwarded-proto') ?? 'http';
  return NextResponse.redirect(new URL(path, `${protocol}://${host}`), 303);
}

/** A string field of a multipart form ('' when absent or a file). */
export function textField(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** An error message short enough for a URL parameter. */
export function shortMessage(message: string): string {
  return message.length > 300 ? `${message.slice(0, 297)}…` : message;
}
