import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { checkImageFiles, packageCaches, setuidFiles, sshDaemon, worldWritable } from '../../../src/analyzers/image/files-checks.js';
import type { LayerEntry } from '../../../src/model/index.js';
import { buildView, debianServiceConfig, entryOf, imageInfo, type FileSpec } from './image-fixture.js';

const ctx = { image: imageInfo(2) };
const files = (specs: FileSpec[]): LayerEntry[] => specs.map((s) => entryOf(s, 0));

/** This machine's real /usr/bin, /usr/sbin and /usr/lib entries with their real modes: what a Debian image's layer holds. */
function realDebianTree(): FileSpec[] {
  const out: FileSpec[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const st = lstatSync(full);
      const type = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
      out.push({ path: full, type, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: st.size });
      if (type === 'dir' && depth > 0) walk(full, depth - 1);
    }
  };
  for (const dir of ['/usr/bin', '/usr/sbin', '/usr/lib/openssh', '/usr/lib/dbus-1.0', '/etc']) walk(dir, 1);
  return out;
}

test('image.setuid-files on this machine\'s real Debian binaries: the distribution set in one low finding, nothing unexpected', () => {
  const tree = files(realDebianTree());
  const special = tree.filter((f) => f.type === 'file' && (f.mode & 0o6000) !== 0);
  assert.ok(special.some((f) => f.path === '/usr/bin/passwd'), 'expected the real setuid /usr/bin/passwd from the passwd package');
  const findings = setuidFiles(ctx, tree);
  assert.deepEqual(findings.map((f) => [f.subject, f.severity]), [['setuid:distribution', 'low']]);
  assert.match(findings[0]?.evidence ?? '', /\/usr\/bin\/passwd \(4755 0:0\)/);
  assert.match(findings[0]?.evidence ?? '', /\/usr\/bin\/chage \(2755 0:\d+\)/);
});

test('image.setuid-files: a setuid shell or unknown binary is reported on its own as medium; setgid directories are not', () => {
  const findings = setuidFiles(ctx, files([
    { path: '/usr/bin/su', mode: 0o4755 },
    { path: '/usr/local/bin/bash', mode: 0o4755 },
    { path: '/opt/agent/helper', mode: 0o2750, gid: 42 },
    { path: '/var/mail', type: 'dir', mode: 0o2775 },
    { path: '/usr/bin/ls', mode: 0o755 },
  ]));
  assert.deepEqual(findings.map((f) => [f.subject, f.severity]), [
    ['setuid:distribution', 'low'],
    ['setuid:/usr/local/bin/bash', 'medium'],
    ['setuid:/opt/agent/helper', 'medium'],
  ]);
  assert.match(findings[1]?.message.en ?? '', /setuid root/);
  assert.match(findings[2]?.message.en ?? '', /is setgid,/);
  assert.deepEqual(setuidFiles(ctx, files([{ path: '/usr/bin/ls', mode: 0o755 }])), []);
});

test('image.world-writable: 0777 files and directories under system paths fail; symlinks, sticky dirs and /tmp do not', () => {
  const findings = worldWritable(ctx, files([
    { path: '/etc/payments/config.yaml', mode: 0o666 },
    { path: '/usr/local/lib/tool', type: 'dir', mode: 0o777 },
    { path: '/usr/bin/python3', type: 'symlink', mode: 0o777, linkTarget: 'python3.11' },
    { path: '/usr/share/tmp-cache', type: 'dir', mode: 0o1777 },
    { path: '/tmp', type: 'dir', mode: 0o1777 },
    { path: '/srv/uploads', type: 'dir', mode: 0o777 },
  ]));
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.evidence, '/etc/payments/config.yaml (0666 0:0), /usr/local/lib/tool (0777 0:0)');
  assert.deepEqual(worldWritable(ctx, files(realDebianTree())), [], 'a stock Debian tree has none');
});

test('image.world-writable lists the first paths and how many more', () => {
  const many = Array.from({ length: 25 }, (_, i) => ({ path: `/usr/lib/vendor/f${String(i).padStart(2, '0')}`, mode: 0o777 }));
  const [f] = worldWritable(ctx, files(many));
  assert.match(f?.evidence ?? '', /, and 5 more$/);
  assert.match(f?.message.en ?? '', /^25 world-writable paths/);
});

test('image.sshd: the daemon binary and EXPOSE 22 each fail; an SSH client and other ports pass', () => {
  const image = imageInfo(2, debianServiceConfig({ exposedPorts: ['8080/tcp', '22/tcp'] }));
  const findings = sshDaemon({ image }, files([{ path: '/usr/sbin/sshd', mode: 0o755 }, { path: '/usr/bin/ssh', mode: 0o755 }]));
  assert.deepEqual(findings.map((f) => f.subject), ['sshd:binary', 'port:22/tcp']);
  assert.equal(findings[0]?.location.file, '/usr/sbin/sshd');
  assert.deepEqual(sshDaemon(ctx, files([{ path: '/usr/bin/ssh', mode: 0o755 }, { path: '/usr/bin/ssh-agent', mode: 0o2755 }])), []);
});

test('image.package-cache: apt archives and lists, pip and npm caches fail, one finding per cache; a cleaned image passes', () => {
  const findings = packageCaches(ctx, files([
    { path: '/var/cache/apt/archives/curl_7.88.1-10+deb12u8_amd64.deb', size: 315_000 },
    { path: '/var/cache/apt/archives/lock', size: 0 },
    { path: '/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease', size: 151_000 },
    { path: '/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4', size: 9_200_000 },
    { path: '/var/lib/apt/lists/lock', size: 0 },
    { path: '/root/.cache/pip/http-v2/a/b/c/0123', size: 2048 },
    { path: '/home/app/.npm/_cacache/content-v2/sha512/aa/bb', size: 4096 },
  ]));
  assert.deepEqual(findings.map((f) => f.subject), ['cache:apt-archives', 'cache:apt-lists', 'cache:pip', 'cache:npm']);
  assert.match(findings[1]?.message.en ?? '', /2 files, 8\.9 MiB/);
  assert.deepEqual(packageCaches(ctx, files([
    { path: '/var/lib/apt/lists/lock', size: 0 },
    { path: '/var/cache/apt/archives/lock', size: 0 },
    { path: '/var/lib/apt/lists/partial', type: 'dir', mode: 0o700 },
  ])), []);
});

test('checkImageFiles runs over the final view: files deleted by a later layer are not there', () => {
  const view = buildView([
    { files: [{ path: '/usr/sbin/sshd', mode: 0o755 }, { path: '/var/lib/apt/lists/x_InRelease', size: 10 }] },
    { deletes: ['/usr/sbin/sshd', '/var/lib/apt/lists/x_InRelease'] },
  ]);
  assert.deepEqual(checkImageFiles(ctx, view), []);
  const kept = buildView([{ files: [{ path: '/usr/sbin/sshd', mode: 0o755 }] }]);
  assert.deepEqual(checkImageFiles(ctx, kept).map((f) => f.checkId), ['image.sshd']);
});
