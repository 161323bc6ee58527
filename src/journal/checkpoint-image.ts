/**
 * The checkpoint image: the whole namespace at one txid, as columns in one file
 * (HDFS's fsimage). A restart reads it in one pass and replays the journal entries
 * after its txid, instead of reading every row of the store's tables: a million
 * files took 6–9 s from the tables here, most of it SQLite handing over rows.
 *
 * The store's tables stay the truth. An image is used only when the journal still
 * holds the entry at its txid, with the same epoch, and every entry after it (by
 * log matching, the same history); otherwise the tables are read, as before.
 *
 * Layout: magic, header length (u32 LE), header (JSON: cluster id, txid, epoch and
 * the sections' names and byte lengths), the sections, each padded to 8 bytes, and
 * the CRC32C (u32 LE) of every byte before it.
 */
import { open, rename, unlink } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { crc32c } from '../core/checksum.js';
import type { DirRecord, NamespaceImage } from '../namespace/namespace.js';
import type { BlockId, InodeId } from '../core/ids.js';
import type { CacheDirective, CachePool } from '../namespace/types.js';

const MAGIC = Buffer.from('STRIMG\u0000\u0001', 'latin1');

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

/** The numeric columns, in section order; the names and records sections come after. */
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

const padded = (n: number) => Math.ceil(n / 8) * 8;

export function encodeImage(stamp: ImageStamp, image: NamespaceImage): Buffer {
  const records: Records = {
    dirs: image.dirs,
    pools: image.pools,
    directives: image.directives,
    longBlockLists: image.files.longBlockLists,
    leaseHolders: image.files.leaseHolders,
  };
  // A name never holds '/': joined by it, the names split back apart exactly.
  const parts: [string, Uint8Array][] = [
    ...columnsOf(image).map(([name, c]): [string, Uint8Array] => [
      name,
      new Uint8Array(c.buffer, c.byteOffset, c.byteLength),
    ]),
    ['files.names', Buffer.from(image.files.names.join('/'))],
    ['records', Buffer.from(JSON.stringify(records))],
  ];
  const header: Header = { ...stamp, sections: parts.map(([name, bytes]) => [name, bytes.length]) };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const size =
    MAGIC.length +
    4 +
    padded(headerBytes.length) +
    parts.reduce((n, [, b]) => n + padded(b.length), 0) +
    4;
  const out = Buffer.alloc(size);
  let at = MAGIC.copy(out, 0);
  at = out.writeUInt32LE(headerBytes.length, at);
  at += padded(headerBytes.copy(out, at));
  for (const [, bytes] of parts) {
    out.set(bytes, at);
    at += padded(bytes.length);
  }
  out.writeUInt32LE(crc32c(out.subarray(0, at)), at);
  return out;
}

/** Reads an image back; throws on a torn, corrupt or foreign file. */
export function decodeImage(bytes: Buffer): { stamp: ImageStamp; image: NamespaceImage } {
  if (bytes.length < MAGIC.length + 8 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new Error('not a checkpoint image');
  }
  const end = bytes.length - 4;
  if (crc32c(bytes.subarray(0, end)) !== bytes.readUInt32LE(end)) {
    throw new Error('checkpoint image fails its CRC32C');
  }
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  let at = MAGIC.length + 4;
  const header = JSON.parse(bytes.toString('utf8', at, at + headerLength)) as Header;
  at += padded(headerLength);
  const sections = new Map<string, Buffer>();
  for (const [name, length] of header.sections) {
    sections.set(name, bytes.subarray(at, at + length));
    at += padded(length);
  }
  if (at !== end) throw new Error('checkpoint image sections do not add up');
  const section = (name: string): Buffer => {
    const s = sections.get(name);
    if (!s) throw new Error(`checkpoint image has no ${name}`);
    return s;
  };
  // Copied out into arrays of their own: the file's buffer need not be 8-byte aligned.
  const f64 = (name: string) => {
    const s = section(name);
    return new Float64Array(s.buffer.slice(s.byteOffset, s.byteOffset + s.length));
  };
  const u8 = (name: string) => new Uint8Array(section(name));
  const records = JSON.parse(section('records').toString('utf8')) as Records;
  const fileIds = f64('files.ids');
  const namesText = section('files.names').toString('utf8');
  const names = fileIds.length === 0 ? [] : namesText.split('/');
  if (names.length !== fileIds.length)
    throw new Error('checkpoint image names do not match its files');
  const image: NamespaceImage = {
    dirs: records.dirs,
    pools: records.pools,
    directives: records.directives,
    files: {
      ids: fileIds,
      parentIds: f64('files.parentIds'),
      mtimes: f64('files.mtimes'),
      lengths: f64('files.lengths'),
      blockSizes: f64('files.blockSizes'),
      firstBlocks: f64('files.firstBlocks'),
      replications: u8('files.replications'),
      policies: u8('files.policies'),
      names,
      longBlockLists: records.longBlockLists,
      leaseHolders: records.leaseHolders,
    },
    blocks: {
      ids: f64('blocks.ids'),
      fileIds: f64('blocks.fileIds'),
      generations: f64('blocks.generations'),
      lengths: f64('blocks.lengths'),
      committed: u8('blocks.committed'),
    },
  };
  for (const [name, column] of columnsOf(image)) {
    const rows = name.startsWith('files.') ? fileIds.length : image.blocks.ids.length;
    if (column.length !== rows)
      throw new Error(`checkpoint image column ${name} is the wrong length`);
  }
  const { clusterId, txid, epoch } = header;
  return { stamp: { clusterId, txid, epoch }, image };
}

/** The image at `path`, or undefined if there is none. Throws if it is unreadable. */
export function readImageFile(
  path: string,
): { stamp: ImageStamp; image: NamespaceImage } | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return decodeImage(bytes);
}

/**
 * Writes an image durably: a temp file, fsynced, renamed over the old image, the
 * directory fsynced. A crash part-way leaves the old image (or none), never a torn one.
 */
export async function writeImageFile(path: string, bytes: Buffer): Promise<void> {
  const tmp = `${path}.tmp`;
  const file = await open(tmp, 'w');
  try {
    await file.writeFile(bytes);
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
