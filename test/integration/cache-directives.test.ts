/**
 * Cache directives and pools (issue 5, deliverable 4): `strata cache add` pins a
 * file's blocks in the memory of the dataservers that hold them, within its pool's
 * byte limit; reads then come from memory even after the LRU pool has churned; a
 * directive expires, is removed, or goes with its file, and the servers let go.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestCluster } from '../helpers/cluster.js';
import { seededBytes } from '../helpers/data.js';
import { waitFor } from '../helpers/wait-for.js';
import type { StrataClient } from '../../src/client/strata-client.js';
import type { StrataError } from '../../src/core/errors.js';

const BLOCK = 1024 * 1024;
const CHUNK = 64 * 1024;
let cluster: TestCluster;
let client: StrataClient;
let strata: ReturnType<TestCluster['cli']>;

before(async () => {
  cluster = await TestCluster.start({
    dataservers: 3,
    blockSizeBytes: BLOCK,
    // A memory pool far smaller than the data read, so that only pinning keeps blocks in memory.
    dataserverArgs: () => ['--cache', '1', '--cache-pinned', '16'],
  });
  client = cluster.client();
  strata = cluster.cli();
});
after(async () => {
  await client?.close();
  await cluster?.destroy();
});

/** Summed over the dataservers' heartbeats: pinned blocks, cache hits and misses. */
async function cacheTotals() {
  const servers = (await client.report()).dataservers;
  const sum = (f: (c: NonNullable<(typeof servers)[number]['cache']>) => unknown) =>
    servers.reduce((a, d) => a + (d.cache ? Number(f(d.cache)) : 0), 0);
  return {
    pinnedBlocks: sum((c) => c.pinnedBlocks),
    pinnedBytes: sum((c) => c.pinnedBytes),
    hits: sum((c) => c.hits),
    misses: sum((c) => c.misses),
  };
}

async function directive(id: number) {
  return (await client.nameserver.listCache()).directives.find((d) => Number(d.id) === id);
}

test('a pinned file is held by the servers that hold it and read from memory after the LRU churned', async () => {
  const hot = seededBytes(3 * BLOCK + 5, 1);
  const cold = seededBytes(8 * BLOCK, 2);
  await client.writeFile('/hot/a', hot, { createParents: true });
  await client.writeFile('/cold/b', cold, { createParents: true });

  await strata('cache', 'pool', 'add', 'fast', '--limit', '12MiB');
  const added = await strata('cache', 'add', '/hot/a', '--pool', 'fast', '--replication', '2');
  assert.match(added.stdout, /^added cache directive 1$/m);

  // Two replicas of each of its 4 blocks, pinned: the nameserver's plan and the heartbeats agree.
  const pinned = await waitFor(
    'the directive to be wholly pinned',
    async () => {
      const d = await directive(1);
      return d && Number(d.bytesCached) === 2 * hot.length ? d : null;
    },
    30_000,
  );
  assert.equal(Number(pinned.bytesNeeded), 2 * hot.length);
  assert.equal(Number(pinned.files), 1);
  await waitFor(
    '8 pinned blocks in the heartbeats',
    async () => (await cacheTotals()).pinnedBlocks === 8,
    10_000,
  );

  const { stdout } = await strata('cache', 'list');
  assert.match(stdout, /^ID +POOL +REPL +EXPIRES +FILES +NEEDED +CACHED +PATH$/m);
  assert.match(stdout, /^1 +fast +2 +never +1 +6\.0 MiB +6\.0 MiB +\/hot\/a$/m);
  const pools = await strata('cache', 'pool', 'list');
  assert.match(pools.stdout, /^fast +12\.0 MiB +1 +6\.0 MiB +6\.0 MiB$/m);

  // Eight times the LRU pool read through it, then the pinned file: every chunk from memory.
  assert.ok((await client.readFile('/cold/b')).equals(cold));
  assert.ok((await client.readFile('/cold/b')).equals(cold));
  const settled = async () => {
    const first = await cacheTotals();
    await new Promise((r) => setTimeout(r, 2_500)); // two heartbeats
    const second = await cacheTotals();
    return first.hits === second.hits && first.misses === second.misses ? second : null;
  };
  const before = await waitFor('the cache counters to settle', settled, 20_000);
  assert.ok((await client.readFile('/hot/a')).equals(hot));
  const chunks = Math.ceil(BLOCK / CHUNK) * 3 + 1;
  const afterRead = await waitFor(
    'the hits of that read in the heartbeats',
    async () => {
      const t = await cacheTotals();
      return t.hits - before.hits >= chunks ? t : null;
    },
    10_000,
  );
  assert.equal(afterRead.misses, before.misses, 'no chunk of the pinned file came from disk');
});

test('a directive past its pool limit, an unknown pool or path, or a bad ttl is refused and changes nothing', async () => {
  const before = await client.nameserver.listCache();
  await assert.rejects(
    client.nameserver.addCacheDirective({
      path: '/cold/b',
      pool: 'fast',
      replication: 1,
      ttlMs: 0,
    }),
    (err: StrataError) => {
      assert.equal(err.code, 'RESOURCE_EXHAUSTED');
      assert.match(
        err.message,
        /pool fast holds \d+ of 12582912 bytes; \/cold\/b needs 8388608 more/,
      );
      return true;
    },
  );
  await assert.rejects(
    client.nameserver.addCacheDirective({
      path: '/cold/b',
      pool: 'nope',
      replication: 1,
      ttlMs: 0,
    }),
    { code: 'NOT_FOUND' },
  );
  await assert.rejects(
    client.nameserver.addCacheDirective({ path: '/none', pool: '', replication: 1, ttlMs: 0 }),
    { code: 'NOT_FOUND' },
  );
  await assert.rejects(client.nameserver.addCachePool('bad name!', 0), {
    code: 'INVALID_ARGUMENT',
  });
  await assert.rejects(client.nameserver.removeCachePool('default'), { code: 'INVALID_ARGUMENT' });
  await assert.rejects(client.nameserver.removeCacheDirective(999), { code: 'NOT_FOUND' });
  await assert.rejects(
    strata('cache', 'add', '/cold/b', '--ttl', '5 minutes'),
    (err: { stderr: string; code: number }) => {
      assert.match(err.stderr, /^strata: --ttl: not a duration: "5 minutes"/);
      assert.equal(err.code, 1);
      return true;
    },
  );
  const afterAll = await client.nameserver.listCache();
  assert.deepEqual(
    afterAll.directives.map((d) => [d.id, d.path, d.pool]),
    before.directives.map((d) => [d.id, d.path, d.pool]),
  );
  assert.deepEqual(
    afterAll.pools.map((p) => p.name),
    before.pools.map((p) => p.name),
  );
});

test('an expired directive, a removed one, and one whose file was replaced are let go of; the new bytes read back', async () => {
  const data = seededBytes(2 * BLOCK, 3);
  await client.writeFile('/hot/ttl', data);
  const ttl = await client.nameserver.addCacheDirective({
    path: '/hot/ttl',
    pool: '',
    replication: 1,
    ttlMs: 10_000,
  });
  const ttlId = Number(ttl.addedDirectiveId);
  await waitFor(
    'the ttl directive pinned',
    async () => Number((await directive(ttlId))?.bytesCached) === data.length,
    20_000,
  );
  await waitFor('10 pinned blocks', async () => (await cacheTotals()).pinnedBlocks === 10, 10_000);
  // Expired: listed as such, and let go of.
  await waitFor(
    'the directive to expire',
    async () => (await directive(ttlId))?.expired === true,
    20_000,
  );
  await waitFor(
    'its blocks let go of',
    async () => (await cacheTotals()).pinnedBlocks === 8,
    10_000,
  );

  // A file replaced under its directive: the directive goes with the old file, and the
  // servers drop the old replicas from memory with the replicas themselves.
  const old = seededBytes(BLOCK, 4);
  await client.writeFile('/hot/replaced', old);
  const r = await client.nameserver.addCacheDirective({
    path: '/hot/replaced',
    pool: 'fast',
    replication: 3,
    ttlMs: 0,
  });
  const rId = Number(r.addedDirectiveId);
  await waitFor(
    'the replaced file pinned',
    async () => (await cacheTotals()).pinnedBlocks === 11,
    20_000,
  );
  const fresh = seededBytes(BLOCK, 5);
  await client.writeFile('/hot/replaced', fresh, { overwrite: true });
  assert.equal(await directive(rId), undefined);
  assert.ok((await client.readFile('/hot/replaced')).equals(fresh));
  await waitFor(
    'its old blocks let go of',
    async () => (await cacheTotals()).pinnedBlocks === 8,
    10_000,
  );

  // Removed: the servers let go of its blocks too.
  const removed = await strata('cache', 'remove', '1');
  assert.match(removed.stdout, /^removed cache directive 1$/m);
  await waitFor(
    'nothing pinned',
    async () => {
      const t = await cacheTotals();
      return t.pinnedBlocks === 0 && t.pinnedBytes === 0;
    },
    10_000,
  );
  assert.ok((await client.readFile('/hot/a')).length === 3 * BLOCK + 5);
});
