import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RoutingRule } from '../../../../src/model/index.js';
import { compileRouting, packageLayer, repositoryOfReference, resolveOwner, waiverOwner } from '../../../../src/server/platform/governance/routing.js';
import { vulnFinding, workloadFinding } from './findings.js';

const RULES: RoutingRule[] = [
  // Deliberately out of order: priority decides, not position.
  { id: 'r-app-deps', priority: 30, team: 'payments-app', imageRepository: 'registry.bank.local/payments/*', layer: 'app' },
  { id: 'r-base-os', priority: 20, team: 'platform', layer: 'os', check: 'image.*' },
  { id: 'r-prod-payments', priority: 10, team: 'payments', cluster: 'prod', namespace: 'payments-*' },
  { id: 'r-labelled', priority: 15, team: 'cards', labels: { team: 'cards', tier: 'backend' } },
  { id: 'r-rbac', priority: 40, team: 'iam', check: 'rbac.*' },
];

const routing = compileRouting(RULES, 'secops');

test('routing table: each finding goes to the first matching rule by priority, the rest to the default team', () => {
  const cases: [string, ReturnType<typeof workloadFinding>, Parameters<typeof resolveOwner>[2], string | undefined, string | undefined][] = [
    ['prod payments namespace glob', workloadFinding({ check: 'pod.privileged', cluster: 'prod', namespace: 'payments-api', name: 'api' }), {}, 'payments', 'r-prod-payments'],
    ['same namespace, other cluster: default', workloadFinding({ check: 'pod.privileged', cluster: 'dev', namespace: 'payments-api', name: 'api' }), {}, 'secops', undefined],
    ['glob needs the prefix', workloadFinding({ check: 'pod.privileged', cluster: 'prod', namespace: 'payment', name: 'api' }), {}, 'secops', undefined],
    ['all labels must match', workloadFinding({ check: 'pod.privileged', namespace: 'x', name: 'a' }), { labels: { team: 'cards', tier: 'backend', extra: '1' } }, 'cards', 'r-labelled'],
    ['one label differing: no match', workloadFinding({ check: 'pod.privileged', namespace: 'x', name: 'a' }), { labels: { team: 'cards', tier: 'frontend' } }, 'secops', undefined],
    ['labels before a lower-priority check rule', workloadFinding({ check: 'rbac.secrets-read', namespace: 'x', name: 'a' }), { labels: { team: 'cards', tier: 'backend' } }, 'cards', 'r-labelled'],
    ['check prefix pattern', workloadFinding({ check: 'rbac.secrets-read', namespace: 'x', name: 'a' }), {}, 'iam', 'r-rbac'],
    ['prod rule wins over labels by priority', workloadFinding({ check: 'pod.privileged', cluster: 'prod', namespace: 'payments-x', name: 'a' }), { labels: { team: 'cards', tier: 'backend' } }, 'payments', 'r-prod-payments'],
  ];
  for (const [name, finding, context, team, ruleId] of cases) {
    assert.deepEqual(resolveOwner(finding, routing, context), ruleId ? { team, ruleId } : { team }, name);
  }
});

test('vulnerabilities: base-image OS packages go to the platform team, application dependencies to the app team', () => {
  const image = 'registry.bank.local/payments/api:2.4.1';
  const osTypes = ['pkg:deb/debian/openssl@3.0.11-1?distro=debian-12', 'pkg:rpm/redhat/glibc@2.34-60.el9', 'pkg:apk/alpine/musl@1.2.4-r2', 'pkg:alpm/arch/zlib@1.3-1'];
  for (const purl of osTypes) {
    assert.equal(resolveOwner(vulnFinding({ image, purl, id: 'CVE-2024-0001' }), routing).team, 'platform', purl);
  }
  const appTypes = ['pkg:npm/lodash@4.17.20', 'pkg:pypi/requests@2.25.0', 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', 'pkg:golang/golang.org/x/net@0.1.0', 'pkg:gem/rack@2.2.3', 'pkg:cargo/hyper@0.14.0', 'pkg:composer/guzzlehttp/guzzle@7.0.0', 'pkg:nuget/Newtonsoft.Json@12.0.1'];
  for (const purl of appTypes) {
    assert.equal(resolveOwner(vulnFinding({ image, purl, id: 'CVE-2024-0002' }), routing).team, 'payments-app', purl);
  }
  // An app dependency in an image outside the payments repositories: nobody claims it.
  assert.equal(resolveOwner(vulnFinding({ image: 'registry.bank.local/cards/web@sha256:' + 'c'.repeat(64), purl: 'pkg:npm/lodash@4.17.20', id: 'CVE-1' }), routing).team, 'secops');
  // A workload finding in context of an image: the caller's repository is used.
  const workload = workloadFinding({ check: 'pod.privileged', namespace: 'x', name: 'a' });
  assert.equal(resolveOwner(workload, compileRouting([{ id: 'img', priority: 1, team: 't', imageRepository: 'registry.bank.local/payments/*' }]), { imageRepository: 'registry.bank.local/payments/api' }).team, 't');
});

test('package layer from the purl type; unknown types have no layer', () => {
  assert.equal(packageLayer(vulnFinding({ image: 'a', purl: 'pkg:deb/debian/bash@5.2', id: 'X-1' })), 'os');
  assert.equal(packageLayer(vulnFinding({ image: 'a', purl: 'pkg:npm/left-pad@1.0.0', id: 'X-1' })), 'app');
  assert.equal(packageLayer(vulnFinding({ image: 'a', purl: 'pkg:generic/openssl@3.0', id: 'X-1' })), undefined);
  assert.equal(packageLayer({}), undefined);
});

test('image repository of a reference drops tag and digest but keeps a registry port', () => {
  assert.equal(repositoryOfReference('registry.bank.local:5000/payments/api:2.4.1'), 'registry.bank.local:5000/payments/api');
  assert.equal(repositoryOfReference('registry.bank.local:5000/payments/api'), 'registry.bank.local:5000/payments/api');
  assert.equal(repositoryOfReference(`nginx:1.25@sha256:${'d'.repeat(64)}`), 'nginx');
});

test('without a default team unclaimed findings have no owner; a rule without team is refused', () => {
  assert.deepEqual(resolveOwner(workloadFinding({ check: 'pod.privileged', namespace: 'x', name: 'a' }), compileRouting([])), { team: undefined });
  assert.throws(() => compileRouting([{ id: 'bad', priority: 1, team: '' }]), /routing rule bad: team is required/);
});

test('routing is fast enough to run per finding on ingest', () => {
  const many: RoutingRule[] = Array.from({ length: 200 }, (_, i) => ({ id: `r${i}`, priority: i, team: `t${i}`, namespace: `ns-${i}-*`, labels: { app: `a${i}` } }));
  const compiled = compileRouting(many, 'default');
  const findings = Array.from({ length: 20_000 }, (_, i) => workloadFinding({ check: 'pod.privileged', namespace: `ns-${i % 300}-x`, name: `w${i}` }));
  const started = performance.now();
  let owned = 0;
  for (const f of findings) if (resolveOwner(f, compiled, { labels: { app: `a${Number(f.asset.namespace!.split('-')[1])}` } }).team !== 'default') owned++;
  const ms = performance.now() - started;
  assert.equal(owned, findings.filter((_, i) => i % 300 < 200).length);
  assert.ok(ms < 2000, `20,000 findings over 200 rules took ${ms.toFixed(0)} ms`);
});

test('a waiver is owned by the team its scope routes to; a scope naming no asset goes to the default team', () => {
  assert.equal(waiverOwner({ check: 'pod.privileged', scope: { cluster: 'prod', namespace: 'payments-api' } }, routing), 'payments');
  assert.equal(waiverOwner({ check: 'image.vuln', scope: { image: 'registry.bank.local/payments/*', package: 'pkg:npm/lodash@4.17.20' } }, routing), 'payments-app');
  assert.equal(waiverOwner({ check: 'image.vuln', scope: { vulnerability: 'CVE-2024-0727', package: 'pkg:deb/debian/openssl@3.0.11-1' } }, routing), 'platform');
  assert.equal(waiverOwner({ check: 'rbac.secrets-read', scope: { name: 'ci-bot' } }, routing), 'iam');
  assert.equal(waiverOwner({ check: 'pod.privileged', scope: { namespace: '*' } }, routing), 'secops');
});
