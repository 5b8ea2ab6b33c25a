import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { executableFormat, openExecutable } from '../../../src/analyzers/sbom/executable.js';

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');

test('executable: the real ELF skopeo: its .go.buildinfo section and the address mapping of its segments', () => {
  const content = readFileSync('/usr/bin/skopeo');
  const exe = openExecutable(content);
  assert.equal(exe?.format, 'elf');
  const section = exe?.section('.go.buildinfo');
  assert.ok(section?.subarray(0, 14).equals(MAGIC));
  assert.equal(exe?.section('.no-such-section'), undefined);
});

/** Minimal Mach-O 64 (one LC_SEGMENT_64 holding one section), laid out per the published loader headers. */
function machO(): Buffer {
  const b = Buffer.alloc(0x2000);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeUInt32LE(1, 16); // ncmds
  const cmd = 32;
  b.writeUInt32LE(0x19, cmd);
  b.writeUInt32LE(72 + 80, cmd + 4);
  b.write('__DATA', cmd + 8);
  b.writeBigUInt64LE(0x100000000n, cmd + 24); // vmaddr
  b.writeBigUInt64LE(0x1000n, cmd + 32);
  b.writeBigUInt64LE(0x1000n, cmd + 40); // fileoff
  b.writeBigUInt64LE(0x1000n, cmd + 48); // filesize
  b.writeUInt32LE(1, cmd + 64); // nsects
  const sect = cmd + 72;
  b.write('__go_buildinfo', sect);
  b.write('__DATA', sect + 16);
  b.writeBigUInt64LE(0x100000000n, sect + 32);
  b.writeBigUInt64LE(0x20n, sect + 40);
  b.writeUInt32LE(0x1000, sect + 48);
  MAGIC.copy(b, 0x1000);
  return b;
}

/** Minimal PE32+ (one section), laid out per the published PE/COFF headers. */
function pe(): Buffer {
  const b = Buffer.alloc(0x1400);
  b.write('MZ', 0);
  b.writeUInt32LE(0x80, 0x3c);
  b.writeUInt32BE(0x50450000, 0x80);
  const coff = 0x84;
  b.writeUInt16LE(0x8664, coff);
  b.writeUInt16LE(1, coff + 2); // sections
  b.writeUInt16LE(240, coff + 16); // optional header size
  const opt = coff + 20;
  b.writeUInt16LE(0x20b, opt);
  b.writeBigUInt64LE(0x140000000n, opt + 24); // ImageBase
  const sec = opt + 240;
  b.write('.dep-v0', sec);
  b.writeUInt32LE(0x200, sec + 8); // VirtualSize
  b.writeUInt32LE(0x3000, sec + 12); // VirtualAddress
  b.writeUInt32LE(0x200, sec + 16); // SizeOfRawData
  b.writeUInt32LE(0x1000, sec + 20); // PointerToRawData
  b.write('payload', 0x1000);
  return b;
}

test('executable: Mach-O 64 and PE32+ segment mapping and sections (built in the test from the published header layouts)', () => {
  const m = openExecutable(machO());
  assert.equal(m?.format, 'macho');
  assert.equal(m?.offsetOf(0x100000010n), 0x1010);
  assert.ok(m?.section('__go_buildinfo')?.subarray(0, 14).equals(MAGIC));
  const p = openExecutable(pe());
  assert.equal(p?.format, 'pe');
  assert.equal(p?.offsetOf(0x140003004n), 0x1004);
  assert.equal(p?.section('.dep-v0')?.subarray(0, 7).toString(), 'payload');
  assert.equal(p?.offsetOf(0x140000000n), undefined);
  assert.equal(executableFormat(Buffer.from('#!/bin/sh\n'.padEnd(100))), undefined);
});
