import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fingerprint,
  kubeObjectAsset,
  REPORT_SCHEMA_VERSION,
  summarise,
  type Asset,
  type Finding,
  type FindingStatus,
  type Report,
  type Severity,
} from '../../../src/model/index.js';
import { PlatformFindings, type IngestMeta } from '../../../src/store/platform/findings.js';
import type { SqlDatabase } from '../../../src/store/sql/database.js';
import { withBothDatabases } from '../../helpers/postgres.js';

// Every behaviour of the platform's findings store, on SQLite and on a real PostgreSQL 15.

const DAY1 = '2025-03-01T10:00:00.000Z';
const DAY2 = '2025-03-02T10:00:00.000Z';
const DAY3 = '2025-03-03T10:00:00.000Z';
const DAY4 = '2025-03-04T10:00:00.000Z';

const PAYMENTS_API = kubeObjectAsset({ cluster: 'prod', namespace: 'payments', kind: 'Deployment', name: 'api' });
const PAYMENTS_WORKER = kubeObjectAsset({ cluster: 'prod', namespace: 'payments', kind: 'Deployment', name: 'worker' });
const SHOP_WEB = kubeObjectAsset({ cluster: 'prod', namespace: 'shop', kind: 'Deployment', name: 'web' });
const STAGING_API = kubeObjectAsset({ cluster: 'staging', namespace: 'payments', kind: 'Deployment', name: 'api' });
const DIGEST = 'sha256:' + 'ab'.repeat(32);
const IMAGE: Asset = { type: 'image', ref: `image://${DIGEST}`, name: 'registry.bank.local/payments/api:1.4' };

interface FindingSpec {
  check: string;
  asset: Asset;
  subject?: string;
  severity?: Severity;
  status?: FindingStatus;
  controls?: string[];
  pkg?: { type: string; name: string };
  vuln?: string;
}

function finding(spec: FindingSpec): Finding {
  const subject = spec.subject ?? 'container:app';
  const f: Finding = {
    fingerprint: fingerprint(spec.check, spec.asset.ref, subject),
    checkId: spec.check,
    severity: spec.severity ?? 'high',
    status: spec.status ?? 'fail',
    message: { en: `${spec.check} on ${spec.asset.name}`, zh: `${spec.check} 于 ${spec.asset.name}` },
    asset: spec.asset,
    subject,
    location: { path: 'spec.template.spec.containers[0]' },
    controls: spec.controls ?? [],
  };
  if (spec.pkg) {
    f.package = { name: spec.pkg.name, version: '1.0', type: spec.pkg.type, purl: `pkg:${spec.pkg.type}/${spec.pkg.name}@1.0` };
  }
  if (spec.vuln) {
    f.vulnerability = { id: spec.vuln, aliases: [], status: 'fixed', installedVersion: '1.0', fixedVersion: '1.1', severitySource: 'nvd', dataSource: 'nvd' };
  }
  return f;
}

function report(scanTime: string, findings: Finding[], images: Asset[] = []): Report {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'rampart', version: '0.1.0' },
    command: 'manifests',
    scanTime,
    inputs: [],
    inputErrors: [{ source: 'k8s/broken.yaml', line: 3, message: 'bad indentation' }],
    waivers: [],
    checks: {},
    controls: {},
    frameworks: {},
    namespaces: [],
    images: images.map((i) => ({ reference: i.name, ref: i.ref, configDigest: DIGEST, platform: 'linux/amd64', layers: 3, packages: 100 })),
    findings,
    summary: summarise(findings, 3),
  };
}

const META: IngestMeta = { uploadedBy: 'scanner-token' };
const byNamespace = (f: Finding): string | undefined => (f.asset.namespace === 'payments' ? 'team-payments' : f.asset.namespace === 'shop' ? 'team-shop' : undefined);

// The estate of most tests: three workloads in two namespaces of one cluster, one in staging and an image.
const PRIVILEGED = finding({ check: 'pod.privileged', asset: PAYMENTS_API, severity: 'critical', controls: ['cis-k8s-1.12:5.2.2', 'mlps-2.0-l3:8.1.4.2 f'] });
const RUN_AS_ROOT = finding({ check: 'pod.run-as-non-root', asset: PAYMENTS_API, severity: 'medium', controls: ['cis-k8s-1.12:5.2.7'] });
const HOST_PATH = finding({ check: 'pod.host-path', asset: PAYMENTS_WORKER, severity: 'high', status: 'waived', controls: ['mlps-2.0-l3:8.1.4.2 f'] });
const SHOP_PRIVILEGED = finding({ check: 'pod.privileged', asset: SHOP_WEB, severity: 'critical', controls: ['cis-k8s-1.12:5.2.2'] });
const STAGING_PRIVILEGED = finding({ check: 'pod.privileged', asset: STAGING_API, severity: 'critical', controls: ['cis-k8s-1.12:5.2.2'] });
const OS_VULN = finding({ check: 'image.vuln', asset: IMAGE, subject: 'pkg:deb/openssl@1.0', severity: 'critical', pkg: { type: 'deb', name: 'openssl' }, vuln: 'CVE-2024-0001' });
const APP_VULN = finding({ check: 'image.vuln', asset: IMAGE, subject: 'pkg:npm/lodash@1.0', severity: 'low', pkg: { type: 'npm', name: 'lodash' }, vuln: 'CVE-2024-0002' });
const SECRET = finding({ check: 'image.secret', asset: IMAGE, subject: 'file:/app/.env', severity: 'info', status: 'not-evaluated' });
const ESTATE = [PRIVILEGED, RUN_AS_ROOT, HOST_PATH, SHOP_PRIVILEGED, STAGING_PRIVILEGED, OS_VULN, APP_VULN, SECRET];

async function storeWithEstate(db: SqlDatabase): Promise<PlatformFindings> {
  const store = await PlatformFindings.open(db);
  await store.ingest(report(DAY1, ESTATE, [IMAGE]), META, byNamespace);
  return store;
}

async function fingerprintsOf(store: PlatformFindings, filter: Parameters<PlatformFindings['query']>[0]): Promise<string[]> {
  return (await store.query(filter, { limit: 500 })).items.map((f) => f.fingerprint).sort();
}

const sorted = (...fs: Finding[]): string[] => fs.map((f) => f.fingerprint).sort();

withBothDatabases('PlatformFindings', ({ fresh }) => {
  test('two scans: new findings, resolved when a covering scan no longer reports them, re-opened when they return', async () => {
    const store = await storeWithEstate(await fresh());
    const a3 = finding({ check: 'pod.host-network', asset: PAYMENTS_API, severity: 'high' });

    // Day 2 covers only payments/api: RUN_AS_ROOT is gone, a3 is new, everything else untouched.
    const second = await store.ingest(report(DAY2, [PRIVILEGED, a3]), META, byNamespace);
    assert.deepEqual({ ...second, scanId: 0 }, { scanId: 0, findings: 2, new: 1, reopened: 0, resolved: 1, changed: 0, assets: 1 });
    const resolved = await store.get(RUN_AS_ROOT.fingerprint);
    assert.equal(resolved?.status, 'resolved');
    assert.equal(resolved?.resolvedAt, DAY2);
    assert.equal((await store.get(HOST_PATH.fingerprint))?.status, 'waived');
    assert.equal((await store.get(SHOP_PRIVILEGED.fingerprint))?.status, 'fail');

    // Day 3: RUN_AS_ROOT is back (re-opened), PRIVILEGED is now waived, a3 is gone.
    const waivedPrivileged = { ...PRIVILEGED, status: 'waived' as const };
    const third = await store.ingest(report(DAY3, [waivedPrivileged, RUN_AS_ROOT]), META, byNamespace);
    assert.deepEqual([third.new, third.reopened, third.changed, third.resolved], [0, 1, 1, 1]);

    const reopened = await store.get(RUN_AS_ROOT.fingerprint);
    assert.equal(reopened?.status, 'fail');
    assert.equal(reopened?.firstSeen, DAY1);
    assert.equal(reopened?.lastSeen, DAY3);
    assert.equal(reopened?.resolvedAt, undefined);
    assert.deepEqual(
      reopened?.history.map((h) => [h.at, h.from ?? null, h.to, h.actor]),
      [
        [DAY1, null, 'fail', 'scanner-token'],
        [DAY2, 'fail', 'resolved', 'scanner-token'],
        [DAY3, 'resolved', 'fail', 'scanner-token'],
      ],
    );
    assert.equal(reopened?.history[2]?.scanId, third.scanId);
    assert.deepEqual((await store.get(PRIVILEGED.fingerprint))?.history.map((h) => h.to), ['fail', 'waived']);
    assert.equal((await store.get(a3.fingerprint))?.status, 'resolved');
    assert.equal(await store.get('no-such-fingerprint'), undefined);
  });

  test('a scan resolves only what it covered: another namespace, cluster or check family is untouched', async () => {
    const store = await storeWithEstate(await fresh());
    // A scan of shop/web alone, now clean of pod.privileged but with a new finding.
    const shopOther = finding({ check: 'pod.no-limits', asset: SHOP_WEB, severity: 'low' });
    const r = await store.ingest(report(DAY2, [shopOther]), META, byNamespace);
    assert.equal(r.resolved, 1);
    assert.equal((await store.get(SHOP_PRIVILEGED.fingerprint))?.status, 'resolved');
    assert.deepEqual(await fingerprintsOf(store, { namespace: 'payments', status: ['fail', 'waived'] }), sorted(PRIVILEGED, RUN_AS_ROOT, HOST_PATH, STAGING_PRIVILEGED));

    // An explicit namespace scope with no findings: all of prod/payments resolves, staging/payments does not.
    const scoped = await store.ingest(report(DAY2, []), { ...META, scope: { namespaces: [{ cluster: 'prod', namespace: 'payments' }] } }, byNamespace);
    assert.equal(scoped.resolved, 3);
    assert.equal((await store.get(STAGING_PRIVILEGED.fingerprint))?.status, 'fail');
    assert.equal((await store.get(OS_VULN.fingerprint))?.status, 'fail');

    // A partial image scan (vulnerabilities only) leaves the image's secret finding open.
    const partial = await store.ingest(report(DAY3, [OS_VULN], [IMAGE]), { ...META, scope: { checks: ['image.vuln'] } }, byNamespace);
    assert.equal(partial.resolved, 1);
    assert.equal((await store.get(APP_VULN.fingerprint))?.status, 'resolved');
    assert.equal((await store.get(SECRET.fingerprint))?.status, 'not-evaluated');
    // An image in report.images with no findings at all is covered: its open findings resolve.
    await store.ingest(report(DAY4, [], [IMAGE]), META, byNamespace);
    assert.equal((await store.get(OS_VULN.fingerprint))?.status, 'resolved');
    assert.equal((await store.get(SECRET.fingerprint))?.status, 'resolved');
  });

  test('stored columns: cluster from the scan when the asset names none, image digest, vulnerability, package layer, owner', async () => {
    const store = await PlatformFindings.open(await fresh());
    const clusterless = kubeObjectAsset({ namespace: 'batch', kind: 'CronJob', name: 'nightly' });
    const f = finding({ check: 'pod.privileged', asset: clusterless, severity: 'critical' });
    await store.ingest(report(DAY1, [f, OS_VULN, APP_VULN], [IMAGE]), { ...META, cluster: 'dc1' }, (x) => (x.package ? (x.package.type === 'deb' ? 'platform' : 'app-team') : undefined));
    const stored = await store.get(f.fingerprint);
    assert.equal(stored?.cluster, 'dc1');
    assert.equal(stored?.namespace, 'batch');
    assert.equal(stored?.owner, undefined);
    assert.deepEqual(stored?.finding, f);
    const os = await store.get(OS_VULN.fingerprint);
    assert.deepEqual([os?.imageDigest, os?.vulnId, os?.packagePurl, os?.packageLayer, os?.owner], [DIGEST, 'CVE-2024-0001', 'pkg:deb/openssl@1.0', 'os', 'platform']);
    const app = await store.get(APP_VULN.fingerprint);
    assert.deepEqual([app?.packageLayer, app?.owner], ['app', 'app-team']);
  });

  test('every filter selects exactly its findings', async () => {
    const store = await storeWithEstate(await fresh());
    // A second scan a day later adds one finding, so first/last-seen ranges have something to split.
    const later = finding({ check: 'pod.host-network', asset: SHOP_WEB, severity: 'medium', controls: ['cis-k8s-1.12:5.2.4'] });
    await store.ingest(report(DAY2, [SHOP_PRIVILEGED, later]), META, byNamespace);

    assert.deepEqual(await fingerprintsOf(store, { cluster: 'staging' }), sorted(STAGING_PRIVILEGED));
    assert.deepEqual(await fingerprintsOf(store, { cluster: 'prod', namespace: 'payments' }), sorted(PRIVILEGED, RUN_AS_ROOT, HOST_PATH));
    assert.deepEqual(await fingerprintsOf(store, { imageDigest: DIGEST }), sorted(OS_VULN, APP_VULN, SECRET));
    assert.deepEqual(await fingerprintsOf(store, { assetRef: PAYMENTS_WORKER.ref }), sorted(HOST_PATH));
    assert.deepEqual(await fingerprintsOf(store, { check: 'pod.privileged' }), sorted(PRIVILEGED, SHOP_PRIVILEGED, STAGING_PRIVILEGED));
    assert.deepEqual(await fingerprintsOf(store, { check: 'image.*' }), sorted(OS_VULN, APP_VULN, SECRET));
    assert.deepEqual(await fingerprintsOf(store, { check: 'pod.host*' }), sorted(HOST_PATH, later));
    assert.deepEqual(await fingerprintsOf(store, { control: { framework: 'cis-k8s-1.12', id: '5.2.2' } }), sorted(PRIVILEGED, SHOP_PRIVILEGED, STAGING_PRIVILEGED));
    assert.deepEqual(await fingerprintsOf(store, { control: { framework: 'mlps-2.0-l3', id: '8.1.4.2 f' }, status: ['fail'] }), sorted(PRIVILEGED));
    assert.deepEqual(await fingerprintsOf(store, { severity: ['critical'] }), sorted(PRIVILEGED, SHOP_PRIVILEGED, STAGING_PRIVILEGED, OS_VULN));
    assert.deepEqual(await fingerprintsOf(store, { severity: ['low', 'info'] }), sorted(APP_VULN, SECRET));
    assert.deepEqual(await fingerprintsOf(store, { status: ['waived', 'not-evaluated'] }), sorted(HOST_PATH, SECRET));
    assert.deepEqual(await fingerprintsOf(store, { owner: 'team-shop' }), sorted(SHOP_PRIVILEGED, later));
    assert.deepEqual(await fingerprintsOf(store, { owner: ['team-shop', 'team-payments'], severity: ['critical'] }), sorted(PRIVILEGED, SHOP_PRIVILEGED, STAGING_PRIVILEGED));
    assert.deepEqual(await fingerprintsOf(store, { unowned: true, cluster: 'prod' }), []);
    assert.deepEqual(await fingerprintsOf(store, { unowned: true }), sorted(OS_VULN, APP_VULN, SECRET));
    assert.deepEqual(await fingerprintsOf(store, { vulnId: 'CVE-2024-0002' }), sorted(APP_VULN));
    assert.deepEqual(await fingerprintsOf(store, { firstSeen: { from: '2025-03-02T00:00:00Z' } }), sorted(later));
    assert.deepEqual(await fingerprintsOf(store, { lastSeen: { from: '2025-03-02T00:00:00Z' } }), sorted(SHOP_PRIVILEGED, later));
    assert.deepEqual((await fingerprintsOf(store, { lastSeen: { to: '2025-03-02T00:00:00Z' } })).length, ESTATE.length - 1);
    assert.deepEqual(await fingerprintsOf(store, { text: 'WORKER' }), sorted(HOST_PATH));
    assert.deepEqual(await fingerprintsOf(store, { text: 'payments/api:1' }), sorted(OS_VULN, APP_VULN, SECRET));
    assert.deepEqual(await fingerprintsOf(store, { text: '100%_' }), []);
    assert.deepEqual(await fingerprintsOf(store, { fingerprints: [PRIVILEGED.fingerprint, 'unknown'] }), sorted(PRIVILEGED));
    assert.deepEqual(await fingerprintsOf(store, { severity: [] }), []);

    await assert.rejects(store.query({ severity: ['urgent' as Severity] }), /finding filter severity: unknown severity "urgent"/);
    await assert.rejects(store.query({ status: ['open' as 'fail'] }), /finding filter status: unknown status "open"/);
    await assert.rejects(store.query({ firstSeen: { from: 'yesterday' } }), /finding filter firstSeen\.from: "yesterday" is not an ISO 8601 time/);
  });

  test('keyset pagination walks every finding once, most severe first, and bounds the page size', async () => {
    const store = await PlatformFindings.open(await fresh());
    const severities: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
    const many: Finding[] = [];
    for (let i = 0; i < 1234; i++) {
      const asset = kubeObjectAsset({ cluster: 'prod', namespace: `ns${i % 7}`, kind: 'Deployment', name: `app${i % 50}` });
      many.push(finding({ check: `pod.check-${i % 13}`, asset, subject: `container:c${i}`, severity: severities[i % 5]!, controls: i % 3 === 0 ? ['cis-k8s-1.12:5.2.2'] : [] }));
    }
    await store.ingest(report(DAY1, many), META, () => undefined);

    for (const [filter, expected] of [
      [{}, many],
      [{ namespace: 'ns3', severity: ['critical', 'high'] as Severity[] }, many.filter((f) => f.asset.namespace === 'ns3' && ['critical', 'high'].includes(f.severity))],
      [{ control: { framework: 'cis-k8s-1.12', id: '5.2.2' } }, many.filter((f) => f.controls.length > 0)],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.query(filter, { limit: 100, ...(cursor ? { cursor } : {}) });
        assert.ok(page.items.length <= 100);
        seen.push(...page.items.map((f) => `${severities.indexOf(f.severity)}:${f.fingerprint}`));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      assert.equal(new Set(seen).size, seen.length, 'no finding twice');
      assert.deepEqual(seen, [...seen].sort(), 'ordered by severity, then fingerprint');
      assert.deepEqual(seen.map((s) => s.slice(2)).sort(), expected.map((f) => f.fingerprint).sort(), 'no finding missed');
      assert.equal(pages, Math.max(1, Math.ceil(expected.length / 100)));
    }
    assert.equal((await store.query({}, { limit: 5000 })).items.length, 500);
    assert.equal((await store.query({})).items.length, 50);
    await assert.rejects(store.query({}, { limit: 0 }), /page limit: 0 is not a positive number/);
    await assert.rejects(store.query({}, { cursor: 'garbage' }), /page cursor: not a cursor this server issued/);
  });

  test('counts by severity, status, team, cluster and check, under a filter', async () => {
    const store = await storeWithEstate(await fresh());
    const all = await store.counts();
    assert.equal(all.total, ESTATE.length);
    assert.deepEqual(all.bySeverity, { critical: 4, high: 1, medium: 1, low: 1, info: 1 });
    assert.deepEqual(all.byStatus, { fail: 6, waived: 1, 'not-evaluated': 1, resolved: 0 });
    assert.deepEqual(all.byTeam, { 'team-payments': 4, 'team-shop': 1 });
    assert.equal(all.unowned, 3);
    assert.deepEqual(all.byCluster, { prod: 4, staging: 1, '': 3 });
    assert.deepEqual(all.byCheck, { 'pod.privileged': 3, 'pod.run-as-non-root': 1, 'pod.host-path': 1, 'image.vuln': 2, 'image.secret': 1 });
    const open = await store.counts({ status: ['fail'], owner: 'team-payments' });
    assert.equal(open.total, 3);
    assert.deepEqual(open.bySeverity, { critical: 2, high: 0, medium: 1, low: 0, info: 0 });
  });

  test('trend: failing findings per severity at the end of each day, carried over days without scans', async () => {
    const store = await storeWithEstate(await fresh());
    // Day 2: payments/api rescanned clean of RUN_AS_ROOT. Day 4: two new critical findings in shop.
    await store.ingest(report(DAY2, [PRIVILEGED]), META, byNamespace);
    const newer = [1, 2].map((i) => finding({ check: `pod.new-${i}`, asset: SHOP_WEB, severity: 'critical' }));
    await store.ingest(report(DAY4, [SHOP_PRIVILEGED, ...newer]), META, byNamespace);

    const trend = await store.trend(5, {}, '2025-03-05T08:00:00Z');
    assert.deepEqual(trend.map((p) => p.day), ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04', '2025-03-05']);
    // Day 1: 6 failing (4 critical, medium, low). Day 2: RUN_AS_ROOT resolved. Day 4: +2 critical.
    assert.deepEqual(trend.map((p) => p.total), [6, 5, 5, 7, 7]);
    assert.deepEqual(trend.map((p) => p.bySeverity.critical), [4, 4, 4, 6, 6]);
    assert.deepEqual(trend.map((p) => p.bySeverity.medium), [1, 0, 0, 0, 0]);

    const shop = await store.trend(3, { owner: 'team-shop' }, DAY4);
    assert.deepEqual(shop.map((p) => [p.day, p.total]), [['2025-03-02', 1], ['2025-03-03', 1], ['2025-03-04', 3]]);
    const payments = await store.trend(2, { cluster: 'prod', namespace: 'payments', severity: ['medium'] }, DAY2);
    assert.deepEqual(payments.map((p) => p.total), [1, 0]);
    // Before any scan: zeros.
    assert.deepEqual((await store.trend(2, {}, '2025-02-27T00:00:00Z')).map((p) => p.total), [0, 0]);
    await assert.rejects(store.trend(3, { check: 'pod.*' }), /trend filter: check cannot be applied/);
    await assert.rejects(store.trend(0), /trend days: 0 is not a whole number/);
  });

  test('controlStatus: fail, waived, pass (evaluated, nothing open) and not-evaluated per control', async () => {
    const store = await storeWithEstate(await fresh());
    await store.ingest(report(DAY2, []), { ...META, checksEvaluated: ['pod.read-only-root'] }, byNamespace);
    const catalogue = {
      '5.2.2': ['pod.privileged'],
      '5.2.4': ['pod.host-network'],
      '5.2.7': ['pod.run-as-non-root'],
      '5.2.9': ['pod.read-only-root'],
    };
    const status = await store.controlStatus('cis-k8s-1.12', { controls: catalogue });
    assert.deepEqual(
      status.map((s) => [s.control, s.status, s.fail, s.waived, s.notEvaluated, s.resolved]),
      [
        ['5.2.2', 'fail', 3, 0, 0, 0],
        ['5.2.4', 'not-evaluated', 0, 0, 0, 0],
        ['5.2.7', 'fail', 1, 0, 0, 0],
        ['5.2.9', 'pass', 0, 0, 0, 0],
      ],
    );
    const mlps = await store.controlStatus('mlps-2.0-l3', { filter: { namespace: 'payments', check: 'pod.host-path' } });
    assert.deepEqual(mlps.map((s) => [s.control, s.status, s.waived]), [['8.1.4.2 f', 'waived', 1]]);

    // Fixing RUN_AS_ROOT makes 5.2.7 pass (it was evaluated and nothing is open), within one cluster.
    await store.ingest(report(DAY3, [PRIVILEGED]), META, byNamespace);
    const after = await store.controlStatus('cis-k8s-1.12', { controls: catalogue, filter: { cluster: 'prod' } });
    assert.deepEqual(after.find((s) => s.control === '5.2.7'), { framework: 'cis-k8s-1.12', control: '5.2.7', status: 'pass', fail: 0, waived: 0, notEvaluated: 0, resolved: 1 });
  });

  test('setOwner re-routes by fingerprint or filter; an ingest that cannot route keeps the owner', async () => {
    const store = await storeWithEstate(await fresh());
    assert.equal(await store.setOwner([OS_VULN.fingerprint, APP_VULN.fingerprint], 'team-platform'), 2);
    assert.equal(await store.setOwner({ cluster: 'staging' }, 'team-staging'), 1);
    assert.equal(await store.setOwner({ control: { framework: 'cis-k8s-1.12', id: '5.2.7' } }, 'team-hardening'), 1);
    assert.deepEqual(await fingerprintsOf(store, { owner: 'team-platform' }), sorted(OS_VULN, APP_VULN));
    assert.equal((await store.get(STAGING_PRIVILEGED.fingerprint))?.owner, 'team-staging');
    assert.equal((await store.get(RUN_AS_ROOT.fingerprint))?.owner, 'team-hardening');
    await store.ingest(report(DAY2, [OS_VULN, APP_VULN, SECRET], [IMAGE]), META, () => undefined);
    assert.equal((await store.get(OS_VULN.fingerprint))?.owner, 'team-platform');
    assert.equal(await store.setOwner([SECRET.fingerprint], null), 1);
    assert.equal((await store.get(SECRET.fingerprint))?.owner, undefined);
  });

  test('setStatus waives and re-opens open findings between scans, with history, and leaves resolved ones alone', async () => {
    const store = await storeWithEstate(await fresh());
    await store.ingest(report(DAY2, [PRIVILEGED]), META, byNamespace); // resolves RUN_AS_ROOT
    assert.equal(await store.setStatus([PRIVILEGED.fingerprint, RUN_AS_ROOT.fingerprint, HOST_PATH.fingerprint], 'waived', 'sec-admin', DAY3), 1);
    assert.equal((await store.get(RUN_AS_ROOT.fingerprint))?.status, 'resolved');
    assert.equal(await store.setStatus([PRIVILEGED.fingerprint], 'fail', 'system', DAY4), 1);
    const history = (await store.get(PRIVILEGED.fingerprint))!.history;
    assert.deepEqual(history.slice(1).map((h) => [h.from, h.to, h.actor, h.scanId]), [
      ['fail', 'waived', 'sec-admin', undefined],
      ['waived', 'fail', 'system', undefined],
    ]);
  });

  test('bad reports are refused with the field at fault, and nothing is stored', async () => {
    const store = await PlatformFindings.open(await fresh());
    await assert.rejects(store.ingest({ ...report(DAY1, []), scanTime: 'soon' }, META, () => undefined), /report scanTime: "soon" is not an ISO 8601 time/);
    const bad = { ...PRIVILEGED, severity: 'urgent' as Severity };
    await assert.rejects(store.ingest(report(DAY1, [RUN_AS_ROOT, bad]), META, () => undefined), /report finding [0-9a-f]+: unknown severity "urgent"/);
    assert.equal((await store.counts()).total, 0);
  });

  test('concurrent ingests and queries: every scan applies fully, queries see whole scans only', async () => {
    const store = await PlatformFindings.open(await fresh());
    const scans = Array.from({ length: 8 }, (_, s) =>
      Array.from({ length: 300 }, (_, i) =>
        finding({ check: `pod.check-${i % 10}`, asset: kubeObjectAsset({ cluster: 'prod', namespace: `team${s}`, kind: 'Deployment', name: `app${i % 30}` }), subject: `container:c${i}`, severity: 'high' }),
      ),
    );
    const observed: number[] = [];
    const queries = Array.from({ length: 20 }, async () => {
      const counts = await store.counts({ status: ['fail'] });
      observed.push(counts.total);
      await store.query({ status: ['fail'] }, { limit: 20 });
    });
    // The same namespace twice at once, too: the later one (same findings) must leave them open.
    const results = await Promise.all([...scans.map((findings) => store.ingest(report(DAY1, findings), META, () => undefined)), store.ingest(report(DAY1, scans[0]!), META, () => undefined), ...queries]);
    const scanIds = results.slice(0, 9).map((r) => (r as { scanId: number }).scanId);
    assert.equal(new Set(scanIds).size, 9);
    assert.equal((await store.counts({ status: ['fail'] })).total, 8 * 300);
    for (const n of observed) assert.equal(n % 300, 0, `a query saw ${n} findings: part of a scan`);
  });
});
