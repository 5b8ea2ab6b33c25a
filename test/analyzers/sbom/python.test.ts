import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { pythonCataloger } from '../../../src/analyzers/sbom/python.js';
import type { Package } from '../../../src/model/package.js';

const entry = (path: string) => ({ path, layer: 0, type: 'file' as const, mode: 0o644, uid: 0, gid: 0, size: 100 });
const SITE = '/usr/lib/python3/dist-packages';

test('python: the real requests egg-info of python3-requests', () => {
  const info = readdirSync(SITE).find((d) => /^requests-.*\.egg-info$/.test(d));
  assert.ok(info, 'python3-requests must be installed (apt-get install -y python3-requests)');
  const path = `${SITE}/${info}/PKG-INFO`;
  assert.ok(pythonCataloger.wants(path, entry(path)));
  const [pkg] = pythonCataloger.parse(path, readFileSync(path), {}) as Package[];
  assert.equal(pkg?.name, 'requests');
  assert.equal(pkg?.version, info.replace(/^requests-/, '').replace(/\.egg-info$/, ''));
  assert.deepEqual(pkg?.licenses, ['Apache 2.0']);
  assert.equal(pkg?.purl, `pkg:pypi/requests@${pkg?.version}`);
});

test('python: real dist-info METADATA files of this machine', () => {
  const infos = readdirSync(SITE).filter((d) => d.endsWith('.dist-info'));
  assert.ok(infos.length > 0);
  for (const info of infos) {
    const path = `${SITE}/${info}/METADATA`;
    assert.ok(pythonCataloger.wants(path, entry(path)));
    const [pkg] = pythonCataloger.parse(path, readFileSync(path), {}) as Package[];
    const [, version] = /^.+-([^-]+)\.dist-info$/.exec(info) ?? [];
    assert.equal(pkg?.version, version, info);
    assert.equal(pkg?.type, 'pypi');
  }
});

test('python: License-Expression wins; a pasted licence text falls back to the classifiers', () => {
  const modern = 'Metadata-Version: 2.4\nName: Foo_Bar\nVersion: 1.0\nLicense-Expression: MIT OR Apache-2.0\n\nlong description\nName: not-a-header\n';
  const [foo] = pythonCataloger.parse('/x/foo_bar-1.0.dist-info/METADATA', Buffer.from(modern), {}) as Package[];
  assert.deepEqual(foo?.licenses, ['MIT OR Apache-2.0']);
  assert.equal(foo?.name, 'Foo_Bar');
  assert.equal(foo?.purl, 'pkg:pypi/foo-bar@1.0');
  const pasted = 'Metadata-Version: 2.1\nName: x\nVersion: 2\nLicense: Copyright (c) someone\n        Permission is hereby granted\nClassifier: License :: OSI Approved :: BSD License\n';
  assert.deepEqual((pythonCataloger.parse('/x/x-2.dist-info/METADATA', Buffer.from(pasted), {}) as Package[])[0]?.licenses, ['BSD License']);
});
