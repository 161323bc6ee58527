/**
 * The namespace's files as columns: one slot per file in typed arrays, the names in
 * one array of strings (the same strings the directory's entries hold), and the
 * rare parts in small maps: the block lists of files with more than one block, the
 * lease holders of files open for writing.
 *
 * `get` hands out a FileInode built from the columns: a copy, which the caller may
 * change and give back with `put`. The one shared part is the block list of a file
 * of several blocks: copying it on every `get` would make writing a file of n
 * blocks cost n². Only the namespace changes it, and it puts the file back at once.
 */
import type { BlockId, InodeId } from '../core/ids.js';
import { resized, SlotIndex } from './slot-index.js';
import { STORAGE_POLICIES, type FileInode, type StoragePolicy } from './types.js';

/** A storage policy as a byte: 0 none (the parent's), then STORAGE_POLICIES' order. */
const policyCode = (policy: StoragePolicy | null): number =>
  policy === null ? 0 : STORAGE_POLICIES.indexOf(policy) + 1;
const policyOf = (code: number): StoragePolicy | null => STORAGE_POLICIES[code - 1] ?? null;

/** A FileTable's contents as columns, file i in element i of each (see `columns`). */
export interface FileColumns {
  ids: Float64Array;
  parentIds: Float64Array;
  mtimes: Float64Array;
  lengths: Float64Array;
  blockSizes: Float64Array;
  /** 0: no block. */
  firstBlocks: Float64Array;
  replications: Uint8Array;
  /** 0: none, else 1 + the index in STORAGE_POLICIES. */
  policies: Uint8Array;
  names: string[];
  /** The files of more than one block, with all their blocks. */
  longBlockLists: [InodeId, BlockId[]][];
  leaseHolders: [InodeId, string][];
}

export class FileTable {
  private readonly index = new SlotIndex((capacity) => this.grow(capacity));
  private parentIds: Float64Array = new Float64Array(0);
  private mtimes: Float64Array = new Float64Array(0);
  private lengths: Float64Array = new Float64Array(0);
  private blockSizes: Float64Array = new Float64Array(0);
  /** The first block of a file, 0 when it has none (block ids start at 1). */
  private firstBlocks: Float64Array = new Float64Array(0);
  private replications: Uint8Array = new Uint8Array(0);
  private policies: Uint8Array = new Uint8Array(0);
  private names: string[] = [];
  /** The whole block list of each file that has more than one block. */
  private readonly longBlockLists = new Map<InodeId, BlockId[]>();
  /** Who holds the write lease of each file under construction. */
  private readonly leaseHolders = new Map<InodeId, string>();

  get size(): number {
    return this.index.size;
  }

  has(id: InodeId): boolean {
    return this.index.has(id);
  }

  /** Makes room for `files` files at once: a load knows its count. */
  reserve(files: number): void {
    this.index.reserve(files);
  }

  get(id: InodeId): FileInode | undefined {
    const slot = this.index.slotOf(id);
    if (slot === undefined) return undefined;
    return {
      kind: 'file',
      id,
      parentId: this.parentIds[slot]!,
      name: this.names[slot]!,
      mtimeMs: this.mtimes[slot]!,
      replication: this.replications[slot]!,
      storagePolicy: policyOf(this.policies[slot]!),
      blockSizeBytes: this.blockSizes[slot]!,
      length: this.lengths[slot]!,
      blocks: this.blocksOf(id, slot),
      leaseHolder: this.leaseHolders.get(id) ?? null,
    };
  }

  /** Adds a file or overwrites it with `file`'s fields. */
  put(file: FileInode): void {
    const slot = this.index.slotOf(file.id) ?? this.index.add(file.id);
    this.parentIds[slot] = file.parentId;
    this.names[slot] = file.name;
    this.mtimes[slot] = file.mtimeMs;
    this.replications[slot] = file.replication;
    this.policies[slot] = policyCode(file.storagePolicy);
    this.blockSizes[slot] = file.blockSizeBytes;
    this.lengths[slot] = file.length;
    this.firstBlocks[slot] = file.blocks[0] ?? 0;
    if (file.blocks.length > 1) this.longBlockLists.set(file.id, file.blocks);
    else this.longBlockLists.delete(file.id);
    if (file.leaseHolder === null) this.leaseHolders.delete(file.id);
    else this.leaseHolders.set(file.id, file.leaseHolder);
  }

  /** Appends a block to a file's list (a load, in block id order). */
  appendBlock(id: InodeId, blockId: BlockId): boolean {
    const slot = this.index.slotOf(id);
    if (slot === undefined) return false;
    const first = this.firstBlocks[slot]!;
    if (first === 0) this.firstBlocks[slot] = blockId;
    else {
      const list = this.longBlockLists.get(id);
      if (list) list.push(blockId);
      else this.longBlockLists.set(id, [first, blockId]);
    }
    return true;
  }

  delete(id: InodeId): void {
    const slot = this.index.remove(id);
    if (slot === undefined) return;
    this.names[slot] = '';
    this.firstBlocks[slot] = 0;
    this.longBlockLists.delete(id);
    this.leaseHolders.delete(id);
  }

  /** Every file as columns, in the order added: what a checkpoint image holds. */
  columns(): FileColumns {
    const n = this.index.size;
    const out: FileColumns = {
      ids: new Float64Array(n),
      parentIds: new Float64Array(n),
      mtimes: new Float64Array(n),
      lengths: new Float64Array(n),
      blockSizes: new Float64Array(n),
      firstBlocks: new Float64Array(n),
      replications: new Uint8Array(n),
      policies: new Uint8Array(n),
      names: new Array<string>(n),
      longBlockLists: [...this.longBlockLists],
      leaseHolders: [...this.leaseHolders],
    };
    let i = 0;
    for (const [id, slot] of this.index.entries()) {
      out.ids[i] = id;
      out.parentIds[i] = this.parentIds[slot]!;
      out.mtimes[i] = this.mtimes[slot]!;
      out.lengths[i] = this.lengths[slot]!;
      out.blockSizes[i] = this.blockSizes[slot]!;
      out.firstBlocks[i] = this.firstBlocks[slot]!;
      out.replications[i] = this.replications[slot]!;
      out.policies[i] = this.policies[slot]!;
      out.names[i] = this.names[slot]!;
      i++;
    }
    return out;
  }

  /** Fills an empty table from `columns()` of another, taking its arrays as columns (slot i: file i). */
  loadColumns(c: FileColumns): void {
    this.index.adopt(c.ids);
    this.parentIds = c.parentIds;
    this.mtimes = c.mtimes;
    this.lengths = c.lengths;
    this.blockSizes = c.blockSizes;
    this.firstBlocks = c.firstBlocks;
    this.replications = c.replications;
    this.policies = c.policies;
    this.names = c.names;
    for (const [id, blocks] of c.longBlockLists) this.longBlockLists.set(id, blocks);
    for (const [id, holder] of c.leaseHolders) this.leaseHolders.set(id, holder);
  }

  /** A file's replication, without building the whole FileInode (the repair walk asks per block). */
  replicationOf(id: InodeId): number | undefined {
    const slot = this.index.slotOf(id);
    return slot === undefined ? undefined : this.replications[slot];
  }

  /** Every file id, in the order the files were added. */
  *ids(): IterableIterator<InodeId> {
    for (const [id] of this.index.entries()) yield id;
  }

  /** [id, parent id, name] of every file, for linking files into their directories. */
  *links(): IterableIterator<[InodeId, InodeId, string]> {
    for (const [id, slot] of this.index.entries()) {
      yield [id, this.parentIds[slot]!, this.names[slot]!];
    }
  }

  /** [id, lease holder] of every file open for writing. */
  underConstruction(): IterableIterator<[InodeId, string]> {
    return this.leaseHolders.entries();
  }

  /** The live list of a file of several blocks (the namespace appends to it and puts it back). */
  private blocksOf(id: InodeId, slot: number): BlockId[] {
    const list = this.longBlockLists.get(id);
    if (list) return list;
    const first = this.firstBlocks[slot]!;
    return first === 0 ? [] : [first];
  }

  private grow(capacity: number): void {
    this.parentIds = resized(this.parentIds, capacity);
    this.mtimes = resized(this.mtimes, capacity);
    this.lengths = resized(this.lengths, capacity);
    this.blockSizes = resized(this.blockSizes, capacity);
    this.firstBlocks = resized(this.firstBlocks, capacity);
    this.replications = resized(this.replications, capacity);
    this.policies = resized(this.policies, capacity);
  }
}
