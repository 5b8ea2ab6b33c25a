import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';

/**
 * An index of a tar file's members (name → byte range) read from its headers alone, so blobs inside
 * a docker-archive or oci-archive are streamed straight from the file, never extracted. Handles
 * ustar prefixes, pax `path`/`linkpath`/`size` records, GNU long names and symlinked members.
 */

export interface TarMember {
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
  offset: number;
  size: number;
  linkTarget?: string;
}

export class TarIndex {
  private constructor(
    readonly file: string,
    private readonly members: Map<string, TarMember>,
  ) {}

  static async read(file: string): Promise<TarIndex> {
    const handle = await open(file, 'r');
    try {
      return new TarIndex(file, await readMembers(handle));
    } finally {
      await handle.close();
    }
  }

  names(): string[] {
    return [...this.members.keys()];
  }

  /** The member at `name`, following symlinks and hardlinks inside the archive. */
  find(name: string): TarMember | undefined {
    let current = this.members.get(normalise(name));
    for (let hops = 0; current && (current.type === 'symlink' || current.type === 'hardlink') && hops < 16; hops++) {
      const target = current.type === 'symlink' ? path.posix.join(path.posix.dirname(current.name), current.linkTarget ?? '') : (current.linkTarget ?? '');
      current = this.members.get(normalise(target));
    }
    return current?.type === 'file' ? current : undefined;
  }

  stream(member: TarMember): Readable {
    if (member.size === 0) return Readable.from([]);
    return createReadStream(this.file, { start: member.offset, end: member.offset + member.size - 1, highWaterMark: 256 * 1024 });
  }

  async readAll(member: TarMember): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.stream(member)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}

function normalise(name: string): string {
  return path.posix.normalize(name.replace(/^(\.\/|\/)+/, '')).replace(/\/+$/, '');
}

export class TarFormatError extends Error {}

async function readMembers(handle: FileHandle): Promise<Map<string, TarMember>> {
  const { size: fileSize } = await handle.stat();
  const members = new Map<string, TarMember>();
  const header = Buffer.alloc(512);
  let offset = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Record<string, string> = {};
  while (offset + 512 <= fileSize) {
    await readExactly(handle, header, offset);
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header)) throw new TarFormatError(`bad tar header checksum at offset ${offset}`);
    const typeflag = String.fromCharCode(header[156] ?? 0x30);
    let size = parseNumber(header.subarray(124, 136));
    if (pax.size !== undefined) size = Number(pax.size);
    const dataOffset = offset + 512;
    if (dataOffset + size > fileSize) throw new TarFormatError(`tar member at offset ${offset} runs past the end of the file`);
    const next = dataOffset + Math.ceil(size / 512) * 512;
    if (typeflag === 'L' || typeflag === 'K' || typeflag === 'x' || typeflag === 'g') {
      if (size > 1024 * 1024) throw new TarFormatError(`oversized tar extended header at offset ${offset}`);
      const data = Buffer.alloc(size);
      await readExactly(handle, data, dataOffset);
      if (typeflag === 'L') longName = cString(data);
      else if (typeflag === 'K') longLink = cString(data);
      else if (typeflag === 'x') pax = parsePax(data);
      offset = next;
      continue;
    }
    const prefix = cString(header.subarray(345, 500));
    const isUstar = header.subarray(257, 262).toString('latin1') === 'ustar';
    const rawName = pax.path ?? longName ?? (isUstar && prefix ? `${prefix}/${cString(header.subarray(0, 100))}` : cString(header.subarray(0, 100)));
    const linkTarget = pax.linkpath ?? longLink ?? cString(header.subarray(157, 257));
    const type: TarMember['type'] =
      typeflag === '0' || typeflag === '\0' || typeflag === '7' ? 'file' : typeflag === '5' ? 'dir' : typeflag === '2' ? 'symlink' : typeflag === '1' ? 'hardlink' : 'other';
    const name = normalise(rawName);
    const member: TarMember = { name, type, offset: dataOffset, size: type === 'file' ? size : 0 };
    if (type === 'symlink' || type === 'hardlink') member.linkTarget = linkTarget;
    members.set(name, member);
    longName = undefined;
    longLink = undefined;
    pax = {};
    offset = next;
  }
  return members;
}

async function readExactly(handle: FileHandle, buffer: Buffer, position: number): Promise<void> {
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
  if (bytesRead !== buffer.length) throw new TarFormatError(`tar file truncated at offset ${position}`);
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
}

function parseNumber(field: Buffer): number {
  // GNU base-256 for sizes of 8 GiB and more.
  if ((field[0]! & 0x80) !== 0) {
    let value = 0;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i]!;
    return value;
  }
  const text = cString(field).trim();
  return text ? parseInt(text, 8) : 0;
}

function checksumOk(header: Buffer): boolean {
  const stored = parseNumber(header.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return sum === stored;
}

function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space < 0) break;
    const length = parseInt(data.subarray(at, space).toString('latin1'), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) records[record.slice(0, eq)] = record.slice(eq + 1);
    at += length;
  }
  return records;
}
