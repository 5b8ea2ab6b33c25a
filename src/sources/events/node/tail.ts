import { open, stat, type FileHandle } from 'node:fs/promises';

/**
 * Follows a log file that a daemon appends to and rotates (auditd renames audit.log to
 * audit.log.1 and starts a new one; an operator may truncate it). The caller polls `read()`;
 * the old file is read to its end before the new one is opened, so rotation loses nothing
 * unless the log rotates twice between two polls.
 */

export interface TailOptions {
  /** Read what is already in the file (default: start at its end, as `tail -f` does). */
  fromStart?: boolean;
  /** Bytes read per `read()` at most, so one poll never holds the whole backlog in memory. */
  maxBytesPerRead?: number;
}

export class LogTail {
  private handle?: FileHandle;
  private inode = -1;
  private position = 0;
  private partial: Buffer = Buffer.alloc(0);
  private opened = false;
  private readonly maxBytes: number;
  private readonly buffer: Buffer;
  /** Times the file was found rotated or truncated. */
  rotations = 0;

  constructor(
    readonly file: string,
    private readonly options: TailOptions = {},
  ) {
    this.maxBytes = options.maxBytesPerRead ?? 4 * 1024 * 1024;
    this.buffer = Buffer.alloc(Math.min(this.maxBytes, 1024 * 1024));
  }

  /** Opens the file now if it exists, so "the end" is where it ends at this moment. */
  async start(): Promise<void> {
    await this.reopen(!this.options.fromStart);
  }

  /** Complete lines appended since the last call (without their newlines). */
  async read(): Promise<string[]> {
    if (!this.handle && !(await this.reopen(false))) return [];
    const chunks: Buffer[] = [];
    let total = await this.drain(chunks);
    if (total < this.maxBytes) {
      const current = await stat(this.file).catch(() => undefined);
      if (current && current.ino !== this.inode) {
        // Rotated: the old file is drained, go on with the new one from its start.
        this.rotations++;
        await this.reopen(false);
        total += await this.drain(chunks);
      } else if (current && current.size < this.position) {
        this.rotations++;
        this.position = 0;
        this.partial = Buffer.alloc(0);
        total += await this.drain(chunks);
      }
    }
    if (total === 0) return [];
    const data = this.partial.length > 0 ? Buffer.concat([this.partial, ...chunks]) : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    const lastNewline = data.lastIndexOf(10);
    if (lastNewline < 0) {
      this.partial = data;
      return [];
    }
    this.partial = Buffer.from(data.subarray(lastNewline + 1));
    const lines = data.toString('utf8', 0, lastNewline).split('\n');
    return lines.filter((l) => l.length > 0);
  }

  async close(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
  }

  private async drain(chunks: Buffer[]): Promise<number> {
    if (!this.handle) return 0;
    let total = 0;
    while (total < this.maxBytes) {
      const { bytesRead } = await this.handle.read(this.buffer, 0, Math.min(this.buffer.length, this.maxBytes - total), this.position);
      if (bytesRead === 0) break;
      chunks.push(Buffer.from(this.buffer.subarray(0, bytesRead)));
      this.position += bytesRead;
      total += bytesRead;
    }
    return total;
  }

  private async reopen(atEnd: boolean): Promise<boolean> {
    let handle: FileHandle;
    try {
      handle = await open(this.file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw new Error(`audit log ${this.file}: ${(err as Error).message}`, { cause: err });
    }
    await this.handle?.close().catch(() => undefined);
    const info = await handle.stat();
    this.handle = handle;
    this.inode = info.ino;
    // Only the very first open may start at the end; a file that appears later is read whole.
    this.position = atEnd && !this.opened ? info.size : 0;
    this.opened = true;
    return true;
  }
}
