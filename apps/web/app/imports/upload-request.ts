import { NextResponse } from 'next/server';

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
