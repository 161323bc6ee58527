/**
 * Where each record of a column table lives: id → slot, for tables that keep one
 * record per slot in typed arrays (FileTable, BlockTable) rather than one object per
 * record. A million files as objects cost the heap about six objects each, and the
 * collector traced every one; as columns they cost a few numbers in a handful of
 * arrays that it does not look inside.
 *
 * Slots of removed ids are reused before the table grows. The map keeps insertion
 * order, so iterating a table visits records in the order they were added, as the
 * Maps of objects this replaced did.
 */
export class SlotIndex {
  private readonly slots = new Map<number, number>();
  private readonly freeSlots: number[] = [];
  private highWater = 0;
  private capacity = 0;

  /** `grow(capacity)` resizes every column of the table to `capacity` slots. */
  constructor(private readonly grow: (capacity: number) => void) {}

  get size(): number {
    return this.slots.size;
  }

  slotOf(id: number): number | undefined {
    return this.slots.get(id);
  }

  has(id: number): boolean {
    return this.slots.has(id);
  }

  /** A slot for a new id: a freed one when there is one, else the next, growing the columns. */
  add(id: number): number {
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.highWater++;
      if (slot >= this.capacity) this.reserve(Math.max(1024, Math.ceil(this.capacity * 1.5)));
    }
    this.slots.set(id, slot);
    return slot;
  }

  /** Frees an id's slot; returns it (the table clears what it kept there), or undefined. */
  remove(id: number): number | undefined {
    const slot = this.slots.get(id);
    if (slot === undefined) return undefined;
    this.slots.delete(id);
    this.freeSlots.push(slot);
    return slot;
  }

  /**
   * Gives ids[i] slot i, in an empty index, for columns loaded whole (exactly
   * ids.length long): the table takes those arrays as its columns, without a copy.
   */
  adopt(ids: Float64Array): void {
    if (this.slots.size > 0 || this.highWater > 0) throw new Error('adopt into an index in use');
    for (let i = 0; i < ids.length; i++) this.slots.set(ids[i]!, i);
    this.highWater = ids.length;
    this.capacity = ids.length;
  }

  /** Grows the columns to hold at least `records` without growing again (a load knows its count). */
  reserve(records: number): void {
    if (records <= this.capacity) return;
    this.capacity = records;
    this.grow(records);
  }

  /** [id, slot] in the order the ids were added. */
  entries(): IterableIterator<[number, number]> {
    return this.slots.entries();
  }
}

/** `column` copied into a new array of `capacity` elements (zero-filled past the old end). */
export function resized<T extends Float64Array | Uint8Array>(column: T, capacity: number): T {
  const grown = new (column.constructor as new (length: number) => T)(capacity);
  grown.set(column.subarray(0, Math.min(column.length, capacity)));
  return grown;
}
