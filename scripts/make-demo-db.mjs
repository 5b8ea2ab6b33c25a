// Builds the demo's signed vulnerability bundle from a subset of ../shared/vulndata (the real
// publisher records the project carries): Alpine 3.19 secdb, the GitHub and PyPA advisories, the
// NVD and CVE 5 records, KEV and EPSS. The bundle is committed under demo/vulndb/ with its public key,
// so `npm run demo` shows real CVEs on a fresh machine without that folder. The private key is made
// for one build and thrown away: the demo's trust is in demo.pub only.
//   node scripts/make-demo-db.mjs [vulndata-dir]   (run after `npm run build`)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const vulndata = resolve(process.argv[2] ?? '../shared/vulndata');
const out = resolve('demo/vulndb');
const work = mkdtempSync(join(tmpdir(), 'rampart-demo-db-'));
try {
  const from = join(work, 'vulndata');
  for (const part of ['alpine-secdb/v3.19', 'osv/ghsa-subset', 'osv/pypi-pypa', 'cve', 'kev', 'epss']) {
    cpSync(join(vulndata, part), join(from, part), { recursive: true });
  }
  const cli = resolve('dist/src/cli/main.js');
  const run = (...args) => execFileSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
  mkdirSync(out, { recursive: true });
  run('db', 'keygen', '--out', join(work, 'demo'));
  run('db', 'build', '--from', from, '--output', join(out, 'rampart-demo-db.tar.zst'), '--sign-key', join(work, 'demo.key'));
  cpSync(join(work, 'demo.pub'), join(out, 'demo.pub'));
} finally {
  rmSync(work, { recursive: true, force: true });
}
