/**
 * The Strata client library: a file API over streams.
 *
 *   const client = StrataClient.fromClusterFile();
 *   await pipeline(fs.createReadStream('a.bin'), client.createWriteStream('/a.bin'));
 *   await pipeline(client.createReadStream('/a.bin'), fs.createWriteStream('b.bin'));
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, StrataError } from '../core/errors.js';
import { normalizePath } from '../core/paths.js';
import { Limits } from '../core/limits.js';
import {
  readSmallRange,
  WHOLE_READ_MAX_BYTES,
  type BlockReadOptions,
  type ReplicaFailure,
} from './block-reader.js';
import { clusterFilePath, readClusterFile } from './cluster-file.js';
import { fitsWholeFileWrite, writeWholeFile } from './whole-file-write.js';
import { ReservationPool } from './reservation-pool.js';
import { FileWriter } from './file-writer.js';
import { FileReadStream } from './file-read-stream.js';
import { LazyAgent } from './lazy-undici.js';
import { BlockBatcher } from './block-batcher.js';
import { ReadBatcher } from './read-batcher.js';
import { NameServerClient, type NameServerAnswer } from './nameserver-client.js';
import type { FileStatus__Output } from '../rpc/generated/strata/v1/FileStatus.js';
import type { LocatedBlock__Output } from '../rpc/generated/strata/v1/LocatedBlock.js';
import type { GetBlockLocationsResponse__Output } from '../rpc/generated/strata/v1/GetBlockLocationsResponse.js';

/** How long closing a client waits for its unused reservations to be given back. */
const GIVE_BACK_ON_CLOSE_MS = 5_000;

export interface StrataClientOptions {
  /** The nameservers' addresses (host:port): the active and the standby, in any order. */
  nameservers: string[];
  /** How long a call keeps looking for the active nameserver (failover) before it fails. */
  failoverTimeoutMs?: number;
  /** How long a read waits for a block to have a replica (after a cluster restart, reports take a moment). */
  noReplicaWaitMs?: number;
  /**
   * Dataservers to read from first when they hold a replica, e.g. the one on the
   * client's own host (locality); the nameserver's order applies to the rest.
   */
  preferredDataServers?: string[];
  /** Told of every call a nameserver answered with success, and which one (fault tests). */
  onNameServerAnswer?: (answer: NameServerAnswer) => void;
  /**
   * Most gRPC calls out at a time to the nameserver; concurrent calls past it share
   * one Batch call. 0 sends every call alone. Default 2.
   */
  maxCallsInFlight?: number;
}

export interface WriteOptions {
  replication?: number;
  blockSizeBytes?: number;
  overwrite?: boolean;
  createParents?: boolean;
}

export interface ReplicaFailureEvent extends ReplicaFailure {
  blockId: number;
}

export type FileStatus = FileStatus__Output;

export class StrataClient {
  readonly clientName = `strata-client-${randomUUID()}`;
  readonly nameserver: NameServerClient;
  private readonly dispatcher = new LazyAgent({ connections: 64, keepAliveTimeout: 30_000 });
  private readonly batcher = new BlockBatcher({ dispatcher: this.dispatcher });
  /** Reserved blocks for small files, a batch per directory (reservation-pool.ts). */
  private readonly reservations: ReservationPool;
  private readonly readOptions: BlockReadOptions = {
    dispatcher: this.dispatcher,
    batcher: new ReadBatcher({ dispatcher: this.dispatcher }),
    onReplicaFailure: (blockId, failure) => this.onReplicaFailure(blockId, failure),
  };
  private readonly noReplicaWaitMs: number;
  private readonly preferred: ReadonlySet<string>;
  /** Replica failures seen by reads, most recent last (bounded), for callers and tests to inspect. */
  readonly replicaFailures: ReplicaFailureEvent[] = [];

  constructor(options: StrataClientOptions) {
    this.nameserver = new NameServerClient({
      addresses: options.nameservers,
      ...(options.failoverTimeoutMs !== undefined
        ? { failoverTimeoutMs: options.failoverTimeoutMs }
        : {}),
      ...(options.onNameServerAnswer ? { onAnswer: options.onNameServerAnswer } : {}),
      ...(options.maxCallsInFlight !== undefined
        ? { maxCallsInFlight: options.maxCallsInFlight }
        : {}),
    });
    this.reservations = new ReservationPool({
      reserve: (request) => this.nameserver.reserveBlock(request),
    });
    this.noReplicaWaitMs = options.noReplicaWaitMs ?? 20_000;
    this.preferred = new Set(options.preferredDataServers ?? []);
  }

  /** Connects to the cluster described by a cluster.json (see `clusterFilePath`). */
  static fromClusterFile(path?: string): StrataClient {
    const cluster = readClusterFile(clusterFilePath(path));
    return new StrataClient({ nameservers: cluster.nameservers.map((n) => n.address) });
  }

  async close(): Promise<void> {
    await this.giveBackReservations();
    this.nameserver.close();
    await this.dispatcher.close();
  }

  /**
   * Reservations never used are given back (with what refills under way bring): each
   * would count against this client's share on the nameserver until it expires.
   * Closing waits for that a bounded time (not for a failover); one not given back
   * simply expires.
   */
  private async giveBackReservations(): Promise<void> {
    const giveBack = async () => {
      const unused = await this.reservations.drainSettled();
      if (unused.length === 0) return;
      await this.nameserver
        .releaseReservedBlocks(this.clientName, unused.slice(0, Limits.maxReservedBlocksPerClient))
        .catch(() => undefined);
    };
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      giveBack(),
      new Promise((resolve) => (timer = setTimeout(resolve, GIVE_BACK_ON_CLOSE_MS))),
    ]);
    clearTimeout(timer);
  }

  createWriteStream(path: string, options: WriteOptions = {}): FileWriter {
    return this.newWriter(path, options, true);
  }

  private newWriter(path: string, options: WriteOptions, allocateFirstBlock: boolean): FileWriter {
    return new FileWriter({
      nameserver: this.nameserver,
      clientName: this.clientName,
      path: normalizePath(path),
      dispatcher: this.dispatcher,
      batcher: this.batcher,
      ...options,
      allocateFirstBlock,
    });
  }

  /** Writes a whole buffer as a file. */
  async writeFile(path: string, data: Uint8Array, options: WriteOptions = {}): Promise<FileStatus> {
    // Parents to make are journaled by Create: the short way (no Create) is for files
    // whose directory exists.
    if (!options.createParents && fitsWholeFileWrite(data.byteLength)) {
      const status = await writeWholeFile({
        nameserver: this.nameserver,
        clientName: this.clientName,
        path: normalizePath(path),
        data: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
        replication: options.replication,
        blockSizeBytes: options.blockSizeBytes,
        overwrite: options.overwrite,
        reservations: this.reservations,
        dispatcher: this.dispatcher,
        batcher: this.batcher,
      });
      if (status) return status;
    }
    // An empty file needs no block: asking for one would cost a call to give it back.
    const writer = this.newWriter(path, options, data.byteLength > 0);
    await new Promise<void>((resolve, reject) => {
      writer.on('error', reject);
      // end()'s callback also runs when the stream fails (with the error), and may run
      // before 'error' is emitted: resolving there unconditionally reported failed writes as done.
      writer.end(
        Buffer.from(data.buffer, data.byteOffset, data.byteLength),
        (err?: Error | null) => (err ? reject(err) : resolve()),
      );
    });
    return writer.status!;
  }

  createReadStream(path: string): Readable {
    const normalized = normalizePath(path);
    // The lookup runs at the first read: a stream may be read long after it was made,
    // and a failed lookup must reach its reader.
    return this.fileReadStream(() => this.locate(normalized));
  }

  private fileReadStream(
    locate: () => Promise<GetBlockLocationsResponse__Output> | GetBlockLocationsResponse__Output,
  ): FileReadStream {
    return new FileReadStream({
      locate,
      ordered: (block) => this.ordered(block),
      options: this.readOptions,
    });
  }

  async readFile(path: string): Promise<Buffer> {
    const located = await this.locate(normalizePath(path));
    const parts: Buffer[] = [];
    if (located.blocks.every((b) => b.length <= WHOLE_READ_MAX_BYTES)) {
      // Small blocks (most files): each read whole, without a stream.
      for (const block of located.blocks) {
        if (block.length === 0) continue;
        for (const piece of await readSmallRange(
          this.ordered(block),
          0,
          block.length,
          this.readOptions,
        ))
          parts.push(piece);
      }
    } else {
      const stream = this.fileReadStream(() => located);
      stream.on('data', (piece: Buffer) => parts.push(piece));
      await finished(stream);
    }
    // A file in one piece is handed over as the view it is: a view of the body of one
    // answer (whose socket read is its own buffer) or of its copy out of a read batch,
    // a few frame header bytes more than the file.
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /** A file's blocks and where they are, once every block has a replica to read from (bounded wait). */
  private async locate(path: string): Promise<GetBlockLocationsResponse__Output> {
    let located = await this.nameserver.getBlockLocations(path);
    const deadline = Date.now() + this.noReplicaWaitMs;
    // Right after a cluster (re)start, dataservers may not have reported yet: wait a bounded time.
    while (located.blocks.some((b) => b.locations.length === 0) && Date.now() < deadline) {
      await sleep(250);
      located = await this.nameserver.getBlockLocations(path);
    }
    return located;
  }

  /** The block with its replicas in the order to try them: preferred dataservers first. */
  private ordered(block: LocatedBlock__Output): LocatedBlock__Output {
    if (this.preferred.size > 0) {
      const rank = (id: string) => (this.preferred.has(id) ? 0 : 1);
      block.locations.sort((a, b) => rank(a.id) - rank(b.id));
    }
    return block;
  }

  private onReplicaFailure(blockId: number, failure: ReplicaFailure): void {
    this.replicaFailures.push({ blockId, ...failure });
    if (this.replicaFailures.length > 1000) this.replicaFailures.shift();
    if (failure.corrupt) {
      this.nameserver
        .reportBadReplica({ blockId, dataserverId: failure.dataserverId, reason: failure.reason })
        .catch(() => undefined);
    }
  }

  async stat(path: string): Promise<FileStatus> {
    return (await this.nameserver.stat(path)).status!;
  }

  async exists(path: string): Promise<boolean> {
    try {
      await this.stat(path);
      return true;
    } catch (err) {
      if (err instanceof StrataError && err.code === ErrorCode.NOT_FOUND) return false;
      throw err;
    }
  }

  /** Every entry of a directory, fetched page by page. */
  async *list(path: string): AsyncGenerator<FileStatus> {
    let startAfter = '';
    for (;;) {
      const page = await this.nameserver.list({ path, startAfter, limit: 0 });
      for (const entry of page.entries) yield entry;
      if (!page.hasMore || page.entries.length === 0) return;
      const last = page.entries[page.entries.length - 1]!;
      startAfter = last.path.slice(last.path.lastIndexOf('/') + 1);
    }
  }

  async mkdir(path: string, options: { parents?: boolean } = {}): Promise<FileStatus> {
    return (await this.nameserver.mkdir({ path, parents: options.parents ?? false })).status!;
  }

  async delete(path: string, options: { recursive?: boolean } = {}): Promise<void> {
    await this.nameserver.delete(path, options.recursive ?? false);
  }

  async rename(source: string, destination: string): Promise<void> {
    await this.nameserver.rename(source, destination);
  }

  /** Sets the storage policy of a file or directory; null clears it (the parent's applies). */
  async setStoragePolicy(
    path: string,
    policy: 'hot' | 'warm' | 'cold' | null,
  ): Promise<FileStatus> {
    return (await this.nameserver.setStoragePolicy(path, policy ?? '')).status!;
  }

  async setReplication(path: string, replication: number): Promise<void> {
    await this.nameserver.setReplication(path, replication);
  }

  report() {
    return this.nameserver.clusterReport();
  }

  fsck(path: string, maxFiles = 0) {
    return this.nameserver.fsck(path, maxFiles);
  }
}
