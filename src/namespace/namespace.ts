/**
 * The namespace state machine: directories, files and their block lists.
 *
 * Pure: no I/O, no clocks, no randomness. Requests are validated against the
 * current state by the `plan*` methods, which return the journal operations that
 * carry them out (with ids, times and generation stamps already chosen); `apply`
 * performs one operation and returns the row-level effects to persist. The active
 * nameserver plans, logs and applies; a standby or a restart only applies, and
 * reaches the same state.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { alreadyExists, failedPrecondition, invalidArgument, notFound } from '../core/errors.js';
import {
  assertSafeId,
  isDetachedBlockId,
  ROOT_INODE_ID,
  type BlockId,
  type InodeId,
} from '../core/ids.js';
import { Limits } from '../core/limits.js';
import {
  STORAGE_POLICIES,
  type BlockRecord,
  type CacheDirective,
  type CachePool,
  type DirInode,
  type Effect,
  type FileInode,
  type Inode,
  type JournalOp,
  type StoragePolicy,
} from './types.js';
import { CacheDirectives } from './cache-directives.js';
import { newChildren } from './children.js';
import { FileTable, type FileColumns } from './file-table.js';
import { BlockTable, type BlockColumns } from './block-table.js';

export interface NamespaceOptions {
  defaultReplication: number;
  defaultBlockSizeBytes: number;
}

export interface CreatePlan {
  path: string[];
  clientName: string;
  replication: number;
  blockSizeBytes: number;
  overwrite: boolean;
  createParents: boolean;
  nowMs: number;
}

/** A directory without its entries (they are its children's parent ids). */
export type DirRecord = Omit<DirInode, 'children' | 'kind'>;

/** The whole namespace as plain columns and records: what a checkpoint image holds. */
export interface NamespaceImage {
  dirs: DirRecord[];
  files: FileColumns;
  blocks: BlockColumns;
  pools: CachePool[];
  directives: CacheDirective[];
}

/**
 * Directories are objects (there are few, and each holds its entries' B+ tree);
 * files and blocks are rows of column tables (FileTable, BlockTable), so that a
 * namespace of millions of files is a few arrays rather than millions of objects.
 * `get` of a file returns a copy; the apply methods change a copy and `save` it.
 */
export class Namespace {
  private readonly dirs = new Map<InodeId, DirInode>();
  private readonly files = new FileTable();
  private readonly blocks = new BlockTable();
  private nextInodeId = ROOT_INODE_ID + 1;
  private nextBlockId = 1;
  private nextGeneration = 1;
  /** Cache pools and directives: what dataservers keep pinned in memory. */
  readonly cache = new CacheDirectives(this);

  constructor(readonly options: NamespaceOptions) {
    this.dirs.set(ROOT_INODE_ID, {
      kind: 'dir',
      id: ROOT_INODE_ID,
      parentId: ROOT_INODE_ID,
      name: '',
      mtimeMs: 0,
      replication: 0,
      storagePolicy: null,
      children: newChildren(),
    });
  }

  // ---- loading (from the metadata store) ----

  /** Sequential ids are handed out above every one in use; reserved ones (ids.ts) apart. */
  private noteBlockId(id: BlockId): void {
    if (!isDetachedBlockId(id)) this.nextBlockId = Math.max(this.nextBlockId, id + 1);
  }

  /** Makes room for a load of this many files and blocks at once. */
  reserve(files: number, blocks: number): void {
    this.files.reserve(files);
    this.blocks.reserve(blocks);
  }

  /** Adds an inode read back from the store; parents may arrive after children. */
  loadInode(inode: Inode): void {
    if (inode.id === ROOT_INODE_ID) {
      const root = this.root();
      root.mtimeMs = inode.mtimeMs;
      root.replication = inode.replication;
      root.storagePolicy = inode.storagePolicy;
      return;
    }
    if (inode.kind === 'file') this.files.put(inode);
    else this.dirs.set(inode.id, inode);
    this.nextInodeId = Math.max(this.nextInodeId, inode.id + 1);
  }

  /** Adds a block read back from the store, after every inode, in id order. */
  loadBlock(block: BlockRecord): void {
    // Block ids grow monotonically and a file only appends, so id order is file order.
    // A reserved id (ids.ts) is the only block of its file: it comes after the others.
    assert(block.id >= this.nextBlockId, `block ${block.id} loaded out of id order`);
    const known = this.files.appendBlock(block.fileId, block.id);
    assert(known, `block ${block.id} of missing file ${block.fileId}`);
    this.blocks.put(block);
    this.noteBlockId(block.id);
    this.nextGeneration = Math.max(this.nextGeneration, block.generation + 1);
  }

  /** The namespace as columns, for a checkpoint image; `loadImage` reads it back. */
  image(): NamespaceImage {
    return {
      dirs: [...this.dirs.values()].map(
        ({ id, parentId, name, mtimeMs, replication, storagePolicy }) => ({
          id,
          parentId,
          name,
          mtimeMs,
          replication,
          storagePolicy,
        }),
      ),
      files: this.files.columns(),
      blocks: this.blocks.columns(),
      pools: this.cache.addedPools(),
      directives: this.cache.allDirectives(),
    };
  }

  /** Loads an image into this namespace, which must be new (as `loadInode` and the rest, at once). */
  loadImage(image: NamespaceImage): void {
    assert(this.dirs.size === 1 && this.files.size === 0, 'loadImage into a namespace in use');
    for (const dir of image.dirs) this.loadInode({ ...dir, kind: 'dir', children: newChildren() });
    this.files.loadColumns(image.files);
    for (const id of image.files.ids) this.nextInodeId = Math.max(this.nextInodeId, id + 1);
    this.blocks.loadColumns(image.blocks);
    const { ids, generations } = image.blocks;
    for (let i = 0; i < ids.length; i++) {
      this.noteBlockId(ids[i]!);
      this.nextGeneration = Math.max(this.nextGeneration, generations[i]! + 1);
    }
    for (const pool of image.pools) this.cache.loadPool(pool);
    for (const directive of image.directives) this.cache.loadDirective(directive);
    this.finishLoading();
  }

  /** Links children into their parents once everything is loaded. */
  finishLoading(): void {
    for (const dir of this.dirs.values()) {
      if (dir.id !== ROOT_INODE_ID) this.dir(dir.parentId).children.set(dir.name, dir.id);
    }
    for (const [id, parentId, name] of this.files.links()) {
      const parent = this.dirs.get(parentId);
      assert(parent, `inode ${id} has no parent directory`);
      parent.children.set(name, id);
    }
  }

  // ---- queries ----

  root(): DirInode {
    return this.dir(ROOT_INODE_ID);
  }

  /** A directory (the live object) or a copy of a file. */
  get(id: InodeId): Inode | undefined {
    return this.dirs.get(id) ?? this.files.get(id);
  }

  /** A copy of a block's record. */
  getBlock(id: BlockId): BlockRecord | undefined {
    return this.blocks.get(id);
  }

  /** A file's replication (undefined if there is no such file), without copying the file. */
  replicationOf(fileId: InodeId): number | undefined {
    return this.files.replicationOf(fileId);
  }

  /** Every block record (copies), for reports and block-report reconciliation. */
  allBlocks(): IterableIterator<BlockRecord> {
    return this.blocks.values();
  }

  /** Every directory, then a copy of every file. */
  *allInodes(): IterableIterator<Inode> {
    yield* this.dirs.values();
    for (const id of this.files.ids()) yield this.files.get(id)!;
  }

  /** [file id, lease holder] of every file open for writing. */
  filesUnderConstruction(): IterableIterator<[InodeId, string]> {
    return this.files.underConstruction();
  }

  counts(): { files: number; directories: number; blocks: number } {
    return { files: this.files.size, directories: this.dirs.size, blocks: this.blocks.size };
  }

  /**
   * A digest of the whole namespace image (inodes and blocks, in id order), equal on
   * two nameservers exactly when they hold the same namespace (I-5).
   */
  checksum(): string {
    const hash = createHash('sha256');
    const ids = [...this.dirs.keys(), ...this.files.ids()].sort((a, b) => a - b);
    for (const id of ids) {
      const n = this.get(id)!;
      hash.update(
        n.kind === 'dir'
          ? `d|${n.id}|${n.parentId}|${n.name}|${n.replication}|${n.mtimeMs}|${n.storagePolicy}\n`
          : `f|${n.id}|${n.parentId}|${n.name}|${n.replication}|${n.mtimeMs}|${n.length}|${n.blockSizeBytes}|${n.leaseHolder}|${n.blocks.join(',')}|${n.storagePolicy}\n`,
      );
    }
    const blocks = [...this.blocks.values()].sort((a, b) => a.id - b.id);
    for (const b of blocks) {
      hash.update(`b|${b.id}|${b.fileId}|${b.generation}|${b.length}|${b.committed}\n`);
    }
    for (const line of this.cache.checksumLines()) hash.update(line);
    return hash.digest('hex');
  }

  resolve(parts: readonly string[]): Inode | undefined {
    let node: Inode = this.root();
    for (const part of parts) {
      if (node.kind !== 'dir') return undefined;
      const childId = node.children.get(part);
      if (childId === undefined) return undefined;
      const child = this.get(childId);
      assert(child, `dangling child ${childId}`);
      node = child;
    }
    return node;
  }

  /** Resolves a path or throws NOT_FOUND naming it. */
  lookup(parts: readonly string[]): Inode {
    const inode = this.resolve(parts);
    if (!inode) throw notFound(`no such file or directory: /${parts.join('/')}`);
    return inode;
  }

  pathOf(id: InodeId): string {
    const names: string[] = [];
    let node = this.get(id);
    while (node && node.id !== ROOT_INODE_ID) {
      names.push(node.name);
      node = this.get(node.parentId);
    }
    return '/' + names.reverse().join('/');
  }

  /** The replication a new file under `dir` gets when it asks for none. */
  inheritedReplication(dir: DirInode): number {
    let node: Inode | undefined = dir;
    while (node && node.kind === 'dir') {
      if (node.replication > 0) return node.replication;
      if (node.id === ROOT_INODE_ID) break;
      node = this.get(node.parentId);
    }
    return this.options.defaultReplication;
  }

  /** The policy that places `inode`'s replicas: its own, else its nearest ancestor's, else none. */
  effectiveStoragePolicy(inode: Inode): { policy: StoragePolicy | null; from: InodeId | null } {
    let node: Inode | undefined = inode;
    while (node) {
      if (node.storagePolicy) return { policy: node.storagePolicy, from: node.id };
      if (node.id === ROOT_INODE_ID) break;
      node = this.get(node.parentId);
    }
    return { policy: null, from: null };
  }

  /** One page of a directory's entries in name order, after `startAfter`. */
  list(dir: DirInode, startAfter: string, limit: number): { entries: Inode[]; hasMore: boolean } {
    const entries: Inode[] = [];
    for (const [name, id] of dir.children.entries(startAfter)) {
      if (name === startAfter) continue; // entries() starts at startAfter itself
      if (entries.length === limit) return { entries, hasMore: true };
      const child = this.get(id);
      assert(child);
      entries.push(child);
    }
    return { entries, hasMore: false };
  }

  /** Files under an inode (itself if it is a file), depth first, at most `max`. */
  filesUnder(inode: Inode, max: number): FileInode[] {
    const out: FileInode[] = [];
    // Ids, not inodes: a file is copied out of its table only when it is taken.
    const stack: InodeId[] = [inode.id];
    while (stack.length > 0 && out.length < max) {
      const node = this.get(stack.pop()!)!;
      if (node.kind === 'file') {
        out.push(node);
        continue;
      }
      const ids = [...node.children.values()].reverse(); // popped in name order
      for (const id of ids) stack.push(id);
    }
    return out;
  }

  // ---- planning: validate a request, choose ids, return the operations ----

  planMkdir(parts: string[], parents: boolean, nowMs: number): JournalOp[] {
    if (parts.length === 0) {
      if (parents) return [];
      throw alreadyExists('/ already exists');
    }
    const ops: JournalOp[] = [];
    let node: Inode = this.root();
    let nextId = this.nextInodeId;
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i]!;
      const isLast = i === parts.length - 1;
      const childId: InodeId | undefined =
        node.kind === 'dir' ? node.children.get(name) : undefined;
      const existing: Inode | undefined = childId === undefined ? undefined : this.get(childId);
      if (existing) {
        if (existing.kind !== 'dir') {
          throw failedPrecondition(`not a directory: ${'/' + parts.slice(0, i + 1).join('/')}`);
        }
        if (isLast && !parents) throw alreadyExists(`already exists: /${parts.join('/')}`);
        node = existing;
        continue;
      }
      if (!parents && !isLast) {
        throw notFound(`parent directory does not exist: /${parts.slice(0, i + 1).join('/')}`);
      }
      // Every remaining component is new.
      let parentId = node.id;
      for (let j = i; j < parts.length; j++) {
        const id = nextId++;
        ops.push({ op: 'mkdir', id, parentId, name: parts[j]!, mtimeMs: nowMs });
        parentId = id;
      }
      return ops;
    }
    return ops;
  }

  planCreate(plan: CreatePlan): JournalOp[] {
    const { path } = plan;
    if (path.length === 0) throw invalidArgument('cannot create a file at /');
    if (plan.replication < 0 || plan.replication > Limits.maxReplication) {
      throw invalidArgument(`replication must be 1..${Limits.maxReplication}`);
    }
    const blockSizeBytes = plan.blockSizeBytes || this.options.defaultBlockSizeBytes;
    if (
      blockSizeBytes < Limits.minBlockSizeBytes ||
      blockSizeBytes > Limits.maxBlockSizeBytes ||
      blockSizeBytes % 512 !== 0
    ) {
      throw invalidArgument(
        `block size must be a multiple of 512 between ${Limits.minBlockSizeBytes} and ${Limits.maxBlockSizeBytes} bytes`,
      );
    }
    validateClientName(plan.clientName);
    const parentParts = path.slice(0, -1);
    const name = path[path.length - 1]!;
    const ops: JournalOp[] = [];
    let parent = this.resolve(parentParts);
    let parentId: InodeId;
    if (!parent) {
      if (!plan.createParents) {
        throw notFound(`parent directory does not exist: /${parentParts.join('/')}`);
      }
      ops.push(...this.planMkdir(parentParts, true, plan.nowMs));
      const last = ops[ops.length - 1];
      assert(last?.op === 'mkdir');
      parentId = last.id;
      parent = undefined;
    } else {
      if (parent.kind !== 'dir') {
        throw failedPrecondition(`not a directory: /${parentParts.join('/')}`);
      }
      parentId = parent.id;
      const existingId = parent.children.get(name);
      if (existingId !== undefined) {
        const existing = this.get(existingId)!;
        if (existing.kind === 'dir') {
          throw alreadyExists(`a directory exists at /${path.join('/')}`);
        }
        if (!plan.overwrite) throw alreadyExists(`file exists: /${path.join('/')}`);
        if (existing.leaseHolder !== null && existing.leaseHolder !== plan.clientName) {
          throw failedPrecondition(
            `/${path.join('/')} is being written by another client (${existing.leaseHolder})`,
          );
        }
        ops.push({ op: 'delete', id: existing.id, mtimeMs: plan.nowMs });
      }
    }
    const replication =
      plan.replication ||
      (parent?.kind === 'dir'
        ? this.inheritedReplication(parent)
        : this.options.defaultReplication);
    const id = ops.reduce(
      (max, op) => (op.op === 'mkdir' ? Math.max(max, op.id + 1) : max),
      this.nextInodeId,
    );
    ops.push({
      op: 'create',
      id,
      parentId,
      name,
      replication,
      blockSizeBytes,
      mtimeMs: plan.nowMs,
      clientName: plan.clientName,
    });
    return ops;
  }

  /** The file a writer holds the lease on, or the error it should see. */
  fileForWriter(fileId: InodeId, clientName: string): FileInode {
    const file = this.get(fileId);
    if (!file || file.kind !== 'file') throw notFound(`no such file id: ${fileId}`);
    if (file.leaseHolder === null)
      throw failedPrecondition(`file ${fileId} is not open for writing`);
    if (file.leaseHolder !== clientName) {
      throw failedPrecondition(`file ${fileId} is leased to another client`);
    }
    return file;
  }

  planAddBlock(
    fileId: InodeId,
    clientName: string,
    previous: { blockId: BlockId; length: number } | null,
  ): JournalOp {
    const file = this.fileForWriter(fileId, clientName);
    this.checkLastBlock(file, previous);
    if (file.blocks.length >= Limits.maxBlocksPerFile) {
      throw invalidArgument(`a file may hold at most ${Limits.maxBlocksPerFile} blocks`);
    }
    return {
      op: 'addBlock',
      fileId,
      blockId: this.nextBlockId,
      generation: this.nextGeneration,
      previous: file.blocks.length > 0 ? previous : null,
    };
  }

  /** The first block of a file whose create is planned but not yet applied. */
  planFirstBlock(create: Extract<JournalOp, { op: 'create' }>): JournalOp {
    return {
      op: 'addBlock',
      fileId: create.id,
      blockId: this.nextBlockId,
      generation: this.nextGeneration,
      previous: null,
    };
  }

  /**
   * A file of one block, created complete: the create (and the delete of the file it
   * overwrites), the block (a reserved id, written already) and the complete, to be
   * applied together. The parent must exist: a reservation was made for it.
   */
  planCreateComplete(
    plan: Omit<CreatePlan, 'createParents'>,
    block: { blockId: BlockId; generation: number; length: number },
  ): JournalOp[] {
    if (!isDetachedBlockId(block.blockId) || !Number.isSafeInteger(block.blockId)) {
      throw invalidArgument(`block ${block.blockId} is not a reserved block id`);
    }
    const ops = this.planCreate({ ...plan, createParents: false });
    const create = ops[ops.length - 1];
    assert(create?.op === 'create');
    if (block.length <= 0 || block.length > create.blockSizeBytes) {
      throw invalidArgument(
        `a file created complete holds 1..${create.blockSizeBytes} bytes, not ${block.length}`,
      );
    }
    if (this.blocks.has(block.blockId)) {
      throw failedPrecondition(`block ${block.blockId} already belongs to a file`);
    }
    const last = { blockId: block.blockId, length: block.length };
    ops.push(
      {
        op: 'addBlock',
        fileId: create.id,
        blockId: block.blockId,
        generation: block.generation,
        previous: null,
      },
      { op: 'complete', fileId: create.id, last, mtimeMs: plan.nowMs },
    );
    return ops;
  }

  planAbandonBlock(fileId: InodeId, clientName: string, blockId: BlockId): JournalOp {
    const file = this.fileForWriter(fileId, clientName);
    if (file.blocks[file.blocks.length - 1] !== blockId) {
      throw failedPrecondition(`block ${blockId} is not the last block of file ${fileId}`);
    }
    return { op: 'abandonBlock', fileId, blockId };
  }

  planComplete(
    fileId: InodeId,
    clientName: string,
    last: { blockId: BlockId; length: number } | null,
    nowMs: number,
  ): JournalOp {
    const file = this.fileForWriter(fileId, clientName);
    this.checkLastBlock(file, last);
    return { op: 'complete', fileId, last: file.blocks.length > 0 ? last : null, mtimeMs: nowMs };
  }

  /** Closes a file whose writer vanished, keeping the last block at `lastLength`. */
  planRecoverLease(fileId: InodeId, lastLength: number | null, nowMs: number): JournalOp[] {
    const file = this.get(fileId);
    if (!file || file.kind !== 'file' || file.leaseHolder === null) return [];
    const lastId = file.blocks[file.blocks.length - 1];
    if (lastId === undefined) return [{ op: 'complete', fileId, last: null, mtimeMs: nowMs }];
    const lastBlock = this.blocks.get(lastId)!;
    if (lastBlock.committed) {
      return [
        {
          op: 'complete',
          fileId,
          last: { blockId: lastId, length: lastBlock.length },
          mtimeMs: nowMs,
        },
      ];
    }
    if (lastLength === null) {
      // No replica of the unfinished block survived: drop it, keep the rest.
      return [
        { op: 'abandonBlock', fileId, blockId: lastId },
        { op: 'complete', fileId, last: null, mtimeMs: nowMs },
      ];
    }
    return [
      { op: 'complete', fileId, last: { blockId: lastId, length: lastLength }, mtimeMs: nowMs },
    ];
  }

  planDelete(parts: string[], recursive: boolean, nowMs: number): JournalOp {
    if (parts.length === 0) throw invalidArgument('cannot delete /');
    const inode = this.lookup(parts);
    if (inode.kind === 'dir' && inode.children.size > 0 && !recursive) {
      throw failedPrecondition(`directory not empty: /${parts.join('/')}`);
    }
    return { op: 'delete', id: inode.id, mtimeMs: nowMs };
  }

  planRename(source: string[], destination: string[], nowMs: number): JournalOp {
    if (source.length === 0) throw invalidArgument('cannot rename /');
    if (destination.length === 0) throw alreadyExists('/ already exists');
    const inode = this.lookup(source);
    const destParent = this.resolve(destination.slice(0, -1));
    if (!destParent) {
      throw notFound(`parent directory does not exist: /${destination.slice(0, -1).join('/')}`);
    }
    if (destParent.kind !== 'dir') {
      throw failedPrecondition(`not a directory: /${destination.slice(0, -1).join('/')}`);
    }
    const newName = destination[destination.length - 1]!;
    if (destParent.children.has(newName)) {
      throw alreadyExists(`destination exists: /${destination.join('/')}`);
    }
    // A directory cannot move under itself.
    for (let node: Inode | undefined = destParent; node;) {
      if (node.id === inode.id) {
        throw invalidArgument(`cannot move /${source.join('/')} into itself`);
      }
      if (node.id === ROOT_INODE_ID) break;
      node = this.get(node.parentId);
    }
    return { op: 'rename', id: inode.id, newParentId: destParent.id, newName, mtimeMs: nowMs };
  }

  planSetReplication(parts: string[], replication: number): JournalOp {
    if (!Number.isInteger(replication) || replication < 1 || replication > Limits.maxReplication) {
      throw invalidArgument(`replication must be 1..${Limits.maxReplication}`);
    }
    const inode = this.lookup(parts);
    return { op: 'setReplication', id: inode.id, replication };
  }

  planSetStoragePolicy(parts: string[], policy: string | null): JournalOp {
    if (policy !== null && !STORAGE_POLICIES.includes(policy as StoragePolicy)) {
      throw invalidArgument(
        `unknown storage policy ${JSON.stringify(policy)}: one of ${STORAGE_POLICIES.join(', ')}`,
      );
    }
    const inode = this.lookup(parts);
    return { op: 'setStoragePolicy', id: inode.id, policy: policy as StoragePolicy | null };
  }

  private checkLastBlock(
    file: FileInode,
    claimed: { blockId: BlockId; length: number } | null,
  ): void {
    const lastId = file.blocks[file.blocks.length - 1];
    if (lastId === undefined) {
      if (claimed && claimed.blockId !== 0) {
        throw failedPrecondition(`file ${file.id} has no block ${claimed.blockId}`);
      }
      return;
    }
    if (!claimed || claimed.blockId !== lastId) {
      throw failedPrecondition(
        `file ${file.id}: the last block is ${lastId}, not ${claimed?.blockId ?? 'none'}`,
      );
    }
    if (
      !Number.isSafeInteger(claimed.length) ||
      claimed.length < 0 ||
      claimed.length > file.blockSizeBytes
    ) {
      throw invalidArgument(`block length ${claimed.length} is out of range`);
    }
  }

  // ---- applying ----

  /** Performs one journal operation. Throws only on a broken invariant (a bug or a corrupt journal). */
  apply(op: JournalOp): Effect[] {
    switch (op.op) {
      case 'mkdir':
        return this.applyMkdir(op);
      case 'create':
        return this.applyCreate(op);
      case 'addBlock':
        return this.applyAddBlock(op);
      case 'abandonBlock':
        return this.applyAbandonBlock(op);
      case 'complete':
        return this.applyComplete(op);
      case 'delete':
        return this.applyDelete(op);
      case 'rename':
        return this.applyRename(op);
      case 'setReplication':
        return this.applySetReplication(op);
      case 'setStoragePolicy':
        return this.applySetStoragePolicy(op);
      case 'addCachePool':
      case 'removeCachePool':
      case 'addCacheDirective':
      case 'removeCacheDirective':
        return this.cache.apply(op);
      case 'epochStart':
        return [];
    }
  }

  private dir(id: InodeId): DirInode {
    const dir = this.dirs.get(id);
    assert(dir, `inode ${id} is not a directory`);
    return dir;
  }

  /** A copy of a file, to change and `save`. */
  private file(id: InodeId): FileInode {
    const file = this.files.get(id);
    assert(file, `inode ${id} is not a file`);
    return file;
  }

  /** Writes a changed inode back: a file into its table (a directory is the live object). */
  private save(inode: Inode): void {
    if (inode.kind === 'file') this.files.put(inode);
  }

  private link(parent: DirInode, inode: Inode, mtimeMs: number): void {
    assert(!parent.children.has(inode.name), `name ${inode.name} taken in ${parent.id}`);
    assert(!this.dirs.has(inode.id) && !this.files.has(inode.id), `inode id ${inode.id} reused`);
    assertSafeId(inode.id, 'inode');
    parent.children.set(inode.name, inode.id);
    parent.mtimeMs = mtimeMs;
    if (inode.kind === 'dir') this.dirs.set(inode.id, inode);
    else this.files.put(inode);
    this.nextInodeId = Math.max(this.nextInodeId, inode.id + 1);
  }

  private applyMkdir(op: Extract<JournalOp, { op: 'mkdir' }>): Effect[] {
    const parent = this.dir(op.parentId);
    const dir: DirInode = {
      kind: 'dir',
      id: op.id,
      parentId: op.parentId,
      name: op.name,
      mtimeMs: op.mtimeMs,
      replication: 0,
      storagePolicy: null,
      children: newChildren(),
    };
    this.link(parent, dir, op.mtimeMs);
    return [
      { kind: 'putInode', inode: dir },
      { kind: 'putInode', inode: parent },
    ];
  }

  private applyCreate(op: Extract<JournalOp, { op: 'create' }>): Effect[] {
    const parent = this.dir(op.parentId);
    const file: FileInode = {
      kind: 'file',
      id: op.id,
      parentId: op.parentId,
      name: op.name,
      mtimeMs: op.mtimeMs,
      replication: op.replication,
      storagePolicy: null,
      blockSizeBytes: op.blockSizeBytes,
      length: 0,
      blocks: [],
      leaseHolder: op.clientName,
    };
    this.link(parent, file, op.mtimeMs);
    return [
      { kind: 'putInode', inode: file },
      { kind: 'putInode', inode: parent },
    ];
  }

  private commitBlock(file: FileInode, last: { blockId: BlockId; length: number }): Effect[] {
    const block = this.blocks.get(last.blockId);
    assert(block && block.fileId === file.id, `block ${last.blockId} not in file ${file.id}`);
    if (block.committed) return [];
    block.length = last.length;
    block.committed = true;
    this.blocks.put(block);
    file.length += last.length; // the caller saves the file
    return [{ kind: 'putBlock', block }];
  }

  private applyAddBlock(op: Extract<JournalOp, { op: 'addBlock' }>): Effect[] {
    const file = this.file(op.fileId);
    const effects: Effect[] = op.previous ? this.commitBlock(file, op.previous) : [];
    assertSafeId(op.blockId, 'block');
    assert(!this.blocks.has(op.blockId), `block id ${op.blockId} reused`);
    const block: BlockRecord = {
      id: op.blockId,
      fileId: file.id,
      generation: op.generation,
      length: 0,
      committed: false,
    };
    this.blocks.put(block);
    file.blocks.push(block.id);
    this.save(file);
    this.noteBlockId(op.blockId);
    this.nextGeneration = Math.max(this.nextGeneration, op.generation + 1);
    effects.push({ kind: 'putBlock', block }, { kind: 'putInode', inode: file });
    return effects;
  }

  private applyAbandonBlock(op: Extract<JournalOp, { op: 'abandonBlock' }>): Effect[] {
    const file = this.file(op.fileId);
    assert(
      file.blocks[file.blocks.length - 1] === op.blockId,
      'abandoning a block that is not last',
    );
    const block = this.blocks.get(op.blockId);
    assert(block && !block.committed, 'abandoning a committed block');
    file.blocks.pop();
    this.save(file);
    this.blocks.delete(op.blockId);
    return [
      { kind: 'deleteBlock', id: op.blockId, fileId: file.id },
      { kind: 'putInode', inode: file },
    ];
  }

  private applyComplete(op: Extract<JournalOp, { op: 'complete' }>): Effect[] {
    const file = this.file(op.fileId);
    const effects = op.last ? this.commitBlock(file, op.last) : [];
    file.leaseHolder = null;
    file.mtimeMs = op.mtimeMs;
    this.save(file);
    effects.push({ kind: 'putInode', inode: file });
    return effects;
  }

  private applyDelete(op: Extract<JournalOp, { op: 'delete' }>): Effect[] {
    const inode = this.get(op.id);
    assert(inode && inode.id !== ROOT_INODE_ID, `cannot delete inode ${op.id}`);
    const parent = this.dir(inode.parentId);
    parent.children.delete(inode.name);
    parent.mtimeMs = op.mtimeMs;
    const effects: Effect[] = [{ kind: 'putInode', inode: parent }];
    const stack: Inode[] = [inode];
    while (stack.length > 0) {
      const node = stack.pop()!;
      effects.push({ kind: 'deleteInode', id: node.id });
      if (node.kind === 'dir') {
        this.dirs.delete(node.id);
        for (const childId of node.children.values()) stack.push(this.get(childId)!);
      } else {
        this.files.delete(node.id);
        for (const blockId of node.blocks) {
          this.blocks.delete(blockId);
          effects.push({ kind: 'deleteBlock', id: blockId, fileId: node.id });
        }
      }
    }
    // A cache directive goes with its inode.
    if (this.cache.size > 0) effects.push(...this.cache.dropOrphans());
    return effects;
  }

  private applyRename(op: Extract<JournalOp, { op: 'rename' }>): Effect[] {
    const inode = this.get(op.id);
    assert(inode && inode.id !== ROOT_INODE_ID, `cannot rename inode ${op.id}`);
    const oldParent = this.dir(inode.parentId);
    const newParent = this.dir(op.newParentId);
    assert(!newParent.children.has(op.newName), 'rename onto an existing name');
    oldParent.children.delete(inode.name);
    oldParent.mtimeMs = op.mtimeMs;
    inode.name = op.newName;
    inode.parentId = newParent.id;
    this.save(inode);
    newParent.children.set(op.newName, inode.id);
    newParent.mtimeMs = op.mtimeMs;
    return [
      { kind: 'putInode', inode },
      { kind: 'putInode', inode: oldParent },
      { kind: 'putInode', inode: newParent },
    ];
  }

  private applySetStoragePolicy(op: Extract<JournalOp, { op: 'setStoragePolicy' }>): Effect[] {
    const inode = this.get(op.id);
    assert(inode, `setStoragePolicy on missing inode ${op.id}`);
    // Only this inode changes: those below without a policy of their own follow it at
    // once, since a policy is looked up, not copied.
    inode.storagePolicy = op.policy;
    this.save(inode);
    return [{ kind: 'putInode', inode }];
  }

  /** On a directory: its default for new files, and every file under it (as `hdfs dfs -setrep`). */
  private applySetReplication(op: Extract<JournalOp, { op: 'setReplication' }>): Effect[] {
    const inode = this.get(op.id);
    assert(inode, `setReplication on missing inode ${op.id}`);
    const effects: Effect[] = [];
    const stack: Inode[] = [inode];
    while (stack.length > 0) {
      const node = stack.pop()!;
      node.replication = op.replication;
      this.save(node);
      effects.push({ kind: 'putInode', inode: node });
      if (node.kind === 'dir') {
        for (const childId of node.children.values()) stack.push(this.get(childId)!);
      }
    }
    return effects;
  }
}

export function validateClientName(name: string): void {
  if (typeof name !== 'string' || name.length === 0) throw invalidArgument('client name is empty');
  if (Buffer.byteLength(name) > Limits.maxClientNameBytes) {
    throw invalidArgument(`client name is longer than ${Limits.maxClientNameBytes} bytes`);
  }
}
