import { spawn } from 'node:child_process';
import { access, constants, mkdir, open, stat, truncate } from 'node:fs/promises';
import path from 'node:path';

/**
 * A bounded packet capture of one pod's traffic, taken on alert: tcpdump run inside the network
 * namespace of a process of the pod (`nsenter -t PID -n`), stopped after a number of packets,
 * bytes or seconds, whichever comes first. Packets are written as pcap, never decoded here.
 */

export interface CaptureOptions {
  /** A process of the pod (any: they share the pod's network namespace). */
  pid: number;
  seconds: number;
  maxPackets: number;
  /** The pcap file is cut at this size (whole packets only). */
  maxBytes: number;
  outDir: string;
  /** A tcpdump filter expression, e.g. `not port 22`. */
  filter?: string;
  /** Interface inside the namespace; default `any`. */
  interface?: string;
  /** The node's /proc (default `/proc`; `/host/proc` in a pod). */
  procDir?: string;
  /** Called once tcpdump is capturing; packets before that are not in the file. */
  onReady?: () => void;
}

export interface CaptureResult {
  path: string;
  packets: number;
  bytes: number;
  /** What ended the capture. */
  stoppedBy: 'packets' | 'bytes' | 'time';
}

const PCAP_HEADER = 24;
const RECORD_HEADER = 16;

export async function capturePodTraffic(options: CaptureOptions): Promise<CaptureResult> {
  const { pid, seconds, maxPackets, maxBytes } = options;
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`packet capture: pid must be a positive integer, got ${pid}`);
  if (!(seconds > 0) || !Number.isInteger(maxPackets) || maxPackets < 1 || !Number.isInteger(maxBytes) || maxBytes <= PCAP_HEADER) {
    throw new Error(`packet capture: seconds, maxPackets and maxBytes must be positive (maxBytes above ${PCAP_HEADER})`);
  }
  const missing = [];
  for (const tool of ['tcpdump', 'nsenter']) if (!(await onPath(tool))) missing.push(tool);
  if (missing.length > 0) throw new Error(`packet capture needs ${missing.join(' and ')} on the agent (Debian: tcpdump, util-linux): not found on PATH`);
  const netns = path.join(options.procDir ?? '/proc', String(pid), 'ns', 'net');
  try {
    await access(netns);
  } catch {
    throw new Error(`packet capture: process ${pid} is gone (no ${netns})`);
  }
  await mkdir(options.outDir, { recursive: true, mode: 0o700 });
  const file = path.join(options.outDir, `capture-${pid}-${new Date().toISOString().replace(/[:.]/g, '-')}.pcap`);

  // -U writes each packet at once so the size check sees it; -Z root keeps the file ours (tcpdump
  // would otherwise switch to its own user); -n avoids DNS lookups from inside the pod's namespace.
  const args = ['--net=' + netns, '--', 'tcpdump', '-i', options.interface ?? 'any', '-n', '-U', '-Z', 'root', '-c', String(maxPackets), '-w', file];
  if (options.filter) args.push(...options.filter.split(/\s+/).filter(Boolean));
  const child = spawn('nsenter', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let ready = false;
  let stoppedBy: CaptureResult['stoppedBy'] = 'packets';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
    if (!ready && /listening on/.test(stderr)) {
      ready = true;
      options.onReady?.();
    }
  });
  const stop = (why: CaptureResult['stoppedBy']) => {
    if (child.exitCode !== null) return;
    stoppedBy = why;
    child.kill('SIGINT'); // tcpdump flushes and closes the file on SIGINT
  };
  const timer = setTimeout(() => stop('time'), seconds * 1000);
  const sizeCheck = setInterval(() => {
    stat(file).then((s) => s.size >= maxBytes && stop('bytes'), () => undefined);
  }, 50);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c) => resolve(c));
  }).finally(() => {
    clearTimeout(timer);
    clearInterval(sizeCheck);
  });
  if (code !== 0 && stoppedBy === 'packets') {
    throw new Error(`packet capture of pid ${pid} failed: ${stderr.trim().split('\n').pop() ?? `tcpdump exited with ${code}`}`);
  }
  const { packets, bytes } = await cutToWholePackets(file, maxBytes);
  return { path: file, packets, bytes, stoppedBy };
}

/** Counts the pcap records and cuts the file after the last whole one within `maxBytes`. */
export async function cutToWholePackets(file: string, maxBytes: number): Promise<{ packets: number; bytes: number }> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return { packets: 0, bytes: 0 }; // nothing was captured before the stop
  }
  if (size < PCAP_HEADER) return { packets: 0, bytes: size };
  const handle = await open(file, 'r');
  let packets = 0;
  let end = PCAP_HEADER;
  try {
    const header = Buffer.alloc(PCAP_HEADER);
    await handle.read(header, 0, PCAP_HEADER, 0);
    const magic = header.readUInt32LE(0);
    const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
    if (!little && header.readUInt32BE(0) !== 0xa1b2c3d4 && header.readUInt32BE(0) !== 0xa1b23c4d) {
      throw new Error(`packet capture ${file}: not a pcap file (magic ${magic.toString(16)})`);
    }
    const record = Buffer.alloc(RECORD_HEADER);
    for (;;) {
      if (end + RECORD_HEADER > size) break;
      await handle.read(record, 0, RECORD_HEADER, end);
      const included = little ? record.readUInt32LE(8) : record.readUInt32BE(8);
      const next = end + RECORD_HEADER + included;
      if (next > size || next > maxBytes) break;
      end = next;
      packets++;
    }
  } finally {
    await handle.close();
  }
  if (end < size) await truncate(file, end);
  return { packets, bytes: end };
}

async function onPath(tool: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
    if (!dir) continue;
    try {
      await access(path.join(dir, tool), constants.X_OK);
      return true;
    } catch {
      // next directory
    }
  }
  return false;
}
