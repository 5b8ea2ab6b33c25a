import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Principal, WaiverRequest } from '../../../../src/model/index.js';
import { applyWaivers } from '../../../../src/policy/waivers.js';
import { parseWaivers } from '../../../../src/sources/waivers-file.js';
import { GovernanceStore } from '../../../../src/store/platform/governance.js';
import { WaiverWorkflow, WaiverWorkflowError, type GovernanceAuditInput } from '../../../../src/server/platform/governance/waivers.js';
import { withBothDatabases } from '../../../helpers/postgres.js';
import { vulnFinding, workloadFinding } from './findings.js';

const user = (name: string, roles: Principal['roles']): Principal => ({ kind: 'user', id: `u-${name}`, name, roles, teams: ['payments'] });
const alice = user('alice', ['member']);
const bob = user('bob', ['member']);
const sec = user('sec', ['security-admin']);
const sec2 = user('sec2', ['security-admin']);
const auditor = user('audrey', ['auditor']);
const scanner: Principal = { kind: 'token', id: 'tok-1', name: 'ci-scanner', roles: ['member'], teams: [], scopes: ['scans:upload'] };

const refusal = (kind: WaiverWorkflowError['kind'], text: RegExp) => (err: unknown): boolean => {
  assert.ok(err instanceof WaiverWorkflowError, String(err));
  assert.equal(err.kind, kind);
  assert.match(err.message, text);
  return true;
};

withBothDatabases('waiver workflow', (ctx) => {
  let clock = new Date('2026-06-01T09:00:00Z');
  const audit: GovernanceAuditInput[] = [];
  const notified: { ids: string[]; at: string }[] = [];
  let workflow: WaiverWorkflow;
  let store: GovernanceStore;

  test('setup', async () => {
    store = await GovernanceStore.open(ctx.db());
    workflow = new WaiverWorkflow({
      store,
      now: () => clock,
      audit: async (entry) => void audit.push(entry),
      notifier: { waiversExpiring: async (requests, now) => void notified.push({ ids: requests.map((r) => r.id), at: now.toISOString() }) },
    });
    assert.ok(workflow);
  });

  test('request validates reason, check, scope and the expiry window', async () => {
    const base = { check: 'pod.privileged', scope: { namespace: 'payments', name: 'agent' }, reason: 'vendor agent needs host PID until the Q3 upgrade', expires: '2026-08-31' };
    await assert.rejects(workflow.request(alice, { ...base, reason: '  ' }), refusal('invalid', /reason is required/));
    await assert.rejects(workflow.request(alice, { ...base, reason: 'too short' }), refusal('invalid', /reason: too short/));
    await assert.rejects(workflow.request(alice, { ...base, check: 'pod.nonexistent' }), refusal('invalid', /unknown check id "pod.nonexistent"/));
    await assert.rejects(workflow.request(alice, { ...base, scope: {} }), refusal('invalid', /scope: must name at least one selector/));
    await assert.rejects(workflow.request(alice, { ...base, expires: '2026-02-30' }), refusal('invalid', /"2026-02-30" is not a calendar date/));
    await assert.rejects(workflow.request(alice, { ...base, expires: '2026-05-31' }), refusal('invalid', /expires 2026-05-31 is in the past/));
    await assert.rejects(workflow.request(alice, { ...base, expires: '2027-06-02' }), refusal('invalid', /more than 365 days away \(latest 2027-06-01\)/));
    const ok = await workflow.request(alice, { ...base, expires: '2027-06-01', ticket: 'SEC-100' });
    assert.equal(ok.state, 'requested');
    assert.equal(ok.requestedBy, 'alice');
    assert.equal(ok.ticket, 'SEC-100');
    assert.equal(audit.at(-1)!.action, 'waiver.request');
    assert.equal(audit.at(-1)!.outcome, 'success');
    assert.equal(audit.filter((a) => a.outcome === 'failure' && a.action === 'waiver.request').length, 7, 'each refused request is audited');
    await store.updateSettings({ waiverMaxDays: 30 });
    await assert.rejects(workflow.request(alice, { ...base, expires: '2026-07-02' }), refusal('invalid', /more than 30 days away/));
    await store.updateSettings({ waiverMaxDays: 365 });
  });

  test('who may request: members and security admins; not auditors or upload tokens; wildcard scope on a critical check only by a security admin', async () => {
    const base = { check: 'pod.privileged', scope: { namespace: '*' }, reason: 'legacy estate, migration tracked in SEC-7', expires: '2026-07-31' };
    await assert.rejects(workflow.request(auditor, base), refusal('denied', /audrey may not request waivers/));
    await assert.rejects(workflow.request(scanner, base), refusal('denied', /ci-scanner may not request waivers/));
    await assert.rejects(workflow.request(alice, base), refusal('denied', /pod.privileged is a critical check; a scope naming no asset needs a security administrator/));
    await assert.rejects(workflow.request(alice, { ...base, check: 'pod.*' }), refusal('denied', /critical check/));
    const wide = await workflow.request(sec, base);
    assert.equal(wide.requestedBy, 'sec');
    // A non-critical check may be waived everywhere by a member.
    assert.equal((await workflow.request(bob, { ...base, check: 'image.latest-tag' })).state, 'requested');
    assert.ok(audit.some((a) => a.outcome === 'denied' && a.actor === 'audrey'));
  });

  let w1: WaiverRequest;
  test('approve: only a decider who is not the requester; never self-approval, even for a security admin', async () => {
    w1 = (await store.listWaiverRequests({ requestedBy: 'alice' }))[0]!;
    await assert.rejects(workflow.approve(alice, w1.id), refusal('denied', /alice may not decide waivers/));
    await assert.rejects(workflow.approve(bob, w1.id), refusal('denied', /bob may not decide waivers/));
    const own = (await store.listWaiverRequests({ requestedBy: 'sec' }))[0]!;
    await assert.rejects(workflow.approve(sec, own.id), refusal('denied', new RegExp(`waiver ${own.id}: sec requested it and may not decide it`)));
    await assert.rejects(workflow.reject(sec, own.id, 'no'), refusal('denied', /may not decide it/));
    assert.equal((await store.getWaiverRequest(own.id))!.state, 'requested');
    const secAsToken: Principal = { ...sec2, kind: 'token', scopes: ['waivers:decide'] };
    await assert.rejects(workflow.approve(secAsToken, w1.id), refusal('denied', /may not decide waivers/));
    await assert.rejects(workflow.approve(sec, 'W-999'), refusal('not-found', /W-999: no such waiver request/));

    const approved = await workflow.approve(sec, w1.id, 'compensating control: seccomp profile');
    assert.equal(approved.state, 'approved');
    assert.equal(approved.decidedBy, 'sec');
    assert.equal(approved.decisionNote, 'compensating control: seccomp profile');
    await assert.rejects(workflow.approve(sec2, w1.id), refusal('conflict', /cannot approve a waiver that is approved/));
    const decided = audit.filter((a) => a.target === `waiver:${w1.id}`);
    assert.deepEqual(decided.map((a) => [a.action, a.outcome, a.actor]), [['waiver.request', 'success', 'alice'], ['waiver.approve', 'denied', 'alice'], ['waiver.approve', 'denied', 'bob'], ['waiver.approve', 'denied', 'sec2'], ['waiver.approve', 'success', 'sec'], ['waiver.approve', 'failure', 'sec2']]);
  });

  test('reject, and revoke by the requester or a decider but nobody else', async () => {
    const wide = (await store.listWaiverRequests({ requestedBy: 'sec' }))[0]!;
    const rejected = await workflow.reject(sec2, wide.id, 'too broad: name the namespaces');
    assert.equal(rejected.state, 'rejected');
    assert.equal(rejected.decisionNote, 'too broad: name the namespaces');
    await assert.rejects(workflow.approve(sec2, wide.id), refusal('conflict', /cannot approve a waiver that is rejected/));
    const bobs = (await store.listWaiverRequests({ requestedBy: 'bob' }))[0]!;
    await assert.rejects(workflow.revoke(alice, bobs.id), refusal('denied', /alice may not revoke/));
    assert.equal((await workflow.revoke(bob, bobs.id, 'no longer needed')).state, 'revoked');
    const events = await store.waiverEvents(bobs.id);
    assert.deepEqual(events.map((e) => [e.action, e.actor, e.toState, e.note]), [['request', 'bob', 'requested', undefined], ['revoke', 'bob', 'revoked', 'no longer needed']]);
  });

  test('active waivers apply through the existing matcher', async () => {
    const active = await workflow.activeWaivers();
    assert.deepEqual(active.map((w) => [w.id, w.approver, w.requestedBy]), [[w1.id, 'sec', 'alice']]);
    const findings = [workloadFinding({ check: 'pod.privileged', namespace: 'payments', name: 'agent' }), workloadFinding({ check: 'pod.privileged', namespace: 'payments', name: 'api' })];
    applyWaivers(findings, active, clock);
    assert.deepEqual(findings.map((f) => f.status), ['waived', 'fail']);
    assert.equal(findings[0]!.waiver!.approver, 'sec');
  });

  test('tick: warns once within the window, then expires; the expired ids are returned and findings re-open', async () => {
    // 2027-05-20: 12 days before 2027-06-01, outside the 7-day window.
    clock = new Date('2027-05-20T00:00:00Z');
    assert.deepEqual(await workflow.tick(), { expired: [], warned: [] });
    clock = new Date('2027-05-26T00:00:00Z');
    const first = await workflow.tick();
    assert.deepEqual(first.warned.map((w) => w.id), [w1.id]);
    assert.deepEqual(notified, [{ ids: [w1.id], at: '2027-05-26T00:00:00.000Z' }]);
    clock = new Date('2027-05-30T00:00:00Z');
    assert.deepEqual((await workflow.tick()).warned, [], 'warned once only');
    clock = new Date('2027-06-01T23:59:00Z');
    assert.deepEqual((await workflow.tick()).expired, [], 'the expiry day itself is still covered');
    clock = new Date('2027-06-02T00:00:01Z');
    const expiry = await workflow.tick();
    assert.deepEqual(expiry.expired.map((w) => [w.id, w.state]), [[w1.id, 'expired']]);
    assert.deepEqual((await workflow.tick()).expired, [], 'expired once');
    assert.equal(notified.length, 1);
    assert.ok(audit.some((a) => a.action === 'waiver.expire' && a.actor === 'system' && a.target === `waiver:${w1.id}`));
    assert.deepEqual(await workflow.activeWaivers(), []);
    const finding = workloadFinding({ check: 'pod.privileged', namespace: 'payments', name: 'agent' });
    applyWaivers([finding], await workflow.waiversForMatching(), clock);
    assert.equal(finding.status, 'fail');
    assert.equal(finding.expiredWaiver!.id, w1.id);
    assert.deepEqual((await store.waiverEvents(w1.id)).map((e) => e.action), ['request', 'approve', 'expiry-warning', 'expire']);
  });

  test('a notifier failure is audited, not thrown, and not retried', async () => {
    const failing = new WaiverWorkflow({ store, now: () => clock, audit: async (e) => void audit.push(e), notifier: { waiversExpiring: async () => { throw new Error('smtp down\nstack'); } } });
    const w = await failing.request(alice, { check: 'pod.host-network', scope: { namespace: 'edge' }, reason: 'ingress gateway uses host network', expires: '2027-06-05' });
    await failing.approve(sec, w.id);
    const result = await failing.tick();
    assert.deepEqual(result.warned.map((r) => r.id), [w.id]);
    assert.deepEqual(audit.at(-1), { time: clock.toISOString(), actor: 'system', action: 'waiver.expiry-warning', outcome: 'failure', details: { waivers: [w.id], error: 'smtp down' } });
    assert.deepEqual((await failing.tick()).warned, []);
    await workflow.revoke(sec, w.id);
  });

  test('approval is refused once the requested expiry has passed', async () => {
    const w = await workflow.request(alice, { check: 'pod.host-network', scope: { namespace: 'edge' }, reason: 'ingress gateway uses host network', expires: '2027-06-03' });
    clock = new Date('2027-06-04T08:00:00Z');
    await assert.rejects(workflow.approve(sec, w.id), refusal('conflict', /expiry 2027-06-03 has passed/));
  });

  test('CLI waivers file: import as approved with the file approver, export round-trips through the CLI parser', async () => {
    clock = new Date('2027-07-01T00:00:00Z');
    const file = `waivers:
  - id: vuln-openssl
    check: image.vuln
    scope: { vulnerability: CVE-2024-0727, image: "registry.bank.local/payments/*" }
    reason: not reachable, no PKCS12 parsing in this service
    approver: ciso@bank.example
    requestedBy: dev@bank.example
    expires: "2027-12-31"
    ticket: SEC-42
  - check: pod.host-network
    scope: { namespace: edge }
    reason: gateway on host network by design
    approver: ciso@bank.example
    expires: "2027-09-30"
  - id: old
    check: pod.privileged
    scope: { namespace: legacy }
    reason: lapsed exception, kept for the record
    approver: ciso@bank.example
    expires: "2027-01-31"
  - id: self
    check: pod.privileged
    scope: { namespace: x }
    reason: approved by the person who asked for it
    approver: eve
    requestedBy: eve
    expires: "2027-12-31"
  - id: broken
    check: pod.unknown-check
    scope: { namespace: x }
    reason: this check does not exist at all
    approver: ciso@bank.example
    expires: "2027-12-31"
`;
    await assert.rejects(workflow.importFile(alice, 'waivers.yaml', file), refusal('denied', /alice may not import waivers/));
    const result = await workflow.importFile(sec, 'waivers.yaml', file);
    assert.deepEqual(result.imported.map((r) => [r.id, r.state, r.decidedBy, r.requestedBy]), [
      ['vuln-openssl', 'approved', 'ciso@bank.example', 'dev@bank.example'],
      [parseWaivers('f', file).waivers[1]!.id, 'approved', 'ciso@bank.example', 'ciso@bank.example'],
      ['old', 'expired', 'ciso@bank.example', 'ciso@bank.example'],
    ]);
    assert.equal(result.errors.length, 2);
    assert.match(result.errors[0]!.message, /unknown check id "pod.unknown-check"/);
    assert.match(result.errors[1]!.message, /waiver self: approver eve is also its requester/);
    const importAudit = audit.at(-1)!;
    assert.equal(importAudit.action, 'waiver.import');
    assert.equal(importAudit.actor, 'sec');
    assert.deepEqual((importAudit.details as { imported: string[] }).imported, result.imported.map((r) => r.id));
    assert.equal((await store.waiverEvents('vuln-openssl'))[0]!.note, 'from waivers.yaml, approved by ciso@bank.example');

    const again = await workflow.importFile(sec, 'waivers.yaml', file);
    assert.deepEqual(again.imported, []);
    assert.deepEqual(again.unchanged.sort(), result.imported.map((r) => r.id).sort());

    const exported = await workflow.exportFile();
    const parsed = parseWaivers('export.yaml', exported);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.waivers, await workflow.activeWaivers());
    assert.deepEqual(parsed.waivers.map((w) => w.id).sort(), result.imported.filter((r) => r.state === 'approved').map((r) => r.id).sort());
    const openssl = parsed.waivers.find((w) => w.id === 'vuln-openssl')!;
    assert.deepEqual(openssl, { id: 'vuln-openssl', check: 'image.vuln', scope: { vulnerability: 'CVE-2024-0727', image: 'registry.bank.local/payments/*' }, reason: 'not reachable, no PKCS12 parsing in this service', approver: 'ciso@bank.example', expires: '2027-12-31', ticket: 'SEC-42', requestedBy: 'dev@bank.example' });
    const vuln = vulnFinding({ image: 'registry.bank.local/payments/api:1.0', purl: 'pkg:deb/debian/openssl@3.0.11-1', id: 'CVE-2024-0727' });
    applyWaivers([vuln], parsed.waivers, clock);
    assert.equal(vuln.status, 'waived');
  });
});
