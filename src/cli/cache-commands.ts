/**
 * `strata cache …`: cache pools (byte limits) and directives (files kept pinned in
 * the memory of the dataservers that hold them), as HDFS's `hdfs cacheadmin`.
 */
import { invalidArgument } from '../core/errors.js';
import { normalizePath } from '../core/paths.js';
import type { StrataClient } from '../client/strata-client.js';
import type { CacheReport__Output } from '../rpc/generated/strata/v1/CacheReport.js';
import { formatBytes, formatTime, table } from './format.js';
import { parseDuration, parseSize } from './units.js';

export async function addPool(c: StrataClient, name: string, opts: { limit?: string }) {
  const limit = opts.limit === undefined ? 0 : parseSize(opts.limit, '--limit');
  await c.nameserver.addCachePool(name, limit);
  console.log(`added cache pool ${name}${limit > 0 ? ` (limit ${formatBytes(limit)})` : ''}`);
}

export async function removePool(c: StrataClient, name: string) {
  await c.nameserver.removeCachePool(name);
  console.log(`removed cache pool ${name} and its directives`);
}

export async function add(
  c: StrataClient,
  path: string,
  opts: { pool?: string; ttl?: string; replication?: string },
) {
  const replication = Number(opts.replication ?? '1');
  if (!Number.isInteger(replication) || replication < 1) {
    throw invalidArgument(`--replication takes a whole number from 1, not ${opts.replication}`);
  }
  const report = await c.nameserver.addCacheDirective({
    path: normalizePath(path),
    pool: opts.pool ?? '',
    replication,
    ttlMs: opts.ttl === undefined ? 0 : parseDuration(opts.ttl, '--ttl'),
  });
  console.log(`added cache directive ${report.addedDirectiveId}`);
}

export async function remove(c: StrataClient, id: string) {
  if (!/^\d+$/.test(id)) throw invalidArgument(`a directive id is a number, not ${id}`);
  await c.nameserver.removeCacheDirective(Number(id));
  console.log(`removed cache directive ${id}`);
}

export async function list(c: StrataClient, opts: { pool?: string; json?: boolean }) {
  const report = await c.nameserver.listCache(opts.pool ?? '');
  if (opts.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(directivesTable(report));
}

export async function listPools(c: StrataClient, opts: { json?: boolean }) {
  const report = await c.nameserver.listCache();
  if (opts.json) {
    console.log(JSON.stringify(report.pools, null, 2));
    return;
  }
  console.log(
    table([
      ['POOL', 'LIMIT', 'DIRECTIVES', 'NEEDED', 'CACHED'],
      ...report.pools.map((p) => [
        p.name,
        Number(p.limitBytes) > 0 ? formatBytes(Number(p.limitBytes)) : 'none',
        String(p.directives),
        formatBytes(Number(p.bytesNeeded)),
        formatBytes(Number(p.bytesCached)),
      ]),
    ]),
  );
}

function directivesTable(report: CacheReport__Output): string {
  return table([
    ['ID', 'POOL', 'REPL', 'EXPIRES', 'FILES', 'NEEDED', 'CACHED', 'PATH'],
    ...report.directives.map((d) => [
      String(d.id),
      d.pool,
      String(d.replication),
      d.expired
        ? 'expired'
        : Number(d.expiresAtMs) > 0
          ? formatTime(Number(d.expiresAtMs))
          : 'never',
      String(d.files),
      formatBytes(Number(d.bytesNeeded)),
      formatBytes(Number(d.bytesCached)),
      d.path,
    ]),
  ]);
}
