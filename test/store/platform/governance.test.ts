import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WaiverRequest } from '../../../src/model/index.js';
import { DEFAULT_GOVERNANCE_SETTINGS, GovernanceStore } from '../../../src/store/platform/governance.js';
import { withBothDatabases } from '../../helpers/postgres.js';

function request(over: Partial<WaiverRequest> = {}): Omit<WaiverRequest, 'id'> & { id?: string } {
  return {
    check: 'pod.privileged',
    scope: { namespace: 'payments', name: 'api' },
    reason: 'vendor agent needs host access until Q3',
    expires: '2026-09-30',
    state: 'requested',
    requestedBy: 'alice',
    requestedAt: '2026-06-01T10:00:00.000Z',
    ...over,
  };
}

withBothDatabases('governance store', (ctx) => {
  let store: GovernanceStore;

  test('migrations apply once; reopening the same database keeps the data', async () => {
    store = await GovernanceStore.open(ctx.db());
    await store.putTeam({ id: 'platform', name: 'Platform' });
    const again = await GovernanceStore.open(ctx.db());
    assert.deepEqual(await again.listTeams(), [{ id: 'platform', name: 'Platform' }]);
    const versions = await ctx.db().all<{ version: number }>("SELECT version FROM schema_migrations WHERE component = 'governance'");
    assert.deepEqual(versions.map((v) => Number(v.version)), [1]);
  });

  test('teams: upsert, notification targets kept, delete refused while routed to', async () => {
    await store.putTeam({ id: 'payments', name: 'Payments', notify: { webhook: 'http://127.0.0.1:9/hook', email: ['pay@bank.example'] } });
    await store.putTeam({ id: 'payments', name: 'Payments squad', notify: { email: ['pay-sec@bank.example'] } });
    assert.deepEqual(await store.getTeam('payments'), { id: 'payments', name: 'Payments squad', notify: { email: ['pay-sec@bank.example'] } });
    assert.deepEqual((await store.listTeams()).map((t) => t.id), ['payments', 'platform']);
    await store.putRoutingRule({ id: 'r1', priority: 10, team: 'payments', namespace: 'payments-*' });
    await assert.rejects(store.deleteTeam('payments'), /team payments: routing rule r1 still routes to it/);
    await assert.rejects(store.putTeam({ id: '', name: 'x' }), /team: id and name are required/);
  });

  test('routing rules: ordered by priority then id, replaced as a whole, unknown team refused', async () => {
    await store.putRoutingRule({ id: 'r0', priority: 5, team: 'platform', layer: 'os', check: 'image.*' });
    await store.putRoutingRule({ id: 'b', priority: 10, team: 'platform', labels: { team: 'x' } });
    assert.deepEqual((await store.listRoutingRules()).map((r) => r.id), ['r0', 'b', 'r1']);
    assert.deepEqual((await store.listRoutingRules())[1], { id: 'b', priority: 10, team: 'platform', labels: { team: 'x' } });
    await assert.rejects(store.putRoutingRule({ id: 'bad', priority: 1, team: 'nobody' }), /routing rule bad: team "nobody" does not exist/);
    await assert.rejects(store.replaceRoutingRules([{ id: 'ok', priority: 1, team: 'platform' }, { id: 'bad', priority: 2, team: 'nobody' }]), /team "nobody"/);
    assert.equal((await store.listRoutingRules()).length, 3, 'a failed replace leaves the old rules');
    await store.replaceRoutingRules([{ id: 'only', priority: 1, team: 'payments', cluster: 'prod' }]);
    assert.deepEqual(await store.listRoutingRules(), [{ id: 'only', priority: 1, team: 'payments', cluster: 'prod' }]);
    assert.equal(await store.deleteRoutingRule('only'), true);
    assert.equal(await store.deleteTeam('payments'), true);
  });

  test('settings: defaults on a fresh database, partial updates, default team must exist', async () => {
    assert.deepEqual(await store.getSettings(), DEFAULT_GOVERNANCE_SETTINGS);
    const updated = await store.updateSettings({ defaultTeam: 'platform', sla: { ...DEFAULT_GOVERNANCE_SETTINGS.sla, critical: 3 }, expiryWarningDays: 14 });
    assert.equal(updated.defaultTeam, 'platform');
    assert.equal(updated.sla.critical, 3);
    assert.equal(updated.sla.high, 30);
    assert.equal(updated.expiryWarningDays, 14);
    assert.equal(updated.waiverMaxDays, 365);
    await assert.rejects(store.updateSettings({ defaultTeam: 'ghost' }), /settings\.defaultTeam: team "ghost" does not exist/);
    await assert.rejects(store.deleteTeam('platform'), /it is the default team/);
  });

  test('waiver requests: ids allocated, filters, history events in order', async () => {
    const a = await store.createWaiverRequest(request(), 'platform', { time: '2026-06-01T10:00:00.000Z', actor: 'alice', action: 'request', toState: 'requested' });
    const b = await store.createWaiverRequest(request({ check: 'image.vuln', scope: { vulnerability: 'CVE-2024-0727' }, requestedBy: 'bob', requestedAt: '2026-06-02T10:00:00.000Z', ticket: 'SEC-1' }), 'platform', { time: '2026-06-02T10:00:00.000Z', actor: 'bob', action: 'request', toState: 'requested' });
    assert.equal(a.id, 'W-1');
    assert.equal(b.id, 'W-2');
    await store.createWaiverRequest(request({ id: 'legacy-1', state: 'approved', decidedBy: 'carol', decidedAt: '2026-06-03T00:00:00.000Z' }), 'import', { time: '2026-06-03T00:00:00.000Z', actor: 'carol', action: 'import', toState: 'approved' });
    assert.equal(await store.waiverOrigin('legacy-1'), 'import');
    await assert.rejects(store.createWaiverRequest(request({ id: 'legacy-1' }), 'import', { time: 't', actor: 'x', action: 'import' }), /waiver legacy-1: id already exists/);
    assert.deepEqual(await store.getWaiverRequest('W-2'), { ...request({ check: 'image.vuln', scope: { vulnerability: 'CVE-2024-0727' }, requestedBy: 'bob', requestedAt: '2026-06-02T10:00:00.000Z', ticket: 'SEC-1' }), id: 'W-2' });
    assert.deepEqual((await store.listWaiverRequests({ state: 'requested' })).map((r) => r.id), ['W-1', 'W-2']);
    assert.deepEqual((await store.listWaiverRequests({ state: ['approved', 'rejected'] })).map((r) => r.id), ['legacy-1']);
    assert.deepEqual((await store.listWaiverRequests({ requestedBy: 'bob', check: 'image.vuln' })).map((r) => r.id), ['W-2']);
    assert.deepEqual(await store.listWaiverRequests({ state: [] }), []);
    assert.equal(await store.nextWaiverId(), 'W-3');
  });

  test('transitions are compare-and-set: the second of two concurrent approvals loses', async () => {
    const event = (actor: string) => ({ time: '2026-06-04T09:00:00.000Z', actor, action: 'approve' as const, fromState: 'requested' as const, toState: 'approved' as const });
    const [first, second] = await Promise.all([
      store.transitionWaiver('W-1', ['requested'], { decidedBy: 'sec1', decidedAt: '2026-06-04T09:00:00.000Z' }, event('sec1')),
      store.transitionWaiver('W-1', ['requested'], { decidedBy: 'sec2', decidedAt: '2026-06-04T09:00:00.000Z' }, event('sec2')),
    ]);
    const winners = [first, second].filter((r) => r !== undefined);
    assert.equal(winners.length, 1);
    assert.equal(winners[0]!.state, 'approved');
    const events = await store.waiverEvents('W-1');
    assert.deepEqual(events.map((e) => [e.seq, e.action, e.fromState, e.toState]), [[1, 'request', undefined, 'requested'], [2, 'approve', 'requested', 'approved']]);
    assert.equal(events[1]!.actor, winners[0]!.decidedBy);
    assert.equal(await store.transitionWaiver('missing', ['requested'], {}, event('x')), undefined);
  });

  test('expiry warnings are claimed once, only for approved waivers within the window', async () => {
    const claimed = await store.claimExpiryWarnings('2026-09-30', '2026-09-25T00:00:00.000Z');
    assert.deepEqual(claimed.map((r) => r.id), ['W-1', 'legacy-1']);
    assert.deepEqual(await store.claimExpiryWarnings('2026-12-31', '2026-09-26T00:00:00.000Z'), []);
    const events = await store.waiverEvents('W-1');
    assert.deepEqual(events.at(-1), { waiverId: 'W-1', seq: 3, time: '2026-09-25T00:00:00.000Z', actor: 'system', action: 'expiry-warning', note: 'expires 2026-09-30' });
  });

  test('a fresh database is independent', async () => {
    const other = await GovernanceStore.open(await ctx.fresh());
    assert.deepEqual(await other.listWaiverRequests(), []);
    assert.equal(await other.nextWaiverId(), 'W-1');
  });
});
