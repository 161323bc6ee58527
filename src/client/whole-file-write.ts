/**
 * A small file written with one journal commit instead of two: a reserved block (an
 * id and a pipeline, nothing journaled; from the client's supply, reservation-pool.ts),
 * the block's body to its pipeline in a batch, then CreateComplete, which creates
 * the file complete with that block. A plain write costs Create's commit, the
 * block, then Complete's commit, each waiting on the one before; this takes one
 * commit (and both nameservers' share of its work) off every small file, and the
 * block goes out without waiting for a nameserver call.
 *
 * It only takes the short way when everything goes right. Anything else (the file
 * cannot be created as asked, a replica missing from the acknowledgement, a
 * reservation lost to a failover or its time limit) returns null before the file
 * exists, and the caller writes it the plain way, which has the retries on other
 * servers and the errors to show. What the short way wrote is then an orphan, which
 * the nameserver has the dataservers delete.
 */
import { crc32c } from '../core/checksum.js';
import { ErrorCode, StrataError, isReservationUnknown } from '../core/errors.js';
import { FRAME_HEADER_BYTES, WHOLE_BODY_MAX_BYTES, encodeWholeBody } from '../core/frames.js';
import { Defaults, Limits } from '../core/limits.js';
import { putWholeBlock } from './block-put.js';
import type { ReservationPool, ReservedBlock } from './reservation-pool.js';
import type { BlockBatcher } from './block-batcher.js';
import type { LazyAgent } from './lazy-undici.js';
import type { NameServerClient } from './nameserver-client.js';
import type { CreateCompleteRequest } from '../rpc/generated/strata/v1/CreateCompleteRequest.js';
import type { FileStatus__Output } from '../rpc/generated/strata/v1/FileStatus.js';

export interface WholeFileWrite {
  nameserver: NameServerClient;
  clientName: string;
  path: string;
  data: Buffer;
  replication?: number | undefined;
  blockSizeBytes?: number | undefined;
  overwrite?: boolean | undefined;
  reservations: ReservationPool;
  dispatcher?: LazyAgent | undefined;
  batcher?: BlockBatcher | undefined;
}

/** Bytes of data a file may hold to be written this way: one whole request body. */
export function fitsWholeFileWrite(bytes: number): boolean {
  const chunks = Math.ceil(bytes / Defaults.chunkSizeBytes);
  return bytes > 0 && bytes + (chunks + 1) * FRAME_HEADER_BYTES <= WHOLE_BODY_MAX_BYTES;
}

/** The file's status once created; null when the caller should write it the plain way. */
export async function writeWholeFile(write: WholeFileWrite): Promise<FileStatus__Output | null> {
  const { nameserver, data } = write;
  const asked = {
    path: write.path,
    clientName: write.clientName,
    replication: write.replication ?? 0,
    blockSize: write.blockSizeBytes ?? 0,
    overwrite: write.overwrite ?? false,
  };
  // None: the plain way's Create says why, if it fails too.
  const reserved = await write.reservations.take(asked);
  if (!reserved) return null;
  const { located } = reserved;
  let created = false;
  // Given back unless completed, with any the client drops (below). Safe in every
  // case: a reservation CreateComplete took, or one the nameserver does not know,
  // is left as it is.
  const giveBack = [located.blockId];
  try {
    const status =
      data.length <= reserved.blockSize ? await writeReserved(write, asked, reserved) : null;
    created = status !== null;
    return status;
  } catch (err) {
    if (err instanceof StrataError && isReservationUnknown(err)) {
      // Lost to a failover (which forgets them all) or to a placement changed since
      // (which placed the rest of the directory's the same way): the next files
      // reserve anew.
      giveBack.push(...write.reservations.forgetAll());
      return null;
    }
    // The file cannot be created now: the plain way tries again, and fails with the
    // reason if it still holds.
    if (err instanceof StrataError && err.code === ErrorCode.FAILED_PRECONDITION) return null;
    throw err;
  } finally {
    // What was written for it is deleted now rather than when it expires.
    if (!created) {
      nameserver
        .releaseReservedBlocks(
          write.clientName,
          giveBack.slice(0, Limits.maxReservedBlocksPerClient),
        )
        .catch(() => undefined);
    }
  }
}

/** Writes the block to its pipeline and creates the file; null if the block fell short. */
async function writeReserved(
  write: WholeFileWrite,
  asked: Omit<CreateCompleteRequest, 'blockId' | 'generation' | 'length' | 'storedOn'>,
  { located, blockSize }: ReservedBlock,
): Promise<FileStatus__Output | null> {
  const { data } = write;
  const chunks = [];
  for (let at = 0; at < data.length; at += Defaults.chunkSizeBytes) {
    const payload = data.subarray(at, at + Defaults.chunkSizeBytes);
    chunks.push({ payload, crc: crc32c(payload) });
  }
  let order: string[] = [];
  let storedOn: string[];
  try {
    storedOn = await putWholeBlock(
      {
        located,
        blockSizeBytes: blockSize,
        dispatcher: write.dispatcher,
        expectedLength: () => data.length,
      },
      encodeWholeBody(chunks),
      write.batcher,
      (o) => (order = o),
    );
  } catch {
    return null;
  }
  // Fewer copies than asked for: the plain way retries on other servers.
  if (order.length === 0 || order.some((id) => !storedOn.includes(id))) return null;
  const created = await write.nameserver.createComplete({
    ...asked,
    blockId: located.blockId,
    generation: located.generation,
    length: data.length,
    storedOn,
  });
  return created.status!;
}
