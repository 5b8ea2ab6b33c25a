import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { buildImage, requireTool, toDockerArchive } from './images.js';

/**
 * A real Docker Engine (Debian `docker.io`'s dockerd) for tests, on a private socket with its own
 * data and exec roots, no bridge and no iptables (this machine allows neither), and default ulimits
 * below the hard limits root has here. It starts its own containerd under the exec root; stopping
 * dockerd stops that too. Each caller gets its own directories, so test files can run at once.
 */

export interface Dockerd {
  /** The unix socket path (`unix://<socket>` for --docker-host). */
  socket: string;
  pid: number;
  dir: string;
  /** The whole command line dockerd was started with. */
  argv: string[];
  /** One Engine API call: status and parsed JSON (or text) body. */
  api(method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

export const DOCKERD_BASE_FLAGS = ['--bridge=none', '--iptables=false', '--ip6tables=false', '--default-ulimit', 'nofile=20000:20000', '--default-ulimit', 'nproc=32768:32768'];

export async function startDockerd(extraFlags: string[] = []): Promise<Dockerd> {
  await requireTool('dockerd', 'docker.io');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-dockerd-'));
  const socket = path.join(dir, 'docker.sock');
  const execRoot = path.join(dir, 'exec');
  const argv = ['dockerd', '--host', `unix://${socket}`, '--data-root', path.join(dir, 'data'), '--exec-root', execRoot, '--pidfile', path.join(dir, 'docker.pid'), ...DOCKERD_BASE_FLAGS, ...extraFlags];
  const child: ChildProcess = spawn('/usr/sbin/dockerd', argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], argv0: 'dockerd' });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-8000);
  });
  const api = (method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: unknown }> => engineCall(socket, method, apiPath, body);
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      // With --live-restore, containers outlive dockerd: remove them first.
      const running = await api('GET', '/containers/json?all=1').catch(() => ({ status: 0, body: [] }));
      for (const c of Array.isArray(running.body) ? (running.body as { Id: string }[]) : []) await api('DELETE', `/containers/${c.Id}?force=1`).catch(() => undefined);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    // dockerd leaves its default network namespace mounted under the exec root.
    spawnSync('umount', ['-l', path.join(execRoot, 'netns', 'default')], { stdio: 'ignore' });
    spawnSync('sh', ['-c', `grep -o " ${dir}[^ ]*" /proc/self/mounts | sort -r | xargs -r -n1 umount -l`], { stdio: 'ignore' });
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  };
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`dockerd exited (${child.exitCode}) before it answered: ${log.trim().split('\n').slice(-3).join(' | ')}`);
    }
    const ok = await api('GET', '/_ping').then((r) => r.status === 200, () => false);
    if (ok) return { socket, pid: child.pid as number, dir, argv, api, stop };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(`dockerd did not answer on ${socket} within 15 s: ${log.slice(-500)}`);
}

export function engineCall(socket: string, method: string, apiPath: string, body?: unknown, stream?: NodeJS.ReadableStream): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : stream ? { 'Content-Type': 'application/x-tar' } : {};
    const req = http.request({ socketPath: socket, method, path: apiPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // Streams (image load progress) and plain-text answers stay text.
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    if (stream) stream.pipe(req);
    else req.end(payload);
  });
}

/**
 * A small real image for containers to run: busybox-static as /bin/busybox with the applets a test
 * needs, and `/usr/sbin/sshd`, a script that just sleeps (so `top` shows an sshd process without a
 * real SSH server). Built with umoci, converted with skopeo to a docker-archive.
 */
export async function buildBusyboxArchive(dir: string, repoTag = 'rampart/busybox:1.0'): Promise<string> {
  await requireTool('busybox', 'busybox-static');
  const busybox = await readFile('/bin/busybox');
  const image = await buildImage(dir, [{
    '/bin/busybox': { content: busybox, mode: 0o755 },
    '/bin/sh': { symlink: 'busybox' },
    '/bin/sleep': { symlink: 'busybox' },
    '/usr/sbin/sshd': { content: '#!/bin/sh\n/bin/sleep 3600\nexit 0\n', mode: 0o755 },
  }], { config: { cmd: ['/bin/sleep', '3600'], user: '1000' } });
  return toDockerArchive(image, path.join(dir, 'busybox.tar'), repoTag);
}

/** `POST /images/load` of a docker-archive, as `docker load` does. */
export async function loadImage(d: Dockerd, archive: string): Promise<void> {
  const res = await engineCall(d.socket, 'POST', '/images/load?quiet=1', undefined, createReadStream(archive));
  if (res.status !== 200 || /"error"/.test(String(res.body))) throw new Error(`image load failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Creates and starts a container (`POST /containers/create` + `/start`); returns its id. */
export async function runContainer(d: Dockerd, name: string, spec: Record<string, unknown>): Promise<string> {
  const created = await d.api('POST', `/containers/create?name=${encodeURIComponent(name)}`, spec);
  if (created.status !== 201) throw new Error(`create ${name}: ${created.status} ${JSON.stringify(created.body)}`);
  const id = (created.body as { Id: string }).Id;
  const started = await d.api('POST', `/containers/${id}/start`);
  if (started.status !== 204) throw new Error(`start ${name}: ${started.status} ${JSON.stringify(started.body)}`);
  return id;
}
