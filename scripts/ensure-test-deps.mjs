// Installs the system packages the test suite drives for real (Debian's chromium for the HTML
// report test) when they are missing: `apt-get update` once, then `apt-get install -y`.
// Runs before `npm test`; a no-op when everything is present.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const needed = [{ pkg: 'chromium', file: '/usr/bin/chromium' }];
const missing = needed.filter((n) => !existsSync(n.file));
if (missing.length === 0) process.exit(0);

const names = missing.map((m) => m.pkg).join(' ');
const isRoot = process.getuid?.() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (!hasApt || !isRoot) {
  console.error(`ensure-test-deps: the tests need ${names} (Debian packages); install them with: sudo apt-get install -y ${names}`);
  process.exit(1);
}
console.error(`ensure-test-deps: installing ${names} (Debian packages) for the browser test ...`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing.map((m) => m.pkg)]]) {
  const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (r.status !== 0) {
    console.error(`ensure-test-deps: apt-get ${args[0]} failed (exit ${r.status})`);
    process.exit(1);
  }
}
