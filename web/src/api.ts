/**
 * The console's client for /api/v1: JSON in and out, the session cookie sent by the browser, the
 * session's CSRF token in `X-Rampart-CSRF` on every change. Errors carry the server's one-line
 * `{"error": "…"}` and the status, so pages tell "not allowed" (403) from "signed out" (401).
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | undefined;
let onUnauthenticated: (() => void) | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called when a request answers 401 after sign-in: the session ended. */
export function setUnauthenticatedHandler(handler: (() => void) | undefined): void {
  onUnauthenticated = handler;
}

async function request<T>(method: string, path: string, body?: unknown, options: { quiet401?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-rampart-csrf'] = csrfToken;
  const response = await fetch(`/api/v1${path}`, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    if (response.status === 401 && !options.quiet401) onUnauthenticated?.();
    const message = parsed && typeof parsed === 'object' && 'error' in parsed ? String((parsed as { error: unknown }).error) : `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message);
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, options?: { quiet401?: boolean }): Promise<T> => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body: unknown = {}, options?: { quiet401?: boolean }): Promise<T> => request<T>('POST', path, body, options),
  put: <T>(path: string, body: unknown): Promise<T> => request<T>('PUT', path, body),
};

/** Whether single sign-on is configured: its start route redirects (an opaque redirect to fetch) instead of answering 404. */
export async function ssoAvailable(): Promise<boolean> {
  try {
    const response = await fetch('/api/v1/auth/oidc/start?returnTo=%2Fconsole%2F', { redirect: 'manual', credentials: 'same-origin' });
    return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
  } catch {
    return false;
  }
}
