/**
 * Identifier types. Inode and block ids are 64-bit on the wire (uint64) and JS
 * numbers in memory: they are allocated sequentially from 1 and asserted to stay
 * within Number.MAX_SAFE_INTEGER (2^53), far beyond any real namespace.
 */
export type InodeId = number;
export type BlockId = number;
export type DataServerId = string;

export const ROOT_INODE_ID: InodeId = 1;

export function assertSafeId(id: number, what: string): void {
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new Error(`${what} id out of range: ${id}`);
  }
}

/**
 * Block ids at and above this are reserved ones (ReserveBlock): the active of epoch
 * `e` hands out `DETACHED_BLOCK_ID_BASE + e * DETACHED_BLOCKS_PER_EPOCH + n`, n
 * counting up from 0 in memory. Epochs only grow and each has one active, so these
 * ids are unique without a journal entry, and a failover or restart cannot hand one
 * out twice. Sequential ids stay below the base (2^48: 281 trillion blocks). A term
 * has 4.3 billion (10 days of 5,000 small files a second); about two million
 * epochs fit below 2^53.
 */
export const DETACHED_BLOCK_ID_BASE = 2 ** 48;
export const DETACHED_BLOCKS_PER_EPOCH = 2 ** 32;
/** The highest epoch whose reserved ids stay within 2^53. */
export const MAX_DETACHED_EPOCH =
  Math.floor((Number.MAX_SAFE_INTEGER - DETACHED_BLOCK_ID_BASE) / DETACHED_BLOCKS_PER_EPOCH) - 1;

export function isDetachedBlockId(id: BlockId): boolean {
  return id >= DETACHED_BLOCK_ID_BASE;
}
