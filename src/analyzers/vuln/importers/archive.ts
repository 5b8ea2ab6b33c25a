import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip, inflateRawSync } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import yauzl from 'yauzl';

/** One regular file read from an archive: its member name and its whole content. */
export interface ArchiveEntry {
  name: string;
  data: Buffer;
}

/** Advisory records are a few kB; a member far larger than any record is refused rather than buffered. */
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

export function isArchive(file: string): boolean {
  return /\.(zip|tar\.gz|tgz)$/i.test(file);
}

/** Regular-file members of a `.zip`, `.tar.gz` or `.tgz`, one at a time in archive order. */
export function archiveEntries(file: string): AsyncGenerator<ArchiveEntry> {
  if (/\.zip$/i.test(file)) return zipEntries(file);
  if (/\.(tar\.gz|tgz)$/i.test(file)) return tarGzEntries(file);
  throw new Error(`${file}: not a .zip, .tar.gz or .tgz archive`);
}

async function readAll(stream: AsyncIterable<unknown> & { destroy(): unknown }, file: string, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const item of stream) {
    const chunk = item as Buffer;
    size += chunk.length;
    if (size > MAX_ENTRY_BYTES) {
      stream.destroy();
      throw new Error(`${file}: member ${name} is larger than ${MAX_ENTRY_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/**
 * yauzl reads the central directory and every local header with small separate reads; on a bulk
 * feed of thousands of records that costs about a millisecond per member. This reader serves those
 * reads from a few 1 MiB windows of the file (the central directory at the end, members at the
 * front), so memory stays bounded whatever the archive size.
 */
class WindowedFileReader extends yauzl.RandomAccessReader {
  private static readonly WINDOW_BYTES = 1024 * 1024;
  private static readonly WINDOWS = 3;
  private windows: { start: number; data: Buffer }[] = [];

  constructor(
    private readonly handle: FileHandle,
    private readonly size: number,
    private readonly file: string,
  ) {
    super();
  }

  async range(start: number, end: number): Promise<Buffer> {
    const hit = this.windows.find((w) => start >= w.start && end <= w.start + w.data.length);
    if (hit) {
      this.windows = [hit, ...this.windows.filter((w) => w !== hit)];
      return hit.data.subarray(start - hit.start, end - hit.start);
    }
    const length = Math.min(Math.max(WindowedFileReader.WINDOW_BYTES, end - start), this.size - start);
    const data = Buffer.alloc(Math.max(length, 0));
    const { bytesRead } = await this.handle.read(data, 0, data.length, start);
    if (start + bytesRead < end) throw new Error(`${this.file}: unexpected end of zip archive`);
    const window = { start, data: data.subarray(0, bytesRead) };
    this.windows = [window, ...this.windows].slice(0, WindowedFileReader.WINDOWS);
    return window.data.subarray(0, end - start);
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    this.range(position, position + length).then(
      (data) => {
        data.copy(buffer, offset);
        callback(null);
      },
      (err: Error) => callback(err),
    );
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const stream = new PassThrough();
    this.range(start, end).then(
      (data) => stream.end(data),
      (err: Error) => stream.destroy(err),
    );
    return stream;
  }

  override close(callback: (err: Error | null) => void): void {
    this.handle.close().then(
      () => callback(null),
      (err: Error) => callback(err),
    );
  }
}

async function openZip(file: string): Promise<{ zip: yauzl.ZipFile; reader: WindowedFileReader }> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const reader = new WindowedFileReader(handle, size, file);
    const zip = await yauzl.fromRandomAccessReaderPromise(reader, size, { lazyEntries: true, autoClose: true, strictFileNames: false });
    return { zip, reader };
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw new Error(`${file}: not a readable zip archive: ${(err as Error).message}`, { cause: err });
  }
}

async function* zipEntries(file: string): AsyncGenerator<ArchiveEntry> {
  const { zip, reader } = await openZip(file);
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      if (entry.uncompressedSize > MAX_ENTRY_BYTES) throw new Error(`${file}: member ${entry.fileName} is larger than ${MAX_ENTRY_BYTES} bytes`);
      if (entry.isEncrypted()) throw new Error(`${file}: member ${entry.fileName} is encrypted`);
      // Members are small: reading the raw bytes and inflating them in one call avoids two streams
      // and a zlib thread-pool round trip per member.
      const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
      const raw = await reader.range(fileDataStart, fileDataStart + entry.compressedSize);
      let data: Buffer;
      if (entry.compressionMethod === 0) data = raw;
      else if (entry.compressionMethod === 8) data = inflateRawSync(raw, { maxOutputLength: MAX_ENTRY_BYTES });
      else throw new Error(`${file}: member ${entry.fileName} uses unsupported compression method ${entry.compressionMethod}`);
      if (data.length !== entry.uncompressedSize) throw new Error(`${file}: member ${entry.fileName} inflates to ${data.length} bytes, the directory says ${entry.uncompressedSize}`);
      yield { name: entry.fileName, data };
    }
  } finally {
    zip.close();
  }
}

async function* tarGzEntries(file: string): AsyncGenerator<ArchiveEntry> {
  const source = createReadStream(file);
  const gunzip = createGunzip();
  const extract = tarExtract();
  // pipe() does not forward errors; a broken gzip stream must fail the iteration, not hang it.
  const fail = (err: Error) => extract.destroy(new Error(`${file}: ${err.message}`));
  source.on('error', fail);
  gunzip.on('error', fail);
  source.pipe(gunzip).pipe(extract);
  try {
    for await (const entry of extract) {
      const { name, type } = entry.header;
      if (type !== 'file' && type !== 'contiguous-file') {
        entry.resume();
        continue;
      }
      yield { name, data: await readAll(entry, file, name) };
    }
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}
