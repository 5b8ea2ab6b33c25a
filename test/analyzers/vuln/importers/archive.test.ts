import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { archiveEntries, isArchive } from '../../../../src/analyzers/vuln/importers/archive.js';

let dir = '';
const big = 'x'.repeat(100_000);

function run(tool: string, args: string[], cwd: string): void {
  try {
    execFileSync(tool, args, { cwd, stdio: 'pipe' });
  } catch (err) {
    throw new Error(`${tool} is needed for this test (Debian package ${tool === 'zip' ? 'zip' : 'tar'}): ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
}

async function collect(file: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const entry of archiveEntries(file)) out.set(entry.name, entry.data.toString('utf8'));
  return out;
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rampart-archive-'));
  const tree = path.join(dir, 'tree');
  await mkdir(path.join(tree, 'vulns', 'pkg'), { recursive: true });
  await writeFile(path.join(tree, 'vulns', 'pkg', 'A-1.yaml'), 'id: A-1\n');
  await writeFile(path.join(tree, 'vulns', 'B-2.json'), big);
  await writeFile(path.join(tree, 'stored.txt'), 'plain');
  run('zip', ['-q', '-r', path.join(dir, 'all.zip'), 'vulns'], tree);
  run('zip', ['-q', '-0', path.join(dir, 'all.zip'), 'stored.txt'], tree);
  run('tar', ['-czf', path.join(dir, 'vulns.tar.gz'), 'vulns', 'stored.txt'], tree);
  await writeFile(path.join(dir, 'broken.tar.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4]));
  await writeFile(path.join(dir, 'broken.zip'), 'not a zip at all');
});

test('a zip made by Info-ZIP: regular members in order, deflated and stored, directories skipped', async () => {
  const members = await collect(path.join(dir, 'all.zip'));
  assert.deepEqual([...members.keys()].sort(), ['stored.txt', 'vulns/B-2.json', 'vulns/pkg/A-1.yaml']);
  assert.equal(members.get('vulns/pkg/A-1.yaml'), 'id: A-1\n');
  assert.equal(members.get('vulns/B-2.json'), big);
  assert.equal(members.get('stored.txt'), 'plain');
});

test('a tar.gz made by GNU tar: regular members, directories skipped', async () => {
  const members = await collect(path.join(dir, 'vulns.tar.gz'));
  assert.deepEqual([...members.keys()].sort(), ['stored.txt', 'vulns/B-2.json', 'vulns/pkg/A-1.yaml']);
  assert.equal(members.get('vulns/B-2.json'), big);
});

test('stopping early releases the archive; reading it again works', async () => {
  for (const name of ['all.zip', 'vulns.tar.gz']) {
    for await (const entry of archiveEntries(path.join(dir, name))) {
      assert.ok(entry.name.length > 0);
      break;
    }
    assert.equal((await collect(path.join(dir, name))).size, 3);
  }
});

test('broken archives fail with one line naming the file', async () => {
  await assert.rejects(collect(path.join(dir, 'broken.tar.gz')), (err: Error) => err.message.startsWith(path.join(dir, 'broken.tar.gz')) && !err.message.includes('\n'));
  await assert.rejects(collect(path.join(dir, 'broken.zip')), /broken\.zip: not a readable zip archive/);
  assert.throws(() => archiveEntries(path.join(dir, 'x.rar')), /x\.rar: not a \.zip, \.tar\.gz or \.tgz archive/);
  assert.ok(isArchive('a/all.zip') && isArchive('v.tar.gz') && !isArchive('x.json'));
});
