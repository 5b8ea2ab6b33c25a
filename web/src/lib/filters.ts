import { FINDING_STATUSES, SEVERITY_ORDER, type FindingStatus, type Severity } from './types.js';

/**
 * The findings list's filters, kept in the page's URL (so a filtered view can be bookmarked and
 * shared) and turned into the API's query string. Unknown severities and statuses in a URL are
 * dropped rather than sent to the API to fail.
 */

export interface FindingFilters {
  severity: Severity[];
  status: FindingStatus[];
  cluster: string;
  namespace: string;
  check: string;
  owner: string;
  text: string;
}

export const TEXT_FILTERS = ['cluster', 'namespace', 'check', 'owner', 'text'] as const;

export function emptyFilters(): FindingFilters {
  return { severity: [], status: [], cluster: '', namespace: '', check: '', owner: '', text: '' };
}

function listOf<T extends string>(value: string | null, allowed: readonly T[]): T[] {
  if (!value) return [];
  const wanted = new Set(value.split(',').map((v) => v.trim()));
  return allowed.filter((a) => wanted.has(a));
}

/** Filters from a page URL's query; a URL without `status` shows open findings (fail, waived, not evaluated). */
export function filtersFromSearch(search: string): FindingFilters {
  const params = new URLSearchParams(search);
  const filters = emptyFilters();
  filters.severity = listOf(params.get('severity'), SEVERITY_ORDER);
  filters.status = params.has('status') ? listOf(params.get('status'), FINDING_STATUSES) : ['fail', 'waived', 'not-evaluated'];
  for (const key of TEXT_FILTERS) filters[key] = (params.get(key) ?? '').trim();
  return filters;
}

/** The query for both the page URL and the API (`/api/v1/findings?…`), without empty fields. */
export function filtersToSearch(filters: FindingFilters, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  if (filters.severity.length) params.set('severity', SEVERITY_ORDER.filter((s) => filters.severity.includes(s)).join(','));
  params.set('status', FINDING_STATUSES.filter((s) => filters.status.includes(s)).join(','));
  for (const key of TEXT_FILTERS) if (filters[key].trim()) params.set(key, filters[key].trim());
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  return params.toString();
}
