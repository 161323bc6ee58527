/**
 * The nameserver's in-memory vocabulary: inodes, blocks and the journal operations
 * that change them. Journal operations are fully resolved (ids, times and
 * generation stamps are chosen by the active nameserver before logging), so that
 * replaying one on any replica gives the same state.
 */
import type { BlockId, InodeId } from '../core/ids.js';
import type { Children } from './children.js';

/**
 * Where a file's replicas go: `hot` all on NVMe, `warm` one on NVMe and the rest on
 * HDD, `cold` all on HDD. Set on a file or a directory; an inode without one takes
 * its nearest ancestor's, and with none set anywhere replicas go to any medium.
 */
export type StoragePolicy = 'hot' | 'warm' | 'cold';
export const STORAGE_POLICIES: readonly StoragePolicy[] = ['hot', 'warm', 'cold'];

export interface DirInode {
  readonly kind: 'dir';
  readonly id: InodeId;
  parentId: InodeId;
  name: string;
  mtimeMs: number;
  /** Replication handed down to new files; 0 means "inherit from the parent". */
  replication: number;
  /** Its own storage policy; null: its parent's. */
  storagePolicy: StoragePolicy | null;
  children: Children;
}

export interface FileInode {
  readonly kind: 'file';
  readonly id: InodeId;
  parentId: InodeId;
  name: string;
  mtimeMs: number;
  replication: number;
  /** Its own storage policy; null: its parent's. */
  storagePolicy: StoragePolicy | null;
  blockSizeBytes: number;
  /** Sum of the lengths of the file's committed blocks. */
  length: number;
  blocks: BlockId[];
  /** The client holding the write lease, or null once the file is complete. */
  leaseHolder: string | null;
}

export type Inode = DirInode | FileInode;

export interface BlockRecord {
  readonly id: BlockId;
  readonly fileId: InodeId;
  generation: number;
  /** Final length once committed; 0 while the block is being written. */
  length: number;
  committed: boolean;
}

/** A cache pool: a byte limit over what its directives hold in memory (0: none). */
export interface CachePool {
  name: string;
  limitBytes: number;
}

/** Keep a file's blocks (or those of the files directly in a directory) in memory. */
export interface CacheDirective {
  readonly id: number;
  inodeId: InodeId;
  pool: string;
  /** How many replicas of each block to hold in memory. */
  replication: number;
  /** Wall-clock ms after which it no longer applies; 0: never. */
  expiresAtMs: number;
}

export type JournalOp =
  | { op: 'mkdir'; id: InodeId; parentId: InodeId; name: string; mtimeMs: number }
  | {
      op: 'create';
      id: InodeId;
      parentId: InodeId;
      name: string;
      replication: number;
      blockSizeBytes: number;
      mtimeMs: number;
      clientName: string;
    }
  | {
      op: 'addBlock';
      fileId: InodeId;
      blockId: BlockId;
      generation: number;
      /** The previous last block, committed with its final length. */
      previous: { blockId: BlockId; length: number } | null;
    }
  | { op: 'abandonBlock'; fileId: InodeId; blockId: BlockId }
  | {
      op: 'complete';
      fileId: InodeId;
      last: { blockId: BlockId; length: number } | null;
      mtimeMs: number;
    }
  | { op: 'delete'; id: InodeId; mtimeMs: number }
  | { op: 'rename'; id: InodeId; newParentId: InodeId; newName: string; mtimeMs: number }
  | { op: 'setReplication'; id: InodeId; replication: number }
  /** null clears the inode's own policy, so that it inherits again. */
  | { op: 'setStoragePolicy'; id: InodeId; policy: StoragePolicy | null }
  | { op: 'addCachePool'; pool: CachePool }
  /** Its directives go with it. */
  | { op: 'removeCachePool'; name: string }
  | { op: 'addCacheDirective'; directive: CacheDirective }
  | { op: 'removeCacheDirective'; id: number }
  /**
   * A new active's first entry (Raft's no-op of a new term). Changes nothing; once it
   * is acknowledged, every entry before it is on the standby too (or the witness
   * counts the standby out), and only then does the active answer anyone.
   */
  | { op: 'epochStart'; epoch: number };

/**
 * Row-level changes that applying an operation made; the persistence layer writes
 * exactly these, in the same transaction as the journal entry.
 */
export type Effect =
  | { kind: 'putInode'; inode: Inode }
  | { kind: 'deleteInode'; id: InodeId }
  | { kind: 'putBlock'; block: BlockRecord }
  | { kind: 'deleteBlock'; id: BlockId; fileId: InodeId }
  | { kind: 'putCachePool'; pool: CachePool }
  | { kind: 'deleteCachePool'; name: string }
  | { kind: 'putCacheDirective'; directive: CacheDirective }
  | { kind: 'deleteCacheDirective'; id: number };
