/**
 * Just enough of ELF, Mach-O and PE to map virtual addresses to file offsets and find a section by
 * name: what reading embedded build metadata (Go build info, cargo-auditable) needs.
 */

export type ExecutableFormat = 'elf' | 'macho' | 'pe';

interface Region {
  vaddr: bigint;
  size: bigint;
  offset: number;
}

interface Section {
  name: string;
  offset: number;
  size: number;
}

export interface Executable {
  format: ExecutableFormat;
  littleEndian: boolean;
  /** File offset of a virtual address, when some loaded segment maps it. */
  offsetOf(vaddr: bigint): number | undefined;
  section(name: string): Buffer | undefined;
}

const ELF_MAGIC = 0x7f454c46;

export function isElf(content: Buffer): boolean {
  return content.length >= 4 && content.readUInt32BE(0) === ELF_MAGIC;
}

export function executableFormat(content: Buffer): ExecutableFormat | undefined {
  if (content.length < 64) return undefined;
  if (isElf(content)) return 'elf';
  const magic = content.readUInt32LE(0);
  if (magic === 0xfeedface || magic === 0xfeedfacf || content.readUInt32BE(0) === 0xfeedface || content.readUInt32BE(0) === 0xfeedfacf) return 'macho';
  if (content[0] === 0x4d && content[1] === 0x5a) {
    const pe = content.readUInt32LE(0x3c);
    if (pe + 4 <= content.length && content.readUInt32BE(pe) === 0x50450000) return 'pe';
  }
  return undefined;
}

class Reader {
  constructor(
    readonly buf: Buffer,
    readonly le: boolean,
  ) {}
  u16(at: number): number {
    return this.le ? this.buf.readUInt16LE(at) : this.buf.readUInt16BE(at);
  }
  u32(at: number): number {
    return this.le ? this.buf.readUInt32LE(at) : this.buf.readUInt32BE(at);
  }
  u64(at: number): bigint {
    return this.le ? this.buf.readBigUInt64LE(at) : this.buf.readBigUInt64BE(at);
  }
  cstring(at: number, max: number): string {
    const end = this.buf.indexOf(0, at);
    return this.buf.toString('latin1', at, end < 0 || end > at + max ? at + max : end);
  }
}

function parseElf(buf: Buffer): { le: boolean; regions: Region[]; sections: Section[] } {
  const is64 = buf[4] === 2;
  const r = new Reader(buf, buf[5] !== 2);
  const phoff = Number(is64 ? r.u64(0x20) : BigInt(r.u32(0x1c)));
  const phentsize = r.u16(is64 ? 0x36 : 0x2a);
  const phnum = r.u16(is64 ? 0x38 : 0x2c);
  const regions: Region[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + (is64 ? 56 : 32) > buf.length) break;
    if (r.u32(at) !== 1) continue; // PT_LOAD
    if (is64) regions.push({ offset: Number(r.u64(at + 8)), vaddr: r.u64(at + 16), size: r.u64(at + 32) });
    else regions.push({ offset: r.u32(at + 4), vaddr: BigInt(r.u32(at + 8)), size: BigInt(r.u32(at + 16)) });
  }
  const shoff = Number(is64 ? r.u64(0x28) : BigInt(r.u32(0x20)));
  const shentsize = r.u16(is64 ? 0x3a : 0x2e);
  const shnum = r.u16(is64 ? 0x3c : 0x30);
  const shstrndx = r.u16(is64 ? 0x3e : 0x32);
  const sections: Section[] = [];
  const header = (i: number): { name: number; offset: number; size: number } | undefined => {
    const at = shoff + i * shentsize;
    if (!shoff || at + (is64 ? 64 : 40) > buf.length) return undefined;
    return is64 ? { name: r.u32(at), offset: Number(r.u64(at + 24)), size: Number(r.u64(at + 32)) } : { name: r.u32(at), offset: r.u32(at + 16), size: r.u32(at + 20) };
  };
  const strtab = header(shstrndx);
  if (strtab) {
    for (let i = 0; i < shnum; i++) {
      const h = header(i);
      if (h) sections.push({ name: r.cstring(strtab.offset + h.name, 256), offset: h.offset, size: h.size });
    }
  }
  return { le: r.le, regions, sections };
}

function parseMachO(buf: Buffer): { le: boolean; regions: Region[]; sections: Section[] } {
  const le = buf.readUInt32LE(0) === 0xfeedface || buf.readUInt32LE(0) === 0xfeedfacf;
  const r = new Reader(buf, le);
  const is64 = r.u32(0) === 0xfeedfacf;
  const ncmds = r.u32(16);
  let at = is64 ? 32 : 28;
  const regions: Region[] = [];
  const sections: Section[] = [];
  for (let i = 0; i < ncmds && at + 8 <= buf.length; i++) {
    const cmd = r.u32(at);
    const size = r.u32(at + 4);
    if (cmd === 0x19 || cmd === 0x1) {
      const seg64 = cmd === 0x19;
      const vmaddr = seg64 ? r.u64(at + 24) : BigInt(r.u32(at + 24));
      const fileoff = seg64 ? Number(r.u64(at + 40)) : r.u32(at + 32);
      const filesize = seg64 ? r.u64(at + 48) : BigInt(r.u32(at + 36));
      regions.push({ vaddr: vmaddr, size: filesize, offset: fileoff });
      const nsects = r.u32(at + (seg64 ? 64 : 48));
      let s = at + (seg64 ? 72 : 56);
      for (let j = 0; j < nsects; j++, s += seg64 ? 80 : 68) {
        const name = r.cstring(s, 16);
        const secSize = seg64 ? Number(r.u64(s + 40)) : r.u32(s + 36);
        const offset = r.u32(s + (seg64 ? 48 : 40));
        sections.push({ name, offset, size: secSize });
      }
    }
    if (size < 8) break;
    at += size;
  }
  return { le, regions, sections };
}

function parsePe(buf: Buffer): { le: boolean; regions: Region[]; sections: Section[] } {
  const r = new Reader(buf, true);
  const pe = r.u32(0x3c);
  const coff = pe + 4;
  const nsections = r.u16(coff + 2);
  const optSize = r.u16(coff + 16);
  const opt = coff + 20;
  const magic = r.u16(opt);
  const imageBase = magic === 0x20b ? r.u64(opt + 24) : BigInt(r.u32(opt + 28));
  const regions: Region[] = [];
  const sections: Section[] = [];
  for (let i = 0, at = opt + optSize; i < nsections && at + 40 <= buf.length; i++, at += 40) {
    const name = r.cstring(at, 8);
    const vsize = r.u32(at + 8);
    const vaddr = r.u32(at + 12);
    const rawSize = r.u32(at + 16);
    const rawPtr = r.u32(at + 20);
    regions.push({ vaddr: imageBase + BigInt(vaddr), size: BigInt(Math.min(vsize || rawSize, rawSize)), offset: rawPtr });
    sections.push({ name, offset: rawPtr, size: Math.min(vsize || rawSize, rawSize) });
  }
  return { le: true, regions, sections };
}

/** Opens an executable's headers; undefined when the content is none of ELF, Mach-O or PE. */
export function openExecutable(content: Buffer): Executable | undefined {
  const format = executableFormat(content);
  if (!format) return undefined;
  let parsed: { le: boolean; regions: Region[]; sections: Section[] };
  try {
    parsed = format === 'elf' ? parseElf(content) : format === 'macho' ? parseMachO(content) : parsePe(content);
  } catch {
    return undefined; // truncated headers: treat as not an executable
  }
  return {
    format,
    littleEndian: parsed.le,
    offsetOf(vaddr: bigint): number | undefined {
      for (const region of parsed.regions) {
        if (vaddr >= region.vaddr && vaddr < region.vaddr + region.size) return region.offset + Number(vaddr - region.vaddr);
      }
      return undefined;
    },
    section(name: string): Buffer | undefined {
      const s = parsed.sections.find((x) => x.name === name);
      if (!s || s.offset + s.size > content.length) return undefined;
      return content.subarray(s.offset, s.offset + s.size);
    },
  };
}
