import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { archList, feedLines, openFeed, ovalDate, packageChecks, readOval } from '../../../../src/analyzers/vuln/importers/oval.js';

const RHEL9 = '/work/shared/vulndata/redhat/com.redhat.rhsa-RHEL9.xml.gz';

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rampart-oval-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function bzip2(data: Buffer): Buffer {
  try {
    return execFileSync('bzip2', ['-c'], { input: data });
  } catch (err) {
    throw new Error(`this test needs the bzip2 tool (Debian package bzip2): ${(err as Error).message}`, { cause: err });
  }
}

test('oval: the real RHEL 9 file reads into definitions, tests, objects, states', async () => {
  const doc = await readOval(RHEL9);
  assert.equal(doc.productName, 'Red Hat OVAL Patch Definition Merger');
  assert.equal(doc.timestamp, '2023-04-05T15:46:46');
  assert.equal(doc.definitions.length, 222);
  assert.equal(doc.tests.size, 2627 + 16 + 15 + 2);
  const java = doc.definitions.find((d) => d.id === 'oval:com.redhat.rhsa:def:20221728');
  assert.ok(java);
  assert.equal(java.severity, 'Important');
  assert.equal(java.issued, '2022-05-17');
  assert.deepEqual(java.references[0], { source: 'RHSA', refId: 'RHSA-2022:1728', refUrl: 'https://access.redhat.com/errata/RHSA-2022:1728' });
  assert.equal(java.cves.length, 5);
  assert.match(java.cves[0]?.attributes.cvss3 ?? '', /^\d\.\d\/CVSS:3\.1\//);
  const { checks, problems } = packageChecks(doc, java);
  assert.deepEqual(problems, []);
  // Version checks only: the signing-key test beside each is not one.
  assert.ok(checks.length > 0);
  assert.ok(checks.every((c) => c.testKind === 'rpminfo_test' && c.evr?.operation === 'less than'));
  assert.ok(checks.some((c) => c.names[0] === 'java-11-openjdk' && c.evr?.value === '1:11.0.15.0.10-1.el9_0'));
});

test('oval: .bz2 through the bzip2 tool and through the JavaScript decoder give the same text; a cut file fails', async () => {
  await withDir(async (dir) => {
    const xml = (await readOval(RHEL9)) && (await import('node:zlib')).gunzipSync(await readFile(RHEL9));
    const file = path.join(dir, 'rhel.xml.bz2');
    await writeFile(file, bzip2(xml));
    const read = async (js: boolean): Promise<number> => {
      let size = 0;
      for await (const chunk of openFeed(file, { jsBzip2: js }) as AsyncIterable<Buffer>) size += chunk.length;
      return size;
    };
    assert.equal(await read(false), xml.length);
    assert.equal(await read(true), xml.length);
    assert.equal((await readOval(file)).definitions.length, 222);
    const cut = path.join(dir, 'cut.xml.bz2');
    const whole = await readFile(file);
    await writeFile(cut, whole.subarray(0, whole.length >> 1));
    await assert.rejects(readOval(cut), (err: Error) => err.message.startsWith(cut) && !err.message.includes('\n'));
  });
});

test('oval: not OVAL, or broken XML, is one clear error naming the file', async () => {
  await withDir(async (dir) => {
    const other = path.join(dir, 'other.xml.gz');
    await writeFile(other, gzipSync('<?xml version="1.0"?><feed><entry/></feed>'));
    await assert.rejects(readOval(other), new RegExp(`^Error: ${other.replace(/[.]/g, '\\.')}: not an OVAL definitions document`));
    const broken = path.join(dir, 'broken.xml');
    await writeFile(broken, '<oval_definitions><definitions><definition id="x"></definitions>');
    await assert.rejects(readOval(broken), (err: Error) => err.message.startsWith(broken) && !err.message.includes('\n'));
  });
});

test('oval: dangling references are reported per definition, not thrown', async () => {
  await withDir(async (dir) => {
    const file = path.join(dir, 'dangling.xml');
    await writeFile(
      file,
      `<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"><definitions>
        <definition id="d1" class="vulnerability"><metadata><title>CVE-2020-0001 x</title></metadata>
          <criteria><criterion test_ref="t1"/><criterion test_ref="t-missing"/></criteria></definition></definitions>
        <tests><dpkginfo_test id="t1"><object object_ref="o1"/><state state_ref="s-missing"/></dpkginfo_test></tests>
        <objects><dpkginfo_object id="o1"><name>x</name></dpkginfo_object></objects></oval_definitions>`,
    );
    const doc = await readOval(file);
    const { checks, problems } = packageChecks(doc, doc.definitions[0]!);
    assert.deepEqual(checks, []);
    assert.deepEqual(problems, ['definition d1: test t1 names state s-missing, not found', 'definition d1: test t-missing not found']);
  });
});

test('oval: helpers', async () => {
  assert.equal(ovalDate('2023-07-14T03:39:10.188-04:00'), '2023-07-14T07:39:10.188Z');
  assert.equal(ovalDate('2023-04-05T15:46:46'), '2023-04-05T15:46:46.000Z');
  assert.equal(ovalDate('soon'), undefined);
  assert.deepEqual(archList({ value: 'aarch64|ppc64le|s390x|x86_64', operation: 'pattern match' }), ['aarch64', 'ppc64le', 's390x', 'x86_64']);
  assert.deepEqual(archList({ value: 'x86_64', operation: 'equals' }), ['x86_64']);
  await withDir(async (dir) => {
    const file = path.join(dir, 'lines.gz');
    await writeFile(file, gzipSync('a\r\nb\n\nc'));
    const lines: string[] = [];
    for await (const line of feedLines(file)) lines.push(line);
    assert.deepEqual(lines, ['a', 'b', '', 'c']);
  });
});
