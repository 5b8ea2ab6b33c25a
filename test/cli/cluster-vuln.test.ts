import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ImageInUse } from '../../src/analyzers/cluster/images-in-use.js';
import type { Finding, Report } from '../../src/model/index.js';
import { installBundle, trustedKeys } from '../../src/store/vulndb/install.js';
import { rampart, type CliResult } from '../helpers/cli.js';
import { makeDemoImage } from '../helpers/demo-image.js';
import { buildImage, tempDir, tool } from '../helpers/images.js';
import { startFakeApiServer, type FakeApiServer } from '../helpers/kube-apiserver.js';
import { startRegistry, type RunningRegistry } from '../helpers/registry.js';

/**
 * `rampart cluster --scanners vuln` end to end: the real CLI against a cluster API served by a
 * local server in the Kubernetes wire format, whose pods run images pushed with skopeo to a real
 * docker-registry on 127.0.0.1 (TLS with a private CA, htpasswd credentials from a Docker config
 * file), matched against the real demo vulnerability database (demo/vulndb's signed bundle,
 * installed by the code behind `rampart db import`).
 */

let work = '';
let registry: RunningRegistry;
/** Plain HTTP, no authentication: a local development registry. */
let plainRegistry: RunningRegistry;
let cluster: FakeApiServer;
let healthy: FakeApiServer;
/** Runs one image from each registry. */
let mixed: FakeApiServer;
let dbDir = '';
let dockerConfig = '';
let apiRepo = '';
let apiDigest = '';
let webDigest = '';
let brokenImage = '';
// Child processes never read the home directory: no Docker credentials, no default database, no kubeconfig.
let env: NodeJS.ProcessEnv = {};
let mainScan: Promise<Scan>;

interface Scan extends CliResult {
  report: Report;
  imagesInUse: ImageInUse[];
}

const vulns = (r: Report): Finding[] => r.findings.filter((f) => f.checkId === 'image.vuln');

async function scan(server: FakeApiServer, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Scan> {
  const id = Math.random().toString(36).slice(2);
  const out = path.join(work, `report-${id}.json`);
  const imagesOut = path.join(work, `images-${id}.json`);
  const result = await rampart(['cluster', '--kubeconfig', await server.kubeconfig(), '--scanners', 'vuln', '--format', 'json', '--output', out, '--images-out', imagesOut, '--no-progress', ...args], { env: { ...env, ...extraEnv } });
  const text = await readFile(out, 'utf8').catch(() => undefined);
  assert.ok(text, `no report written (exit ${result.code}): ${result.stderr.trim()}`);
  const images = JSON.parse(await readFile(imagesOut, 'utf8')) as { images: ImageInUse[] };
  return { ...result, report: JSON.parse(text) as Report, imagesInUse: images.images };
}

const registryArgs = (): string[] => ['--ca-cert', registry.tls!.certPath, '--docker-config', dockerConfig];

async function digestOf(reference: string): Promise<string> {
  const out = await tool('skopeo', ['inspect', `--cert-dir=${registry.tls!.certDir}`, '--creds', `${registry.username}:${registry.password}`, '--format', '{{.Digest}}', `docker://${reference}`]);
  return out.trim();
}

// ---- the cluster's objects, as the API server stores them ----

const meta = (namespace: string, name: string, owner?: { kind: string; name: string; apiVersion: string }): Record<string, unknown> => ({
  name,
  namespace,
  uid: `uid-${namespace}-${name}`,
  ...(owner ? { ownerReferences: [{ ...owner, uid: `uid-${namespace}-${owner.name}`, controller: true, blockOwnerDeletion: true }] } : {}),
});

const container = (name: string, image: string): Record<string, unknown> => ({ name, image, imagePullPolicy: 'IfNotPresent' });

function deployment(namespace: string, name: string, images: Record<string, string>): Record<string, unknown>[] {
  const hash = '5c6d7f8b9';
  const podSpec = { containers: Object.entries(images).map(([c, i]) => container(c, i)) };
  const template = { metadata: { labels: { app: name } }, spec: podSpec };
  return [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(namespace, name), spec: { replicas: 1, selector: { matchLabels: { app: name } }, template } },
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta(namespace, `${name}-${hash}`, { apiVersion: 'apps/v1', kind: 'Deployment', name }), spec: { replicas: 1, selector: { matchLabels: { app: name } }, template } },
  ];
}

/** A running pod: the kubelet reports what it pulled in `imageID` (docker's `docker-pullable://` form or containerd's bare form). */
function runningPod(namespace: string, name: string, owner: { kind: string; name: string; apiVersion: string } | undefined, images: Record<string, [spec: string, imageID: string]>): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(namespace, name, owner),
    spec: { containers: Object.entries(images).map(([c, [spec]]) => container(c, spec)), nodeName: 'worker-1' },
    status: {
      phase: 'Running',
      containerStatuses: Object.entries(images).map(([c, [spec, imageID]]) => ({ name: c, image: spec, imageID, ready: true, restartCount: 0, started: true, state: { running: { startedAt: '2025-06-01T08:00:00Z' } } })),
    },
  };
}

/** A pod whose image is not pulled (yet): no imageID, only the spec's reference. */
function waitingPod(namespace: string, name: string, owner: { kind: string; name: string; apiVersion: string } | undefined, image: string, reason: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(namespace, name, owner),
    spec: { containers: [container('main', image)], restartPolicy: 'Never' },
    status: { phase: 'Pending', containerStatuses: [{ name: 'main', image, imageID: '', ready: false, restartCount: 0, started: false, state: { waiting: { reason } } }] },
  };
}

function clusterObjects(withBrokenImage: boolean): Record<string, unknown>[] {
  const api = `${apiRepo}:1.4.2`;
  const apiPinned = `${apiRepo}@${apiDigest}`;
  const web = `${registry.host}/shop/web:1.0`;
  const webPinned = `${registry.host}/shop/web@${webDigest}`;
  const namespaces = ['payments', 'shop', 'batch'].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: `uid-${name}` } }));
  const rs = (name: string) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-5c6d7f8b9` });
  return [
    ...namespaces,
    // payments/api runs the image by tag; the kubelet reports the digest it pulled.
    ...deployment('payments', 'api', { api }),
    runningPod('payments', 'api-5c6d7f8b9-x2x7k', rs('api'), { api: [api, `docker-pullable://${apiPinned}`] }),
    runningPod('payments', 'api-5c6d7f8b9-q8d4m', rs('api'), { api: [api, `docker-pullable://${apiPinned}`] }),
    // shop/storefront pins the same image by digest, next to a second image.
    ...deployment('shop', 'storefront', { api: apiPinned, web }),
    runningPod('shop', 'storefront-5c6d7f8b9-h7k2p', rs('storefront'), { api: [apiPinned, apiPinned], web: [web, webPinned] }),
    // A Job's pod not started yet names the same image by tag only.
    { apiVersion: 'batch/v1', kind: 'Job', metadata: meta('payments', 'migrate'), spec: { template: { spec: { containers: [container('main', api)], restartPolicy: 'Never' } } } },
    waitingPod('payments', 'migrate-8kq2z', { apiVersion: 'batch/v1', kind: 'Job', name: 'migrate' }, api, 'ContainerCreating'),
    ...(withBrokenImage ? [waitingPod('batch', 'legacy-report', undefined, brokenImage, 'ImagePullBackOff')] : []),
  ];
}

before(async () => {
  work = await tempDir('rampart-cli-cluster-vuln-');
  await mkdir(path.join(work, 'docker'));
  env = { HOME: work, KUBECONFIG: '', DOCKER_CONFIG: path.join(work, 'docker'), RAMPART_DATA_DIR: path.join(work, 'data'), RAMPART_DB_DIR: path.join(work, 'no-db'), XDG_DATA_HOME: path.join(work, 'xdg') };
  const demoArchive = path.join(work, 'payments-api.oci.tar');
  dbDir = path.join(work, 'db');
  const [reg, plain, npm] = await Promise.all([
    startRegistry({ auth: 'htpasswd', tls: true }),
    startRegistry({ auth: 'none', tls: false }),
    // An npm application with one fixed (minimist, critical) and one unfixed (request, CVE-2023-28155) advisory.
    buildImage(work, [
      {
        '/app/package.json': JSON.stringify({ name: 'web', version: '1.0.0', dependencies: { minimist: '1.2.5', request: '2.88.2' } }),
        '/app/node_modules/minimist/package.json': JSON.stringify({ name: 'minimist', version: '1.2.5', license: 'MIT' }),
        '/app/node_modules/request/package.json': JSON.stringify({ name: 'request', version: '2.88.2', license: 'Apache-2.0' }),
      },
    ], { tag: '1.0' }),
    makeDemoImage(demoArchive),
    // What `rampart db import` runs, in this process: one CLI start less.
    trustedKeys([path.resolve('demo/vulndb/demo.pub')], dbDir).then((trusted) => installBundle(path.resolve('demo/vulndb/rampart-demo-db.tar.zst'), { dbDir, trusted })),
  ]);
  registry = reg;
  plainRegistry = plain;
  apiRepo = `${registry.host}/payments/api`;
  brokenImage = `${registry.host}/legacy/report:0.9`;
  await Promise.all([registry.push(`oci-archive:${demoArchive}:1.4.2`, 'payments/api:1.4.2'), registry.push(npm.ociRef, 'shop/web:1.0'), plainRegistry.push(npm.ociRef, 'dev/web:1.0')]);
  [apiDigest, webDigest] = await Promise.all([digestOf(`${apiRepo}:1.4.2`), digestOf(`${registry.host}/shop/web:1.0`)]);
  // The pull credentials come from a Docker config file, as a mounted pull secret would provide them.
  dockerConfig = path.join(work, 'pull-secret.json');
  await writeFile(dockerConfig, JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`${registry.username}:${registry.password}`).toString('base64') } } }));
  const devWeb = `${plainRegistry.host}/dev/web:1.0`;
  const mixedObjects = [
    ...deployment('dev', 'web', { web: devWeb }),
    runningPod('dev', 'web-5c6d7f8b9-m4n5b', { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5c6d7f8b9' }, { web: [devWeb, `${plainRegistry.host}/dev/web@${webDigest}`] }),
    runningPod('payments', 'api-canary', undefined, { api: [`${apiRepo}:1.4.2`, `${apiRepo}@${apiDigest}`] }),
  ];
  [cluster, healthy, mixed] = await Promise.all([startFakeApiServer({ objects: clusterObjects(true) }), startFakeApiServer({ objects: clusterObjects(false) }), startFakeApiServer({ objects: mixedObjects })]);
  mainScan = scan(cluster, ['--db-dir', dbDir, ...registryArgs()]);
});

after(async () => {
  await cluster?.close();
  await healthy?.close();
  await mixed?.close();
  await plainRegistry?.stop();
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('rampart cluster --scanners vuln (cluster API served by a local server in the Kubernetes wire format, images in a real registry)', { concurrency: true }, () => {
  test('an image run by tag, by digest and by a pending pod is pulled and scanned once', async () => {
    const r = await mainScan;
    const apiRecords = (r.report.images ?? []).filter((i) => i.manifestDigest === apiDigest);
    assert.equal(apiRecords.length, 1, JSON.stringify(r.report.images));
    assert.equal(apiRecords[0]?.reference, `${apiRepo}@${apiDigest}`);
    assert.deepEqual((r.report.images ?? []).map((i) => i.manifestDigest).sort(), [apiDigest, webDigest].sort());
    // The tag-only reference resolves to the digest already scanned: said on stderr, no second scan.
    assert.match(r.stderr, new RegExp(`${escape(`${apiRepo}:1.4.2`)}: same image as ${escape(`${apiRepo}@${apiDigest}`)}, scanned once`));
    const fingerprints = r.report.findings.map((f) => f.fingerprint);
    assert.equal(new Set(fingerprints).size, fingerprints.length, 'no finding reported twice');
    assert.match(r.stderr, /4 images in use \(2 by digest, 2 by tag only\)/);
  });

  test('image.vuln findings are attached to the image asset by digest; --images-out names the workloads running it', async () => {
    const r = await mainScan;
    const apiFindings = vulns(r.report).filter((f) => f.asset.ref === `image://${apiDigest}`);
    assert.ok(apiFindings.every((f) => f.asset.type === 'image' && f.status === 'fail'));
    const ids = new Set(apiFindings.map((f) => `${f.package?.name} ${f.vulnerability?.id}`));
    for (const expected of ['minimist CVE-2021-44906', 'busybox CVE-2023-42363', 'libcrypto3 CVE-2024-0727']) assert.ok(ids.has(expected), `${expected} expected in ${[...ids].join(', ')}`);
    const webFindings = vulns(r.report).filter((f) => f.asset.ref === `image://${webDigest}`);
    assert.deepEqual(webFindings.map((f) => `${f.package?.name} ${f.vulnerability?.id}`).sort(), ['minimist CVE-2021-44906', 'request CVE-2023-28155']);
    assert.equal(r.report.images?.find((i) => i.manifestDigest === apiDigest)?.os, 'Alpine Linux v3.19');
    assert.ok(r.report.vulnDb && r.report.vulnDb.sources.length > 0, 'the database used is recorded');
    // A finding's image digest leads to the workloads that run it.
    const inUse = r.imagesInUse.find((i) => i.digest === apiDigest);
    assert.deepEqual(inUse?.workloads, ['payments/Deployment/api', 'shop/Deployment/storefront']);
    assert.deepEqual(inUse?.specImages, [`${apiRepo}:1.4.2`, `${apiRepo}@${apiDigest}`]);
    assert.equal(inUse?.pods, 3);
    assert.deepEqual(r.imagesInUse.find((i) => i.reference === `${apiRepo}:1.4.2`)?.workloads, ['payments/Job/migrate']);
    assert.ok(!r.stderr.includes(registry.password) && !r.stdout.includes(registry.password), 'the registry password leaked');
  });

  test('an image in use that the registry does not have: an input error naming it and its workload, the rest scanned, exit 2', async () => {
    const r = await mainScan;
    assert.equal(r.code, 2, r.stderr);
    const errors = r.report.inputErrors.filter((e) => e.source === brokenImage);
    assert.equal(errors.length, 1, JSON.stringify(r.report.inputErrors));
    assert.match(errors[0]!.message, /^image in use by batch\/Pod\/legacy-report not scanned: .*(not found|unknown|404)/i);
    assert.match(r.stderr, new RegExp(`rampart: ${escape(brokenImage)}: image in use by batch/Pod/legacy-report not scanned`));
    assert.equal(r.report.inputErrors.length, 1, 'nothing else failed');
    assert.ok(vulns(r.report).length > 0, 'the other images were scanned');
  });

  test('--ignore-unfixed leaves out vulnerabilities with no fix; --severity keeps only those severities and --fail-on gates on them', async () => {
    const [unfixed, critical] = await Promise.all([
      scan(healthy, ['--db-dir', dbDir, ...registryArgs(), '--ignore-unfixed']),
      scan(healthy, ['--db-dir', dbDir, ...registryArgs(), '--severity', 'critical', '--fail-on', 'critical']),
    ]);
    assert.equal(unfixed.code, 0, unfixed.stderr);
    const kept = vulns(unfixed.report);
    assert.ok(!kept.some((f) => f.vulnerability?.id === 'CVE-2023-28155'), 'the unfixed request advisory is left out');
    assert.ok(kept.every((f) => f.vulnerability?.fixedVersion));
    assert.ok(kept.some((f) => f.asset.ref === `image://${webDigest}` && f.vulnerability?.id === 'CVE-2021-44906'));
    assert.ok(kept.some((f) => f.asset.ref === `image://${apiDigest}` && f.package?.name === 'busybox'));

    assert.equal(critical.code, 1, critical.stderr);
    assert.ok(critical.report.findings.length > 0 && critical.report.findings.every((f) => f.severity === 'critical'));
    assert.deepEqual(vulns(critical.report).map((f) => `${f.asset.ref} ${f.vulnerability?.id}`).sort(), [`image://${apiDigest} CVE-2021-44906`, `image://${webDigest} CVE-2021-44906`].sort());
  });

  test('--insecure-registry allows that plain-HTTP registry only: the TLS registry whose CA is not given is still refused, naming the image', async () => {
    const r = await scan(mixed, ['--db-dir', dbDir, '--docker-config', dockerConfig, '--insecure-registry', plainRegistry.host]);
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(r.report.images?.map((i) => i.reference), [`${plainRegistry.host}/dev/web@${webDigest}`]);
    assert.ok(vulns(r.report).some((f) => f.asset.ref === `image://${webDigest}` && f.vulnerability?.id === 'CVE-2023-28155'));
    assert.equal(r.report.inputErrors.length, 1, JSON.stringify(r.report.inputErrors));
    assert.equal(r.report.inputErrors[0]?.source, `${apiRepo}@${apiDigest}`);
    assert.match(r.report.inputErrors[0]?.message ?? '', /^image in use by payments\/Pod\/api-canary not scanned: .*(certificate|TLS)/i);
  });

  test('no vulnerability database: one not-evaluated image.vuln finding with how to install one, no image pulled, exit 2', async () => {
    const r = await scan(healthy, registryArgs());
    assert.equal(r.code, 2, r.stderr);
    const found = vulns(r.report);
    assert.equal(found.length, 1);
    assert.equal(found[0]?.status, 'not-evaluated');
    assert.match(found[0]?.reason?.en ?? '', new RegExp(`no vulnerability database in ${escape(path.join(work, 'no-db'))}: install one with "rampart db import`));
    assert.match(r.stderr, /no vulnerability database in .*rampart db import/);
    assert.equal(r.report.images, undefined);
    assert.equal(r.report.summary.findings.notEvaluated, 1);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
