import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { KubeAuditEvent, RuntimeEvent } from '../../../src/model/event.js';
import { AuditLogSource } from '../../../src/sources/events/audit-log.js';
import { anonymousRequest, clusterAdminBinding, eventList, kubectlExec, privilegedPodCreate, serviceAccountListsSecrets } from './audit-events.js';
import { Collector, settle } from './collect.js';

/** The API server's log backend: a real file of JSON lines, appended, truncated and rotated by rename while followed. */

let dir: string;
const line = (event: Record<string, unknown>): string => `${JSON.stringify(event)}\n`;
const users = (events: RuntimeEvent[]): string[] => events.map((e) => (e as KubeAuditEvent).user.username);

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rampart-audit-log-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('reading a whole log: bad lines are counted and reported as file:line, the rest kept', async () => {
  const file = path.join(dir, 'audit.log');
  const missingVerb = serviceAccountListsSecrets();
  delete missingVerb.verb;
  await writeFile(file, [line(kubectlExec()), '{"kind":"Event", truncated\n', '\n', line(missingVerb), line(anonymousRequest()), line(clusterAdminBinding()).trimEnd()].join(''));
  const errors: string[] = [];
  const source = new AuditLogSource(file, { cluster: 'prod', onError: (m) => errors.push(m) });
  const events: RuntimeEvent[] = [];
  for await (const event of source.events()) events.push(event);
  assert.deepEqual(users(events), ['alice@example.com', 'system:anonymous', 'bob@example.com'], 'the unterminated last line is read too');
  assert.ok(events.every((e) => e.context.cluster === 'prod'));
  assert.deepEqual(source.stats(), { received: 3, dropped: 0, malformed: 2 });
  assert.deepEqual(errors, [`${file}:2: not JSON: syntax error at character 17`, `${file}:4: verb: missing (auditID c2d8e4a1-07f6-4b9e-8c35-a1f2e3d4c5b6)`]);
});

test('a line holding an EventList keeps its good items and reports the bad one', async () => {
  const file = path.join(dir, 'batches.log');
  const bad = anonymousRequest();
  bad.stage = 'Finished';
  await writeFile(file, line(eventList([kubectlExec(), bad, privilegedPodCreate()])));
  const errors: string[] = [];
  const source = new AuditLogSource(file, { onError: (m) => errors.push(m) });
  const events: RuntimeEvent[] = [];
  for await (const event of source.events()) events.push(event);
  assert.equal(events.length, 2);
  assert.deepEqual(source.stats(), { received: 2, dropped: 0, malformed: 1 });
  assert.match(errors[0] ?? '', /batches\.log:1: items\[1\]\.stage: unknown stage "Finished"/);
});

test('a line over the length limit is skipped and reported, never buffered whole', async () => {
  const file = path.join(dir, 'long.log');
  const huge = { ...clusterAdminBinding(), requestObject: { padding: 'x'.repeat(300_000) } };
  await writeFile(file, line(huge) + line(kubectlExec()));
  const errors: string[] = [];
  const source = new AuditLogSource(file, { maxLineBytes: 100_000, onError: (m) => errors.push(m) });
  const events: RuntimeEvent[] = [];
  for await (const event of source.events()) events.push(event);
  assert.deepEqual(users(events), ['alice@example.com']);
  assert.match(errors[0] ?? '', /long\.log:1: line of \d+ bytes is longer than the limit; skipped/);
});

test('follow: starts at the end, reads appends (also a line written in two parts), then truncation and rename-rotation', async () => {
  const file = path.join(dir, 'follow.log');
  await writeFile(file, line(serviceAccountListsSecrets()) + line(anonymousRequest()));
  const errors: string[] = [];
  const source = new AuditLogSource(file, { follow: true, pollMs: 15, onError: (m) => errors.push(m) });
  const seen = new Collector(source.events());
  await settle(60);
  assert.equal(seen.items.length, 0, 'existing lines are skipped when following from the end');

  await appendFile(file, line(kubectlExec()));
  await seen.waitFor(1, 'an appended event');
  const half = line(clusterAdminBinding());
  await appendFile(file, half.slice(0, 200));
  await settle(60);
  assert.equal(seen.items.length, 1, 'half a line is not an event yet');
  await appendFile(file, half.slice(200));
  await seen.waitFor(2, 'the completed line');
  await appendFile(file, 'not json\n');
  await settle(60);
  assert.deepEqual(errors, [`${file}:5: not JSON`], 'line numbers count the lines skipped at the start');

  // copytruncate: same inode, size drops to zero, then new lines.
  await truncate(file, 0);
  await settle(60);
  await appendFile(file, line(privilegedPodCreate()) + '{}\n');
  await seen.waitFor(3, 'the first event after truncation');
  await settle(40);
  assert.equal(errors[1], `${file}:2: apiVersion: expected audit.k8s.io/v1, got nothing`, 'numbering restarts after truncation');

  // Rotation by rename (the API server's --audit-log-maxsize, logrotate): a late write lands in
  // the old file, then a new file appears at the path.
  await rename(file, `${file}.1`);
  await appendFile(`${file}.1`, line(serviceAccountListsSecrets()));
  await writeFile(file, line(anonymousRequest()));
  await seen.waitFor(5, 'the late line of the old file and the first of the new one');
  assert.deepEqual(users(seen.items.slice(2)), ['mallory@example.com', 'system:serviceaccount:payments:api', 'system:anonymous']);
  await appendFile(file, line(kubectlExec()));
  await seen.waitFor(6, 'an event appended to the new file');

  await source.close();
  await seen.done;
  assert.deepEqual(source.stats(), { received: 6, dropped: 0, malformed: 2 });
});

test('follow with fromStart reads what is there first', async () => {
  const file = path.join(dir, 'from-start.log');
  await writeFile(file, line(kubectlExec()) + line(anonymousRequest()));
  const source = new AuditLogSource(file, { follow: true, fromStart: true, pollMs: 15 });
  const seen = new Collector(source.events());
  await seen.waitFor(2, 'the existing events');
  await appendFile(file, line(clusterAdminBinding()));
  await seen.waitFor(3, 'an appended event');
  await source.close();
  await seen.done;
  assert.deepEqual(users(seen.items), ['alice@example.com', 'system:anonymous', 'bob@example.com']);
});

test('a missing file is one clear error naming it', async () => {
  const source = new AuditLogSource(path.join(dir, 'nope.log'));
  await assert.rejects(async () => {
    for await (const _ of source.events()) assert.fail('no events expected');
  }, { message: `${path.join(dir, 'nope.log')}: cannot open: ENOENT` });
});
