import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** Content digests (`sha256:…`) checked while data streams past, and for whole buffers. */

export function algorithmOf(digest: string): 'sha256' | 'sha512' {
  return digest.startsWith('sha512:') ? 'sha512' : 'sha256';
}

export function digestOf(data: Buffer, algorithm: 'sha256' | 'sha512' = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(data).digest('hex')}`;
}

export class DigestMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
    what: string,
  ) {
    super(`${what} digest mismatch: expected ${expected}, got ${actual}`);
  }
}

/**
 * Passes bytes through unchanged while hashing them; on the end of the stream fails with
 * DigestMismatchError when the digest is not `expected` (if given) and, with `maxBytes`, fails as
 * soon as more than that many bytes go past.
 */
export class DigestStream extends Transform {
  private readonly hash: Hash;
  bytes = 0;
  digest: string | undefined;

  constructor(
    private readonly options: {
      expected?: string;
      what: string;
      maxBytes?: number;
      onLimit?: (bytes: number) => Error;
      onBytes?: (bytes: number) => void;
    },
  ) {
    super();
    this.hash = createHash(options.expected ? algorithmOf(options.expected) : 'sha256');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.options.maxBytes !== undefined && this.bytes > this.options.maxBytes) {
      callback(this.options.onLimit?.(this.bytes) ?? new Error(`${this.options.what} exceeds ${this.options.maxBytes} bytes`));
      return;
    }
    this.options.onBytes?.(chunk.length);
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const algorithm = this.options.expected ? algorithmOf(this.options.expected) : 'sha256';
    this.digest = `${algorithm}:${this.hash.digest('hex')}`;
    if (this.options.expected && this.digest !== this.options.expected) {
      callback(new DigestMismatchError(this.options.expected, this.digest, this.options.what));
      return;
    }
    callback();
  }
}
