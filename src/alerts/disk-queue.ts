import { mkdir, open, readdir, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * A bounded FIFO of text records on disk that survives restarts. Records are appended as lines to
 * append-only segment files (`000000000001.seg`, …), fsync'd before `append` resolves; a cursor
 * file records how far delivery got, and fully delivered segments are deleted. Bounds on record
 * count and bytes on disk drop the oldest records, counted. Delivery is at least once: a crash
 * between a delivery and the cursor update resends that record.
 */

export interface DiskQueueOptions {
  dir: string;
  /** Pending records kept at most; beyond it the oldest are dropped. */
  maxRecords?: number;
  /** Bytes of segment files kept at most; beyond it the oldest segment is dropped. */
  maxBytes?: number;
  /** A segment is closed and a new one started past this size. */
  segmentBytes?: number;
}

export interface QueuedRecord {
  /** Increasing for the life of this queue object (not stored). */
  id: number;
  text: string;
}

interface Entry {
  id: number;
  segment: number;
  offset: number;
  /** Without the newline. */
  length: number;
}

interface Cursor {
  segment: number;
  offset: number;
}

const SEGMENT = /^(\d{12})\.seg$/;
const CURSOR_FILE = 'cursor.json';

export class DiskQueue {
  private readonly entries: Entry[] = [];
  private readonly segmentSizes = new Map<number, number>();
  private cursor: Cursor = { segment: 0, offset: 0 };
  private active: { segment: number; handle: FileHandle } | undefined;
  private nextSegment = 1;
  private nextId = 1;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly maxRecords: number;
  private readonly maxBytes: number;
  private readonly segmentBytes: number;
  /** What `open` found: records pending from an earlier run, and damaged ones it skipped. */
  recovered = { pending: 0, damaged: 0 };

  private constructor(private readonly options: DiskQueueOptions) {
    this.maxRecords = options.maxRecords ?? 100_000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.segmentBytes = Math.min(options.segmentBytes ?? 1024 * 1024, Math.max(Math.floor(this.maxBytes / 4), 1));
  }

  static async open(options: DiskQueueOptions): Promise<DiskQueue> {
    const queue = new DiskQueue(options);
    await queue.recover();
    return queue;
  }

  get depth(): number {
    return this.entries.length;
  }

  get bytes(): number {
    let total = 0;
    for (const size of this.segmentSizes.values()) total += size;
    return total;
  }

  /** Appends and fsyncs the records; resolves with how many old records the bounds dropped. */
  append(records: readonly string[]): Promise<number> {
    return this.locked(async () => {
      if (records.length === 0) return 0;
      for (const r of records) if (r.includes('\n')) throw new Error('disk queue: a record contains a newline');
      const active = await this.activeSegment();
      let size = this.segmentSizes.get(active.segment) ?? 0;
      const chunks: Buffer[] = [];
      for (const text of records) {
        const buf = Buffer.from(text + '\n');
        this.entries.push({ id: this.nextId++, segment: active.segment, offset: size, length: buf.length - 1 });
        size += buf.length;
        chunks.push(buf);
      }
      await active.handle.write(Buffer.concat(chunks));
      await active.handle.datasync();
      this.segmentSizes.set(active.segment, size);
      if (size >= this.segmentBytes) await this.rotate();
      return this.enforceBounds();
    });
  }

  /** The oldest `count` records, not removed. */
  peek(count: number): Promise<QueuedRecord[]> {
    return this.locked(async () => {
      const out: QueuedRecord[] = [];
      const handles = new Map<number, FileHandle>();
      try {
        for (const entry of this.entries.slice(0, count)) {
          let handle = handles.get(entry.segment);
          if (!handle) {
            handle = await open(this.segmentPath(entry.segment), 'r');
            handles.set(entry.segment, handle);
          }
          const buf = Buffer.alloc(entry.length);
          await handle.read(buf, 0, entry.length, entry.offset);
          out.push({ id: entry.id, text: buf.toString('utf8') });
        }
      } finally {
        for (const h of handles.values()) await h.close();
      }
      return out;
    });
  }

  /** Removes every record up to and including `id` (delivered, or given up on). */
  ack(id: number): Promise<number> {
    return this.locked(async () => {
      let removed = 0;
      while (this.entries.length > 0 && this.entries[0]!.id <= id) {
        this.consumeHead();
        removed++;
      }
      if (removed > 0) await this.saveCursor();
      return removed;
    });
  }

  async close(): Promise<void> {
    await this.locked(async () => {
      await this.saveCursor();
      await this.active?.handle.close();
      this.active = undefined;
    });
  }

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private consumeHead(): void {
    const head = this.entries.shift()!;
    this.cursor = { segment: head.segment, offset: head.offset + head.length + 1 };
  }

  /** Drops the oldest records past the bounds; returns how many. */
  private async enforceBounds(): Promise<number> {
    let dropped = 0;
    while (this.entries.length > this.maxRecords) {
      this.consumeHead();
      dropped++;
    }
    while (this.bytes > this.maxBytes && this.entries.length > 0) {
      const oldest = this.entries[0]!.segment;
      if (this.active?.segment === oldest) await this.rotate();
      while (this.entries.length > 0 && this.entries[0]!.segment === oldest) {
        this.consumeHead();
        dropped++;
      }
      await this.removeFinishedSegments();
    }
    if (dropped > 0) await this.saveCursor();
    return dropped;
  }

  private async saveCursor(): Promise<void> {
    // Where delivery resumes: the next pending record, or the end of the last one consumed.
    const head = this.entries[0];
    if (head) this.cursor = { segment: head.segment, offset: head.offset };
    const file = path.join(this.options.dir, CURSOR_FILE);
    await writeFile(`${file}.tmp`, JSON.stringify(this.cursor));
    await rename(`${file}.tmp`, file);
    await this.removeFinishedSegments();
  }

  /** Segments wholly behind the cursor (never the one being written). */
  private async removeFinishedSegments(): Promise<void> {
    for (const segment of [...this.segmentSizes.keys()].sort((a, b) => a - b)) {
      if (segment >= this.cursor.segment || segment === this.active?.segment) break;
      await rm(this.segmentPath(segment), { force: true });
      this.segmentSizes.delete(segment);
    }
    const size = this.segmentSizes.get(this.cursor.segment);
    if (size !== undefined && this.cursor.offset >= size && this.cursor.segment !== this.active?.segment) {
      await rm(this.segmentPath(this.cursor.segment), { force: true });
      this.segmentSizes.delete(this.cursor.segment);
    }
  }

  private async activeSegment(): Promise<{ segment: number; handle: FileHandle }> {
    if (!this.active) {
      const segment = this.nextSegment++;
      this.active = { segment, handle: await open(this.segmentPath(segment), 'a', 0o600) };
      this.segmentSizes.set(segment, 0);
    }
    return this.active;
  }

  private async rotate(): Promise<void> {
    if (!this.active) return;
    await this.active.handle.close();
    this.active = undefined;
  }

  private segmentPath(segment: number): string {
    return path.join(this.options.dir, `${String(segment).padStart(12, '0')}.seg`);
  }

  private async recover(): Promise<void> {
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    try {
      const saved = JSON.parse(await readFile(path.join(this.options.dir, CURSOR_FILE), 'utf8')) as Partial<Cursor>;
      if (Number.isInteger(saved.segment) && Number.isInteger(saved.offset)) this.cursor = { segment: saved.segment!, offset: saved.offset! };
    } catch {
      // No cursor yet (or a torn one): start from the oldest segment.
    }
    const segments = (await readdir(this.options.dir))
      .map((name) => SEGMENT.exec(name)?.[1])
      .filter((s): s is string => s !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    for (const segment of segments) {
      this.nextSegment = Math.max(this.nextSegment, segment + 1);
      if (segment < this.cursor.segment) {
        await rm(this.segmentPath(segment), { force: true });
        continue;
      }
      let data = await readFile(this.segmentPath(segment));
      const end = data.lastIndexOf(0x0a) + 1;
      if (end < data.length) {
        // A write torn by a crash: never acknowledged, so cut it off rather than send half an alert.
        this.recovered.damaged++;
        const handle = await open(this.segmentPath(segment), 'r+');
        await handle.truncate(end);
        await handle.close();
        data = data.subarray(0, end);
      }
      this.segmentSizes.set(segment, data.length);
      let offset = segment === this.cursor.segment ? this.cursor.offset : 0;
      while (offset < data.length) {
        const newline = data.indexOf(0x0a, offset);
        const length = newline - offset;
        if (length > 0 && isJson(data.subarray(offset, newline))) this.entries.push({ id: this.nextId++, segment, offset, length });
        else if (length > 0) this.recovered.damaged++;
        offset = newline + 1;
      }
    }
    this.recovered.pending = this.entries.length;
    if (segments.length > 0 && this.cursor.segment < segments[0]!) this.cursor = { segment: segments[0]!, offset: 0 };
    await this.removeFinishedSegments();
  }
}

function isJson(bytes: Buffer): boolean {
  try {
    JSON.parse(bytes.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}
