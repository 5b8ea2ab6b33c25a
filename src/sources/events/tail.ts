import { open, stat, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Follows a log file the way `tail -F` does, across the two ways logs are rotated: by truncation
 * (copytruncate: the inode stays, the size drops) and by rename (auditd, the API server's
 * `--audit-log-maxsize`, logrotate's default: the path gets a new inode). Polling rather than
 * fs.watch: inotify misses changes on some overlay and network filesystems, and a poll every few
 * hundred milliseconds is free next to parsing the lines.
 *
 * `LogTail` is the pull form (the caller polls `read()`, as the node sensor's loop does);
 * `tailLines` is the async-iterator form over it (the JSON-lines sources).
 */

export interface LogTailOptions {
  /** Read what is already in the file (default: start after its last complete line, as `tail -f` does). */
  fromStart?: boolean;
  /** Lines longer than this are skipped and reported as `tooLong` (default 16 MiB: a RequestResponse audit event of a large list). */
  maxLineBytes?: number;
  /** Bytes read per `read()` at most, so one poll never holds a whole backlog in memory (default 4 MiB). */
  maxBytesPerRead?: number;
}

export interface Line {
  text: string;
  /** 1-based within the current file; restarts at 1 after truncation or rotation. */
  lineNo: number;
  /** Set instead of text when the line was longer than maxLineBytes. */
  tooLong?: number;
}

const CHUNK = 256 * 1024;
const NEWLINE = 0x0a;

export class LogTail {
  private handle?: FileHandle;
  private inode = -1;
  private position = 0;
  private lineNo = 0;
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** The line being read is past maxLineBytes: only its length is kept. */
  private overlong = false;
  private opened = false;
  private atEnd = false;
  private readonly maxLine: number;
  private readonly maxBytes: number;
  private readonly buffer: Buffer;
  /** Times the file was found rotated or truncated. */
  rotations = 0;

  constructor(
    readonly file: string,
    private readonly options: LogTailOptions = {},
  ) {
    this.maxLine = options.maxLineBytes ?? 16 * 1024 * 1024;
    this.maxBytes = options.maxBytesPerRead ?? 4 * 1024 * 1024;
    this.buffer = Buffer.allocUnsafe(Math.min(this.maxBytes, CHUNK));
  }

  /**
   * Opens the file now if it exists, so "the end" is where it ends at this moment. Returns false
   * when it does not exist yet: `read()` then waits for it and reads it whole when it appears.
   */
  async start(): Promise<boolean> {
    return this.reopen(!this.options.fromStart);
  }

  /** Complete, non-blank lines appended since the last call. */
  async read(): Promise<Line[]> {
    if (!this.handle && !(await this.reopen(false))) {
      this.atEnd = true;
      return [];
    }
    const lines: Line[] = [];
    let total = await this.drain(lines);
    if (!this.atEnd) return lines;
    const current = await stat(this.file).catch(() => undefined);
    if (current && current.ino !== this.inode) {
      // Rotated by rename. Read the old file once more: the writer may have written its last
      // lines between our read above and the rename.
      total += await this.drain(lines, this.maxBytes - total);
      if (!this.atEnd) return lines; // more of the old file than one read takes: the next read goes on with it
      // The old file's unterminated last line is all it will ever hold, so it counts as a line.
      this.flushInto(lines);
      if (await this.reopen(false)) {
        this.rotations++;
        await this.drain(lines, this.maxBytes - total);
      }
    } else if (current && current.size < this.position) {
      // Truncated in place: whatever was half-read belongs to the old content.
      this.rotations++;
      this.resetTo(0);
      await this.drain(lines, this.maxBytes - total);
    }
    return lines;
  }

  /** Whether the last `read()` reached the end of the file (false: it stopped at maxBytesPerRead). */
  get caughtUp(): boolean {
    return this.atEnd;
  }

  /** The unterminated last line, as a line: for a file read to its end and not followed. */
  flush(): Line[] {
    const lines: Line[] = [];
    this.flushInto(lines);
    return lines;
  }

  async close(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
  }

  /** Reads up to `limit` bytes from the current position, splitting them into lines as it goes. */
  private async drain(lines: Line[], limit = this.maxBytes): Promise<number> {
    this.atEnd = false;
    if (!this.handle) return 0;
    let total = 0;
    while (total < limit) {
      const { bytesRead } = await this.handle.read(this.buffer, 0, Math.min(this.buffer.length, limit - total), this.position);
      if (bytesRead === 0) {
        this.atEnd = true;
        break;
      }
      this.position += bytesRead;
      total += bytesRead;
      let start = 0;
      for (;;) {
        const nl = this.buffer.indexOf(NEWLINE, start);
        if (nl === -1 || nl >= bytesRead) break;
        this.pushLine(lines, this.buffer.subarray(start, nl));
        start = nl + 1;
      }
      if (start < bytesRead) this.keepPartial(this.buffer.subarray(start, bytesRead));
    }
    return total;
  }

  private pushLine(lines: Line[], tail: Buffer): void {
    this.lineNo++;
    const size = this.partialBytes + tail.length;
    if (this.overlong || size > this.maxLine) {
      this.clearPartial();
      lines.push({ text: '', lineNo: this.lineNo, tooLong: size });
      return;
    }
    const bytes = this.partial.length > 0 ? Buffer.concat([...this.partial, tail]) : tail;
    this.clearPartial();
    let text = bytes.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() !== '') lines.push({ text, lineNo: this.lineNo });
  }

  private keepPartial(rest: Buffer): void {
    this.partialBytes += rest.length;
    if (this.overlong) return;
    this.partial.push(Buffer.from(rest));
    // Past the limit keep only the count: a runaway line must not take the process's memory.
    if (this.partialBytes > this.maxLine) {
      this.partial = [];
      this.overlong = true;
    }
  }

  private flushInto(lines: Line[]): void {
    if (this.partialBytes > 0 || this.overlong) this.pushLine(lines, Buffer.alloc(0));
  }

  private clearPartial(): void {
    this.partial = [];
    this.partialBytes = 0;
    this.overlong = false;
  }

  private resetTo(position: number, lineNo = 0): void {
    this.position = position;
    this.lineNo = lineNo;
    this.clearPartial();
  }

  private async reopen(atEnd: boolean): Promise<boolean> {
    let handle: FileHandle;
    try {
      handle = await open(this.file, 'r');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return false;
      throw new Error(`${this.file}: cannot open: ${code ?? (err as Error).message}`, { cause: err });
    }
    await this.handle?.close().catch(() => undefined);
    this.handle = handle;
    this.inode = (await handle.stat()).ino;
    // Only the very first open may start at the end; a file that appears later is read whole.
    if (atEnd && !this.opened) {
      // After the last complete line, counting lines so messages give real line numbers.
      const skipped = await countLines(handle);
      this.resetTo(skipped.end, skipped.lines);
    } else {
      this.resetTo(0);
    }
    this.opened = true;
    return true;
  }
}

export interface TailOptions extends Omit<LogTailOptions, 'maxBytesPerRead'> {
  /** Keep reading appended lines until aborted (default false: read to the end and stop). */
  follow?: boolean;
  /** Start at the first line; default true when not following, false when following (only new lines). */
  fromStart?: boolean;
  /** How often a followed file is checked for growth, truncation and rotation (default 250 ms). */
  pollMs?: number;
  signal?: AbortSignal;
}

/** Lines of a file; when following, also those appended later, until aborted. A missing file is an error. */
export async function* tailLines(file: string, options: TailOptions = {}): AsyncGenerator<Line> {
  const follow = options.follow ?? false;
  const pollMs = options.pollMs ?? 250;
  const signal = options.signal;
  const tail = new LogTail(file, { fromStart: options.fromStart ?? !follow, maxLineBytes: options.maxLineBytes, maxBytesPerRead: CHUNK });
  try {
    if (!(await tail.start())) throw new Error(`${file}: cannot open: ENOENT`);
    for (;;) {
      if (signal?.aborted) return;
      const lines = await tail.read();
      yield* lines;
      if (lines.length > 0 || !tail.caughtUp) continue;
      if (!follow) {
        yield* tail.flush();
        return;
      }
      try {
        await sleep(pollMs, undefined, { signal });
      } catch {
        return; // aborted
      }
    }
  } finally {
    await tail.close();
  }
}

/** Lines of a stream (stdin), numbered from 1. Ends with the stream or when aborted. */
export async function* streamLines(stream: Readable, options: { signal?: AbortSignal } = {}): AsyncGenerator<Line> {
  const reader = createInterface({ input: stream, crlfDelay: Infinity });
  const stop = (): void => reader.close();
  options.signal?.addEventListener('abort', stop, { once: true });
  let lineNo = 0;
  try {
    for await (const text of reader) {
      lineNo++;
      if (text.trim() !== '') yield { text, lineNo };
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    reader.close();
  }
}

/** Complete lines in the file now and the offset just after the last one. */
async function countLines(handle: FileHandle): Promise<{ lines: number; end: number }> {
  const buffer = Buffer.allocUnsafe(CHUNK);
  let position = 0;
  let lines = 0;
  let end = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
    if (bytesRead === 0) return { lines, end };
    let nl = buffer.indexOf(NEWLINE, 0);
    while (nl !== -1 && nl < bytesRead) {
      lines++;
      end = position + nl + 1;
      nl = buffer.indexOf(NEWLINE, nl + 1);
    }
    position += bytesRead;
  }
}
