import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHECKS, loadFrameworks } from '../../src/catalog/index.js';
import { INVENTORY_CHECKS, OBJECT_CHECKS, WORKLOAD_CHECKS } from '../../src/analyzers/registry.js';
import { IMAGE_CHECK_IDS } from '../../src/analyzers/image/index.js';
import { VULN_CHECK_ID } from '../../src/analyzers/vuln/findings.js';
import { NODE_CHECK_IDS } from '../../src/analyzers/node/index.js';
import { ADMISSION_IMAGE_CHECK_IDS } from '../../src/policy/image-policy/messages.js';
import { CLUSTER_CHECKS } from '../../src/analyzers/cluster/index.js';
import { DOCKER_HOST_CHECK_IDS } from '../../src/analyzers/docker/index.js';
import { BASELINE_CHECK_IDS } from '../../src/analyzers/runtime/engine.js';
import { loadRuleSet } from '../../src/analyzers/runtime/rules.js';

const CJK = /[\u4e00-\u9fff]/;
const implementations = [
  ...WORKLOAD_CHECKS.map((c) => ({ id: c.id, target: 'workload' })),
  ...INVENTORY_CHECKS.map((c) => ({ id: c.id, target: 'inventory' })),
  ...OBJECT_CHECKS.map((c) => ({ id: c.id, target: 'object' })),
  ...[...IMAGE_CHECK_IDS, VULN_CHECK_ID].map((id) => ({ id, target: 'image' })),
  ...NODE_CHECK_IDS.map((id) => ({ id, target: 'node' })),
  ...ADMISSION_IMAGE_CHECK_IDS.map((id) => ({ id, target: 'image' })),
  ...CLUSTER_CHECKS.map((c) => ({ id: c.id, target: c.target })),
  ...DOCKER_HOST_CHECK_IDS.map((id) => ({ id, target: 'node' })),
  ...[...loadRuleSet().rules.map((r) => r.id), ...Object.values(BASELINE_CHECK_IDS)].map((id) => ({ id, target: 'event' })),
];

test('every catalogue entry has exactly one implementation of its target, and every implementation an entry', () => {
  const ids = CHECKS.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate check ids in the catalogue');
  for (const check of CHECKS) {
    const impls = implementations.filter((i) => i.id === check.id);
    assert.equal(impls.length, 1, `${check.id}: ${impls.length} implementations`);
    assert.equal(impls[0]?.target, check.target, `${check.id}: catalogue target ${check.target}, implemented as ${impls[0]?.target}`);
  }
  for (const impl of implementations) assert.ok(CHECKS.some((c) => c.id === impl.id), `${impl.id}: implemented but not catalogued`);
});

test('every Pod Security Standards implementation has a catalogued level and PSA control', async () => {
  const { PSS_CHECKS } = await import('../../src/analyzers/workload/checks/pss/index.js');
  for (const impl of PSS_CHECKS) {
    const entry = CHECKS.find((c) => c.id === impl.id);
    assert.ok(entry?.pss?.level && entry.pss.control, `${impl.id}: no pss level/control in the catalogue`);
  }
});

test('check ids are dotted, lower-case and say their area', () => {
  for (const check of CHECKS) assert.match(check.id, /^(pod|namespace|object|rbac|network|image|cluster)\.[a-z0-9-]+$|^node\.[a-z-]+\.[a-z0-9-]+$|^runtime\.(baseline\.)?[a-z0-9-]+$|^docker\.(host|audit|daemon|file|container|exec)\.[a-z0-9-]+$/, check.id);
});

test('every check has title, description and remediation in English and in Chinese', () => {
  for (const check of CHECKS) {
    for (const field of ['title', 'description', 'remediation'] as const) {
      assert.ok(check[field].en.trim().length > 0, `${check.id}.${field}.en empty`);
      assert.match(check[field].zh, CJK, `${check.id}.${field}.zh is not Chinese`);
      assert.doesNotMatch(check[field].en, CJK, `${check.id}.${field}.en contains Chinese`);
    }
    assert.ok(check.remediation.en.length >= 40, `${check.id}: remediation too short to act on`);
  }
});

test('every check evidences at least one control, and every control names only existing checks', () => {
  const index = loadFrameworks();
  const known = new Set(CHECKS.map((c) => c.id));
  for (const fw of index.frameworks) {
    for (const control of fw.controls) {
      for (const id of control.checks) assert.ok(known.has(id), `${fw.id} ${control.id} names unknown check ${id}`);
    }
  }
  for (const check of CHECKS) {
    assert.ok((index.controlsByCheck.get(check.id) ?? []).length > 0, `${check.id} is mapped to no control`);
  }
});

test('every Pod Security Standards check is mapped to its own PSS control, and MLPS 2.0 covers the workload checks', () => {
  const index = loadFrameworks();
  for (const check of CHECKS.filter((c) => c.pss)) {
    const pss = (index.controlsByCheck.get(check.id) ?? []).filter((c) => c.framework === 'pss').map((c) => c.id);
    assert.ok(pss.includes(check.pss?.control ?? ''), `${check.id}: pss control ${check.pss?.control} not in pss.yaml (${pss})`);
  }
  const mlps = CHECKS.filter((c) => (index.controlsByCheck.get(c.id) ?? []).some((k) => k.framework === 'mlps-2.0-l3'));
  assert.ok(mlps.length >= CHECKS.length * 0.8, `only ${mlps.length}/${CHECKS.length} checks map to MLPS 2.0`);
});
