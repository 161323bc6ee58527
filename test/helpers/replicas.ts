/** Storage dirs, and replicas written straight into a block store, for its unit tests. */
import { after, before } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  BlockStore,
  BlockWriter,
  ReplicaInfo,
  StorageDirConfig,
} from '../../src/blockstore/block-store.js';
import { crc32c } from '../../src/core/checksum.js';

/** Appends `data` to a writer in chunks of `chunkSizeBytes`, each with its CRC. */
export async function writeChunks(
  writer: BlockWriter,
  data: Buffer,
  chunkSizeBytes: number,
): Promise<void> {
  for (let at = 0; at < data.length; at += chunkSizeBytes) {
    const chunk = data.subarray(at, at + chunkSizeBytes);
    await writer.write(chunk, crc32c(chunk));
  }
}

/** Writes and finalizes one replica of `data`, in the store's chunk size. */
export async function putReplica(
  store: BlockStore,
  blockId: number,
  generation: number,
  data: Buffer,
  medium?: 'nvme' | 'hdd',
): Promise<ReplicaInfo> {
  const writer = await store.createWriter(blockId, generation, medium ? { medium } : {});
  await writeChunks(writer, data, store.chunkSizeBytes);
  return writer.finalize();
}

/**
 * Fresh storage dirs for the tests of one file, each call its own, under a temp root
 * made before those tests and removed after them.
 */
export function tempStorageDirs(
  prefix: string,
): (...media: ('nvme' | 'hdd')[]) => Promise<StorageDirConfig[]> {
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), prefix));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });
  return async (...media) => {
    const base = await mkdtemp(join(root, 't-'));
    return media.map((medium, i) => ({ path: join(base, `d${i}`), medium }));
  };
}
