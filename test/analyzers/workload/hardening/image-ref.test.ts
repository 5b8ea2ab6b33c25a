import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMutableLatest, parseImageRef } from '../../../../src/analyzers/workload/checks/hardening/image-ref.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

test('parseImageRef splits name, tag and digest', () => {
  assert.deepEqual(parseImageRef('nginx'), { name: 'nginx' });
  assert.deepEqual(parseImageRef('nginx:1.25'), { name: 'nginx', tag: '1.25' });
  assert.deepEqual(parseImageRef(`nginx@${DIGEST}`), { name: 'nginx', digest: DIGEST });
  assert.deepEqual(parseImageRef(`nginx:1.25@${DIGEST}`), { name: 'nginx', tag: '1.25', digest: DIGEST });
});

test('parseImageRef does not read a registry port as a tag', () => {
  assert.deepEqual(parseImageRef('registry.local:5000/app'), { name: 'registry.local:5000/app' });
  assert.deepEqual(parseImageRef('registry.local:5000/team/app:2.0'), { name: 'registry.local:5000/team/app', tag: '2.0' });
  assert.deepEqual(parseImageRef(`localhost:5000/app@${DIGEST}`), { name: 'localhost:5000/app', digest: DIGEST });
  assert.deepEqual(parseImageRef('[::1]:5000/app:v1'), { name: '[::1]:5000/app', tag: 'v1' });
});

test('parseImageRef rejects what is not a reference', () => {
  for (const bad of ['', ':1.0', 'app:', 'app@sha256:short', 'app@', 'app:tag with space', '/app', 'registry//app', 'app:-x']) {
    assert.equal(parseImageRef(bad), undefined, bad);
  }
});

test('isMutableLatest: latest or no tag, and no digest', () => {
  const mutable = (s: string): boolean => {
    const ref = parseImageRef(s);
    assert.ok(ref, s);
    return isMutableLatest(ref);
  };
  assert.equal(mutable('nginx'), true);
  assert.equal(mutable('nginx:latest'), true);
  assert.equal(mutable('registry.local:5000/app'), true);
  assert.equal(mutable('nginx:Latest'), false);
  assert.equal(mutable('nginx:1.25'), false);
  assert.equal(mutable(`nginx:latest@${DIGEST}`), false);
  assert.equal(mutable(`nginx@${DIGEST}`), false);
});
