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
