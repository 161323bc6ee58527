/**
 * Snapshot catch-up and the cluster id, with real processes (two nameservers, a
 * witness, a dataserver): a standby further behind than the kept journal, and one
 * whose journal diverged from the active's, are brought back by a snapshot plus
 * the journal after it (I-5), and a failover afterwards loses nothing (I-1); both
 * nameservers carry one cluster id, and a standby holding another cluster's
 * namespace refuses the active's rather than mix them.
 */
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TestCluster } from '../helpers/cluster.js';
import { haStatus } from '../helpers/ha-status.js';
import { MetadataStore, type JournalEntry } from '../../src/journal/metadata-store.js';
import { Namespace } from '../../src/namespace/namespace.js';
import type { Effect } from '../../src/namespace/types.js';
import { parsePath } from '../../src/core/paths.js';
import type { StrataClient } from '../../src/client/strata-client.js';

// The snapshot's timings are logged at info.
process.env.STRATA_LOG_LEVEL ??= 'info';

let cluster: TestCluster | undefined;
afterEach(async () => {
  if (process.env.STRATA_KEEP_TEST_DIRS) return;
  await cluster?.destroy();
  cluster = undefined;
});

const RETENTION = 200;

/** Waits until nameserver `b` holds what `a` holds (same last txid and namespace checksum). */
async function waitConverged(c: TestCluster, a: number, b: number, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [sa, sb] = await Promise.all([
      haStatus(c.nameserverAddresses[a]!, true),
      haStatus(c.nameserverAddresses[b]!, true).catch(() => null),
    ]);
    if (sb && sb.lastTxid === sa.lastTxid && sb.namespaceChecksum === sa.namespaceChecksum)
      return { active: sa, standby: sb };
    if (Date.now() > deadline) {
      assert.fail(
        `not converged: active ${sa.lastTxid} ${sa.namespaceChecksum.slice(0, 8)}, standby ${sb?.lastTxid} ${sb?.namespaceChecksum.slice(0, 8)}; logs in ${c.dir}/logs`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The JSON log lines of one process that carry `msg`. */
function logLines(c: TestCluster, name: string, msg: string): Record<string, unknown>[] {
  return readFileSync(join(c.dir, 'logs', `${name}.log`), 'utf8')
    .split('\n')
    .filter((l) => l.includes(msg))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * 1,008 client operations from 16 writers, each on its own subtree so that it knows
 * what must exist afterwards: directories, renames, one-block files, a delete.
 */
const OPS_PER_WRITER = 63;

async function mutate(client: StrataClient, prefix: string, expected: Map<string, string>) {
  await Promise.all(
    Array.from({ length: 16 }, async (_, w) => {
      const dir = `${prefix}/w${w}`;
      // Five times the journal retention (200): the standby must take a snapshot.
      for (let k = 0; k < OPS_PER_WRITER; k++) {
        if (k === OPS_PER_WRITER - 1) {
          await client.delete(`${dir}/d0`);
          expected.delete(`${dir}/d0`);
        } else if (k % 25 === 3) {
          await client.writeFile(`${dir}/f${k}`, Buffer.from(`file ${w}/${k}`), {
            createParents: true,
          });
          expected.set(`${dir}/f${k}`, `file ${w}/${k}`);
        } else if (k % 5 === 4) {
          await client.rename(`${dir}/d${k - 2}`, `${dir}/r${k}`);
          expected.delete(`${dir}/d${k - 2}`);
          expected.set(`${dir}/r${k}`, 'dir');
        } else {
          await client.mkdir(`${dir}/d${k}`, { parents: true });
          expected.set(`${dir}/d${k}`, 'dir');
        }
      }
    }),
  );
}

/** Every path under `prefix` (two levels), with 'dir' or the file's content. */
async function contents(client: StrataClient, prefix: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for await (const w of client.list(prefix)) {
    for await (const e of client.list(w.path)) {
      found.set(
        e.path,
        e.type === 'FILE_TYPE_DIRECTORY' ? 'dir' : (await client.readFile(e.path)).toString(),
      );
    }
  }
  return found;
}

test('I-5 I-1: a standby stopped for 1,008 operations (journal retention 200) catches up by snapshot, gets in sync, and a failover loses nothing', async () => {
  cluster = await TestCluster.start({
    ha: true,
    dataservers: 1,
    replication: 1,
    nameserverArgs: ['--journal-retention', String(RETENTION)],
  });
  const a = await cluster.waitForActive();
  const b = 1 - a;
  await cluster.waitForStandbyInSync();
  await cluster.killHaNameServer(b);
  const client = cluster.client();
  const expected = new Map<string, string>();
  const mutateStartedAt = Date.now();
  await mutate(client, '/snap', expected);
  console.log(
    `${16 * OPS_PER_WRITER} operations with the standby down: ${Date.now() - mutateStartedAt} ms`,
  );
  const stoppedAt = Number((await haStatus(cluster.nameserverAddresses[a]!)).lastTxid);
  // Past a pruning tick: the active keeps only the last 200 entries.
  await new Promise((r) => setTimeout(r, 1_500));

  const startedAt = Date.now();
  await cluster.startHaNameServer(b);
  const { active, standby } = await waitConverged(cluster, a, b);
  const caughtUpMs = Date.now() - startedAt;
  await cluster.waitForStandbyInSync();
  assert.equal(standby.role, 'standby');
  assert.equal(standby.snapshotsInstalled, 1, 'the standby caught up by a snapshot');
  const sent = logLines(cluster, `ns${a + 1}`, 'the standby installed a snapshot')[0]!;
  const installed = logLines(cluster, `ns${b + 1}`, 'snapshot installed')[0]!;
  console.log(
    `snapshot catch-up: ${stoppedAt} txids, snapshot of ${String(sent.inodes)} inodes, ${String(sent.blocks)} blocks, ${String(sent.journal)} journal entries in ${String(sent.chunks)} chunks: sent and installed in ${String(sent.ms)} ms (install ${String(installed.ms)} ms); standby equal ${caughtUpMs} ms after its restart (${active.lastTxid} txids)`,
  );
  assert.ok(Number(sent.journal) <= RETENTION + 50, `journal tail of ${String(sent.journal)}`);
  // The whole namespace: at least every path the writers left (plus the directories above).
  assert.ok(Number(sent.inodes) >= expected.size, `${String(sent.inodes)} inodes`);

  // In sync: more writes, then kill -9 of the active. The former standby has everything.
  for (let i = 0; i < 50; i++) {
    await client.writeFile(`/snap/after/f${i}`, Buffer.from(`after ${i}`), {
      createParents: true,
    });
  }
  // A batch the standby was slow to take (this machine is shared) takes it out of the
  // in-sync set for a moment, and then it must not be promoted: wait until it is back.
  await cluster.waitForStandbyInSync();
  await cluster.killHaNameServer(a);
  assert.equal(await cluster.waitForActive(), b);
  const readStartedAt = Date.now();
  const found = await contents(client, '/snap');
  console.log(`read back ${found.size} paths after the failover: ${Date.now() - readStartedAt} ms`);
  for (let i = 0; i < 50; i++) expected.set(`/snap/after/f${i}`, `after ${i}`);
  assert.equal(found.size, expected.size);
  assert.deepEqual(found, expected);
});

/**
 * Writes into a stopped nameserver's store what it holds when a deposed active
 * shipped it a batch and then failed to commit that batch itself (the standby
 * commits first): entries after its last, in the old epoch, that the next active
 * never has. Applied with the nameserver's own code (Namespace + MetadataStore).
 */
function giveUncommittedEntries(storePath: string, paths: string[]): number {
  const store = new MetadataStore(storePath);
  try {
    const ns = new Namespace({ defaultReplication: 1, defaultBlockSizeBytes: 1024 * 1024 });
    store.loadInto(ns);
    let txid = store.lastTxid;
    const epoch = store.epochAt(txid) ?? 1;
    const entries: JournalEntry[] = [];
    const effects: Effect[] = [];
    for (const path of paths) {
      for (const op of ns.planMkdir(parsePath(path), true, Date.now())) {
        effects.push(...ns.apply(op));
        entries.push({ txid: ++txid, epoch, op });
      }
    }
    store.commit(entries, effects);
    return txid;
  } finally {
    store.close();
  }
}

test('I-5: a standby whose journal diverged from the active’s is replaced by a snapshot, not merged', async () => {
  cluster = await TestCluster.start({ ha: true, dataservers: 1, replication: 1 });
  const a = await cluster.waitForActive();
  const b = 1 - a;
  await cluster.waitForStandbyInSync();
  const client = cluster.client();
  for (let i = 0; i < 10; i++) await client.mkdir(`/div/base${i}`, { parents: true });
  const before = await haStatus(cluster.nameserverAddresses[a]!);
  await cluster.killHaNameServer(b);
  // The active is restarted alone: with the witness it wins a newer epoch.
  await cluster.killHaNameServer(a);
  giveUncommittedEntries(join(cluster.dir, `ns${b + 1}`, 'metadata.sqlite'), [
    '/div/ghost1',
    '/div/ghost2',
    '/div/ghost3',
  ]);
  await cluster.startHaNameServer(a);
  assert.equal(await cluster.waitForActive(), a);
  const after = await haStatus(cluster.nameserverAddresses[a]!);
  assert.ok(after.epoch > before.epoch, `epoch ${after.epoch} > ${before.epoch}`);
  // The new epoch's entries take the txids the standby holds in the old one.
  for (let i = 0; i < 20; i++) await client.mkdir(`/div/new${i}`);

  await cluster.startHaNameServer(b);
  const { standby } = await waitConverged(cluster, a, b);
  await cluster.waitForStandbyInSync();
  assert.equal(standby.snapshotsInstalled, 1);
  const refusals = logLines(cluster, `ns${b + 1}`, 'journal divergence');
  assert.ok(refusals.length >= 1, 'the standby saw the divergence');
  // And the namespace served after a failover is the active's: no ghost directories.
  await cluster.killHaNameServer(a);
  assert.equal(await cluster.waitForActive(), b);
  const names: string[] = [];
  for await (const e of client.list('/div')) names.push(e.path.slice('/div/'.length));
  assert.deepEqual(
    names.sort(),
    [
      ...Array.from({ length: 10 }, (_, i) => `base${i}`),
      ...Array.from({ length: 20 }, (_, i) => `new${i}`),
    ].sort(),
  );
});

test('one cluster id on both nameservers; a standby holding another cluster’s namespace refuses it', async () => {
  cluster = await TestCluster.start({ ha: true, dataservers: 1, replication: 1 });
  const a = await cluster.waitForActive();
  const b = 1 - a;
  await cluster.waitForStandbyInSync();
  const client = cluster.client();
  const [sa, sb] = await Promise.all(cluster.nameserverAddresses.map((x) => haStatus(x)));
  assert.ok(sa!.clusterId.length > 0);
  assert.equal(sb!.clusterId, sa!.clusterId);
  const report = await client.report();
  assert.equal(report.clusterId, sa!.clusterId);
  assert.deepEqual(
    report.nameservers.map((n) => n.clusterId),
    [sa!.clusterId, sa!.clusterId],
  );

  // The standby's metadata directory is replaced by another cluster's, with a namespace.
  await cluster.killHaNameServer(b);
  const dir = join(cluster.dir, `ns${b + 1}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  const foreign = new MetadataStore(join(dir, 'metadata.sqlite'));
  const foreignId = foreign.clusterId;
  foreign.close();
  const foreignLastTxid = giveUncommittedEntries(join(dir, 'metadata.sqlite'), ['/other/cluster']);
  await client.mkdir('/mine');
  await cluster.startHaNameServer(b);
  await new Promise((r) => setTimeout(r, 3_000));

  const standby = await haStatus(cluster.nameserverAddresses[b]!);
  assert.equal(standby.clusterId, foreignId);
  assert.notEqual(standby.clusterId, sa!.clusterId);
  assert.equal(Number(standby.lastTxid), foreignLastTxid, 'nothing was applied');
  assert.equal(standby.snapshotsInstalled, 0, 'no snapshot overwrote it');
  assert.equal(standby.role, 'standby');
  const later = await client.report();
  const reported = later.nameservers.find((n) => n.id === `ns${b + 1}`)!;
  assert.equal(reported.clusterId, foreignId);
  assert.equal(reported.inSync, false);
  assert.ok(logLines(cluster, `ns${b + 1}`, 'refuses to mix them').length >= 1);
  assert.ok(logLines(cluster, `ns${a + 1}`, "another cluster's namespace").length >= 1);
});
