import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProcessEvent, RuntimeEvent } from '../../../src/model/event.js';
import { EventQueue } from '../../../src/sources/events/queue.js';

function exec(n: number): ProcessEvent {
  return { kind: 'process', action: 'exec', id: `e${n}`, time: '2025-03-04T09:00:00Z', source: 'replay', context: {}, process: { pid: n, exe: '/bin/sh', name: 'sh', args: ['sh'] } };
}

test('push never blocks: past capacity events are dropped and counted, the queued ones delivered in order', async () => {
  const drops: number[] = [];
  const queue = new EventQueue({ name: 'test', capacity: 3, onDrop: (total) => drops.push(total) });
  const accepted = [1, 2, 3, 4, 5].map((n) => queue.push(exec(n)));
  assert.deepEqual(accepted, [true, true, true, false, false]);
  assert.deepEqual(queue.stats(), { received: 5, dropped: 2, malformed: 0 });
  assert.deepEqual(drops, [1, 2]);
  await queue.close();
  const seen: string[] = [];
  for await (const event of queue.events()) seen.push(event.id);
  assert.deepEqual(seen, ['e1', 'e2', 'e3']);
});

test('a waiting consumer is woken by push; the ring wraps around; close ends the stream after draining', async () => {
  const queue = new EventQueue({ name: 'test', capacity: 2 });
  const seen: RuntimeEvent[] = [];
  const consumer = (async () => {
    for await (const event of queue.events()) seen.push(event);
  })();
  for (let n = 1; n <= 7; n++) {
    assert.equal(queue.push(exec(n)), true);
    await new Promise((r) => setImmediate(r));
  }
  queue.push(exec(8));
  await queue.close();
  await consumer;
  assert.deepEqual(seen.map((e) => e.id), ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8']);
  assert.equal(queue.push(exec(9)), false, 'a closed queue drops');
  assert.deepEqual(queue.stats(), { received: 9, dropped: 1, malformed: 0 });
});

test('one consumer only; malformed input is counted; capacity must be positive', () => {
  const queue = new EventQueue({ name: 'q', capacity: 1 });
  queue.events();
  assert.throws(() => queue.events(), /already called/);
  queue.countMalformed(3);
  assert.equal(queue.stats().malformed, 3);
  assert.throws(() => new EventQueue({ name: 'q', capacity: 0 }), /capacity must be a positive integer/);
});
