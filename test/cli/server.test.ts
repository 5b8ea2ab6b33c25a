import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import https from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { rampart } from '../helpers/cli.js';
import { freePort, makeTlsCert, type TlsFiles } from '../helpers/registry.js';

/** `rampart server` and `rampart audit` as an operator runs them: first accounts, a scanner token, the server over TLS, the audit trail checked and exported. */

const PASSWORD = 'a long enough demo password';
let dir: string;
let data: string;
let tls: TlsFiles;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-server-cli-'));
  data = path.join(dir, 'data');
  tls = await makeTlsCert(dir);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https.get(url, { ca: tls.cert, headers }, (response) => {
      let body = '';
      response.on('data', (c: Buffer) => (body += c.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

test('add-user reads the password from standard input; issue-token prints a token once; bad input is one line and exit 2', async () => {
  const added = await rampart(['server', 'add-user', 'sec', '--roles', 'security-admin', '--data', data], { stdin: `${PASSWORD}\n` });
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stderr, /created sec \(security-admin\)/);
  assert.equal((await rampart(['server', 'add-user', 'ci', '--roles', 'member', '--data', data], { stdin: PASSWORD })).code, 0);
  const weak = await rampart(['server', 'add-user', 'bob', '--roles', 'member', '--data', data], { stdin: 'short' });
  assert.equal(weak.code, 2);
  assert.equal(weak.stderr.trim().split('\n').length, 1);
  const badRole = await rampart(['server', 'add-user', 'eve', '--roles', 'root', '--data', data], { stdin: PASSWORD });
  assert.equal(badRole.code, 2);
  assert.match(badRole.stderr, /"root" is not one of system-admin, security-admin, auditor, member/);
  const token = await rampart(['server', 'issue-token', '--owner', 'ci', '--name', 'gitlab', '--data', data]);
  assert.equal(token.code, 0, token.stderr);
  assert.match(token.stdout.trim(), /^rmp_[0-9a-f]{24}_\S+$/);
  const stored = new Database(path.join(data, 'platform.db'), { readonly: true });
  try {
    const tables = stored.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    const everything = tables.map((t) => JSON.stringify(stored.prepare(`SELECT * FROM "${t}"`).all())).join('');
    assert.ok(!everything.includes(token.stdout.trim().split('_')[2]!), 'only a hash of the secret is stored');
  } finally {
    stored.close();
  }
});

test('the server refuses to start without TLS, and over TLS serves the API to signed-in callers only', async () => {
  const noTls = await rampart(['server', '--data', data, '--listen', '127.0.0.1:0']);
  assert.equal(noTls.code, 2);
  assert.match(noTls.stderr, /--tls-cert and --tls-key are required/);

  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/cli/main.ts'), 'server', '--data', data, '--listen', `127.0.0.1:${port}`, '--tls-cert', tls.certPath, '--tls-key', tls.keyPath, '--no-console'], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30_000);
      child.stderr!.on('data', (c: Buffer) => {
        stderr += c.toString();
        if (stderr.includes('rampart: server on https://127.0.0.1')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
    });
    assert.equal((await get(`https://127.0.0.1:${port}/api/v1/findings`)).status, 401);
    const signIn = await new Promise<{ status: number; cookie: string }>((resolve, reject) => {
      const request = https.request(`https://127.0.0.1:${port}/api/v1/auth/sign-in`, { method: 'POST', ca: tls.cert, headers: { 'content-type': 'application/json' } }, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, cookie: String(response.headers['set-cookie']?.[0] ?? '').split(';')[0]! }));
      });
      request.on('error', reject);
      request.end(JSON.stringify({ username: 'sec', password: PASSWORD }));
    });
    assert.equal(signIn.status, 200);
    const findings = await get(`https://127.0.0.1:${port}/api/v1/findings`, { cookie: signIn.cookie });
    assert.equal(findings.status, 200);
    assert.deepEqual(JSON.parse(findings.body).items, []);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
});

test('rampart audit verify, export (JSON lines and syslog) and purge; a tampered entry is found', async () => {
  const verified = await rampart(['audit', 'verify', '--data', data]);
  assert.equal(verified.code, 0, verified.stderr);
  assert.match(verified.stdout, /audit trail intact: \d+ entries/);
  const jsonl = await rampart(['audit', 'export', '--data', data]);
  const entries = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l) as { action: string; actor: string });
  assert.ok(entries.some((e) => e.action.startsWith('auth.sign-in')));
  assert.ok(entries.some((e) => e.actor === 'cli'), 'accounts made from the command line are recorded as cli');
  const syslog = await rampart(['audit', 'export', '--format', 'syslog', '--data', data]);
  assert.match(syslog.stdout.split('\n')[0]!, /^<\d+>1 \d{4}-\d\d-\d\dT/);
  const shortRetention = await rampart(['audit', 'purge', '--older-than-days', '30', '--data', data]);
  assert.equal(shortRetention.code, 2);
  assert.match(shortRetention.stderr, /shorter than the 180 days MLPS 2.0 requires/);
  const purge = await rampart(['audit', 'purge', '--data', data]);
  assert.equal(purge.code, 0, purge.stderr);
  assert.match(purge.stderr, /purged 0 audit entries older than 180 days/);

  const db = new Database(path.join(data, 'platform.db'));
  try {
    const table = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%audit%' AND sql LIKE '%prev_hash%'").pluck().get() as string);
    db.pragma('foreign_keys = OFF');
    // The triggers refuse UPDATE from the application; an attacker with the file drops them first.
    for (const trigger of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]) db.exec(`DROP TRIGGER "${trigger}"`);
    db.prepare(`UPDATE "${table}" SET actor = 'someone-else' WHERE seq = 2`).run();
  } finally {
    db.close();
  }
  const broken = await rampart(['audit', 'verify', '--data', data]);
  assert.equal(broken.code, 1);
  assert.match(broken.stdout, /audit trail BROKEN at seq 2/);
});
