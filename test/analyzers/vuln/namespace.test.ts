import { test } from 'node:test';
import assert from 'node:assert/strict';
import { osNamespaces } from '../../../src/analyzers/vuln/namespace.js';
import type { OsRelease } from '../../../src/model/index.js';

const ns = (family: OsRelease['family'], version: string, codename?: string) => osNamespaces(codename ? { family, version, codename, name: '' } : { family, version, name: '' }).candidates;

test('OS release → advisory namespace, as each vendor keys its streams', () => {
  assert.deepEqual(ns('debian', '12.5'), ['debian:12']);
  assert.deepEqual(ns('debian', 'trixie/sid', 'trixie'), ['debian:13']);
  assert.deepEqual(ns('debian', '', 'bookworm'), ['debian:12']);
  // The matcher and the tracker importer name sid alike.
  assert.deepEqual(ns('debian', 'sid'), ['debian:unstable']);
  assert.deepEqual(ns('debian', 'n/a', 'sid'), ['debian:unstable']);
  assert.deepEqual(ns('ubuntu', '22.04', 'jammy'), ['ubuntu:22.04']);
  assert.deepEqual(ns('ubuntu', '', 'noble'), ['ubuntu:24.04']);
  assert.deepEqual(ns('alpine', '3.19.1'), ['alpine:3.19']);
  assert.deepEqual(ns('alpine', '3.21.0_alpha20240807'), ['alpine:edge']);
  assert.deepEqual(ns('rhel', '9.4'), ['rhel:9']);
  assert.deepEqual(ns('rocky', '9.3'), ['rocky:9', 'rhel:9']);
  assert.deepEqual(ns('almalinux', '8.10'), ['almalinux:8', 'rhel:8']);
  assert.deepEqual(ns('amazon', '2023'), ['amazon:2023']);
  assert.deepEqual(ns('amazon', '2018.03'), ['amazon:1']);
  assert.deepEqual(ns('wolfi', '20230201'), ['wolfi']);
  assert.deepEqual(ns('unknown', '1'), []);
});
