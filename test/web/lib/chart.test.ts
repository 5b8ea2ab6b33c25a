import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chartGeometry, DEFAULT_BOX, niceStep } from '../../../web/src/lib/chart.js';

test('niceStep picks 1, 2, 2.5 or 5 × 10ⁿ so that about four ticks cover the maximum', () => {
  assert.equal(niceStep(0), 1);
  assert.equal(niceStep(3), 1);
  assert.equal(niceStep(8), 2);
  assert.equal(niceStep(10), 2.5);
  assert.equal(niceStep(37), 10);
  assert.equal(niceStep(180), 50);
  assert.equal(niceStep(12_345), 5000);
});

test('the trend chart puts the first day at the left edge, the last at the right, zero at the bottom and the maximum at a tick', () => {
  const { padding, width, height } = DEFAULT_BOX;
  const geometry = chartGeometry([{ key: 'total', values: [0, 5, 10, 7] }], 4);
  const points = geometry.lines[0]!.points;
  assert.equal(points[0]!.x, padding.left);
  assert.equal(points[3]!.x, width - padding.right);
  assert.equal(points[0]!.y, height - padding.bottom);
  assert.equal(geometry.maxValue, 10);
  assert.equal(points[2]!.y, padding.top, 'the largest value touches the top tick');
  assert.deepEqual(geometry.yTicks.map((t) => t.value), [0, 2.5, 5, 7.5, 10]);
  assert.match(geometry.lines[0]!.path, /^M\d+(\.\d)? \d+(\.\d)? L/);
  assert.equal(geometry.lines[0]!.path.split('L').length, 4);
});

test('an all-zero series still draws (flat at the bottom, one tick step) and a single day sits in the middle', () => {
  const flat = chartGeometry([{ key: 'total', values: [0, 0, 0] }], 3);
  assert.equal(flat.maxValue, 1);
  assert.ok(flat.lines[0]!.points.every((p) => p.y === DEFAULT_BOX.height - DEFAULT_BOX.padding.bottom));
  const one = chartGeometry([{ key: 'total', values: [4] }], 1);
  const inner = DEFAULT_BOX.width - DEFAULT_BOX.padding.left - DEFAULT_BOX.padding.right;
  assert.equal(one.lines[0]!.points[0]!.x, Math.round((DEFAULT_BOX.padding.left + inner / 2) * 10) / 10);
  assert.deepEqual(one.xTicks.map((t) => t.index), [0]);
});

test('30 days get the first and last day labelled and a few between, never two labels crowding the last', () => {
  const geometry = chartGeometry([{ key: 'total', values: Array.from({ length: 30 }, (_, i) => i) }], 30);
  const indexes = geometry.xTicks.map((t) => t.index);
  assert.equal(indexes[0], 0);
  assert.equal(indexes.at(-1), 29);
  assert.ok(indexes.length >= 4 && indexes.length <= 6, String(indexes));
  for (let i = 1; i < indexes.length; i++) assert.ok(indexes[i]! - indexes[i - 1]! >= 3, String(indexes));
});
