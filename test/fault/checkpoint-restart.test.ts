/**
 * I-1 through a checkpoint image: a nameserver writes images of its namespace as
 * the journal grows; after kill -9 it loads the last image and replays the journal
 * entries after it, and every change it acknowledged is there, the ones after the
 * image included.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestCluster } from '../helpers/cluster.js';
import { seededBytes, sha256 } from '../helpers/data.js';
import { waitFor } from '../helpers/wait-for.js';
import { readImageFile } from '../../src/journal/checkpoint-image.js';

// The nameserver says how it loaded at info level.
process.env.STRATA_LOG_LEVEL = 'info';
/** An image every RETENTION / 2 txids: a file is three (create, addBlock, complete). */
const RETENTION = 40;
let cluster: TestCluster | undefined;
after(async () => {
  await cluster?.destroy();
});

/** The last "namespace loaded" line of the nameserver's log. */
function lastLoad(dir: string): { loadedFrom: string; replayed: number } {
  const lines = readFileSync(join(dir, 'logs', 'nameserver.log'), 'utf8')
    .trim()
    .split('\n');
  const line = lines.reverse().find((l) => l.includes('"namespace loaded"'));
  assert.ok(line, 'the nameserver logged its load');
  return JSON.parse(line) as { loadedFrom: string; replayed: number };
}

const pick = ({ loadedFrom, replayed }: { loadedFrom: string; replayed: number }) => ({
  loadedFrom,
  replayed,
});

test('I-1: after kill -9 the nameserver loads its last image and the journal after it, and loses nothing acknowledged', async () => {
  cluster = await TestCluster.start({
    dataservers: 1,
    replication: 1,
    nameserverArgs: ['--journal-retention', String(RETENTION)],
  });
  const client = cluster.client();
  const expected = new Map<string, string>();
  const write = async (path: string, seed: number) => {
    const data = seededBytes(1000 + seed * 13, seed);
    await client.writeFile(path, data, { createParents: true });
    expected.set(path, sha256(data));
  };
  for (let i = 0; i < 30; i++) await write(`/img/d${i % 3}/f${i}`, i + 1);
  // Some 90 txids: the nameserver's tick has written images on the way.
  const imagePath = join(cluster.dir, 'nameserver', 'namespace.image');
  await waitFor('an image from the tick', async () => readImageFile(imagePath), 10_000, 200);

  // A clean stop writes an image of everything; the next start replays nothing.
  const imageTxid = (await client.report()).lastTxid;
  await cluster.stopNameServer();
  assert.equal(readImageFile(imagePath)?.stamp.txid, imageTxid);
  await cluster.startNameServer();
  assert.deepEqual(pick(lastLoad(cluster.dir)), { loadedFrom: 'image', replayed: 0 });

  // Fewer than RETENTION / 2 txids: no image is due before the kill, so these are
  // only in the journal (and the tables).
  await write('/img/after/a', 101);
  await write('/img/after/b', 102);
  await client.rename('/img/d0/f0', '/img/after/renamed');
  expected.set('/img/after/renamed', expected.get('/img/d0/f0')!);
  expected.delete('/img/d0/f0');
  await client.delete('/img/d1/f1');
  expected.delete('/img/d1/f1');
  const acknowledgedTxid = (await client.report()).lastTxid;
  assert.ok(acknowledgedTxid - imageTxid < RETENTION / 2);

  await cluster.killNameServer();
  await cluster.startNameServer();

  assert.deepEqual(pick(lastLoad(cluster.dir)), {
    loadedFrom: 'image',
    replayed: acknowledgedTxid - imageTxid,
  });
  const reader = cluster.client();
  assert.equal((await reader.report()).lastTxid, acknowledgedTxid);
  for (const [path, digest] of expected) {
    assert.equal(sha256(await reader.readFile(path)), digest, path);
  }
  assert.equal(await reader.exists('/img/d0/f0'), false);
  assert.equal(await reader.exists('/img/d1/f1'), false);
  assert.equal((await reader.report()).files, expected.size);
});
