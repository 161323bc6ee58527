import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockMap } from '../../src/namespace/block-map.js';

test('the block map keeps each replica once, with its length and medium, and forgets them', () => {
  const map = new BlockMap();
  map.add(7, 'ds1', 100, 'hdd');
  map.add(7, 'ds2', 100);
  map.add(7, 'ds3', 90, 'nvme');
  map.add(8, 'ds1', 5, 'hdd');
  // A second report of a replica updates it; a medium once named is kept.
  map.add(7, 'ds3', 100);
  map.add(7, 'ds2', 100, 'hdd');
  assert.deepEqual(
    [...map.holders(7)],
    [
      ['ds1', 100],
      ['ds2', 100],
      ['ds3', 100],
    ],
  );
  assert.equal(map.mediumOf(7, 'ds3'), 'nvme');
  assert.equal(map.mediumOf(7, 'ds2'), 'hdd');
  assert.equal(map.mediumOf(7, 'ds9'), undefined);
  map.add(9, 'ds2', 1);
  assert.equal(map.mediumOf(9, 'ds2'), undefined, 'a replica no server named the medium of');
  assert.deepEqual([...map.blocksOn('ds1')].sort(), [7, 8]);

  // holders() is a copy: changing it changes nothing.
  (map.holders(7) as Map<string, number>).delete('ds1');
  assert.equal(map.holders(7).size, 3);

  map.remove(7, 'ds2');
  assert.deepEqual([...map.holders(7).keys()], ['ds1', 'ds3']);
  assert.equal(map.mediumOf(7, 'ds3'), 'nvme', 'the others keep their media');
  assert.deepEqual([...map.blocksOn('ds2')], [9]);
  map.remove(7, 'ds2'); // not there: nothing happens
  assert.equal(map.holders(7).size, 2);

  map.markCorrupt(7, 'ds1');
  assert.equal(map.isCorrupt(7, 'ds1'), true);
  assert.deepEqual(map.removeBlock(7).sort(), ['ds1', 'ds3']);
  assert.equal(map.holders(7).size, 0);
  assert.equal(map.isCorrupt(7, 'ds1'), false);
  assert.deepEqual([...map.blocksOn('ds1')], [8]);
  map.remove(8, 'ds1');
  assert.deepEqual([...map.blockIds()], [9]);
});
