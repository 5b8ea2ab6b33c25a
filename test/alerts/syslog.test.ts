import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SyslogSink } from '../../src/alerts/syslog.js';
import { formatSyslogMessage, SYSLOG_SD_ID } from '../../src/alerts/syslog-format.js';
import type { Finding } from '../../src/model/index.js';
import { requireTool, tempDir, tool } from '../helpers/images.js';
import { freePort, makeTlsCert } from '../helpers/registry.js';
import { sampleAlert } from './sample-alert.js';

/**
 * The syslog sink against a real rsyslogd started here: imudp, imptcp (plain TCP, octet-counted
 * framing) and imtcp with the gtls driver requiring a client certificate from a test CA. rsyslog
 * writes each message's raw text (`%rawmsg%`) to a file, which the tests parse as RFC 5424.
 */

interface Parsed {
  pri: number;
  version: string;
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  sd: Map<string, Record<string, string>>;
  msg: string;
}

/** An RFC 5424 parser written from the ABNF, independent of the formatter under test. */
function parse5424(line: string): Parsed {
  const head = /^<(\d{1,3})>(\d) (\S+) (\S+) (\S+) (\S+) (\S+) /.exec(line);
  assert.ok(head, `not an RFC 5424 header: ${line.slice(0, 120)}`);
  let i = head[0].length;
  const sd = new Map<string, Record<string, string>>();
  if (line[i] === '-') i += 1;
  else {
    while (line[i] === '[') {
      i++;
      const idEnd = line.slice(i).search(/[ \]]/) + i;
      const id = line.slice(i, idEnd);
      i = idEnd;
      const params: Record<string, string> = {};
      while (line[i] === ' ') {
        i++;
        const eq = line.indexOf('=', i);
        const name = line.slice(i, eq);
        assert.equal(line[eq + 1], '"', `SD param ${name} value is not quoted`);
        i = eq + 2;
        let value = '';
        while (line[i] !== '"') {
          if (line[i] === '\\' && ['"', '\\', ']'].includes(line[i + 1] ?? '')) i++;
          value += line[i];
          i++;
          assert.ok(i < line.length, 'unterminated SD param value');
        }
        i++;
        params[name] = value;
      }
      assert.equal(line[i], ']', `SD element ${id} not closed at ${i}`);
      i++;
      sd.set(id, params);
    }
  }
  assert.equal(line[i], ' ', 'no space before MSG');
  return { pri: Number(head[1]), version: head[2]!, timestamp: head[3]!, hostname: head[4]!, appName: head[5]!, procId: head[6]!, msgId: head[7]!, sd, msg: line.slice(i + 1) };
}

/** MSG is BOM, the English message, a space and the alert JSON: returns the JSON part parsed. */
function alertFromMsg(msg: string, alert: Finding): unknown {
  assert.ok(msg.startsWith('\uFEFF'), 'MSG does not start with the UTF-8 BOM');
  const text = msg.slice(1);
  assert.ok(text.startsWith(alert.message.en + ' '), `MSG does not start with the English message: ${text.slice(0, 80)}`);
  return JSON.parse(text.slice(alert.message.en.length + 1));
}

let dir: string;
let rsyslog: ChildProcess | undefined;
let rsyslogLog = '';
let out: string;
let ports: { udp: number; tcp: number; tls: number };
let pki: { ca: string; clientCert: string; clientKey: string };

async function udpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Whether 127.0.0.1 (or any address) has `port` bound: /proc/net shows listeners before they accept. */
async function bound(proto: 'tcp' | 'udp', port: number): Promise<boolean> {
  const table = await readFile(`/proc/net/${proto}`, 'utf8');
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return table.split('\n').some((row) => {
    const cols = row.trim().split(/\s+/);
    return (cols[1] === `0100007F:${hex}` || cols[1] === `00000000:${hex}`) && (proto === 'udp' || cols[3] === '0A');
  });
}

async function makePki(): Promise<void> {
  const ssl = (args: string[]): Promise<string> => tool('openssl', args);
  const f = (name: string): string => path.join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await ssl(['req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=Rampart test CA']);
  await writeFile(f('server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  await writeFile(f('client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, cn] of [['server', '127.0.0.1'], ['client', 'rampart-agent']] as const) {
    await ssl(['req', ...ec, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${cn}`]);
    await ssl(['x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f(`${name}.pem`), '-days', '2', '-extfile', f(`${name}.ext`)]);
  }
  pki = { ca: await readFile(f('ca.pem'), 'utf8'), clientCert: await readFile(f('client.pem'), 'utf8'), clientKey: await readFile(f('client.key'), 'utf8') };
}

before(async () => {
  await requireTool('rsyslogd', 'rsyslog');
  await requireTool('openssl');
  dir = await tempDir('rampart-syslog-');
  await makePki();
  ports = { udp: await udpPort(), tcp: await freePort(), tls: await freePort() };
  out = path.join(dir, 'received.log');
  const conf = path.join(dir, 'rsyslog.conf');
  await writeFile(conf, `
global(workDirectory="${dir}" maxMessageSize="64k"
  DefaultNetstreamDriverCAFile="${dir}/ca.pem" DefaultNetstreamDriverCertFile="${dir}/server.pem" DefaultNetstreamDriverKeyFile="${dir}/server.key")
module(load="imudp")
module(load="imptcp")
module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="x509/certvalid")
template(name="raw" type="string" string="%inputname% %rawmsg%\\n")
input(type="imudp" address="127.0.0.1" port="${ports.udp}")
input(type="imptcp" address="127.0.0.1" port="${ports.tcp}")
input(type="imtcp" address="127.0.0.1" port="${ports.tls}")
action(type="omfile" file="${out}" template="raw")
`);
  rsyslog = spawn('rsyslogd', ['-f', conf, '-i', path.join(dir, 'rsyslogd.pid'), '-n'], { stdio: ['ignore', 'pipe', 'pipe'] });
  rsyslog.stdout?.on('data', (d: Buffer) => (rsyslogLog += d.toString()));
  rsyslog.stderr?.on('data', (d: Buffer) => (rsyslogLog += d.toString()));
  for (let i = 0; ; i++) {
    if (rsyslog.exitCode !== null) throw new Error(`rsyslogd exited (${rsyslog.exitCode}): ${rsyslogLog}`);
    if ((await bound('udp', ports.udp)) && (await bound('tcp', ports.tcp)) && (await bound('tcp', ports.tls))) break;
    if (i > 300) throw new Error(`rsyslogd did not listen within 15 s: ${rsyslogLog}`);
    await sleep(50);
  }
});

after(async () => {
  if (rsyslog && rsyslog.exitCode === null) {
    const exited = new Promise((resolve) => rsyslog!.once('exit', resolve));
    rsyslog.kill('SIGTERM');
    await exited;
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Lines rsyslog received on one input (its own internal messages are left out). */
async function received(input: 'imudp' | 'imptcp' | 'imtcp', count: number): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const text = await readFile(out, 'utf8').catch(() => '');
    const lines = text.split('\n').filter((l) => l.startsWith(`${input} `)).map((l) => l.slice(input.length + 1));
    if (lines.length >= count) return lines;
    await sleep(25);
  }
  throw new Error(`rsyslog received fewer than ${count} messages on ${input}: ${await readFile(out, 'utf8').catch(() => '(nothing)')}\n${rsyslogLog}`);
}

test('syslog over UDP: rsyslogd receives RFC 5424 messages with PRI from severity, MSGID = check id, rampart@32473 structured data and the alert JSON', async () => {
  const sink = new SyslogSink({ transport: 'udp', host: '127.0.0.1', port: ports.udp, hostname: 'node-a.example' });
  const alerts = [sampleAlert({ n: 1, severity: 'critical' }), sampleAlert({ n: 2, severity: 'medium', checkId: 'runtime.package-manager' }), sampleAlert({ n: 3, severity: 'info' })];
  for (const a of alerts) sink.send(a);
  await sink.flush();
  await sink.close();
  assert.deepEqual(sink.stats(), { sent: 3, failed: 0, queued: 0, dropped: 0 });
  const lines = await received('imudp', 3);
  const parsed = lines.map(parse5424).sort((a, b) => a.msg.localeCompare(b.msg));
  // local0 (16): critical → 16×8+2, medium → +4, info → +6.
  assert.deepEqual(parsed.map((p) => p.pri), [130, 132, 134]);
  for (const [i, p] of parsed.entries()) {
    const alert = alerts[i]!;
    assert.equal(p.version, '1');
    assert.ok(Math.abs(Date.parse(p.timestamp) - Date.now()) < 60_000, `timestamp ${p.timestamp}`);
    assert.match(p.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(p.hostname, 'node-a.example');
    assert.equal(p.appName, 'rampart');
    assert.equal(p.procId, String(process.pid));
    assert.equal(p.msgId, alert.checkId);
    const sd = p.sd.get(SYSLOG_SD_ID);
    assert.ok(sd, `no ${SYSLOG_SD_ID} element`);
    assert.equal(sd.check, alert.checkId);
    assert.equal(sd.severity, alert.severity);
    assert.equal(sd.fingerprint, alert.fingerprint);
    assert.equal(sd.namespace, 'payments');
    assert.equal(sd.pod, 'api-7d9f8-xk2lp');
    assert.equal(sd.eventId, `evt-${i + 1}`);
    assert.equal(sd.mitre, 'T1059.004,T1609');
    assert.deepEqual(alertFromMsg(p.msg, alert), JSON.parse(JSON.stringify(alert)));
  }
});

test('syslog over TCP with octet-counting framing: 50 alerts arrive whole and in order, facility authpriv', async () => {
  const sink = new SyslogSink({ transport: 'tcp', host: '127.0.0.1', port: ports.tcp, facility: 'authpriv' });
  const alerts = Array.from({ length: 50 }, (_, i) => sampleAlert({ n: 100 + i, severity: 'low' }));
  for (const a of alerts) sink.send(a);
  await sink.flush();
  await sink.close();
  assert.equal(sink.stats().sent, 50);
  const parsed = (await received('imptcp', 50)).map(parse5424);
  assert.equal(parsed.length, 50);
  for (const [i, p] of parsed.entries()) {
    assert.equal(p.pri, 10 * 8 + 5, 'authpriv.notice');
    assert.equal(p.hostname, os.hostname());
    assert.equal(p.sd.get(SYSLOG_SD_ID)?.eventId, `evt-${100 + i}`, 'order kept');
    assert.deepEqual(alertFromMsg(p.msg, alerts[i]!), JSON.parse(JSON.stringify(alerts[i])));
  }
});

test('syslog over TLS (RFC 5425) with the test CA and a client certificate rsyslog requires', async () => {
  const sink = new SyslogSink({ transport: 'tls', host: '127.0.0.1', port: ports.tls, tls: { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey } });
  const alerts = Array.from({ length: 5 }, (_, i) => sampleAlert({ n: 200 + i, severity: 'critical' }));
  for (const a of alerts) sink.send(a);
  await sink.flush();
  await sink.close();
  assert.deepEqual({ ...sink.stats(), lastError: undefined }, { sent: 5, failed: 0, queued: 0, dropped: 0, lastError: undefined });
  const parsed = (await received('imtcp', 5)).map(parse5424);
  assert.deepEqual(parsed.map((p) => p.sd.get(SYSLOG_SD_ID)?.eventId), alerts.map((a) => a.runtime?.eventId));
  assert.equal(parsed[0]?.pri, 16 * 8 + 2);
  assert.deepEqual(alertFromMsg(parsed[4]!.msg, alerts[4]!), JSON.parse(JSON.stringify(alerts[4])));
});

test('syslog over TLS refuses a receiver whose certificate does not chain to the given CA: nothing sent, failures counted, alerts kept queued', async () => {
  const otherCa = await makeTlsCert(await tempDir('rampart-syslog-other-ca-'));
  const sink = new SyslogSink({ transport: 'tls', host: '127.0.0.1', port: ports.tls, tls: { ca: otherCa.cert }, reconnectMs: 50, flushTimeoutMs: 300 });
  sink.send(sampleAlert({ n: 300 }));
  await sink.flush();
  const stats = sink.stats();
  assert.equal(stats.sent, 0);
  assert.ok(stats.failed >= 1);
  assert.equal(stats.queued, 1);
  assert.match(stats.lastError ?? '', /certificate/i);
  await sink.close();
  assert.equal(sink.stats().dropped, 1, 'what was still queued at close is counted as dropped');
  await rm(otherCa.dir, { recursive: true, force: true });
});

test('syslog over TCP reconnects with backoff when the receiver comes up, and the bounded queue drops the oldest while it is down (local octet-counting receiver)', async () => {
  const port = await freePort();
  const sink = new SyslogSink({ transport: 'tcp', host: '127.0.0.1', port, maxQueue: 3, reconnectMs: 20, reconnectMaxMs: 100 });
  for (let n = 1; n <= 5; n++) sink.send(sampleAlert({ n }));
  for (let i = 0; i < 100 && sink.stats().failed < 2; i++) await sleep(20);
  assert.equal(sink.stats().dropped, 2);
  assert.equal(sink.stats().queued, 3);
  assert.ok(sink.stats().failed >= 2, 'connection refusals are counted, retried with backoff');
  // The receiver: parses RFC 6587 octet-counted frames.
  const frames: string[] = [];
  const server = net.createServer((socket) => {
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const space = buf.indexOf(0x20);
        if (space < 0) break;
        const len = Number(buf.subarray(0, space).toString());
        if (buf.length < space + 1 + len) break;
        frames.push(buf.subarray(space + 1, space + 1 + len).toString('utf8'));
        buf = buf.subarray(space + 1 + len);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  for (let i = 0; i < 100 && frames.length < 3; i++) await sleep(20);
  sink.send(sampleAlert({ n: 6 }));
  await sink.flush();
  for (let i = 0; i < 100 && frames.length < 4; i++) await sleep(20);
  await sink.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.deepEqual(frames.map((f) => parse5424(f).sd.get(SYSLOG_SD_ID)?.eventId), ['evt-3', 'evt-4', 'evt-5', 'evt-6']);
  assert.equal(sink.stats().sent, 4);
});

test('RFC 5424 formatting: every severity maps to its syslog severity, SD values are escaped, MSGID is cut to 32 printable characters', () => {
  const at = new Date('2026-11-23T10:00:00.123Z');
  const expected = { critical: 2, high: 3, medium: 4, low: 5, info: 6 } as const;
  for (const [severity, code] of Object.entries(expected)) {
    const p = parse5424(formatSyslogMessage(sampleAlert({ severity: severity as keyof typeof expected }), { timestamp: at, facility: 'local7' }));
    assert.equal(p.pri, 23 * 8 + code, severity);
    assert.equal(p.timestamp, '2026-11-23T10:00:00.123Z');
  }
  const odd = sampleAlert({ checkId: 'custom.a-very-long-rule-identifier-over-32 chars' });
  odd.asset = { ...odd.asset, ref: 'k8s://prod/pay"ments]/Deployment/a\\pi' };
  const p = parse5424(formatSyslogMessage(odd, { timestamp: at }));
  assert.equal(p.msgId, 'custom.a-very-long-rule-identifi');
  assert.equal(p.msgId.length, 32);
  assert.equal(p.sd.get(SYSLOG_SD_ID)?.asset, 'k8s://prod/pay"ments]/Deployment/a\\pi');
  assert.equal(p.sd.get(SYSLOG_SD_ID)?.check, odd.checkId);
});

test('RFC 5424 formatting: a message over the size limit leaves the JSON out and says so, within the limit', () => {
  const big = sampleAlert();
  big.evidence = 'x'.repeat(5000);
  const text = formatSyslogMessage(big, { maxMessageBytes: 2048 });
  assert.ok(Buffer.byteLength(text) <= 2048, `${Buffer.byteLength(text)} bytes`);
  const p = parse5424(text);
  assert.match(p.msg, /^\uFEFFShell \/bin\/sh started .* \(alert JSON of \d+ bytes left out: over the 2048-byte syslog limit\)$/);
  assert.equal(p.sd.get(SYSLOG_SD_ID)?.fingerprint, big.fingerprint);
});
