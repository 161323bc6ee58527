/** `strata admin report` and `strata admin fsck`. */
import type { StrataClient } from '../client/strata-client.js';
import { formatBytes, table } from './format.js';

export async function report(client: StrataClient, opts: { json?: boolean }): Promise<void> {
  const r = await client.report();
  if (opts.json) {
    console.log(JSON.stringify(r, null, 2));
    return;
  }
  const live = r.dataservers.filter((d) => d.state === 'live').length;
  const capacity = r.dataservers.reduce((a, d) => a + Number(d.capacityBytes), 0);
  const used = r.dataservers.reduce((a, d) => a + Number(d.usedBytes), 0);
  console.log(`cluster ${r.clusterId}`);
  console.log(
    `files: ${r.files}   directories: ${r.directories}   blocks: ${r.blocks}   last txid: ${r.lastTxid}`,
  );
  console.log(
    `under-replicated blocks: ${r.underReplicatedBlocks}   missing blocks: ${r.missingBlocks}   corrupt replicas: ${r.corruptReplicas}`,
  );
  console.log(
    `dataservers: ${live} live of ${r.dataservers.length}   capacity ${formatBytes(capacity)}   used ${formatBytes(used)}`,
  );
  if (r.repair) {
    const p = r.repair;
    console.log(
      `repair: ${p.copiesUnderWay} copies under way, ${p.copiesDone} done (${formatBytes(Number(p.bytesRepaired))}), ${p.copiesTimedOut} timed out, ${p.deletesOrdered} replicas deleted, ${p.stuckBlocks} blocks waiting for a source or target`,
    );
  }
  console.log('');
  const nsRows = [['NAMESERVER', 'ADDRESS', 'ROLE', 'EPOCH', 'LAST TXID', 'STANDBY LAG']];
  for (const n of r.nameservers) {
    const lag =
      n.role === 'standby'
        ? `${Number(n.lagEntries) < 0 ? '?' : n.lagEntries} entries${n.inSync ? ', in sync' : ', not in sync'}`
        : '';
    nsRows.push([n.id, n.address, n.role, String(n.epoch), String(n.lastTxid), lag]);
  }
  console.log(table(nsRows));
  for (const n of r.nameservers) {
    if (n.clusterId && n.clusterId !== r.clusterId) {
      console.log(
        `warning: ${n.id} holds the namespace of cluster ${n.clusterId} and refuses this cluster's journal`,
      );
    }
  }
  console.log('');
  const rows = [
    ['ID', 'STATE', 'DATA URL', 'CAPACITY', 'USED', 'FREE', 'BLOCKS', 'CACHE', 'LAST HEARTBEAT'],
  ];
  for (const d of r.dataservers) {
    rows.push([
      d.server?.id ?? '',
      [
        d.state,
        ...(d.decommissioning ? [d.safeToStop ? 'drained' : 'draining'] : []),
        ...storageNotes(d.storages),
      ].join(', '),
      d.server?.dataUrl ?? '',
      formatBytes(Number(d.capacityBytes)),
      formatBytes(Number(d.usedBytes)),
      formatBytes(Number(d.freeBytes)),
      String(d.blockCount),
      cacheSummary(d.cache),
      `${d.lastHeartbeatMsAgo} ms ago`,
    ]);
  }
  console.log(table(rows));
  // Per medium: what each kind of storage holds and has left.
  const media = [['ID', 'MEDIUM', 'PATH', 'CAPACITY', 'USED', 'AVAILABLE', 'BLOCKS', 'STATE']];
  for (const d of r.dataservers)
    for (const s of d.storages)
      media.push([
        d.server?.id ?? '',
        s.medium,
        s.path,
        formatBytes(Number(s.capacityBytes)),
        formatBytes(Number(s.usedBytes)),
        formatBytes(Number(s.availableBytes)),
        String(s.blockCount),
        s.failed ? 'failed' : s.full ? 'full' : 'ok',
      ]);
  console.log('');
  console.log(table(media));
}

/** `used/capacity, hit%` of a server's memory cache pool, what it pins, and its NVMe tier. */
function cacheSummary(
  cache: {
    capacityBytes: number | string;
    usedBytes: number | string;
    hits: number | string;
    misses: number | string;
    nvmeCapacityBytes: number | string;
    nvmeBlocks: number | string;
    pinnedBytes: number | string;
    pinnedBlocks: number | string;
  } | null,
): string {
  if (!cache) return 'off';
  const lookups = Number(cache.hits) + Number(cache.misses);
  const hitRate =
    lookups > 0 ? `${Math.round((100 * Number(cache.hits)) / lookups)}% hits` : 'no reads';
  const memory =
    Number(cache.capacityBytes) === 0
      ? 'memory off'
      : `${formatBytes(Number(cache.usedBytes))}/${formatBytes(Number(cache.capacityBytes))}, ${hitRate}`;
  const pinned =
    Number(cache.pinnedBlocks) > 0
      ? `; pinned ${Number(cache.pinnedBlocks)} blocks (${formatBytes(Number(cache.pinnedBytes))})`
      : '';
  return Number(cache.nvmeCapacityBytes) > 0
    ? `${memory}${pinned}; nvme ${Number(cache.nvmeBlocks)} blocks`
    : memory + pinned;
}

/** Full or failed storage dirs, as the server's heartbeat reported them. */
function storageNotes(storages: { full: boolean; failed: boolean }[]): string[] {
  const failed = storages.filter((s) => s.failed).length;
  const full = storages.filter((s) => s.full).length;
  const notes: string[] = [];
  if (failed > 0) notes.push(`${failed} of ${storages.length} dirs failed`);
  if (full > 0)
    notes.push(full === storages.length ? 'full' : `${full} of ${storages.length} dirs full`);
  return notes;
}

export async function fsck(
  client: StrataClient,
  path: string,
  opts: { json?: boolean },
): Promise<boolean> {
  const r = await client.fsck(path);
  if (opts.json) {
    console.log(JSON.stringify(r, null, 2));
    return r.healthy;
  }
  for (const file of r.files) {
    const s = file.status!;
    console.log(
      `${s.path}  ${s.length} bytes, ${file.blocks.length} block(s), replication ${s.replication}`,
    );
    for (const b of file.blocks) {
      const where = b.liveReplicas.map((l) => l.id).join(', ') || 'none';
      const corrupt = b.corruptOn.length > 0 ? `  corrupt on: ${b.corruptOn.join(', ')}` : '';
      console.log(
        `  block ${b.blockId} gen ${b.generation} len ${b.length}: ${b.health} (${b.liveReplicas.length}/${b.expectedReplicas}) [${where}]${corrupt}`,
      );
    }
  }
  console.log('');
  console.log(
    `files: ${r.totalFiles}${r.truncated ? ' (truncated)' : ''}   blocks: ${r.totalBlocks}   healthy: ${r.healthyBlocks}   under-replicated: ${r.underReplicatedBlocks}   missing: ${r.missingBlocks}`,
  );
  console.log(`status: ${r.healthy ? 'HEALTHY' : 'CORRUPT'}`);
  return r.healthy;
}

/**
 * `strata admin decommission DS [--wait]` and `strata admin recommission DS`. With
 * --wait, prints progress until every replica on DS has its copies elsewhere.
 */
export async function decommission(
  client: StrataClient,
  dataserver: string,
  opts: { undo?: boolean; wait?: boolean; timeout?: string },
): Promise<void> {
  const answer = await client.nameserver.decommission(dataserver, opts.undo ?? false);
  const d = answer.dataserver!;
  const id = d.server?.id ?? dataserver;
  if (opts.undo) {
    console.log(`${id} is back in service: it takes new blocks again`);
    return;
  }
  console.log(`${id} is draining: its ${d.blockCount} replicas are being copied elsewhere`);
  if (!opts.wait) return;
  const timeoutMs = Number(opts.timeout ?? '3600') * 1000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await client.report();
    const now = r.dataservers.find((s) => s.server?.id === id);
    if (now?.safeToStop) {
      console.log(`${id} is drained: safe to stop`);
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`${id} was not drained within ${opts.timeout ?? '3600'} s`);
    }
    console.log(
      `${id}: ${r.repair?.copiesUnderWay ?? 0} copies under way, ${r.underReplicatedBlocks} blocks below target`,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

/** `strata admin migrate PATH [--wait]`: moves replicas onto the media their policy names. */
export async function migrate(
  client: StrataClient,
  path: string,
  opts: { wait?: boolean; timeout?: string },
): Promise<void> {
  const deadline = Date.now() + Number(opts.timeout ?? '3600') * 1000;
  for (;;) {
    // Each call orders what is not under way yet, so polling it also retries lost moves.
    const r = await client.nameserver.migrate(path);
    const left = r.misplacedReplicas;
    console.log(
      `${path}: ${r.files} files, ${r.blocks} blocks, ${left} replicas on the wrong medium` +
        (left > 0
          ? `: ${r.movesOrdered} moves ordered, ${r.movesUnderWay} under way, ${r.stuck} without room`
          : '') +
        (r.truncated ? ' (more files than one pass walks)' : ''),
    );
    if (left === 0 && !r.truncated) return;
    if (!opts.wait) return;
    if (Date.now() > deadline)
      throw new Error(`${left} replicas were still misplaced after ${opts.timeout ?? '3600'} s`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** `strata admin balance [--threshold PCT] [--wait] [--stop]`. */
export async function balance(
  client: StrataClient,
  opts: { threshold: string; wait?: boolean; stop?: boolean },
): Promise<void> {
  const threshold = Number(opts.threshold);
  const answer = await client.nameserver.balance(threshold, opts.stop ?? false);
  if (opts.stop) {
    console.log('balancing stopped');
    return;
  }
  console.log(
    `balancing to within ${answer.balance!.thresholdPercent} points of the mean used fraction`,
  );
  if (!opts.wait) return;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const r = await client.report();
    const b = r.balance!;
    if (!b.running) {
      console.log('balanced');
      return;
    }
    console.log(
      `mean used ${b.meanUsedPercent.toFixed(4)} %, ${b.moves} moves ordered, ${r.repair?.copiesUnderWay ?? 0} under way`,
    );
  }
}
