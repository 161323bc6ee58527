/**
 * What a benchmark runs against: a Strata cluster, or a plain directory (the local
 * disk as the physical baseline, or a mounted peer file system such as MooseFS).
 * Paths are absolute within the target ('/a/b').
 *
 * Every write is durable when its promise resolves, as Strata acknowledges a file
 * only once each replica is fsynced: a directory target fsyncs each file it writes.
 */
import type { Readable } from 'node:stream';

export interface BenchTarget {
  /** e.g. "strata (3 nameserver addresses)" or "dir:/mnt/mfs". */
  readonly label: string;
  /** Creates the file (it must not exist) with `data`, durably. */
  createFile(path: string, data: Buffer): Promise<void>;
  /** Writes a large file from `chunks`, durably; resolves with the bytes written. */
  writeLarge(path: string, chunks: AsyncIterable<Buffer>, onChunk: () => void): Promise<number>;
  readFile(path: string): Promise<Buffer>;
  /** A large file as a stream of buffers. */
  readLarge(path: string): Readable;
  /** The file's length. */
  size(path: string): Promise<number>;
  mkdir(path: string): Promise<void>;
  /** How many entries the directory has (every page read). */
  countEntries(path: string): Promise<number>;
  rename(source: string, destination: string): Promise<void>;
  removeFile(path: string): Promise<void>;
  /** Removes an empty directory. */
  removeDir(path: string): Promise<void>;
  /** Removes a directory and everything under it, if it exists. */
  removeTree(path: string): Promise<void>;
  close(): Promise<void>;
}
