import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyFilters, filtersFromSearch, filtersToSearch } from '../../../web/src/lib/filters.js';

test('a page URL without status shows open findings; unknown severities and statuses are dropped', () => {
  const filters = filtersFromSearch('?severity=high,bogus,critical&namespace=%20payments%20');
  assert.deepEqual(filters.severity, ['critical', 'high']);
  assert.deepEqual(filters.status, ['fail', 'waived', 'not-evaluated']);
  assert.equal(filters.namespace, 'payments');
  assert.deepEqual(filtersFromSearch('?status=resolved,nope').status, ['resolved']);
  assert.deepEqual(filtersFromSearch('?status=').status, [], 'an explicit empty status stays empty');
});

test('filters become the API query in a fixed order, without empty fields, with paging extras', () => {
  const filters = { ...emptyFilters(), severity: ['low', 'critical'] as const, status: ['waived', 'fail'] as const, check: 'pod.*', owner: 'payments', text: ' api ' };
  const query = filtersToSearch({ ...filters, severity: [...filters.severity], status: [...filters.status] }, { limit: '50', cursor: undefined });
  assert.equal(query, 'severity=critical%2Clow&status=fail%2Cwaived&check=pod.*&owner=payments&text=api&limit=50');
});

test('a URL written by filtersToSearch reads back to the same filters', () => {
  const filters = { ...emptyFilters(), severity: ['medium' as const], status: ['fail' as const, 'resolved' as const], cluster: 'prod-1', namespace: 'cards', check: 'image.vuln', owner: 'cards', text: 'nginx' };
  assert.deepEqual(filtersFromSearch(`?${filtersToSearch(filters)}`), filters);
});
