/**
 * Benchmark: the nameserver with a large namespace (issue 6, deliverable 4).
 *
 *   npm run bench:scale [-- --files 1000000 --big-dir 100000 --store DIR --restarts 3]
 *
 * 1. Builds a namespace of N files, each with one committed 4 KiB block: one
 *    directory of `--big-dir` entries, the rest 1,000 to a directory. The store
 *    is written by the nameserver's own code (Namespace plans and applies each
 *    create, addBlock and complete, and MetadataStore commits them in batches),
 *    the path a journal replay takes; through gRPC it would take most of an hour.
 * 2. Restart: a real nameserver process is started on that store (`--restarts`
 *    times); the time from the spawn to its ready message and to its first
 *    answered call. `--store DIR` keeps the store for the next run.
 * 3. Memory: the process's RSS with that namespace minus its RSS with an empty
 *    one, per file. Block locations are not in it (no dataserver holds these
 *    blocks), so the block map's cost per replica is measured apart, in process.
 * 4. `ls` of the big directory through the client, page by page (1,000 entries a
 *    page): entries/s and the slowest page.
 */
import { parseArgs } from 'node:util';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TestCluster } from '../test/helpers/cluster.js';
import { waitFor } from '../test/helpers/wait-for.js';
import { MetadataStore, type JournalEntry } from '../src/journal/metadata-store.js';
import { Namespace } from '../src/namespace/namespace.js';
import { BlockMap } from '../src/namespace/block-map.js';
import type { Effect } from '../src/namespace/types.js';
import { Limits } from '../src/core/limits.js';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '1000000' },
    'big-dir': { type: 'string', default: '100000' },
    /** Build the namespace here, or use the one an earlier run built here. */
    store: { type: 'string' },
    restarts: { type: 'string', default: '3' },
    /** How long to time stats one after another, looking for event-loop stalls. */
    'stall-seconds': { type: 'string', default: '30' },
  },
});
const restarts = Math.max(1, Number(values.restarts));
// The nameserver logs how it loaded at info; test clusters log only warnings by default.
process.env.STRATA_LOG_LEVEL ??= 'info';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const files = Number(values.files);
const bigDir = Math.min(Number(values['big-dir']), files);
const PER_DIR = 1_000;
const BLOCK_BYTES = 4096;
const COMMIT_EVERY = 5_000;

/** Where file i goes: the first `bigDir` files in /big, the rest 1,000 a directory. */
function pathOf(i: number): string[] {
  const name = `f${String(i).padStart(7, '0')}`;
  if (i < bigDir) return ['big', name];
  return ['d', String(Math.floor((i - bigDir) / PER_DIR)).padStart(4, '0'), name];
}

function buildStore(dir: string): { seconds: number } {
  const start = performance.now();
  const store = new MetadataStore(join(dir, 'metadata.sqlite'));
  const ns = new Namespace({ defaultReplication: 3, defaultBlockSizeBytes: 64 * 1024 * 1024 });
  store.loadInto(ns);
  let txid = store.lastTxid;
  let entries: JournalEntry[] = [];
  let effects: Effect[] = [];
  const apply = (op: Parameters<Namespace['apply']>[0]) => {
    for (const e of ns.apply(op)) effects.push(e);
    entries.push({ txid: ++txid, epoch: 1, op });
  };
  const clientName = 'bench-scale';
  for (let i = 0; i < files; i++) {
    const nowMs = Date.now();
    const created = ns.planCreate({
      path: pathOf(i),
      clientName,
      replication: 3,
      blockSizeBytes: 0,
      overwrite: false,
      createParents: true,
      nowMs,
    });
    for (const op of created) apply(op);
    const create = created[created.length - 1]!;
    if (create.op !== 'create') throw new Error('planCreate did not end with a create');
    const addBlock = ns.planAddBlock(create.id, clientName, null);
    apply(addBlock);
    if (addBlock.op !== 'addBlock') throw new Error('planAddBlock did not add a block');
    apply(
      ns.planComplete(
        create.id,
        clientName,
        { blockId: addBlock.blockId, length: BLOCK_BYTES },
        nowMs,
      ),
    );
    if ((i + 1) % COMMIT_EVERY === 0 || i === files - 1) {
      store.commit(entries, effects);
      // A nameserver keeps only the journal's tail; the tables hold the state.
      store.pruneJournal(txid - 1_000);
      entries = [];
      effects = [];
      if ((i + 1) % 100_000 === 0) process.stderr.write(`  ${i + 1} files written\n`);
    }
  }
  store.close();
  return { seconds: (performance.now() - start) / 1000 };
}

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!kib) throw new Error(`no VmRSS for ${pid}`);
  return Number(kib[1]) * 1024;
}

/** How the last start loaded its namespace, from the nameserver's log. */
function loadSummary(clusterDir: string): string {
  const lines = readFileSync(join(clusterDir, 'logs', 'nameserver.log'), 'utf8').split('\n');
  const loaded = lines.reverse().find((l) => l.includes('"namespace loaded"'));
  if (!loaded) return 'no load logged';
  const { loadMs, loadedFrom, replayed } = JSON.parse(loaded) as {
    loadMs: number;
    loadedFrom: string;
    replayed: number;
  };
  return `loaded from the ${loadedFrom === 'image' ? `checkpoint image (+${replayed} journal entries)` : 'tables'} in ${(loadMs / 1000).toFixed(1)} s`;
}

const settle = () => new Promise((r) => setTimeout(r, 3_000));

/** Block map bytes per replica: 1 block in 3 replicas per file, measured on this heap. */
function blockMapBytesPerReplica(blocks: number): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return NaN;
  gc();
  const before = process.memoryUsage().heapUsed;
  const map = new BlockMap();
  for (let b = 1; b <= blocks; b++)
    for (let s = 1; s <= 3; s++) map.add(b, `ds${s}`, BLOCK_BYTES, 'hdd');
  gc();
  const after = process.memoryUsage().heapUsed;
  if (map.holders(1).size !== 3) throw new Error('block map lost a replica');
  return (after - before) / (blocks * 3);
}

const cluster = await TestCluster.start({ dataservers: 0, startTimeoutMs: 600_000 });
try {
  const client = cluster.client();
  await client.stat('/');
  await settle();
  const emptyRss = rssBytes(cluster.nameserver!.child.pid!);
  const port = Number(cluster.nameserverAddress.split(':')[1]);
  await cluster.killNameServer();
  const nsDir = join(cluster.dir, 'nameserver');
  rmSync(nsDir, { recursive: true, force: true });
  if (values.store) {
    // A store built by an earlier run is used again: building one takes minutes.
    const store = resolve(values.store);
    if (!existsSync(join(store, 'metadata.sqlite'))) {
      mkdirSync(store, { recursive: true });
      console.log(`building a namespace of ${files} files (${bigDir} in /big) in ${store} ...`);
      console.log(`  built in ${buildStore(store).seconds.toFixed(1)} s`);
    }
    symlinkSync(store, nsDir);
  } else {
    mkdirSync(nsDir);
    console.log(`building a namespace of ${files} files (${bigDir} in /big) ...`);
    console.log(`  built in ${buildStore(nsDir).seconds.toFixed(1)} s`);
  }

  // Each figure is printed as soon as it is measured: a later step may fail.
  const readyMs: number[] = [];
  const servingMs: number[] = [];
  for (let r = 0; r < restarts; r++) {
    const restartStart = performance.now();
    await cluster.startNameServer(port);
    readyMs.push(performance.now() - restartStart);
    // Right after a load the process may still be busy (its first repair round walks
    // every block, and a stall past the keepalive drops the connection): a call that
    // fails is made again.
    await waitFor('a stat of /big', () => client.stat('/big'), 600_000, 100);
    servingMs.push(performance.now() - restartStart);
    console.log(
      `  restart ${r + 1}: ready after ${(readyMs[r]! / 1000).toFixed(1)} s, first stat answered after ${(servingMs[r]! / 1000).toFixed(1)} s; ${loadSummary(cluster.dir)}`,
    );
    if (r === restarts - 1) break; // the last one stays up to be measured
    await cluster.killNameServer();
  }
  const ms = (xs: number[]) =>
    `median ${(median(xs) / 1000).toFixed(1)} s [${(Math.min(...xs) / 1000).toFixed(1)}–${(Math.max(...xs) / 1000).toFixed(1)}] over ${xs.length}`;
  console.log(`\nnamespace: ${files} files, each with one ${BLOCK_BYTES}-byte block`);
  console.log(`  restart to ready: ${ms(readyMs)}`);
  console.log(`  restart to the first answered call: ${ms(servingMs)}`);

  await settle();
  const fullRss = rssBytes(cluster.nameserver!.child.pid!);
  console.log(
    `  nameserver RSS: ${(emptyRss / 2 ** 20).toFixed(0)} MiB empty, ${(fullRss / 2 ** 20).toFixed(0)} MiB with the namespace`,
  );
  console.log(
    `  memory per file (RSS delta / files): ${((fullRss - emptyRss) / files).toFixed(0)} bytes`,
  );
  const perReplica = blockMapBytesPerReplica(Math.min(files, 1_000_000));
  console.log(
    `  block map (in-process heap): ${Number.isNaN(perReplica) ? 'run with --expose-gc' : `${perReplica.toFixed(0)} bytes a replica, ${(3 * perReplica).toFixed(0)} a file of one block in 3 replicas`}`,
  );

  // `strata ls` pages the same way: 1,000 entries a call, each after the last name.
  const pageTimes: number[] = [];
  let listed = 0;
  const listStart = performance.now();
  for (let startAfter = ''; ;) {
    const pageStart = performance.now();
    const page = await waitFor(
      'a page of /big',
      () => client.nameserver.list({ path: '/big', startAfter, limit: 0 }),
      600_000,
      100,
    );
    pageTimes.push(performance.now() - pageStart);
    listed += page.entries.length;
    if (!page.hasMore || page.entries.length === 0) break;
    const last = page.entries[page.entries.length - 1]!.path;
    startAfter = last.slice(last.lastIndexOf('/') + 1);
  }
  const listSeconds = (performance.now() - listStart) / 1000;
  if (listed !== bigDir) throw new Error(`ls of /big listed ${listed} entries, not ${bigDir}`);
  console.log(
    `  ls of ${listed} entries in pages of ${Limits.maxListPageEntries}: ${listSeconds.toFixed(2)} s, ${(listed / listSeconds).toFixed(0)} entries/s; ` +
      `page median ${median(pageTimes).toFixed(1)} ms, slowest ${Math.max(...pageTimes).toFixed(1)} ms`,
  );

  // Stalls: stats one after another for a while. A repair round that walks every block
  // holds the event loop for its whole length, and shows as the slowest stat.
  const stallSeconds = Number(values['stall-seconds']);
  const statTimes: number[] = [];
  for (const end = performance.now() + stallSeconds * 1000; performance.now() < end;) {
    const start = performance.now();
    await client.stat('/big');
    statTimes.push(performance.now() - start);
  }
  const sorted = [...statTimes].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  console.log(
    `  stats one at a time for ${stallSeconds} s: ${statTimes.length}, p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, slowest ${sorted.at(-1)!.toFixed(1)} ms; ` +
      `${statTimes.filter((t) => t > 100).length} over 100 ms`,
  );

  // The admin report walks every block: its time is part of operating at this size.
  const reportStart = performance.now();
  const counted = (await waitFor('the admin report', () => client.report(), 600_000, 100)).files;
  if (counted !== files) throw new Error(`the report counts ${counted} files, not ${files}`);
  console.log(`  admin report: ${((performance.now() - reportStart) / 1000).toFixed(2)} s`);
} finally {
  await cluster.destroy();
}
