/**
 * The namespace's column tables (FileTable, BlockTable): what goes in comes back
 * out, a freed slot is reused without leaking its old record into the new one, and
 * the tables grow past their first columns without losing a record.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileTable } from '../../src/namespace/file-table.js';
import { BlockTable } from '../../src/namespace/block-table.js';
import type { FileInode } from '../../src/namespace/types.js';

function file(id: number, overrides: Partial<FileInode> = {}): FileInode {
  return {
    kind: 'file',
    id,
    parentId: 1,
    name: `f${id}`,
    mtimeMs: 1_700_000_000_000 + id,
    replication: 3,
    storagePolicy: null,
    blockSizeBytes: 64 * 1024 * 1024,
    length: 0,
    blocks: [],
    leaseHolder: null,
    ...overrides,
  };
}

test('a file comes back with every field it was put with', () => {
  const table = new FileTable();
  const cases = [
    file(2),
    file(3, { storagePolicy: 'hot', leaseHolder: 'client-a', blocks: [7] }),
    file(4, { storagePolicy: 'warm', blocks: [8, 9, 10], length: 3 * 2 ** 40, replication: 16 }),
    file(2 ** 53 - 1, { storagePolicy: 'cold', parentId: 2 ** 40, name: 'ünïcode ✓' }),
  ];
  for (const f of cases) table.put(f);
  for (const f of cases) assert.deepEqual(table.get(f.id), f);
  assert.equal(table.size, cases.length);
  assert.equal(table.get(5), undefined);
  assert.equal(table.replicationOf(4), 16);
  assert.equal(table.replicationOf(5), undefined);
  assert.deepEqual([...table.underConstruction()], [[3, 'client-a']]);
  assert.deepEqual([...table.ids()], [2, 3, 4, 2 ** 53 - 1], 'in the order they were added');
});

test('get hands out a copy: a change counts only once it is put back', () => {
  const table = new FileTable();
  table.put(file(2, { blocks: [5], leaseHolder: 'w' }));
  const copy = table.get(2)!;
  copy.length = 100;
  copy.leaseHolder = null;
  copy.blocks.push(6);
  assert.equal(table.get(2)!.length, 0);
  assert.equal(table.get(2)!.leaseHolder, 'w');
  assert.deepEqual(table.get(2)!.blocks, [5]);
  table.put(copy);
  assert.deepEqual(table.get(2), { ...file(2), length: 100, blocks: [5, 6] });
  assert.deepEqual([...table.underConstruction()], []);
  // Back to one block and then none: the long list is dropped.
  table.put({ ...copy, blocks: [5] });
  assert.deepEqual(table.get(2)!.blocks, [5]);
  table.put({ ...copy, blocks: [] });
  assert.deepEqual(table.get(2)!.blocks, []);
});

test('a freed slot is reused and keeps nothing of the file that had it', () => {
  const table = new FileTable();
  table.put(file(2, { blocks: [1, 2, 3], leaseHolder: 'old', storagePolicy: 'hot' }));
  table.put(file(3));
  table.delete(2);
  table.delete(2); // deleting twice is harmless
  assert.equal(table.has(2), false);
  assert.equal(table.size, 1);
  table.put(file(4));
  assert.deepEqual(table.get(4), file(4));
  assert.deepEqual([...table.underConstruction()], []);
  assert.equal(table.appendBlock(4, 11), true);
  assert.deepEqual(table.get(4)!.blocks, [11], 'no block of the old file came back');
  assert.equal(table.appendBlock(2, 12), false, 'no such file');
});

test('appendBlock builds a block list in order (the load)', () => {
  const table = new FileTable();
  table.put(file(2));
  for (const b of [4, 5, 9]) table.appendBlock(2, b);
  assert.deepEqual(table.get(2)!.blocks, [4, 5, 9]);
});

test('the tables grow past their first columns, and reserve sizes them at once', () => {
  for (const reserved of [0, 50_000]) {
    const files = new FileTable();
    const blocks = new BlockTable();
    files.reserve(reserved);
    blocks.reserve(reserved);
    for (let id = 2; id < 20_002; id++) {
      files.put(file(id, { blocks: [id], length: id }));
      blocks.put({ id, fileId: id, generation: id * 3, length: id, committed: id % 2 === 0 });
    }
    for (let id = 2; id < 20_002; id += 997) {
      assert.deepEqual(files.get(id), file(id, { blocks: [id], length: id }));
      assert.deepEqual(blocks.get(id), {
        id,
        fileId: id,
        generation: id * 3,
        length: id,
        committed: id % 2 === 0,
      });
    }
    assert.equal(files.size, 20_000);
    assert.equal(blocks.size, 20_000);
  }
});

test('blocks: put, get, delete, slot reuse, and values in the order added', () => {
  const table = new BlockTable();
  table.put({ id: 10, fileId: 2, generation: 1, length: 0, committed: false });
  table.put({ id: 11, fileId: 2, generation: 2, length: 0, committed: false });
  const copy = table.get(10)!;
  copy.length = 4096;
  copy.committed = true;
  assert.equal(table.get(10)!.committed, false, 'a copy until put back');
  table.put(copy);
  assert.deepEqual(table.get(10), {
    id: 10,
    fileId: 2,
    generation: 1,
    length: 4096,
    committed: true,
  });
  table.delete(10);
  assert.equal(table.get(10), undefined);
  table.put({ id: 12, fileId: 3, generation: 5, length: 0, committed: false });
  assert.deepEqual(
    [...table.values()].map((b) => [b.id, b.fileId, b.committed]),
    [
      [11, 2, false],
      [12, 3, false],
    ],
  );
});
