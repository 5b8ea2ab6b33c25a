import { lstat, readdir, readFile, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileStat } from '../../model/node.js';

/**
 * A host's file tree mounted somewhere (`--root /host`). Host paths are resolved inside the root:
 * an absolute symlink target (`/etc/kubernetes/pki -> /srv/pki`) points into the host, not into
 * the scanner's own filesystem.
 */
export class HostRoot {
  private users = new Map<number, string>();
  private groups = new Map<number, string>();

  constructor(readonly root: string) {}

  /** Reads /etc/passwd and /etc/group under the root so that owners are shown by name. */
  async loadAccounts(): Promise<void> {
    this.users = await readIdNames(this, '/etc/passwd');
    this.groups = await readIdNames(this, '/etc/group');
  }

  userName(uid: number): string | undefined {
    return this.users.get(uid);
  }

  /** The uid of a user name in the root's /etc/passwd. */
  uidOf(name: string): number | undefined {
    for (const [uid, n] of this.users) if (n === name) return uid;
    return undefined;
  }

  /** Where a host path is in the scanner's filesystem, following symlinks inside the root. */
  async resolve(hostPath: string): Promise<string> {
    const parts = hostPath.split('/').filter(Boolean);
    let resolved: string[] = [];
    for (let hops = 0, i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      if (part === '.') continue;
      if (part === '..') {
        resolved.pop();
        continue;
      }
      const candidate = path.join(this.root, ...resolved, part);
      let target: string | undefined;
      try {
        if ((await lstat(candidate)).isSymbolicLink()) target = await readlink(candidate);
      } catch {
        // Missing: the rest of the path cannot exist either; the caller's stat says so.
        return path.join(this.root, ...resolved, ...parts.slice(i));
      }
      if (target === undefined) {
        resolved.push(part);
        continue;
      }
      if (++hops > 40) throw new Error(`${hostPath}: too many levels of symbolic links`);
      const rest = parts.slice(i + 1);
      const targetParts = target.split('/').filter(Boolean);
      if (target.startsWith('/')) resolved = [];
      parts.splice(0, parts.length, ...resolved, ...targetParts, ...rest);
      resolved = [];
      i = -1;
    }
    return path.join(this.root, ...resolved);
  }

  async readText(hostPath: string): Promise<string> {
    return readFile(await this.resolve(hostPath), 'utf8');
  }

  async readBytes(hostPath: string): Promise<Buffer> {
    return readFile(await this.resolve(hostPath));
  }

  async stat(hostPath: string): Promise<FileStat> {
    try {
      const s = await stat(await this.resolve(hostPath));
      const out: FileStat = { path: hostPath, exists: true, mode: s.mode & 0o7777, uid: s.uid, gid: s.gid, directory: s.isDirectory() };
      const user = this.users.get(s.uid);
      const group = this.groups.get(s.gid);
      if (user !== undefined) out.user = user;
      if (group !== undefined) out.group = group;
      return out;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { path: hostPath, exists: false };
      return { path: hostPath, exists: false, error: `${hostPath}: ${(err as Error).message}` };
    }
  }

  /** Host paths of the entries of a directory, recursively (files and directories), sorted. */
  async listRecursive(hostDir: string, maxEntries = 10_000): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(await this.resolve(dir), { withFileTypes: true });
      for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (out.length >= maxEntries) return;
        const child = path.posix.join(dir, e.name);
        out.push(child);
        if (e.isDirectory()) await walk(child);
      }
    };
    await walk(hostDir);
    return out;
  }

  /** Names of the entries of a directory; empty when it does not exist. */
  async list(hostDir: string): Promise<string[]> {
    try {
      return (await readdir(await this.resolve(hostDir))).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }
}

async function readIdNames(root: HostRoot, file: string): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  let text: string;
  try {
    text = await root.readText(file);
  } catch {
    return names;
  }
  for (const line of text.split('\n')) {
    const [name, , id] = line.split(':');
    if (name && id && /^\d+$/.test(id) && !names.has(Number(id))) names.set(Number(id), name);
  }
  return names;
}
