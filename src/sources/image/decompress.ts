import { once } from 'node:events';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { Decompress } from 'fzstd';

/**
 * Layer decompression chosen by the blob's magic bytes (media types lie: Docker archives label
 * gzip layers as tar and some registries serve uncompressed layers as gzip).
 */

export type Compression = 'gzip' | 'zstd' | 'none';

const GZIP = [0x1f, 0x8b];
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd];
const BZIP2 = [0x42, 0x5a, 0x68];
const XZ = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];

export class UnsupportedCompressionError extends Error {}

export function sniffCompression(head: Buffer): Compression {
  const starts = (magic: number[]): boolean => magic.every((b, i) => head[i] === b);
  if (starts(GZIP)) return 'gzip';
  if (starts(ZSTD)) return 'zstd';
  if (starts(XZ)) throw new UnsupportedCompressionError('xz-compressed layers are not supported');
  if (starts(BZIP2) && head.length > 3 && head[3]! >= 0x31 && head[3]! <= 0x39) {
    throw new UnsupportedCompressionError('bzip2-compressed layers are not supported');
  }
  return 'none';
}

/**
 * Reads the first `n` bytes of a stream without consuming them (they are put back), so the
 * decompressor can be chosen before the bytes flow on. Returns fewer at end of stream.
 */
export async function peek(stream: Readable, n: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let have = 0;
  while (have < n) {
    const chunk = stream.read() as Buffer | null;
    if (chunk !== null) {
      chunks.push(chunk);
      have += chunk.length;
      continue;
    }
    if (stream.readableEnded || stream.destroyed) break;
    const [event] = await Promise.race([once(stream, 'readable').then(() => ['readable']), once(stream, 'end').then(() => ['end'])]);
    if (event === 'end') break;
  }
  const head = Buffer.concat(chunks);
  if (head.length) stream.unshift(head);
  return head.subarray(0, n);
}

/** A Transform that decompresses `compression`, failing once it has produced more than `maxOutput` bytes. */
export function decompressor(compression: Compression, maxOutput: number, onLimit: (bytes: number) => Error): Transform {
  switch (compression) {
    case 'gzip':
      // zlib honours back-pressure, so a bomb never inflates further than the reader has taken.
      return zlib.createGunzip({ chunkSize: 64 * 1024 });
    case 'zstd':
      return new ZstdDecompressStream(maxOutput, onLimit);
    case 'none':
      return new PassThrough();
  }
}

class OutputLimitError extends Error {}

/** fzstd's streaming decoder as a Transform; its output per input chunk is bounded by `maxOutput`. */
class ZstdDecompressStream extends Transform {
  private readonly decoder: Decompress;
  private produced = 0;

  constructor(
    private readonly maxOutput: number,
    private readonly onLimit: (bytes: number) => Error,
  ) {
    super();
    this.decoder = new Decompress((data) => {
      this.produced += data.length;
      // Throwing here unwinds fzstd's push(), stopping a bomb inside a single input chunk.
      if (this.produced > this.maxOutput) throw new OutputLimitError();
      this.push(Buffer.from(data.buffer, data.byteOffset, data.length));
    });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.run(() => this.decoder.push(chunk), callback);
  }

  override _flush(callback: TransformCallback): void {
    this.run(() => this.decoder.push(new Uint8Array(0), true), callback);
  }

  private run(step: () => void, callback: TransformCallback): void {
    try {
      step();
      callback();
    } catch (err) {
      if (err instanceof OutputLimitError) callback(this.onLimit(this.produced));
      else callback(new Error(`corrupt zstd data (${(err as Error).message})`));
    }
  }
}
