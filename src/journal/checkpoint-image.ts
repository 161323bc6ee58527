/**
 * The checkpoint image: the whole namespace at one txid, as columns in one file
 * (HDFS's fsimage). A restart reads it in one pass and replays the journal entries
 * after its txid, instead of reading every row of the store's tables: a million
 * files took 6–11 s from the tables here, most of it SQLite handing over rows.
 *
 * The store's tables stay the truth. An image is used only when the journal still
 * holds the entry at its txid, with the same epoch, and every entry after it (by
 * log matching, the same history); otherwise the tables are read, as before.
 *
 * Layout: magic (8 bytes), header length (u32 LE) and 4 bytes of padding, the
 * header (JSON: cluster id, txid, epoch, the sections' names and byte lengths),
 * the sections, each padded to 8 bytes, and the CRC32C (u32 LE) of every byte
 * before it. Each column is written from, and read into, its own array: a million
 * files is some 90 MB, and no second copy of it is made either way.
 */
import { open, rename, unlink } from 'node:fs/promises';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { crc32c } from '../core/checksum.js';
import type { DirRecord, NamespaceImage } from '../namespace/namespace.js';
import type { BlockId, InodeId } from '../core/ids.js';
import type { CacheDirective, CachePool } from '../namespace/types.js';

const MAGIC = Buffer.from('STRIMG\u0000\u0001', 'latin1');
const PREFIX_BYTES = MAGIC.length + 8;

/** Which state an image holds. */
export interface ImageStamp {
  clusterId: string;
  txid: number;
  /** The epoch of the journal entry at `txid` (0 for an empty journal). */
  epoch: number;
}

interface Header extends ImageStamp {
  sections: [name: string, byteLength: number][];
}

/** The parts of an image that are not columns of numbers. */
interface Records {
  dirs: DirRecord[];
  pools: CachePool[];
  directives: CacheDirective[];
  longBlockLists: [InodeId, BlockId[]][];
  leaseHolders: [InodeId, string][];
}

type Column = Float64Array | Uint8Array;

/** The numeric columns, in section order; the names and records sections follow them. */
function columnsOf(image: NamespaceImage): [string, Column][] {
  const { files: f, blocks: b } = image;
  return [
    ['files.ids', f.ids],
    ['files.parentIds', f.parentIds],
    ['files.mtimes', f.mtimes],
    ['files.lengths', f.lengths],
    ['files.blockSizes', f.blockSizes],
    ['files.firstBlocks', f.firstBlocks],
    ['files.replications', f.replications],
    ['files.policies', f.policies],
    ['blocks.ids', b.ids],
    ['blocks.fileIds', b.fileIds],
    ['blocks.generations', b.generations],
    ['blocks.lengths', b.lengths],
    ['blocks.committed', b.committed],
  ];
}

const padding = (n: number) => (8 - (n % 8)) % 8;
const bytesOf = (c: Column) => new Uint8Array(c.buffer, c.byteOffset, c.byteLength);

/**
 * Writes `image` durably: a temp file, fsynced, renamed over the old image, the
 * directory fsynced. A crash part-way leaves the old image (or none), never a torn
 * one. `image` must not change while this runs (Namespace.image() is a copy).
 */
export async function writeImageFile(
  path: string,
  stamp: ImageStamp,
  image: NamespaceImage,
): Promise<void> {
  const records: Records = {
    dirs: image.dirs,
    pools: image.pools,
    directives: image.directives,
    longBlockLists: image.files.longBlockLists,
    leaseHolders: image.files.leaseHolders,
  };
  // A name never holds '/': joined by it, the names split back apart exactly.
  const sections: [string, Uint8Array][] = [
    ...columnsOf(image).map(([name, c]): [string, Uint8Array] => [name, bytesOf(c)]),
    ['files.names', Buffer.from(image.files.names.join('/'))],
    ['records', Buffer.from(JSON.stringify(records))],
  ];
  const header: Header = { ...stamp, sections: sections.map(([name, b]) => [name, b.length]) };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix);
  prefix.writeUInt32LE(headerBytes.length, MAGIC.length);
  const parts: Uint8Array[] = [prefix];
  for (const bytes of [headerBytes, ...sections.map(([, b]) => b)]) {
    parts.push(bytes, Buffer.alloc(padding(bytes.length)));
  }
  let crc = 0;
  for (const part of parts) crc = crc32c(part, crc);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32LE(crc);
  parts.push(trailer);

  const tmp = `${path}.tmp`;
  const file = await open(tmp, 'w');
  try {
    let at = 0;
    for (const part of parts) {
      // A write may be short (a full disk part-way): what is left is written again.
      for (let done = 0; done < part.length;) {
        const { bytesWritten } = await file.write(part, done, part.length - done, at + done);
        if (bytesWritten === 0) throw new Error('checkpoint image write made no progress');
        done += bytesWritten;
      }
      at += part.length;
    }
    await file.sync();
  } catch (err) {
    await file.close();
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await file.close();
  await rename(tmp, path);
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** The image at `path`, or undefined if there is none. Throws on a torn, corrupt or foreign file. */
export function readImageFile(
  path: string,
): { stamp: ImageStamp; image: NamespaceImage } | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return readImage(fd, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
}

function readImage(fd: number, size: number): { stamp: ImageStamp; image: NamespaceImage } {
  let at = 0;
  let crc = 0;
  const readExactly = (into: Uint8Array): void => {
    if (at + into.length > size - 4) throw new Error('checkpoint image is cut short');
    for (let done = 0; done < into.length;) {
      const n = readSync(fd, into, done, into.length - done, at + done);
      if (n === 0) throw new Error('checkpoint image is cut short');
      done += n;
    }
    crc = crc32c(into, crc);
    at += into.length;
  };
  /** Fills `into` from the file, and steps over the padding after it. */
  const read = (into: Uint8Array): void => {
    readExactly(into);
    const pad = padding(into.length);
    if (pad > 0) readExactly(new Uint8Array(pad));
  };
  const prefix = Buffer.alloc(PREFIX_BYTES);
  if (size < PREFIX_BYTES + 4) throw new Error('not a checkpoint image');
  read(prefix);
  if (!prefix.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a checkpoint image');
  const headerLength = prefix.readUInt32LE(MAGIC.length);
  if (headerLength > size) throw new Error('checkpoint image is cut short');
  const headerBytes = Buffer.alloc(headerLength);
  read(headerBytes);
  const header = JSON.parse(headerBytes.toString('utf8')) as Header;
  const lengths = new Map(header.sections);
  const lengthOf = (name: string): number => {
    const length = lengths.get(name);
    if (length === undefined) throw new Error(`checkpoint image has no ${name}`);
    return length;
  };
  // Sections are read in the order they were written, each into the array it becomes.
  const f64 = (name: string) => {
    const column = new Float64Array(lengthOf(name) / 8);
    read(bytesOf(column));
    return column;
  };
  const u8 = (name: string) => {
    const column = new Uint8Array(lengthOf(name));
    read(column);
    return column;
  };
  const text = (name: string) => {
    const bytes = Buffer.alloc(lengthOf(name));
    read(bytes);
    return bytes.toString('utf8');
  };
  const files = {
    ids: f64('files.ids'),
    parentIds: f64('files.parentIds'),
    mtimes: f64('files.mtimes'),
    lengths: f64('files.lengths'),
    blockSizes: f64('files.blockSizes'),
    firstBlocks: f64('files.firstBlocks'),
    replications: u8('files.replications'),
    policies: u8('files.policies'),
  };
  const blocks = {
    ids: f64('blocks.ids'),
    fileIds: f64('blocks.fileIds'),
    generations: f64('blocks.generations'),
    lengths: f64('blocks.lengths'),
    committed: u8('blocks.committed'),
  };
  const namesText = text('files.names');
  const records = JSON.parse(text('records')) as Records;
  const trailer = Buffer.alloc(4);
  if (readSync(fd, trailer, 0, 4, at) !== 4 || at + 4 !== size) {
    throw new Error('checkpoint image sections do not add up');
  }
  if (trailer.readUInt32LE() !== crc) throw new Error('checkpoint image fails its CRC32C');

  const names = files.ids.length === 0 ? [] : namesText.split('/');
  const image: NamespaceImage = {
    dirs: records.dirs,
    pools: records.pools,
    directives: records.directives,
    files: {
      ...files,
      names,
      longBlockLists: records.longBlockLists,
      leaseHolders: records.leaseHolders,
    },
    blocks,
  };
  for (const [name, column] of columnsOf(image)) {
    const rows = name.startsWith('files.') ? files.ids.length : blocks.ids.length;
    if (column.length !== rows)
      throw new Error(`checkpoint image column ${name} is the wrong length`);
  }
  if (names.length !== files.ids.length) {
    throw new Error('checkpoint image names do not match its files');
  }
  const { clusterId, txid, epoch } = header;
  return { stamp: { clusterId, txid, epoch }, image };
}
