/**
 * A directory's entries, name → inode id, kept in name order in a B+ tree
 * (sorted-btree). A page of `ls` starts where the last one ended in O(log n),
 * where a Map had to copy and sort every name for every page (a directory of
 * 100,000 entries listed in 100 pages sorted 10 million names), and an entry
 * costs less memory than in a Map.
 */
import sortedBtree from 'sorted-btree';
import type { InodeId } from '../core/ids.js';

const BTree = sortedBtree.default;

export type Children = InstanceType<typeof BTree<string, InodeId>>;

/** Code-unit order, the order of `<` on strings (and of the old sort()). */
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function newChildren(): Children {
  return new BTree<string, InodeId>(undefined, byName);
}
