import { open, stat, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Reads a file line by line and, when following, keeps reading what is appended — the way
 * `tail -F` does — across the two ways logs are rotated: by truncation (copytruncate: the inode
 * stays, the size drops) and by rename (the API server's own `--audit-log-maxsize` rotation and
 * logrotate's default: the path gets a new inode). Polling rather than fs.watch: inotify misses
 * changes on some overlay and network filesystems, and a poll every few hundred milliseconds is
 * free next to parsing the lines.
 */

export interface TailOptions {
  /** Keep reading appended lines until aborted (default false: read to the end and stop). */
  follow?: boolean;
  /** Start at the first line; default true when not following, false when following (only new lines). */
  fromStart?: boolean;
  /** How often a followed file is checked for growth, truncation and rotation (default 250 ms). */
  pollMs?: number;
  /** Lines longer than this are skipped and reported (default 16 MiB: a RequestResponse audit event of a large list). */
  maxLineBytes?: number;
  signal?: AbortSignal;
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

export async function* tailLines(file: string, options: TailOptions = {}): AsyncGenerator<Line> {
  const follow = options.follow ?? false;
  const pollMs = options.pollMs ?? 250;
  const maxLine = options.maxLineBytes ?? 16 * 1024 * 1024;
  const signal = options.signal;

  let handle = await openFile(file);
  let inode = (await handle.stat()).ino;
  let position = 0;
  let lineNo = 0;
  if (!(options.fromStart ?? !follow)) {
    // Start after the last complete line, counting lines so error messages give real line numbers.
    const skipped = await countLines(handle);
    position = skipped.end;
    lineNo = skipped.lines;
  }
  const buffer = Buffer.allocUnsafe(CHUNK);
  let partial: Buffer[] = [];
  let partialBytes = 0;
  let overlong = false;
  let drainedOld = false;

  const finishLine = (tail: Buffer): Line | undefined => {
    lineNo++;
    if (overlong || partialBytes + tail.length > maxLine) {
      const size = partialBytes + tail.length;
      partial = [];
      partialBytes = 0;
      overlong = false;
      return { text: '', lineNo, tooLong: size };
    }
    const bytes = partial.length ? Buffer.concat([...partial, tail]) : tail;
    partial = [];
    partialBytes = 0;
    let text = bytes.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return { text, lineNo };
  };
  const keepPartial = (rest: Buffer): void => {
    if (overlong) {
      partialBytes += rest.length;
      return;
    }
    partial.push(Buffer.from(rest));
    partialBytes += rest.length;
    // Past the limit keep only the count: a runaway line must not take the process's memory.
    if (partialBytes > maxLine) {
      partial = [];
      overlong = true;
    }
  };
  const resetTo = (start: number): void => {
    position = start;
    lineNo = 0;
    partial = [];
    partialBytes = 0;
    overlong = false;
  };

  try {
    for (;;) {
      if (signal?.aborted) return;
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
      if (bytesRead > 0) {
        position += bytesRead;
        let start = 0;
        for (;;) {
          const nl = buffer.indexOf(NEWLINE, start);
          if (nl === -1 || nl >= bytesRead) break;
          const line = finishLine(buffer.subarray(start, nl));
          start = nl + 1;
          if (line && (line.tooLong !== undefined || line.text.trim() !== '')) yield line;
        }
        if (start < bytesRead) keepPartial(buffer.subarray(start, bytesRead));
        continue;
      }

      if (!follow) {
        if (partialBytes > 0 || overlong) {
          const line = finishLine(Buffer.alloc(0));
          if (line && (line.tooLong !== undefined || line.text.trim() !== '')) yield line;
        }
        return;
      }

      // At the end of what is written: has the file been truncated or replaced?
      const current = await stat(file).catch(() => undefined);
      if (current && current.ino !== inode) {
        // Rotated by rename. Read the old file once more after seeing the new one: the writer
        // may have written its last lines between our last read and the rename.
        if (!drainedOld) {
          drainedOld = true;
          continue;
        }
        // The old file's unterminated last line is all it will ever hold, so it counts as a line.
        if (partialBytes > 0 || overlong) {
          const line = finishLine(Buffer.alloc(0));
          if (line && (line.tooLong !== undefined || line.text.trim() !== '')) yield line;
        }
        const next = await open(file, 'r').catch(() => undefined);
        if (next) {
          await handle.close();
          handle = next;
          inode = (await handle.stat()).ino;
          drainedOld = false;
          resetTo(0);
          continue;
        }
      } else if ((await handle.stat()).size < position) {
        // Truncated in place: whatever was half-read belongs to the old content.
        resetTo(0);
        continue;
      }
      try {
        await sleep(pollMs, undefined, { signal });
      } catch {
        return; // aborted
      }
    }
  } finally {
    await handle.close().catch(() => undefined);
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

async function openFile(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'r');
  } catch (err) {
    throw new Error(`${file}: cannot open: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
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
