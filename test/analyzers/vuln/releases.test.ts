import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debianNamespace, ubuntuNamespace } from '../../../src/analyzers/vuln/releases.js';

test('Debian codenames → namespaces keyed by major, sid as unstable', () => {
  assert.equal(debianNamespace('bookworm'), 'debian:12');
  assert.equal(debianNamespace('bullseye'), 'debian:11');
  assert.equal(debianNamespace(' Trixie '), 'debian:13');
  assert.equal(debianNamespace('sid'), 'debian:unstable');
  assert.equal(debianNamespace('hamm2'), undefined);
});

test('Ubuntu codenames → namespaces keyed by YY.MM', () => {
  assert.equal(ubuntuNamespace('jammy'), 'ubuntu:22.04');
  assert.equal(ubuntuNamespace('trusty'), 'ubuntu:14.04');
  assert.equal(ubuntuNamespace('noble'), 'ubuntu:24.04');
  assert.equal(ubuntuNamespace('warty2'), undefined);
});
