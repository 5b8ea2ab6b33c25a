import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFrameworks } from '../../../src/catalog/index.js';
import { addInstruction, checkImageConfig, healthcheckMissing, latestTag, tagOf, tooOld, updateAlone, userRoot } from '../../../src/analyzers/image/config-checks.js';
import { historyInstructions } from '../../../src/analyzers/image/history.js';
import type { HistoryEntry, ImageConfig, ImageInfo } from '../../../src/model/index.js';
import { debianServiceConfig, imageInfo } from './image-fixture.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const ctxOf = (config: Partial<ImageConfig> = {}, image: Partial<ImageInfo> = {}) => ({ image: imageInfo(3, debianServiceConfig(config), image) });
const withHistory = (history: HistoryEntry[]) => {
  const ctx = ctxOf({ history });
  return { ctx, history: historyInstructions(ctx.image) };
};

test('a well-built image (non-root, health check, combined apt step, COPY, recent, versioned tag) passes every config check', () => {
  assert.deepEqual(checkImageConfig(ctxOf(), { now: NOW }), []);
});

test('image.user-root: no USER, root, 0 and 0:0 fail; a named or numeric user passes', () => {
  for (const user of [undefined, '', 'root', '0', '0:0', 'root:app']) {
    const [f, ...rest] = userRoot(ctxOf({ user }));
    assert.equal(rest.length, 0);
    assert.equal(f?.checkId, 'image.user-root', String(user));
    assert.equal(f?.subject, 'config.User');
  }
  assert.match(userRoot(ctxOf({ user: undefined }))[0]?.message.en ?? '', /sets no USER/);
  for (const user of ['10001', 'app', '10001:10001', 'nobody']) assert.deepEqual(userRoot(ctxOf({ user })), [], user);
});

test('image.healthcheck-missing: absent or NONE fails; a CMD health check passes', () => {
  assert.equal(healthcheckMissing(ctxOf({ healthcheck: undefined })).length, 1);
  assert.match(healthcheckMissing(ctxOf({ healthcheck: { test: ['NONE'] } }))[0]?.message.en ?? '', /HEALTHCHECK NONE/);
  assert.deepEqual(healthcheckMissing(ctxOf({ healthcheck: { test: ['CMD', '/usr/local/bin/payments-api', 'health'] } })), []);
});

test('image.update-alone: an index refresh without install in the same RUN fails; update && install passes', () => {
  const { ctx, history } = withHistory([
    { createdBy: '/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in / ' },
    { createdBy: '/bin/sh -c apt-get update' },
    { createdBy: '/bin/sh -c apt-get install -y curl' },
    { createdBy: 'RUN /bin/sh -c yum -y update && yum clean all # buildkit' },
    { createdBy: 'RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/* # buildkit' },
    { createdBy: 'RUN /bin/sh -c apk add --no-cache tzdata # buildkit' },
    { createdBy: 'RUN |1 APT_MIRROR=deb.debian.org /bin/bash -o pipefail -c apt-get -qq update && apt-get -qq upgrade -y # buildkit' },
  ]);
  const findings = updateAlone(ctx, history);
  assert.deepEqual(findings.map((f) => [f.subject, f.evidence]), [
    ['history:1', 'apt-get update'],
    ['history:3', 'yum -y update'],
  ]);
  assert.equal(findings[0]?.location.path, 'history[1].created_by');
});

test('image.add-instruction: remote URL (medium), archive and plain ADD (low) fail; the base rootfs ADD and COPY pass', () => {
  const { ctx, history } = withHistory([
    { createdBy: '/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in / ' },
    { createdBy: '/bin/sh -c #(nop)  CMD ["bash"]', emptyLayer: true },
    { createdBy: 'ADD https://downloads.example.com/tool-1.2.tar.gz?X-Amz-Signature=abc /opt/ # buildkit' },
    { createdBy: 'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://downloads.example.com/tool-1.3.tar.gz /opt/ # buildkit' },
    { createdBy: 'ADD vendor.tar.gz /srv/vendor # buildkit' },
    { createdBy: '/bin/sh -c #(nop) ADD file:9e8a1f7c in /usr/local/bin/entrypoint.sh ' },
    { createdBy: 'COPY . /srv # buildkit' },
  ]);
  const findings = addInstruction(ctx, history);
  assert.deepEqual(findings.map((f) => [f.subject, f.severity]), [
    ['history:2', 'medium'],
    ['history:3', 'low'],
    ['history:4', 'low'],
    ['history:5', 'low'],
  ]);
  assert.equal(findings[0]?.evidence, 'ADD https://downloads.example.com/tool-1.2.tar.gz?… /opt/', 'a signed query string is not repeated');
  assert.match(findings[1]?.message.en ?? '', /checksum pinned/);
  assert.match(findings[2]?.message.en ?? '', /unpacks the archive vendor\.tar\.gz/);
});

test('image.add-instruction: the BuildKit form of a base image built from a rootfs tarball passes', () => {
  const { ctx, history } = withHistory([
    { createdBy: 'ADD alpine-minirootfs-3.20.3-x86_64.tar.gz / # buildkit' },
    { createdBy: 'CMD ["/bin/sh"]', emptyLayer: true },
  ]);
  assert.deepEqual(addInstruction(ctx, history), []);
});

test('image.too-old: older than the limit fails, within it passes, a reproducible-build date is not evaluated', () => {
  const old = tooOld(ctxOf({ created: '2025-06-29T10:00:00Z' }), { now: NOW });
  assert.equal(old.length, 1);
  assert.match(old[0]?.message.en ?? '', /built 512 days ago \(2025-06-29\), more than the 365-day limit/);
  assert.deepEqual(tooOld(ctxOf({ created: '2026-01-10T10:00:00Z' }), { now: NOW }), []);
  assert.equal(tooOld(ctxOf({ created: '2026-01-10T10:00:00Z' }), { now: NOW, maxAgeDays: 90 }).length, 1, 'configurable limit');
  const epoch = tooOld(ctxOf({ created: '1970-01-01T00:00:00Z' }), { now: NOW });
  assert.equal(epoch[0]?.status, 'not-evaluated');
  assert.match(epoch[0]?.reason?.en ?? '', /placeholder that reproducible builds write/);
  assert.equal(tooOld(ctxOf({ created: undefined }), { now: NOW })[0]?.status, 'not-evaluated');
});

test('image.latest-tag: :latest and bare names fail; versions and digests pass; archives are judged by their tags', () => {
  const ref = (reference: string, extra: Partial<ImageInfo> = {}) => latestTag(ctxOf({}, { reference, ...extra }));
  assert.equal(ref('registry.bank.example/payments/api:latest').length, 1);
  assert.match(ref('registry.bank.example:5000/payments/api')[0]?.message.en ?? '', /neither tag nor digest/);
  assert.deepEqual(ref('registry.bank.example:5000/payments/api:1.4.2'), []);
  assert.deepEqual(ref(`registry.bank.example/payments/api@sha256:${'ab'.repeat(32)}`), []);
  assert.deepEqual(ref(`registry.bank.example/payments/api:latest@sha256:${'ab'.repeat(32)}`), [], 'pinned by digest');
  const archive = { repository: undefined } as Partial<ImageInfo>;
  assert.deepEqual(ref('./build/api.tar', { ...archive, tags: ['payments/api:1.4.2'] }), []);
  assert.equal(ref('./build/api.tar', { ...archive, tags: ['payments/api:latest'] }).length, 1);
  assert.match(ref('/tmp/api.tar', { ...archive, tags: [] })[0]?.message.en ?? '', /carries no tag or name/);
  assert.deepEqual(ref('demo/out/payments-api.oci.tar', { ...archive, tags: ['1.4.2'] }), [], 'an OCI layout records the bare tag');
  assert.equal(ref('demo/out/payments-api.oci.tar', { ...archive, tags: ['latest'] }).length, 1);
  assert.equal(tagOf('registry:5000/team/app'), undefined);
  assert.equal(tagOf('registry:5000/team/app:2'), '2');
});

test('config findings carry controls from the frameworks when given, CIS Docker among them', () => {
  const ctx = { image: imageInfo(3, debianServiceConfig({ user: undefined })), frameworks: loadFrameworks() };
  const [f] = userRoot(ctx);
  assert.ok(f?.controls.includes('cis-docker-1.6:4.1'), JSON.stringify(f?.controls));
  assert.ok(f?.controls.includes('nsa-cisa-1.2:pod-security.non-root'));
});
