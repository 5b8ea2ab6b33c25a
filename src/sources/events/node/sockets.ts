import { readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { formatIPv6 } from './sockaddr.js';

/**
 * Which protocol a process's socket speaks and its local address, from /proc: the audit record of
 * a connect names only the fd and the remote address. Read while the process is alive; the
 * socket tables are per network namespace and cached briefly, since one poll often brings many
 * connects from the same namespace.
 */

export interface SocketInfo {
  protocol: 'tcp' | 'udp';
  localAddress: string;
  localPort: number;
}

const TABLES = [
  { file: 'tcp', protocol: 'tcp', v6: false },
  { file: 'tcp6', protocol: 'tcp', v6: true },
  { file: 'udp', protocol: 'udp', v6: false },
  { file: 'udp6', protocol: 'udp', v6: true },
] as const;

export class SocketLookup {
  private readonly cache = new Map<string, { at: number; byInode: Map<string, SocketInfo> }>();

  constructor(
    private readonly procDir: string,
    private readonly maxAgeMs = 250,
  ) {}

  /** The socket behind `fd` of `pid`, or undefined when the process, fd or socket is gone or not tcp/udp. */
  async lookup(pid: number, fd: number): Promise<SocketInfo | undefined> {
    const base = path.join(this.procDir, String(pid));
    let link: string;
    let netns: string;
    try {
      [link, netns] = await Promise.all([readlink(path.join(base, 'fd', String(fd))), readlink(path.join(base, 'ns', 'net'))]);
    } catch {
      return undefined;
    }
    const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
    if (!inode) return undefined;
    const cached = this.cache.get(netns);
    if (cached && Date.now() - cached.at < this.maxAgeMs) {
      const hit = cached.byInode.get(inode);
      if (hit) return hit;
    }
    const byInode = await readTables(base);
    if (!byInode) return undefined;
    this.cache.set(netns, { at: Date.now(), byInode });
    if (this.cache.size > 256) this.cache.delete(this.cache.keys().next().value as string);
    return byInode.get(inode);
  }
}

async function readTables(base: string): Promise<Map<string, SocketInfo> | undefined> {
  const byInode = new Map<string, SocketInfo>();
  let any = false;
  for (const table of TABLES) {
    let text: string;
    try {
      text = await readFile(path.join(base, 'net', table.file), 'utf8');
    } catch {
      continue;
    }
    any = true;
    parseSocketTable(text, table.protocol, table.v6, byInode);
  }
  return any ? byInode : undefined;
}

/** Adds the rows of a /proc/net/{tcp,udp}[6] table to `into`, keyed by socket inode. */
export function parseSocketTable(text: string, protocol: 'tcp' | 'udp', v6: boolean, into: Map<string, SocketInfo>): void {
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const cols = (lines[i] as string).trim().split(/\s+/);
    if (cols.length < 10) continue;
    const local = cols[1] as string;
    const inode = cols[9] as string;
    if (inode === '0') continue;
    const colon = local.indexOf(':');
    const port = parseInt(local.slice(colon + 1), 16);
    into.set(inode, { protocol, localAddress: decodeProcAddress(local.slice(0, colon), v6), localPort: port });
  }
}

/** /proc/net addresses are 32-bit words in host (little-endian) order. */
export function decodeProcAddress(hex: string, v6: boolean): string {
  const bytes = Buffer.from(hex, 'hex');
  for (let i = 0; i + 4 <= bytes.length; i += 4) bytes.subarray(i, i + 4).reverse();
  if (!v6) return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
  return formatIPv6(bytes);
}
