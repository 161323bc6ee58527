/**
 * F3 with real processes: the active nameserver is cut off from the standby and
 * the witness (fault proxies on every link between the nameservers and to the
 * witness), while clients still reach it directly — the case where a deposed
 * active could go on acknowledging. Writers run against the old active alone and
 * through the failover client the whole time; every answer names the nameserver
 * that gave it, and the journals say in which epoch each acknowledged mutation was
 * committed. Then the partition heals and the old active must rejoin as a standby
 * with the same namespace (I-5).
 */
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'libsql';
import { TestCluster } from '../helpers/cluster.js';
import { haStatus } from '../helpers/ha-status.js';
import { StrataError } from '../../src/core/errors.js';
import { HaDefaults } from '../../src/ha/constants.js';
import type { StrataClient } from '../../src/client/strata-client.js';
import type { NameServerAnswer } from '../../src/client/nameserver-client.js';

let cluster: TestCluster | undefined;
/** Stops the test's writers: a failed assertion would leave them running otherwise. */
let stopWriters: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopWriters?.();
  stopWriters = undefined;
  if (process.env.STRATA_KEEP_TEST_DIRS) return;
  await cluster?.destroy();
  cluster = undefined;
});

/** One writeFile: when it began and ended (ms, this process's monotonic clock), and how. */
interface Write {
  path: string;
  startedAt: number;
  endedAt: number;
  ok: boolean;
  code?: string;
}

/** An answer a nameserver gave with success, when this process received it. */
type Answer = NameServerAnswer & { at: number };

/** Writes empty files one after another under `dir` until `running()` says stop. */
async function writer(
  client: StrataClient,
  dir: string,
  running: () => boolean,
  writes: Write[],
): Promise<void> {
  for (let i = 0; running(); i++) {
    const path = `${dir}/f${i}`;
    const startedAt = performance.now();
    try {
      await client.writeFile(path, Buffer.alloc(0), { createParents: true });
      writes.push({ path, startedAt, endedAt: performance.now(), ok: true });
    } catch (err) {
      const code = err instanceof StrataError ? err.code : String(err);
      writes.push({ path, startedAt, endedAt: performance.now(), ok: false, code });
      // A refusing nameserver answers at once: do not spin on it.
      await sleep(20);
    }
  }
}

/** Polls `probe` until it returns a value, or fails the test after `timeoutMs`. */
async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A nameserver's HA status, asked again while it does not answer in time (a loaded machine). */
function statusOf(address: string, withChecksum = false) {
  return waitFor(`the status of ${address}`, 30_000, () => haStatus(address, withChecksum));
}

interface Journal {
  entries: { txid: number; epoch: number }[];
  /** The operation of each epoch's first entry. */
  firstOfEpoch: Map<number, { op: string; epoch?: number }>;
  /** The epochs of each request id's entries. */
  epochsOf: Map<string, Set<number>>;
}

/** A nameserver's journal up to `lastTxid`, read from its store (SQLite in WAL mode allows a reader). */
function readJournal(dir: string, lastTxid: number): Journal {
  const db = new Database(join(dir, 'metadata.sqlite'));
  try {
    const rows = db
      .prepare('SELECT txid, epoch, op, request_id FROM journal WHERE txid <= ? ORDER BY txid')
      .all(lastTxid) as { txid: number; epoch: number; op: string; request_id: string | null }[];
    const epochsOf = new Map<string, Set<number>>();
    const firstOfEpoch = new Map<number, { op: string; epoch?: number }>();
    for (const r of rows) {
      if (!firstOfEpoch.has(r.epoch))
        firstOfEpoch.set(r.epoch, JSON.parse(r.op) as { op: string; epoch?: number });
      if (!r.request_id) continue;
      const set = epochsOf.get(r.request_id) ?? new Set<number>();
      set.add(r.epoch);
      epochsOf.set(r.request_id, set);
    }
    return { entries: rows.map((r) => ({ txid: r.txid, epoch: r.epoch })), firstOfEpoch, epochsOf };
  } finally {
    db.close();
  }
}

/**
 * How long the partition lasts: long enough for the cut-off nameserver to stand for
 * election several times. It cannot win, but what it does to its own voter on each
 * try must not keep the new active from leading once the partition heals.
 */
const PARTITION_MS = 4 * (HaDefaults.electionTimeoutMs + HaDefaults.electionJitterMs);

test('F3 I-3 I-1 I-5: the active partitioned from the standby and the witness: one acknowledging nameserver per epoch, its late writes refused, the same namespace after healing', async () => {
  cluster = await TestCluster.start({
    ha: true,
    faultProxies: true,
    dataservers: 1,
    replication: 1,
  });
  const answers: Answer[] = [];
  const onNameServerAnswer = (a: NameServerAnswer) => answers.push({ ...a, at: performance.now() });
  const acksFrom = (address: string, after = -Infinity) =>
    answers.filter((a) => a.address === address && a.requestId !== undefined && a.at > after);
  let running = true;
  const writers: Promise<void>[] = [];
  stopWriters = async () => {
    running = false;
    await Promise.all(writers);
  };
  const failover = cluster.client({ onNameServerAnswer });
  const failoverWrites: Write[] = [];
  for (let w = 0; w < 4; w++)
    writers.push(writer(failover, `/f3/failover/w${w}`, () => running, failoverWrites));

  // Correctness deadlines below are generous: the machine may be loaded (and then
  // the first active may lose its lease and hand over before the partition).
  await waitFor('writes acknowledged', 60_000, async () => (answers.length >= 20 ? true : null));
  await cluster.waitForStandbyInSync(60_000);
  const old = await cluster.waitForActive();
  const fresh = 1 - old;
  const oldAddress = cluster.nameserverAddresses[old]!;
  const freshAddress = cluster.nameserverAddresses[fresh]!;
  // Knows only this active: what a client that cannot see the partition keeps doing.
  const direct = cluster.client({
    nameservers: [oldAddress],
    failoverTimeoutMs: 0,
    onNameServerAnswer,
  });
  const directWrites: Write[] = [];
  for (let w = 0; w < 2; w++)
    writers.push(writer(direct, `/f3/direct/w${w}`, () => running, directWrites));
  await waitFor('writes acknowledged by the active alone', 60_000, async () =>
    directWrites.filter((w) => w.ok).length >= 10 ? true : null,
  );
  // The standby must be in sync when the partition starts, or nobody may replace the active.
  await cluster.waitForStandbyInSync(60_000);
  const before = await statusOf(oldAddress);
  assert.equal(before.role, 'active', 'the active changed before the partition');

  const partitionedAt = performance.now();
  cluster.partitionNameServer(old);
  await waitFor('an acknowledgement from the new active', 60_000, async () =>
    acksFrom(freshAddress, partitionedAt).length > 0 ? true : null,
  );
  const firstFreshAck = acksFrom(freshAddress, partitionedAt)[0]!.at;
  // Both clients go on writing well past the new epoch's start: the old active must refuse.
  await sleep(2_000);
  await stopWriters();

  const elected = await waitFor('the new active', 30_000, async () => {
    const s = await haStatus(freshAddress);
    return s.role === 'active' ? s : null;
  });
  assert.ok(elected.epoch > before.epoch, `new epoch ${elected.epoch} > old ${before.epoch}`);
  assert.equal((await statusOf(oldAddress)).role, 'standby', 'the cut-off active stepped down');

  // I-3 in time: a write sent to the old active after its lease must have run out
  // (counted from the partition, as its last renewal was sent before it), or after
  // the new active acknowledged (so once the new epoch was granted), is refused.
  const leaseOver = partitionedAt + HaDefaults.leaseMs;
  const late = directWrites.filter((w) => w.startedAt > Math.min(leaseOver, firstFreshAck));
  assert.ok(late.length > 0, 'writes were sent to the old active after the new epoch began');
  for (const w of late) {
    assert.equal(w.ok, false, `the old active acknowledged ${w.path} after its lease`);
    assert.ok(w.code === 'NOT_ACTIVE' || w.code === 'UNAVAILABLE', `${w.path}: ${w.code}`);
  }
  const refusals = directWrites.filter((w) => !w.ok && w.endedAt > partitionedAt);
  const firstRefusal = Math.min(...refusals.map((w) => w.endedAt));
  const lastOldAck = Math.max(...acksFrom(oldAddress).map((a) => a.at));
  const codes = new Map<string, number>();
  for (const w of refusals) codes.set(w.code!, (codes.get(w.code!) ?? 0) + 1);
  const ms = (t: number) => `${Math.round(t - partitionedAt)} ms`;
  console.log(
    `F3: after the partition, the new active's first acknowledgement came at ${ms(firstFreshAck)}, ` +
      `the old active's first refusal at ${ms(firstRefusal)} (its last acknowledgement at ${ms(lastOldAck)}); ` +
      `refusals ${JSON.stringify(Object.fromEntries(codes))}; epochs ${before.epoch} -> ${elected.epoch}`,
  );

  // Heal: the old active comes back as a standby, catches up and holds the same namespace.
  await sleep(Math.max(0, partitionedAt + PARTITION_MS - performance.now()));
  const healedAt = performance.now();
  cluster.healLinks();
  const converged = await waitFor('both nameservers to hold one namespace', 120_000, async () => {
    const [a, b] = await Promise.all([haStatus(oldAddress, true), haStatus(freshAddress, true)]);
    const roles = [a.role, b.role].sort().join();
    const same = a.lastTxid === b.lastTxid && a.namespaceChecksum === b.namespaceChecksum;
    return roles === 'active,standby' && same ? b : null;
  });
  console.log(
    `F3: one namespace again ${Math.round(performance.now() - healedAt)} ms after healing`,
  );

  // I-3 in the journals: both hold the same entries, and epochs never go back...
  const [oldJournal, freshJournal] = [old, fresh].map((i) =>
    readJournal(join(cluster!.dir, `ns${i + 1}`), Number(converged.lastTxid)),
  ) as [Journal, Journal];
  assert.deepEqual(oldJournal.entries, freshJournal.entries, 'the journals are identical');
  const epochs = freshJournal.entries.map((e) => e.epoch);
  for (let i = 1; i < epochs.length; i++) assert.ok(epochs[i]! >= epochs[i - 1]!, 'epochs rise');
  // ...each epoch opens with its active's no-op, acknowledged before it answered anyone
  // (a retry answered from entries an earlier term committed but never acknowledged
  // could otherwise be lost in a failover)...
  for (const [epoch, first] of freshJournal.firstOfEpoch)
    assert.deepEqual(first, { op: 'epochStart', epoch }, `epoch ${epoch} opens with epochStart`);
  assert.ok(freshJournal.firstOfEpoch.size >= 2, 'the partition made a new epoch');
  // ...every acknowledged mutation is in them (I-1)...
  const mutations = answers.filter((a) => a.requestId !== undefined);
  for (const a of mutations)
    assert.ok(freshJournal.epochsOf.has(a.requestId!), `acknowledged ${a.method} is journaled`);
  // ...and each epoch's mutations were acknowledged by one nameserver. Only answers
  // to a first try count here: a retry may be answered from the new active's retry
  // cache with an entry the old one committed.
  const ackedBy = new Map<number, Set<string>>();
  for (const a of mutations.filter((m) => m.attempts === 1)) {
    for (const epoch of freshJournal.epochsOf.get(a.requestId!)!) {
      const by = ackedBy.get(epoch) ?? new Set<string>();
      by.add(a.address);
      ackedBy.set(epoch, by);
    }
  }
  for (const [epoch, by] of ackedBy)
    assert.equal(by.size, 1, `epoch ${epoch} acknowledged by ${[...by].join(' and ')}`);
  // The old active's acknowledgements all belong to its epoch or older ones; the new
  // active's include a newer one (on any try: a loaded machine may make it change epochs).
  const epochsAckedBy = (address: string) =>
    mutations
      .filter((a) => a.address === address)
      .flatMap((a) => [...freshJournal.epochsOf.get(a.requestId!)!]);
  assert.ok(
    epochsAckedBy(oldAddress).every((e) => e <= before.epoch),
    'old active: no newer epoch',
  );
  assert.ok(
    epochsAckedBy(freshAddress).some((e) => e > before.epoch),
    'new active: a newer epoch',
  );

  // Every acknowledged create is there, and every write that succeeded is complete.
  const present = new Map<string, boolean>();
  for (const dir of ['/f3/direct', '/f3/failover'])
    for await (const sub of failover.list(dir))
      for await (const e of failover.list(sub.path)) present.set(e.path, e.underConstruction);
  for (const a of mutations.filter((m) => m.method === 'Create')) {
    const path = (a.request as { path: string }).path;
    assert.ok(present.has(path), `acknowledged create of ${path} is present`);
  }
  for (const w of [...directWrites, ...failoverWrites].filter((x) => x.ok))
    assert.equal(present.get(w.path), false, `${w.path} is complete`);
});
