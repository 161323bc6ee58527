/**
 * A dataserver's data plane alone (a BlockStore in a temp dir behind a
 * BlockHttpServer on a free loopback port), for tests of the HTTP protocol between
 * hops without nameservers. `cleanup` stops it and removes its dir.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { BlockStore } from '../../src/blockstore/block-store.js';
import { BlockHttpServer } from '../../src/dataserver/block-http.js';

export interface DataPlane {
  url: string;
  /** The block store's one storage dir. */
  dir: string;
  store: BlockStore;
  /** Block ids this data plane reported stored, in order. */
  stored: number[];
  cleanup(): Promise<void>;
}

export async function startDataPlane(
  name: string,
  options: {
    maxBlockBytes?: number;
    maxConcurrentWrites?: number;
    smallReplicaBytes?: number;
    cacheBytes?: number;
  } = {},
): Promise<DataPlane> {
  const dir = await mkdtemp(join(tmpdir(), `strata-plane-${name}-`));
  const store = await BlockStore.open([{ path: dir, medium: 'hdd' }], {
    leaveFreeBytes: 0,
    ...(options.maxBlockBytes !== undefined ? { maxBlockBytes: options.maxBlockBytes } : {}),
    ...(options.smallReplicaBytes !== undefined
      ? { smallReplicaBytes: options.smallReplicaBytes }
      : {}),
    ...(options.cacheBytes !== undefined ? { cacheBytes: options.cacheBytes } : {}),
  });
  const stored: number[] = [];
  const server = new BlockHttpServer({
    dataserverId: name,
    store,
    logger: pino({ level: 'silent' }),
    onBlockStored: (blockId) => stored.push(blockId),
    maxConcurrentWrites: options.maxConcurrentWrites ?? 16,
    maxPipelineHops: 4,
  });
  const port = await server.listen('127.0.0.1', 0);
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    store,
    stored,
    async cleanup() {
      await server.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
