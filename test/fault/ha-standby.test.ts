/**
 * The standby's side of HA: F17 (a lagging standby is never promoted), a
 * standby restarted after 10,000 mutations catching up (I-5), and a standby
 * stopped cleanly while the active ships to it without pause. (Apart from
 * ha-failover.test.ts so that neither file nears the runner's per-file timeout on a
 * slow machine.)
 */
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestCluster } from '../helpers/cluster.js';
import { haStatus } from '../helpers/ha-status.js';

let cluster: TestCluster | undefined;
afterEach(async () => {
  // A stopped process cannot be stopped cleanly: resume every server first.
  for (const s of cluster?.nameservers ?? []) s?.child.kill('SIGCONT');
  if (process.env.STRATA_KEEP_TEST_DIRS) return;
  await cluster?.destroy();
  cluster = undefined;
});

test('F17 I-1: a lagging standby is never promoted; the old active returns with every acknowledged entry', async () => {
  cluster = await TestCluster.start({ ha: true, dataservers: 3 });
  const a = await cluster.waitForActive();
  const b = 1 - a;
  const client = cluster.client();
  await client.mkdir('/f17');
  cluster.nameservers[b]!.child.kill('SIGSTOP');
  // The first of these waits for the frozen standby, which is then taken out of the in-sync set.
  for (let i = 0; i < 20; i++) await client.mkdir(`/f17/d${i}`);
  const acked = (await haStatus(cluster.nameserverAddresses[a]!)).lastTxid;
  await cluster.killHaNameServer(a);
  cluster.nameservers[b]!.child.kill('SIGCONT');

  // For well over an election timeout, the lagging standby stays a standby.
  const until = Date.now() + 6_000;
  while (Date.now() < until) {
    const status = await haStatus(cluster.nameserverAddresses[b]!);
    assert.equal(status.role, 'standby', 'the lagging standby was promoted');
    assert.ok(Number(status.lastTxid) < Number(acked));
    await new Promise((r) => setTimeout(r, 250));
  }
  const impatient = cluster.client({ failoverTimeoutMs: 3_000 });
  await assert.rejects(impatient.mkdir('/f17/no-active'));

  await cluster.startHaNameServer(a);
  assert.equal(await cluster.waitForActive(), a);
  const reader = cluster.client();
  for (let i = 0; i < 20; i++)
    assert.equal((await reader.stat(`/f17/d${i}`)).type, 'FILE_TYPE_DIRECTORY');
});

test('I-5: a standby restarted after 10,000 mutations catches up to the same namespace checksum', async () => {
  cluster = await TestCluster.start({ ha: true, dataservers: 1, replication: 1 });
  const a = await cluster.waitForActive();
  const b = 1 - a;
  await cluster.killHaNameServer(b);
  const client = cluster.client();
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < 10_000) {
        const i = next++;
        await client.mkdir(`/i5/d${i % 100}/e${i}`, { parents: true });
      }
    }),
  );
  const startedAt = Date.now();
  await cluster.startHaNameServer(b);
  const target = await haStatus(cluster.nameserverAddresses[a]!, true);
  const standbyStatus = () => haStatus(cluster!.nameserverAddresses[b]!, true).catch(() => null);
  let standby = await standbyStatus();
  while (standby?.lastTxid !== target.lastTxid && Date.now() - startedAt < 60_000) {
    await new Promise((r) => setTimeout(r, 200));
    standby = await standbyStatus();
  }
  assert.ok(standby, 'the standby answers');
  console.log(
    `I-5: the standby caught up ${target.lastTxid} txids in ${Date.now() - startedAt} ms after its restart`,
  );
  assert.equal(standby.lastTxid, target.lastTxid);
  assert.equal(standby.namespaceChecksum, target.namespaceChecksum);
  assert.equal(standby.role, 'standby');
});

test('a standby stopped cleanly under steady writes exits by itself (its shipping stream is drained), and the active goes on', async () => {
  cluster = await TestCluster.start({ ha: true, dataservers: 1, replication: 1 });
  const a = await cluster.waitForActive();
  const b = 1 - a;
  await cluster.waitForStandbyInSync();
  const client = cluster.client();
  await client.mkdir('/steady');
  // Batches reach the standby far more often than a stream's 2 s idle close, so only
  // the stopping standby's draining can end the stream its graceful shutdown waits for.
  let writing = true;
  let made = 0;
  const writer = (async () => {
    while (writing) await client.mkdir(`/steady/d${made++}`);
  })();
  await new Promise((r) => setTimeout(r, 500));
  const stopped = await cluster.stopHaNameServer(b);
  const afterStop = made;
  await new Promise((r) => setTimeout(r, 1_000));
  writing = false;
  await writer;
  assert.ok(stopped.byItself, `the standby was SIGKILLed after ${stopped.ms} ms`);
  assert.ok(made > afterStop, 'the active went on writing without its standby');
  assert.equal(await cluster.waitForActive(), a);
  const listed: string[] = [];
  for await (const entry of client.list('/steady')) listed.push(entry.path);
  assert.equal(listed.length, made);
});
