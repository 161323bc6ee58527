/**
 * Cache pools and directives (as HDFS's centralized cache management), the part of
 * the namespace state machine that says what must stay in dataservers' memory.
 *
 * A pool has a byte limit; a directive names a file (that file) or a directory (the
 * files directly in it, as in HDFS), a pool, how many replicas of each block to hold
 * in memory, and an expiry. A directive follows its inode (a rename keeps it) and
 * goes with it when the inode is deleted. Adding a directive whose files do not fit
 * in the pool's room is refused. The bytes a pool holds are checked again when the
 * nameserver plans what to pin (files grow after their directive is added).
 *
 * Pure, like the rest of the namespace: ids and times are chosen by the planner,
 * and every change is a journal operation replayed identically on every replica.
 */
import { invalidArgument, notFound, resourceExhausted, alreadyExists } from '../core/errors.js';
import type { InodeId } from '../core/ids.js';
import { Limits } from '../core/limits.js';
import type { CacheDirective, CachePool, Effect, FileInode, Inode, JournalOp } from './types.js';

/** The pool a directive goes to when none is named; always there, without a limit. */
export const DEFAULT_CACHE_POOL: CachePool = { name: 'default', limitBytes: 0 };

const POOL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Looks inodes up for the registry (the namespace). */
export interface InodeLookup {
  get(id: InodeId): Inode | undefined;
}

export class CacheDirectives {
  private readonly pools = new Map<string, CachePool>([
    [DEFAULT_CACHE_POOL.name, DEFAULT_CACHE_POOL],
  ]);
  private readonly directives = new Map<number, CacheDirective>();
  private nextId = 1;

  constructor(private readonly inodes: InodeLookup) {}

  // ---- queries ----

  allPools(): CachePool[] {
    return [...this.pools.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  allDirectives(): CacheDirective[] {
    return [...this.directives.values()].sort((a, b) => a.id - b.id);
  }

  get size(): number {
    return this.directives.size;
  }

  pool(name: string): CachePool | undefined {
    return this.pools.get(name);
  }

  /** The files a directive covers: its file, or the files directly in its directory. */
  filesOf(directive: CacheDirective): FileInode[] {
    const inode = this.inodes.get(directive.inodeId);
    if (!inode) return [];
    if (inode.kind === 'file') return [inode];
    const files: FileInode[] = [];
    for (const id of inode.children.values()) {
      const child = this.inodes.get(id);
      if (child?.kind === 'file') files.push(child);
    }
    return files;
  }

  /** Bytes a directive asks to hold in memory: its files' lengths times its replication. */
  bytesNeeded(directive: CacheDirective): number {
    return this.filesOf(directive).reduce((sum, f) => sum + f.length, 0) * directive.replication;
  }

  /** Bytes the pool's directives that have not expired ask for. */
  poolBytesNeeded(pool: string, nowMs: number): number {
    let sum = 0;
    for (const d of this.directives.values()) {
      if (d.pool === pool && !isExpired(d, nowMs)) sum += this.bytesNeeded(d);
    }
    return sum;
  }

  /** The pools added by journal operations: all but the built-in default (the state to persist). */
  addedPools(): CachePool[] {
    return this.allPools().filter((p) => p !== DEFAULT_CACHE_POOL);
  }

  /** Lines for the namespace checksum (I-5), in a fixed order. */
  checksumLines(): string[] {
    return [
      ...this.addedPools().map((p) => `cp|${p.name}|${p.limitBytes}\n`),
      ...this.allDirectives().map(
        (d) => `cd|${d.id}|${d.inodeId}|${d.pool}|${d.replication}|${d.expiresAtMs}\n`,
      ),
    ];
  }

  // ---- loading (from the metadata store) ----

  loadPool(pool: CachePool): void {
    this.pools.set(pool.name, pool);
  }

  loadDirective(directive: CacheDirective): void {
    this.directives.set(directive.id, directive);
    this.nextId = Math.max(this.nextId, directive.id + 1);
  }

  // ---- planning ----

  planAddPool(name: string, limitBytes: number): JournalOp {
    if (!POOL_NAME.test(name)) {
      throw invalidArgument(
        `a pool name is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit: ${JSON.stringify(name)}`,
      );
    }
    if (!Number.isSafeInteger(limitBytes) || limitBytes < 0) {
      throw invalidArgument(`a pool limit is a whole number of bytes (0: none), not ${limitBytes}`);
    }
    if (this.pools.has(name)) throw alreadyExists(`cache pool ${name} exists`);
    if (this.pools.size >= Limits.maxCachePools) {
      throw resourceExhausted(`at most ${Limits.maxCachePools} cache pools`);
    }
    return { op: 'addCachePool', pool: { name, limitBytes } };
  }

  planRemovePool(name: string): JournalOp {
    if (name === DEFAULT_CACHE_POOL.name) throw invalidArgument('the default pool stays');
    if (!this.pools.has(name)) throw notFound(`no cache pool ${name}`);
    return { op: 'removeCachePool', name };
  }

  planAddDirective(
    inode: Inode,
    path: string,
    pool: string,
    replication: number,
    expiresAtMs: number,
    nowMs: number,
  ): JournalOp {
    const target = this.pools.get(pool);
    if (!target) throw notFound(`no cache pool ${pool}: add it with 'strata cache pool add'`);
    if (!Number.isInteger(replication) || replication < 1 || replication > Limits.maxReplication) {
      throw invalidArgument(`cached replicas must be 1..${Limits.maxReplication}`);
    }
    if (!Number.isSafeInteger(expiresAtMs) || expiresAtMs < 0) {
      throw invalidArgument('the expiry is a time in ms since the epoch (0: never)');
    }
    if (this.directives.size >= Limits.maxCacheDirectives) {
      throw resourceExhausted(`at most ${Limits.maxCacheDirectives} cache directives`);
    }
    for (const d of this.directives.values()) {
      if (d.inodeId === inode.id && d.pool === pool) {
        throw alreadyExists(`${path} already has directive ${d.id} in pool ${pool}`);
      }
    }
    const directive: CacheDirective = {
      id: this.nextId,
      inodeId: inode.id,
      pool,
      replication,
      expiresAtMs,
    };
    if (target.limitBytes > 0) {
      const needed = this.bytesNeeded(directive);
      const used = this.poolBytesNeeded(pool, nowMs);
      if (used + needed > target.limitBytes) {
        throw resourceExhausted(
          `pool ${pool} holds ${used} of ${target.limitBytes} bytes; ${path} needs ${needed} more`,
        );
      }
    }
    return { op: 'addCacheDirective', directive };
  }

  planRemoveDirective(id: number): JournalOp {
    if (!this.directives.has(id)) throw notFound(`no cache directive ${id}`);
    return { op: 'removeCacheDirective', id };
  }

  // ---- applying ----

  apply(
    op: Extract<
      JournalOp,
      { op: 'addCachePool' | 'removeCachePool' | 'addCacheDirective' | 'removeCacheDirective' }
    >,
  ): Effect[] {
    switch (op.op) {
      case 'addCachePool':
        this.pools.set(op.pool.name, { ...op.pool });
        return [{ kind: 'putCachePool', pool: op.pool }];
      case 'removeCachePool': {
        this.pools.delete(op.name);
        const effects: Effect[] = [{ kind: 'deleteCachePool', name: op.name }];
        for (const d of [...this.directives.values()]) {
          if (d.pool === op.name) effects.push(...this.drop(d.id));
        }
        return effects;
      }
      case 'addCacheDirective':
        this.directives.set(op.directive.id, { ...op.directive });
        this.nextId = Math.max(this.nextId, op.directive.id + 1);
        return [{ kind: 'putCacheDirective', directive: op.directive }];
      case 'removeCacheDirective':
        return this.drop(op.id);
    }
  }

  /** Drops the directives whose inode no longer exists (after a delete). */
  dropOrphans(): Effect[] {
    const effects: Effect[] = [];
    for (const d of [...this.directives.values()]) {
      if (!this.inodes.get(d.inodeId)) effects.push(...this.drop(d.id));
    }
    return effects;
  }

  private drop(id: number): Effect[] {
    this.directives.delete(id);
    return [{ kind: 'deleteCacheDirective', id }];
  }
}

export function isExpired(directive: CacheDirective, nowMs: number): boolean {
  return directive.expiresAtMs > 0 && nowMs >= directive.expiresAtMs;
}
