/**
 * The namespace's block records as columns (see FileTable): file id, generation,
 * length and committed flag of each block in typed arrays, one slot per block.
 * `get` hands out a BlockRecord built from them, a copy; the namespace changes it
 * and gives it back with `put`.
 */
import type { BlockId } from '../core/ids.js';
import { resized, SlotIndex } from './slot-index.js';
import type { BlockRecord } from './types.js';

/** A BlockTable's contents as columns, block i in element i of each. */
export interface BlockColumns {
  ids: Float64Array;
  fileIds: Float64Array;
  generations: Float64Array;
  lengths: Float64Array;
  committed: Uint8Array;
}

export class BlockTable {
  private readonly index = new SlotIndex((capacity) => this.grow(capacity));
  private fileIds: Float64Array = new Float64Array(0);
  private generations: Float64Array = new Float64Array(0);
  private lengths: Float64Array = new Float64Array(0);
  private committed: Uint8Array = new Uint8Array(0);

  get size(): number {
    return this.index.size;
  }

  has(id: BlockId): boolean {
    return this.index.has(id);
  }

  /** Makes room for `blocks` blocks at once: a load knows its count. */
  reserve(blocks: number): void {
    this.index.reserve(blocks);
  }

  get(id: BlockId): BlockRecord | undefined {
    const slot = this.index.slotOf(id);
    return slot === undefined ? undefined : this.recordAt(id, slot);
  }

  /** Adds a block or overwrites it with `block`'s fields. */
  put(block: BlockRecord): void {
    const slot = this.index.slotOf(block.id) ?? this.index.add(block.id);
    this.fileIds[slot] = block.fileId;
    this.generations[slot] = block.generation;
    this.lengths[slot] = block.length;
    this.committed[slot] = block.committed ? 1 : 0;
  }

  delete(id: BlockId): void {
    this.index.remove(id);
  }

  /** Every block as columns, in the order added: what a checkpoint image holds. */
  columns(): BlockColumns {
    const n = this.index.size;
    const out: BlockColumns = {
      ids: new Float64Array(n),
      fileIds: new Float64Array(n),
      generations: new Float64Array(n),
      lengths: new Float64Array(n),
      committed: new Uint8Array(n),
    };
    let i = 0;
    for (const [id, slot] of this.index.entries()) {
      out.ids[i] = id;
      out.fileIds[i] = this.fileIds[slot]!;
      out.generations[i] = this.generations[slot]!;
      out.lengths[i] = this.lengths[slot]!;
      out.committed[i] = this.committed[slot]!;
      i++;
    }
    return out;
  }

  /** Fills an empty table from `columns()` of another, taking its arrays as columns (slot i: block i). */
  loadColumns(c: BlockColumns): void {
    this.index.adopt(c.ids);
    this.fileIds = c.fileIds;
    this.generations = c.generations;
    this.lengths = c.lengths;
    this.committed = c.committed;
  }

  /** Every block, in the order the blocks were added. */
  *values(): IterableIterator<BlockRecord> {
    for (const [id, slot] of this.index.entries()) yield this.recordAt(id, slot);
  }

  private recordAt(id: BlockId, slot: number): BlockRecord {
    return {
      id,
      fileId: this.fileIds[slot]!,
      generation: this.generations[slot]!,
      length: this.lengths[slot]!,
      committed: this.committed[slot] === 1,
    };
  }

  private grow(capacity: number): void {
    this.fileIds = resized(this.fileIds, capacity);
    this.generations = resized(this.generations, capacity);
    this.lengths = resized(this.lengths, capacity);
    this.committed = resized(this.committed, capacity);
  }
}
