import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Finding, Report } from '../../src/model/index.js';
import { makeDemoImage } from '../helpers/demo-image.js';
import { rampart, type CliResult } from '../helpers/cli.js';
import { buildImage, tempDir, toDockerArchive, toOciArchive, requireTool, type BuiltImage } from '../helpers/images.js';
import { startRegistry, type RunningRegistry } from '../helpers/registry.js';
import { reportValidator } from '../helpers/schema.js';
import { makeVulnDb } from '../helpers/vulndb.js';

/**
 * `rampart image` end to end: the real CLI (through tsx) against a real docker-registry with
 * htpasswd and TLS, image archives written by skopeo and umoci, the demo image, and a small signed
 * database built with `rampart db build` from the project's publisher records.
 */

const FAKE_AWS_KEY_ID = 'AKIA' + 'Q3XHDEMO7RAMPART';
const FAKE_GITHUB_TOKEN = 'ghp_' + 'DemoRampartFakeToken0123456789abcdefAB';

let work = '';
let dbDir = '';
let demoArchive = '';
let registry: RunningRegistry;
let pushed = '';
let npmImage: BuiltImage;
// Child processes never read the home directory: no Docker credentials, no default store or database.
let env: NodeJS.ProcessEnv = {};

const vulns = (r: Report): Finding[] => r.findings.filter((f) => f.checkId === 'image.vuln');
const fingerprints = (list: Finding[]): string[] => list.map((f) => f.fingerprint).sort();

async function scan(args: string[], options: { stdin?: string } = {}): Promise<CliResult & { report: Report }> {
  const out = path.join(work, `report-${Math.random().toString(36).slice(2)}.json`);
  const result = await rampart(['image', ...args, '--format', 'json', '--output', out, '--no-progress'], { env, ...options });
  const text = await readFile(out, 'utf8').catch(() => undefined);
  assert.ok(text, `no report written (exit ${result.code}): ${result.stderr.trim()}`);
  return { ...result, report: JSON.parse(text) as Report };
}

/** A scan of the demo archive with the database, shared by the tests that only read its report. */
let demoScan: Promise<CliResult & { report: Report }>;

before(async () => {
  work = await tempDir('rampart-cli-image-');
  await mkdir(path.join(work, 'docker'));
  env = { HOME: work, DOCKER_CONFIG: path.join(work, 'docker'), RAMPART_DATA_DIR: path.join(work, 'data'), RAMPART_DB_DIR: path.join(work, 'no-db'), XDG_DATA_HOME: path.join(work, 'xdg') };
  demoArchive = path.join(work, 'payments-api.oci.tar');
  await makeDemoImage(demoArchive);
  const [db, reg, npm] = await Promise.all([
    makeVulnDb(work),
    startRegistry({ auth: 'htpasswd', tls: true }),
    // An npm application with one fixed (minimist) and one unfixed (request, GHSA-p8p7-x288-28g6) advisory.
    buildImage(work, [
      {
        '/app/package.json': JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { minimist: '1.2.5', request: '2.88.2' } }),
        '/app/node_modules/minimist/package.json': JSON.stringify({ name: 'minimist', version: '1.2.5', license: 'MIT' }),
        '/app/node_modules/request/package.json': JSON.stringify({ name: 'request', version: '2.88.2', license: 'Apache-2.0' }),
      },
    ], { tag: '1.0' }),
  ]);
  dbDir = db;
  registry = reg;
  npmImage = npm;
  pushed = await registry.push(`oci-archive:${demoArchive}:1.4.2`, 'payments/api:1.4.2');
  demoScan = scan(['--input', demoArchive, '--db-dir', dbDir, '--store', path.join(work, 'demo-results.db'), '--fail-on', 'high']);
});

after(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('rampart image', { concurrency: true }, () => {
  test('pulls from a registry with htpasswd and TLS (--username, --password-stdin, --ca-cert): packages, findings, no password in the output', async () => {
    const r = await scan([pushed, '--username', registry.username, '--password-stdin', '--ca-cert', registry.tls!.certPath, '--db-dir', dbDir, '--no-store'], { stdin: `${registry.password}\n` });
    assert.equal(r.code, 0, r.stderr);
    const [image] = r.report.images ?? [];
    assert.equal(image?.reference, pushed);
    assert.equal(image?.packages, 12);
    assert.equal(image?.os, 'Alpine Linux v3.19');
    assert.ok(vulns(r.report).some((f) => f.package?.name === 'minimist' && f.vulnerability?.id === 'CVE-2021-44906'));
    assert.ok(r.report.findings.some((f) => f.checkId === 'image.secret'));
    // The registry serves the archive's manifest unchanged: same image, same fingerprints.
    const archive = await demoScan;
    assert.deepEqual(fingerprints(r.report.findings.filter((f) => f.checkId !== 'image.latest-tag')), fingerprints(archive.report.findings.filter((f) => f.checkId !== 'image.latest-tag')));
    for (const text of [r.stdout, r.stderr, JSON.stringify(r.report)]) assert.ok(!text.includes(registry.password), 'the registry password leaked');
  });

  test('a registry that wants credentials and gets none: exit 2 and one line naming the reference', async () => {
    const r = await rampart(['image', pushed, '--ca-cert', registry.tls!.certPath, '--db-dir', dbDir, '--no-store'], { env });
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stderr.trim().split('\n').filter((l) => !/vulnerability database/.test(l));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, new RegExp(`^rampart: ${pushed.replace(/[.]/g, '\\.')}.*(401|unauthori[sz]ed|credentials|authentication)`, 'i'));
    assert.equal(r.stdout, '');
  });

  test('an unknown tag: exit 2 naming the reference', async () => {
    const missing = pushed.replace(':1.4.2', ':no-such-tag');
    const r = await rampart(['image', missing, '--username', registry.username, '--password-stdin', '--ca-cert', registry.tls!.certPath, '--db-dir', dbDir, '--no-store'], { env, stdin: registry.password });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`rampart: ${missing.replace(/[.]/g, '\\.')}: .*(not found|unknown|404)`, 'i'));
    assert.ok(!r.stderr.includes(registry.password));
  });

  test('a registry whose certificate is not trusted (no --ca-cert): exit 2 with a TLS error', async () => {
    const r = await rampart(['image', pushed, '--username', registry.username, '--password-stdin', '--db-dir', dbDir, '--no-store'], { env, stdin: registry.password });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /certificate|TLS|self[- ]signed/i);
    assert.match(r.stderr, new RegExp(pushed.replace(/[.]/g, '\\.')));
    assert.ok(!r.stderr.includes(registry.password));
  });

  test('docker-archive, oci-archive and an OCI layout of one image give the same findings', async () => {
    await requireTool('skopeo');
    const dockerTar = await toDockerArchive(npmImage, path.join(work, 'npm.docker.tar'), 'rampart/npm:1.0');
    const ociTar = await toOciArchive(npmImage, path.join(work, 'npm.oci.tar'));
    const [docker, oci, layout] = await Promise.all([
      scan(['--input', dockerTar, '--db-dir', dbDir, '--no-store']),
      scan(['--input', ociTar, '--db-dir', dbDir, '--no-store']),
      scan(['--input', npmImage.layout, '--db-dir', dbDir, '--no-store']),
    ]);
    for (const r of [docker, oci, layout]) assert.equal(r.code, 0, r.stderr);
    const ids = (r: Report): string[] => vulns(r).map((f) => `${f.vulnerability?.id} ${f.package?.name}@${f.package?.version}`).sort();
    assert.deepEqual(ids(oci.report), ['CVE-2021-44906 minimist@1.2.5', 'CVE-2023-28155 request@2.88.2']);
    const what = (r: Report): string[] => r.findings.map((f) => `${f.checkId} ${f.subject}`).sort();
    assert.deepEqual(what(docker.report), what(oci.report));
    assert.deepEqual(what(layout.report), what(oci.report));
    // The OCI archive and the layout hold the same manifest, so the same identity and fingerprints.
    assert.deepEqual(fingerprints(layout.report.findings), fingerprints(oci.report.findings));
    assert.equal(docker.report.images?.[0]?.configDigest, oci.report.images?.[0]?.configDigest);
  });

  test('the demo image: OS and npm vulnerabilities, the deleted .env secret masked, the token in ENV; valid JSON report; --fail-on high exits 1', async () => {
    const r = await demoScan;
    assert.equal(r.code, 1, r.stderr);
    const validate = reportValidator();
    assert.ok(validate(r.report), JSON.stringify(validate.errors?.slice(0, 3)));
    const vulnerable = new Set(vulns(r.report).map((f) => f.package?.name));
    for (const name of ['busybox', 'libcrypto3', 'libssl3', 'libexpat', 'libxml2', 'nodejs', 'python3', 'minimist', 'requests']) assert.ok(vulnerable.has(name), `no image.vuln for ${name}`);
    const envSecret = r.report.findings.find((f) => f.checkId === 'image.secret' && f.location.file === '/app/config/.env' && /aws-access-key-id/.test(f.subject));
    assert.ok(envSecret, 'the deleted .env is not reported');
    assert.match(envSecret.message.en, /deleted in layer 5/);
    assert.ok(envSecret.evidence && !envSecret.evidence.includes(FAKE_AWS_KEY_ID) && envSecret.evidence.includes('*'));
    assert.ok(r.report.findings.some((f) => f.checkId === 'image.secret-in-config' && /PAYMENTS_GITHUB_TOKEN/.test(f.subject)));
    const text = await readFile(path.join(work, 'demo-results.db'), 'latin1');
    for (const leaked of [FAKE_AWS_KEY_ID, FAKE_GITHUB_TOKEN]) {
      assert.ok(!JSON.stringify(r.report).includes(leaked), `${leaked} in the JSON report`);
      assert.ok(!r.stderr.includes(leaked) && !text.includes(leaked), `${leaked} in stderr or the result store`);
    }
  });

  test('--scanners secret,config: no image.vuln at all, and no database needed', async () => {
    const r = await scan(['--input', demoArchive, '--scanners', 'secret,config', '--no-store']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(vulns(r.report).length, 0);
    assert.ok(r.report.findings.some((f) => f.checkId === 'image.secret'));
    assert.ok(r.report.findings.some((f) => f.checkId === 'image.user-root'));
    assert.doesNotMatch(r.stderr, /vulnerability database/);
  });

  test('--ignore-unfixed leaves out the advisory with no fix and keeps the fixed one', async () => {
    const [all, fixedOnly] = await Promise.all([
      scan(['--input', npmImage.layout, '--db-dir', dbDir, '--no-store', '--scanners', 'vuln']),
      scan(['--input', npmImage.layout, '--db-dir', dbDir, '--no-store', '--scanners', 'vuln', '--ignore-unfixed']),
    ]);
    assert.deepEqual(vulns(all.report).map((f) => f.package?.name).sort(), ['minimist', 'request']);
    assert.deepEqual(vulns(fixedOnly.report).map((f) => f.package?.name), ['minimist']);
    assert.equal(vulns(all.report).find((f) => f.package?.name === 'request')?.vulnerability?.fixedVersion, undefined);
  });

  test('no database: image.vuln is not evaluated with the reason, stderr says how to install one, and the exit code is 2', async () => {
    const r = await scan(['--input', demoArchive, '--db-dir', path.join(work, 'empty-db'), '--no-store', '--fail-on', 'critical']);
    assert.equal(r.code, 2, r.stderr);
    const v = vulns(r.report);
    assert.equal(v.length, 1);
    assert.equal(v[0]!.status, 'not-evaluated');
    assert.match(v[0]!.reason?.en ?? '', /no vulnerability database/);
    assert.match(r.stderr, /rampart db import .*--trust/);
    assert.equal(r.report.vulnDb, undefined);
    // --no-store kept nothing in the default result store.
    assert.equal(existsSync(path.join(work, 'data')), false);
  });

  test('a waiver scoped to one vulnerability waives that finding; an OpenVEX not_affected statement waives another with the statement', async () => {
    const waivers = path.join(work, 'waivers.yaml');
    await writeFile(
      waivers,
      [
        'waivers:',
        '  - id: W-1',
        '    check: image.vuln',
        '    scope: {vulnerability: CVE-2021-44906}',
        '    reason: minimist only parses our own fixed argv',
        '    approver: sec@bank.example',
        '    expires: 2099-12-31',
        '',
      ].join('\n'),
    );
    const vex = path.join(work, 'vex.json');
    await writeFile(
      vex,
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        '@id': 'https://bank.example/vex/payments-api-1',
        author: 'Payments team',
        timestamp: '2025-01-01T00:00:00Z',
        version: 1,
        statements: [
          {
            vulnerability: { name: 'CVE-2023-32681' },
            products: [{ '@id': 'pkg:pypi/requests@2.28.1' }],
            status: 'not_affected',
            justification: 'vulnerable_code_not_in_execute_path',
            impact_statement: 'the service never follows redirects through a proxy',
          },
        ],
      }),
    );
    const r = await scan(['--input', demoArchive, '--db-dir', dbDir, '--no-store', '--scanners', 'vuln', '--waivers', waivers, '--vex', vex, '--fail-on', 'critical']);
    // minimist (the only critical) is waived, so --fail-on critical passes.
    assert.equal(r.code, 0, r.stderr);
    const minimist = vulns(r.report).find((f) => f.vulnerability?.id === 'CVE-2021-44906');
    assert.equal(minimist?.status, 'waived');
    assert.equal(minimist?.waiver?.id, 'W-1');
    const requests = vulns(r.report).find((f) => f.package?.name === 'requests');
    assert.equal(requests?.status, 'waived');
    assert.equal(requests?.vulnerability?.vex?.status, 'not_affected');
    assert.match(JSON.stringify(requests?.vulnerability?.vex), /never follows redirects/);
    // Everything else still fails.
    assert.ok(vulns(r.report).filter((f) => f.status === 'fail').length > 40);
  });

  test('--input naming a path that does not exist: exit 2, one line, never a registry pull; an argument and --input together, or an empty --password-stdin, are refused', async () => {
    // A bare name (no slash, no .tar) would parse as a Docker Hub reference: --input must not pull it.
    const r = await rampart(['image', '--input', 'no-such-payments-layout', '--no-store', '--scanners', 'config'], { env });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, 'rampart: no-such-payments-layout: no such file or directory\n');
    const both = await rampart(['image', pushed, '--input', demoArchive, '--no-store', '--scanners', 'config'], { env });
    assert.equal(both.code, 2, both.stderr);
    assert.match(both.stderr, /either as an argument .* or with --input/);
    const empty = await rampart(['image', pushed, '--username', registry.username, '--password-stdin', '--ca-cert', registry.tls!.certPath, '--no-store'], { env, stdin: '' });
    assert.equal(empty.code, 2, empty.stderr);
    assert.equal(empty.stderr, 'rampart: --password-stdin: standard input held no password\n');
  });
});
