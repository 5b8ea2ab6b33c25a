// `npm run demo:server`: the governance platform on the demo's own results, so a newcomer sees the
// console with real data. Scans the demo estate, the demo runtime audit log (and the demo image,
// when `npm run demo` has written it), stores them on a fresh SQLite platform in demo/out/platform,
// creates one account per role, and serves http://127.0.0.1:8080 (plain HTTP on loopback only:
// a demo needs no certificate; a real server refuses to run without TLS).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Platform } from '../dist/src/server/platform/platform.js';
import { buildPlatformApp } from '../dist/src/server/platform/app.js';

const cli = 'dist/src/cli/main.js';
const out = 'demo/out/platform';
const PASSWORD = 'rampart-demo-2026';
const port = Number(process.env.PORT ?? 8080);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const scan = (file, ...args) => {
  try {
    execFileSync(process.execPath, [cli, ...args, '--format', 'json', '--output', file], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, RAMPART_DATA_DIR: out } });
  } catch (err) {
    // Exit 1 means findings at or above --fail-on: the report is written all the same.
    if (err.status !== 1 && err.status !== 0) throw err;
  }
  return JSON.parse(readFileSync(file, 'utf8'));
};
process.stderr.write('== scanning the demo estate, runtime audit log and image ==\n');
const reports = [
  scan(path.join(out, 'estate.json'), 'manifests', 'demo/estate'),
  scan(path.join(out, 'runtime.json'), 'runtime', 'audit-log', 'demo/runtime/audit.log', '--cluster', 'demo'),
];
if (existsSync('demo/out/payments-api.oci.tar') && existsSync('demo/out/db')) {
  reports.push(scan(path.join(out, 'image.json'), 'image', '--input', 'demo/out/payments-api.oci.tar', '--db-dir', 'demo/out/db', '--max-db-age', '36500', '--no-store'));
}

const platform = await Platform.open({ database: path.join(out, 'platform.db') });
const actor = { name: 'demo-setup' };
for (const [id, name] of [['payments', 'Payments'], ['cards', 'Cards'], ['platform', 'Platform engineering']]) await platform.governance.putTeam({ id, name });
await platform.governance.updateSettings({ defaultTeam: 'platform' });
await platform.governance.replaceRoutingRules([
  { id: 'payments', priority: 10, team: 'payments', namespace: 'payments' },
  { id: 'cards', priority: 20, team: 'cards', namespace: 'cards' },
  { id: 'app-deps', priority: 30, team: 'payments', imageRepository: '*payments*', layer: 'app' },
]);
await platform.refreshRouting();
const users = [
  ['admin', ['system-admin'], []],
  ['security', ['security-admin'], []],
  ['auditor', ['auditor'], []],
  ['payments-dev', ['member'], ['payments']],
  ['demo-scanner', ['member'], []],
];
for (const [username, roles, teams] of users) await platform.users.createLocalUser(actor, { username, password: PASSWORD, roles, teams });
const scanner = { kind: 'user', id: 'demo-scanner', name: 'demo-scanner', roles: ['member'], teams: [] };
for (const report of reports) {
  const result = await platform.ingest(report, scanner, { cluster: 'demo' });
  process.stderr.write(`stored ${report.command}: ${result.findings} findings\n`);
}

let consolePlugin;
try {
  consolePlugin = (await import('../dist/src/server/platform/console.js')).consolePlugin;
} catch {
  consolePlugin = undefined;
}
const app = await buildPlatformApp({ platform, databaseLabel: `SQLite ${out}/platform.db (demo)`, ...(consolePlugin ? { console: consolePlugin } : {}) });
await app.listen({ host: '127.0.0.1', port });
process.stderr.write(`
Rampart platform demo on http://127.0.0.1:${port}/  (Ctrl-C to stop)
Sign in as any of: ${users.map((u) => u[0]).join(', ')}   password: ${PASSWORD}
  security      approves waivers, manages routing, reads every finding and report
  payments-dev  sees the payments team's findings and requests waivers
  auditor       reads everything and the audit trail
  admin         manages accounts and tokens (sees no findings: separation of duties)
`);
