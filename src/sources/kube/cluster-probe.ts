import type { KubeApiClient } from './cluster-http.js';
import { KubeApiError } from './cluster-http.js';

/**
 * `--probe`: asks the API server, with no credentials at all, for discovery and for a list of
 * pods. 200 means anonymous requests are both authenticated (as system:anonymous) and authorised;
 * 403 means anonymous authentication is on but RBAC refuses; 401 means it is off.
 */

export interface AnonymousProbe {
  path: string;
  /** HTTP status; undefined when no answer came. */
  status?: number;
  detail: string;
}

export const ANONYMOUS_PROBE_PATHS = ['/api', '/apis', '/api/v1/pods?limit=1'] as const;

export async function probeAnonymous(client: KubeApiClient, paths: readonly string[] = ANONYMOUS_PROBE_PATHS): Promise<AnonymousProbe[]> {
  return Promise.all(paths.map(async (path): Promise<AnonymousProbe> => {
    try {
      await client.getJson(path, { anonymous: true });
      return { path, status: 200, detail: '200 OK' };
    } catch (err) {
      if (err instanceof KubeApiError) {
        const probe: AnonymousProbe = { path, detail: err.reason };
        if (err.status !== undefined) probe.status = err.status;
        return probe;
      }
      return { path, detail: (err as Error).message };
    }
  }));
}
