import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { capturePodTraffic } from '../../../../src/sources/events/node/capture.js';

/*
 * Real tcpdump inside a real private network namespace: a process started with `unshare --net`
 * pings its own loopback, standing in for a pod. Its traffic is all the namespace has, so every
 * captured packet must be its ICMP and nothing from the host's interfaces.
 */

let work: string;
let pod: ChildProcess;

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'rampart-capture-'));
  pod = spawn('unshare', ['--net', '/bin/sh', '-c', 'ip link set lo up && exec busybox ping -i 0.05 127.0.0.1'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(pod.exitCode, null, 'the namespaced ping exited: needs unshare (util-linux), ip (iproute2) and busybox-static');
});

after(async () => {
  pod?.kill('SIGKILL');
  if (work) await rm(work, { recursive: true, force: true });
});

/** IP protocol numbers of each packet in a pcap written by `tcpdump -i any` (Linux cooked capture v1 or v2). */
async function ipProtocols(file: string): Promise<number[]> {
  const data = await readFile(file);
  const linkType = data.readUInt32LE(20);
  const cooked = linkType === 276 ? 20 : linkType === 113 ? 16 : -1;
  assert.ok(cooked > 0, `unexpected link type ${linkType}`);
  const out: number[] = [];
  for (let at = 24; at + 16 <= data.length; ) {
    const length = data.readUInt32LE(at + 8);
    out.push(data[at + 16 + cooked + 9] as number);
    at += 16 + length;
  }
  return out;
}

test('stops at maxPackets: a pcap of the namespace\'s own ICMP traffic only', async () => {
  const result = await capturePodTraffic({ pid: pod.pid as number, seconds: 10, maxPackets: 6, maxBytes: 1_000_000, outDir: work });
  assert.equal(result.stoppedBy, 'packets');
  assert.equal(result.packets, 6);
  assert.equal((await stat(result.path)).size, result.bytes);
  assert.equal(path.dirname(result.path), work);
  assert.deepEqual(await ipProtocols(result.path), [1, 1, 1, 1, 1, 1]);
});

test('stops at maxBytes and keeps whole packets only; a filter matching nothing stops at the time limit', async () => {
  const bytes = await capturePodTraffic({ pid: pod.pid as number, seconds: 10, maxPackets: 10_000, maxBytes: 500, outDir: work });
  assert.equal(bytes.stoppedBy, 'bytes');
  assert.ok(bytes.bytes <= 500 && bytes.packets >= 1, JSON.stringify(bytes));
  assert.equal((await ipProtocols(bytes.path)).length, bytes.packets);

  const started = Date.now();
  const quiet = await capturePodTraffic({ pid: pod.pid as number, seconds: 0.6, maxPackets: 10, maxBytes: 100_000, outDir: work, filter: 'tcp port 1' });
  assert.equal(quiet.stoppedBy, 'time');
  assert.equal(quiet.packets, 0);
  assert.ok(Date.now() - started < 5000);
});

test('refuses clearly when the process is gone or tcpdump/nsenter are missing', async () => {
  await assert.rejects(capturePodTraffic({ pid: 2 ** 22 + 7, seconds: 1, maxPackets: 1, maxBytes: 1000, outDir: work }), /process 4194311 is gone/);
  const saved = process.env.PATH;
  process.env.PATH = work; // a directory with neither tool
  try {
    await assert.rejects(capturePodTraffic({ pid: process.pid, seconds: 1, maxPackets: 1, maxBytes: 1000, outDir: work }), /needs tcpdump and nsenter on the agent/);
  } finally {
    process.env.PATH = saved;
  }
});
