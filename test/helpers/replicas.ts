/** Writing replicas straight into a block store, for its unit tests. */
import type { BlockStore, BlockWriter, ReplicaInfo } from '../../src/blockstore/block-store.js';
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
