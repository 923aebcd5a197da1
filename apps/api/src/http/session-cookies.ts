import type { Response } from 'express';
import type { SessionCookies } from '../graphql/context';
import { SESSION_COOKIE } from '../services/viewer.service';

/** The session cookie on an HTTP response: httpOnly, SameSite=Lax, path /, Secure when configured. */
export function responseCookies(response: Response, secure: boolean): SessionCookies {
  const attributes = `Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  return {
    set(value, expiresAt) {
      const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
      response.append('Set-Cookie', `${SESSION_COOKIE}=${encodeURIComponent(value)}; ${attributes}; Max-Age=${maxAge}; Expires=${expiresAt.toUTCString()}`);
    },
    clear() {
      response.append('Set-Cookie', `${SESSION_COOKIE}=; ${attributes}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`);
    },
  };
}
