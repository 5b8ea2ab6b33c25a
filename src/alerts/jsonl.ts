import { open, type FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { Finding } from '../model/index.js';
import { emptyStats, errorLine, serializeAlert, type AlertSink, type SinkStats } from './sink.js';

/**
 * JSON lines: one alert per line (`serializeAlert`), appended to a file or written to a stream
 * (stdout). Writes are batched off the caller's path; `flush()` waits for them and, for a file,
 * fsyncs it, so a flushed alert survives a crash of the machine.
 */

export interface JsonLinesSinkOptions {
  name?: string;
  /** Append to this file (created if missing). */
  path?: string;
  /** Or write to this stream, e.g. `process.stdout`. */
  stream?: Writable;
  /** Alerts held in memory while a write is slow; beyond it new alerts are dropped and counted. */
  maxQueue?: number;
}

export class JsonLinesSink implements AlertSink {
  readonly name: string;
  private readonly counts = emptyStats();
  private readonly queue: string[] = [];
  private readonly maxQueue: number;
  private file: Promise<FileHandle> | undefined;
  private writing: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: JsonLinesSinkOptions) {
    if (!options.path === !options.stream) throw new Error('JSON lines sink: give exactly one of path or stream');
    this.name = options.name ?? 'jsonl';
    this.maxQueue = options.maxQueue ?? 10_000;
  }

  send(alert: Finding): void {
    if (this.closed || this.queue.length >= this.maxQueue) {
      this.counts.dropped++;
      return;
    }
    this.queue.push(serializeAlert(alert) + '\n');
    this.writing ??= this.drain();
  }

  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.file) {
      try {
        await (await this.file).sync();
      } catch (err) {
        this.counts.lastError = `${this.options.path}: ${errorLine(err)}`;
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    if (this.file) {
      const file = this.file;
      this.file = undefined;
      await (await file).close().catch(() => undefined);
    }
  }

  stats(): SinkStats {
    return { ...this.counts, queued: this.queue.length };
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.queue.length);
        try {
          await this.write(batch.join(''));
          this.counts.sent += batch.length;
        } catch (err) {
          // A file or pipe that refuses writes will not take them on retry either.
          this.counts.failed++;
          this.counts.dropped += batch.length;
          this.counts.lastError = `${this.options.path ?? 'stream'}: ${errorLine(err)}`;
        }
      }
    } finally {
      this.writing = undefined;
    }
  }

  private async write(text: string): Promise<void> {
    if (this.options.path) {
      if (!this.file) {
        const opening = open(this.options.path, 'a', 0o600);
        // Only a file that opened is kept: the next batch tries again after a failure.
        await opening;
        this.file = opening;
      }
      const handle = await this.file;
      await handle.write(text);
      return;
    }
    const stream = this.options.stream!;
    // The callback fires once the stream has taken the chunk: waiting on it is the backpressure.
    await new Promise<void>((resolve, reject) => stream.write(text, (err) => (err ? reject(err) : resolve())));
  }
}
