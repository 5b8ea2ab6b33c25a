import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuditTrail, auditEntryHash, canonicalJson, formatAuditSyslog, GENESIS_HASH, verifyAuditTrail } from '../../../src/store/platform/audit-trail.js';
import type { AuditEntry } from '../../../src/model/platform.js';
import { withBothDatabases } from '../../helpers/postgres.js';

const DAY = 86_400_000;

/** A clock the test moves by hand. */
function manualClock(start: string): { now: () => Date; advance: (ms: number) => void } {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms) => (t += ms) };
}

test('canonical JSON sorts keys at every level and drops undefined members', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined, x: 'é' }], c: null } }), '{"a":{"c":null,"d":[2,{"x":"é","z":1}]},"b":1}');
});

test('an entry hash covers the previous hash and every field but its own', () => {
  const entry: Omit<AuditEntry, 'hash'> = { seq: 1, time: '2026-01-01T00:00:00.000Z', actor: 'alice', action: 'auth.sign-in', outcome: 'success', prevHash: GENESIS_HASH };
  const hash = auditEntryHash(entry);
  assert.match(hash, /^[0-9a-f]{64}$/);
  assert.equal(auditEntryHash({ ...entry, hash: 'ignored' }), hash);
  assert.notEqual(auditEntryHash({ ...entry, actor: 'mallory' }), hash);
  assert.notEqual(auditEntryHash({ ...entry, prevHash: '1'.repeat(64) }), hash);
});

test('syslog lines follow RFC 5424: PRI, version, timestamp, host, app, procid, msgid, escaped structured data, message', () => {
  const entry: AuditEntry = {
    seq: 7, time: '2026-03-01T10:00:00.000Z', actor: 'bob "the" [admin]', action: 'auth.sign-in-failed', target: 'user:bob', outcome: 'failure',
    sourceIp: '10.0.0.9', details: { reason: 'wrong-password' }, prevHash: 'a'.repeat(64), hash: 'b'.repeat(64),
  };
  const line = formatAuditSyslog(entry, { hostname: 'rampart-1', procId: '42' });
  // facility 13 (log audit) × 8 + severity 4 (warning) = 108
  assert.equal(line, `<108>1 2026-03-01T10:00:00.000Z rampart-1 rampart 42 auth.sign-in-failed [rampart@32473 seq="7" actor="bob \\"the\\" [admin\\]" target="user:bob" outcome="failure" sourceIp="10.0.0.9" prevHash="${'a'.repeat(64)}" hash="${'b'.repeat(64)}"] {"reason":"wrong-password"}`);
  const success = formatAuditSyslog({ ...entry, outcome: 'success', details: undefined, action: 'a very long action name that exceeds the limit' }, { hostname: 'h', procId: '1', facility: 10 });
  assert.match(success, /^<85>1 \S+ h rampart 1 a_very_long_action_name_that_exc \[/); // authpriv 10×8 + notice 5; MSGID ≤ 32 printable chars
});

withBothDatabases('audit trail', (ctx) => {
  test('append chains entries from the genesis hash; verify passes; query filters newest first', async () => {
    const db = await ctx.fresh();
    const clock = manualClock('2026-01-01T00:00:00Z');
    const trail = await AuditTrail.open(db, { now: clock.now });
    const first = await trail.append({ actor: 'alice', action: 'auth.sign-in', target: 'user:alice', outcome: 'success', sourceIp: '127.0.0.1', details: { method: 'password' } });
    clock.advance(1000);
    const second = await trail.append({ actor: 'alice', action: 'settings.change', outcome: 'success', details: { key: 'retentionDays', from: 180, to: 365 } });
    clock.advance(1000);
    await trail.append({ actor: 'bob', action: 'auth.forbidden', target: 'route:GET /api/v1/audit', outcome: 'denied' });
    assert.equal(first.seq, 1);
    assert.equal(first.prevHash, GENESIS_HASH);
    assert.equal(second.prevHash, first.hash);
    assert.equal(first.time, '2026-01-01T00:00:00.000Z');
    assert.deepEqual(await trail.verify(), { ok: true, entries: 3, firstSeq: 1, lastSeq: 3, anchorSeq: 0 });
    const alice = await trail.query({ actor: 'alice' });
    assert.deepEqual(alice.map((e) => e.seq), [2, 1]);
    assert.deepEqual(alice[1], first);
    assert.deepEqual((await trail.query({ outcome: 'denied' })).map((e) => e.actor), ['bob']);
    assert.deepEqual((await trail.query({ limit: 1, beforeSeq: 3 })).map((e) => e.seq), [2]);
    assert.deepEqual((await trail.query({ from: '2026-01-01T00:00:01.000Z', to: '2026-01-01T00:00:02.000Z' })).map((e) => e.seq), [2]);
    assert.deepEqual(await verifyAuditTrail(db), { ok: true, entries: 3, firstSeq: 1, lastSeq: 3, anchorSeq: 0 });
  });

  test('concurrent appends each get their own seq and the chain stays intact', async () => {
    const db = await ctx.fresh();
    const trail = await AuditTrail.open(db);
    await Promise.all(Array.from({ length: 40 }, (_, i) => trail.append({ actor: `u${i}`, action: 'test.concurrent', outcome: 'success' })));
    const verification = await trail.verify();
    assert.deepEqual(verification, { ok: true, entries: 40, firstSeq: 1, lastSeq: 40, anchorSeq: 0 });
  });

  test('the database refuses UPDATE and DELETE on the audit table (append-only trigger)', async () => {
    const db = await ctx.fresh();
    const trail = await AuditTrail.open(db);
    await trail.append({ actor: 'alice', action: 'auth.sign-in', outcome: 'success' });
    await assert.rejects(db.run("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1"), /append-only/);
    await assert.rejects(db.run('DELETE FROM audit_log WHERE seq = 1'), /append-only/);
    assert.deepEqual((await trail.verify()).ok, true);
  });

  test('a row edited directly in SQL (trigger dropped) is named by verify', async () => {
    const db = await ctx.fresh();
    const trail = await AuditTrail.open(db);
    for (let i = 1; i <= 5; i++) await trail.append({ actor: 'alice', action: 'waiver.approve', target: `waiver:W-${i}`, outcome: 'success' });
    await dropAppendOnlyTrigger(db, ctx.dialect);
    await db.run("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3");
    assert.deepEqual(await trail.verify(), { ok: false, seq: 3, reason: 'entry 3 was altered: its content does not match its hash' });
  });

  test('an edit that also recomputes the row hash is caught at the next entry', async () => {
    const db = await ctx.fresh();
    const trail = await AuditTrail.open(db);
    for (let i = 1; i <= 4; i++) await trail.append({ actor: 'alice', action: 'user.role-change', target: `user:u${i}`, outcome: 'success' });
    await dropAppendOnlyTrigger(db, ctx.dialect);
    const [row] = await trail.query({ target: 'user:u2' });
    const forged = { ...row!, actor: 'mallory' };
    await db.run('UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 2', ['mallory', auditEntryHash(forged)]);
    assert.deepEqual(await trail.verify(), { ok: false, seq: 3, reason: 'entry 3 does not link to the hash of entry 2' });
  });

  test('a deleted middle row and a cut-off tail are detected', async () => {
    const db = await ctx.fresh();
    const trail = await AuditTrail.open(db);
    for (let i = 1; i <= 6; i++) await trail.append({ actor: 'alice', action: 'policy.change', outcome: 'success' });
    await dropAppendOnlyTrigger(db, ctx.dialect);
    await db.run('DELETE FROM audit_log WHERE seq = 6');
    assert.deepEqual(await trail.verify(), { ok: false, seq: 6, reason: 'entries 6..6 are missing from the end of the trail' });
    await db.run('DELETE FROM audit_log WHERE seq = 4');
    assert.deepEqual(await trail.verify(), { ok: false, seq: 4, reason: 'entry 4 is missing (next present is 5)' });
  });

  test('retention: refuses under 180 days unless forced; the purge anchors the chain, audits itself, and verify still passes', async () => {
    const db = await ctx.fresh();
    const clock = manualClock('2026-01-01T00:00:00Z');
    const trail = await AuditTrail.open(db, { now: clock.now });
    for (let i = 1; i <= 4; i++) {
      await trail.append({ actor: 'alice', action: 'waiver.request', target: `waiver:W-${i}`, outcome: 'success' });
      clock.advance(60 * DAY);
    }
    // Entries at day 0, 60, 120, 180; now is day 240.
    await assert.rejects(trail.purgeOlderThan(90), /90 days is shorter than the 180 days MLPS 2\.0 requires/);
    assert.equal((await trail.query({ limit: 1000 })).length, 4, 'a refused purge removes nothing');

    const result = await trail.purgeOlderThan(180, { actor: 'retention-job' });
    assert.deepEqual(result, { purged: 1, anchorSeq: 1 });
    assert.deepEqual(await trail.verify(), { ok: true, entries: 4, firstSeq: 2, lastSeq: 5, anchorSeq: 1 });
    const [purgeEntry] = await trail.query({ action: 'audit.purge' });
    assert.equal(purgeEntry!.actor, 'retention-job');
    assert.deepEqual(purgeEntry!.details, { retentionDays: 180, purged: 1, anchorSeq: 1, forced: false });

    const forced = await trail.purgeOlderThan(30, { force: true });
    assert.deepEqual(forced, { purged: 3, anchorSeq: 4 });
    const verification = await trail.verify();
    assert.deepEqual(verification, { ok: true, entries: 2, firstSeq: 5, lastSeq: 6, anchorSeq: 4 });
    // After a purge, tampering is still detected, and deleting the first kept entry breaks the anchor link.
    await dropAppendOnlyTrigger(db, ctx.dialect);
    await db.run('DELETE FROM audit_log WHERE seq = 5');
    assert.deepEqual(await trail.verify(), { ok: false, seq: 5, reason: 'entry 5 is missing (next present is 6)' });
  });

  test('JSON lines export streams every entry oldest first, one canonical object per line', async () => {
    const db = await ctx.fresh();
    const trail = await AuditTrail.open(db);
    for (let i = 1; i <= 3; i++) await trail.append({ actor: 'alice', action: 'settings.change', outcome: 'success', details: { n: i } });
    const lines: string[] = [];
    for await (const line of trail.exportJsonLines()) lines.push(line);
    assert.equal(lines.length, 3);
    assert.ok(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n')));
    const parsed = lines.map((line) => JSON.parse(line) as AuditEntry);
    assert.deepEqual(parsed.map((e) => e.seq), [1, 2, 3]);
    assert.deepEqual(parsed[2]!.details, { n: 3 });
    for (const entry of parsed) assert.equal(auditEntryHash(entry), entry.hash, 'an exported line verifies on its own');
    const many: number[] = [];
    for await (const entry of trail.entries({ pageSize: 2 })) many.push(entry.seq);
    assert.deepEqual(many, [1, 2, 3]);
  });

  test('bad input: an unknown outcome or missing actor is refused with the field named', async () => {
    const db = await ctx.fresh();
    const trail = await AuditTrail.open(db);
    await assert.rejects(trail.append({ actor: 'a', action: 'x', outcome: 'maybe' as AuditEntry['outcome'] }), /outcome must be success, failure or denied, not maybe/);
    await assert.rejects(trail.append({ actor: '', action: 'x', outcome: 'success' }), /actor is required/);
    assert.deepEqual(await trail.verify(), { ok: true, entries: 0, firstSeq: 0, lastSeq: 0, anchorSeq: 0 });
  });
});

/** What someone with owner rights on the database could do; the hash chain must still catch them. */
async function dropAppendOnlyTrigger(db: import('../../../src/store/sql/database.js').SqlDatabase, dialect: string): Promise<void> {
  if (dialect === 'postgres') await db.run('DROP TRIGGER audit_log_append_only ON audit_log');
  else {
    await db.run('DROP TRIGGER audit_log_no_update');
    await db.run('DROP TRIGGER audit_log_no_delete');
  }
}
