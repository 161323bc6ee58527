/**
 * GroupCommitter: the local commit runs beside the shipping and the acknowledgement
 * waits for both; whenDurable: a retried request is answered only once everything
 * applied before it is durable, and fails with the commit that failed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GroupCommitter } from '../../src/journal/group-commit.js';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** A committer whose shipping of each batch waits until the test lets it go. */
function gatedCommitter() {
  const committed: number[][] = [];
  const ships: ReturnType<typeof deferred>[] = [];
  const failures: Error[] = [];
  const committer = new GroupCommitter<number>(
    { commit: (entries) => committed.push([...entries]) },
    (err) => failures.push(err),
    (err) => failures.push(err),
  );
  committer.setShipBatch(() => {
    const ship = deferred();
    ships.push(ship);
    return ship.promise;
  });
  return { committer, committed, ships, failures };
}

async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

test('with nothing appended, whenDurable resolves at once', async () => {
  const { committer } = gatedCommitter();
  await committer.whenDurable();
});

test('whenDurable waits for the batch being committed and for the one pending after it', async () => {
  const { committer, committed, ships } = gatedCommitter();
  const first = committer.appendMany([1], []);
  await turns();
  assert.equal(ships.length, 1, 'batch [1] is being shipped');
  const second = committer.appendMany([2], []);
  let durable = false;
  const retry = committer.whenDurable().then(() => (durable = true));
  ships[0]!.resolve();
  await first;
  await turns();
  assert.equal(durable, false, 'entry 2 is not durable yet');
  ships[1]!.resolve();
  await Promise.all([second, retry]);
  assert.deepEqual(committed, [[1], [2]]);
  assert.equal(durable, true);
});

test('a retry waiting on a commit that fails fails with it', async () => {
  const { committer, ships, failures } = gatedCommitter();
  const first = committer.appendMany([1], []);
  await turns();
  const retry = committer.whenDurable();
  ships[0]!.reject(new Error('standby gone'));
  await assert.rejects(first, /standby gone/);
  await assert.rejects(retry, /standby gone/);
  assert.equal(failures.length, 1);
});

test('a batch is committed locally while its shipping is under way, and acknowledged only after it', async () => {
  const { committer, committed, ships } = gatedCommitter();
  let acknowledged = false;
  const first = committer.appendMany([1], []).then(() => (acknowledged = true));
  await turns();
  assert.equal(ships.length, 1, 'batch [1] is being shipped');
  assert.deepEqual(committed, [[1]], 'the local commit does not wait for the standby');
  assert.equal(acknowledged, false, 'nor does the acknowledgement go out before it');
  ships[0]!.resolve();
  await first;
  assert.equal(acknowledged, true);
});

test('a batch whose shipping fails after its local commit is not acknowledged, nor is any after it', async () => {
  const { committer, committed, ships, failures } = gatedCommitter();
  const first = committer.appendMany([1], []);
  await turns();
  const second = committer.appendMany([2], []);
  ships[0]!.reject(new Error('standby gone'));
  await assert.rejects(first, /standby gone/);
  await assert.rejects(second, /standby gone/);
  // Held here unacknowledged: the next active's journal will diverge from this one.
  assert.deepEqual(committed, [[1]]);
  assert.equal(ships.length, 1, 'nothing more is shipped');
  assert.deepEqual(
    failures.map((e) => e.message),
    ['standby gone'],
  );
});

test('a nameserver that steps down before the local commit does not commit the batch', async () => {
  const committed: number[][] = [];
  const committer = new GroupCommitter<number>(
    { commit: (entries) => committed.push([...entries]) },
    () => undefined,
    () => undefined,
  );
  // The step-down comes while the batch leaves, before the thread is free to commit it.
  committer.setShipBatch(() => {
    queueMicrotask(() => committer.failPending(new Error('stepped down')));
    return new Promise<void>(() => undefined);
  });
  await assert.rejects(committer.appendMany([1], []), /stepped down/);
  await turns();
  assert.deepEqual(committed, [], 'memory is rebuilt from the store: the store must not take it');
});
