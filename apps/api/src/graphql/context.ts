import { createRequestScope, type ApiDependencies, type RequestScope } from '../services/services';
import type { Viewer } from '../services/viewer.service';

/** How a resolver sets or clears the session cookie (HTTP: Set-Cookie on the response). */
export interface SessionCookies {
  set(value: string, expiresAt: Date): void;
  clear(): void;
}

/** Built fresh per request (STYLE.md §9): viewer, access, loaders and services. Resolvers never see Prisma. */
export interface ApiContext extends RequestScope {
  viewer: Viewer;
  clientIp: string;
  cookies: SessionCookies;
}

export function createContext(deps: ApiDependencies, viewer: Viewer, http: { clientIp: string; cookies: SessionCookies; authenticatedNow?: boolean }): ApiContext {
  return { ...createRequestScope(deps, viewer, http.authenticatedNow ?? false), viewer, clientIp: http.clientIp, cookies: http.cookies };
}

/** A cookie jar for in-process calls (`executeOperation`, websockets) that remembers what was set. */
export function memoryCookies(): SessionCookies & { value: string | null } {
  const jar = {
    value: null as string | null,
    set(value: string) {
      jar.value = value;
    },
    clear() {
      jar.value = null;
    },
  };
  return jar;
}
