import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBothDatabases } from '../../helpers/postgres.js';
import { toPgPlaceholders, PgDatabase } from '../../../src/store/sql/postgres.js';
import type { Migration } from '../../../src/store/sql/database.js';

// The SqlDatabase contract, run identically on SQLite and on a real PostgreSQL 15.

const ITEMS: Migration[] = [
  `CREATE TABLE items (id TEXT PRIMARY KEY, n INTEGER NOT NULL, big BIGINT, note TEXT);
   CREATE INDEX items_by_n ON items(n);`,
  { sqlite: 'CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT NOT NULL)', postgres: 'CREATE TABLE events (seq BIGSERIAL PRIMARY KEY, what TEXT NOT NULL)' },
  { sqlite: 'CREATE TABLE blobs (id TEXT PRIMARY KEY, data BLOB NOT NULL)', postgres: 'CREATE TABLE blobs (id TEXT PRIMARY KEY, data BYTEA NOT NULL)' },
];

withBothDatabases('SqlDatabase', ({ dialect, db, fresh }) => {
  test('migrate applies multi-statement scripts once, in order, per component', async () => {
    await db().migrate('items', ITEMS);
    await db().migrate('items', ITEMS);
    const versions = await db().all<{ version: number }>('SELECT version FROM schema_migrations WHERE component = ? ORDER BY version', ['items']);
    assert.deepEqual(versions.map((v) => v.version), [1, 2, 3]);
    // The index of the first script's second statement exists: querying by it works and the table is empty.
    assert.equal((await db().get<{ c: number }>('SELECT COUNT(*) AS c FROM items WHERE n = ?', [1]))?.c, 0);
    // A second component keeps its own counter.
    await db().migrate('other', ['CREATE TABLE other_things (id TEXT PRIMARY KEY)']);
    assert.equal((await db().get<{ v: number }>('SELECT MAX(version) AS v FROM schema_migrations WHERE component = ?', ['other']))?.v, 1);
  });

  test('migrate refuses a schema newer than the code knows', async () => {
    await assert.rejects(db().migrate('items', ITEMS.slice(0, 2)), /schema of items is version 3, newer than this rampart knows \(2\)/);
  });

  test('a failing migration is rolled back and not recorded', async () => {
    const broken: Migration[] = ['CREATE TABLE half_done (id TEXT); CREATE TABLE half_done (id TEXT)'];
    await assert.rejects(db().migrate('broken', broken));
    assert.equal((await db().get<{ c: number }>('SELECT COUNT(*) AS c FROM schema_migrations WHERE component = ?', ['broken']))?.c, 0);
    if (dialect === 'postgres') {
      // PostgreSQL DDL is transactional: the first CREATE is gone too.
      assert.equal((await db().get<{ c: number }>("SELECT COUNT(*) AS c FROM information_schema.tables WHERE table_name = 'half_done'"))?.c, 0);
    }
  });

  test('? placeholders bind in order; question marks in strings and comments stay text', async () => {
    const row = await db().get<{ a: string; b: number; c: string }>(
      "SELECT ? AS a, /* why? */ ? + 1 AS b, 'what?' || ? AS c -- really?\n",
      ['x', 41, '!'],
    );
    assert.deepEqual(row, { a: 'x', b: 42, c: 'what?!' });
  });

  test('integers come back as numbers, counts and sums included', async () => {
    await db().run('INSERT INTO items (id, n, big, note) VALUES (?, ?, ?, ?), (?, ?, ?, ?)', ['a', 1, 2 ** 40, null, 'b', 2, 7, "it's"]);
    const row = await db().get<{ c: number; s: number; m: number; big: number }>('SELECT COUNT(*) AS c, SUM(n) AS s, MAX(n) AS m, SUM(big) AS big FROM items');
    assert.deepEqual(row, { c: 2, s: 3, m: 2, big: 2 ** 40 + 7 });
    const items = await db().all<{ id: string; n: number; big: number; note: string | null }>('SELECT id, n, big, note FROM items ORDER BY id');
    assert.deepEqual(items, [
      { id: 'a', n: 1, big: 2 ** 40, note: null },
      { id: 'b', n: 2, big: 7, note: "it's" },
    ]);
  });

  test('run reports changed rows; get returns undefined when nothing matches', async () => {
    assert.deepEqual(await db().run('UPDATE items SET n = n + 10 WHERE n < ?', [100]), { changes: 2 });
    assert.deepEqual(await db().run('DELETE FROM items WHERE id = ?', ['nope']), { changes: 0 });
    assert.equal(await db().get('SELECT id FROM items WHERE id = ?', ['nope']), undefined);
  });

  test('ON CONFLICT DO UPDATE and RETURNING behave alike', async () => {
    const upsert = 'INSERT INTO items (id, n) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET n = items.n + excluded.n RETURNING id, n';
    assert.deepEqual(await db().all(upsert, ['c', 5]), [{ id: 'c', n: 5 }]);
    assert.deepEqual(await db().all(upsert, ['c', 5]), [{ id: 'c', n: 10 }]);
    const seq1 = await db().get<{ seq: number }>('INSERT INTO events (what) VALUES (?) RETURNING seq', ['first']);
    const seq2 = await db().get<{ seq: number }>('INSERT INTO events (what) VALUES (?) RETURNING seq', ['second']);
    assert.equal(typeof seq1?.seq, 'number');
    assert.equal(seq2!.seq, seq1!.seq + 1);
  });

  test('binary values round-trip as Buffers', async () => {
    const data = Buffer.from([0, 1, 2, 255, 0x3f]);
    await db().run('INSERT INTO blobs (id, data) VALUES (?, ?)', ['b1', data]);
    const row = await db().get<{ data: Buffer }>('SELECT data FROM blobs WHERE id = ?', ['b1']);
    assert.ok(Buffer.isBuffer(row?.data));
    assert.deepEqual(row.data, data);
  });

  test('a transaction commits when its work resolves and rolls back when it throws', async () => {
    const result = await db().transaction(async (tx) => {
      await tx.run('INSERT INTO items (id, n) VALUES (?, ?)', ['t1', 1]);
      return (await tx.get<{ c: number }>('SELECT COUNT(*) AS c FROM items WHERE id = ?', ['t1']))?.c;
    });
    assert.equal(result, 1);
    await assert.rejects(
      db().transaction(async (tx) => {
        await tx.run('INSERT INTO items (id, n) VALUES (?, ?)', ['t2', 1]);
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    assert.ok(await db().get('SELECT id FROM items WHERE id = ?', ['t1']));
    assert.equal(await db().get('SELECT id FROM items WHERE id = ?', ['t2']), undefined);
  });

  test('a constraint violation inside a transaction rolls the whole transaction back', async () => {
    await assert.rejects(
      db().transaction(async (tx) => {
        await tx.run('INSERT INTO items (id, n) VALUES (?, ?)', ['t3', 1]);
        await tx.run('INSERT INTO items (id, n) VALUES (?, ?)', ['t3', 2]);
      }),
      dialect === 'postgres' ? /postgres 127\.0\.0\.1:\d+\/rampart_test: duplicate key/ : /UNIQUE constraint failed/,
    );
    assert.equal(await db().get('SELECT id FROM items WHERE id = ?', ['t3']), undefined);
  });

  test("concurrent requests never see or join another request's open transaction", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
    const slow = db().transaction(async (tx) => {
      await tx.run('INSERT INTO items (id, n) VALUES (?, ?)', ['hidden', 1]);
      inserted();
      await gate;
      throw new Error('roll back');
    });
    await insertedSignal;
    // Outside the transaction: an insert and a read. Neither may see 'hidden', and the insert
    // must survive the other transaction's rollback.
    const outsideWrite = db().run('INSERT INTO items (id, n) VALUES (?, ?)', ['outside', 1]);
    const outsideRead = db().get('SELECT id FROM items WHERE id = ?', ['hidden']);
    setTimeout(release, 50);
    await assert.rejects(slow, /roll back/);
    await outsideWrite;
    assert.equal(await outsideRead, undefined);
    assert.equal(await db().get('SELECT id FROM items WHERE id = ?', ['hidden']), undefined);
    assert.ok(await db().get('SELECT id FROM items WHERE id = ?', ['outside']));
  });

  test('many concurrent transactions each apply fully (no lost updates)', async () => {
    await db().run('INSERT INTO items (id, n) VALUES (?, ?)', ['counter', 0]);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db().transaction(async (tx) => {
          const row = await tx.get<{ n: number }>(dialect === 'postgres' ? 'SELECT n FROM items WHERE id = ? FOR UPDATE' : 'SELECT n FROM items WHERE id = ?', ['counter']);
          await tx.run('UPDATE items SET n = ? WHERE id = ?', [row!.n + 1, 'counter']);
        }),
      ),
    );
    assert.equal((await db().get<{ n: number }>('SELECT n FROM items WHERE id = ?', ['counter']))?.n, 20);
  });

  test('fresh() gives an empty database of the same dialect', async () => {
    const other = await fresh();
    assert.equal(other.dialect, dialect);
    await other.migrate('items', ITEMS);
    assert.equal((await other.get<{ c: number }>('SELECT COUNT(*) AS c FROM items'))?.c, 0);
  });
});

test('toPgPlaceholders numbers ? outside quotes, identifiers and comments', () => {
  assert.deepEqual(toPgPlaceholders(`SELECT "a?", 'b''?', ? -- c?\n, ? /* d? */ FROM t WHERE x = ?`), {
    text: `SELECT "a?", 'b''?', $1 -- c?\n, $2 /* d? */ FROM t WHERE x = $3`,
    count: 3,
  });
});

test('PgDatabase.connect names the host and database but never the password when it fails', async () => {
  const err = await PgDatabase.connect('postgres://alice:s3cret-pw@127.0.0.1:1/ledger', { connectTimeoutMs: 2000 }).then(
    () => assert.fail('connected to a closed port'),
    (e: Error) => e,
  );
  assert.match(err.message, /^postgres 127\.0\.0\.1:1\/ledger: /);
  assert.doesNotMatch(err.message, /s3cret/);
  await assert.rejects(PgDatabase.connect('mysql://x@h/db'), /scheme mysql:, expected postgres:/);
  await assert.rejects(PgDatabase.connect('not a url'), /not a valid URL/);
});
