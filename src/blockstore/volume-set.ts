/**
 * The volumes of one storage dir: append-only files that hold small replicas as
 * needles (see needle.ts), as Haystack and SeaweedFS keep small files. A replica
 * written here costs a share of one vectored write and one fdatasync, both shared
 * by every replica that arrived meanwhile (a group commit), instead of two files,
 * two fsyncs, two renames and a directory fsync of its own.
 *
 * Layout: `<dir>/volumes/<8-digit id>.vol`. Only the newest volume is appended to,
 * and only by this process: a volume found at open is sealed, so a torn end left by
 * a crash is never appended after. Deletes write 4 bytes in place; the store
 * compacts a sealed volume once most of it is dead.
 */
import { constants } from 'node:fs';
import { mkdir, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32c } from '../core/checksum.js';
import { decodeNeedleHeader, deadMark, NEEDLE_FIXED_BYTES, type NeedleHeader } from './needle.js';

export const VOLUMES_DIR = 'volumes';
/** Bytes read per call while scanning a volume at open. */
const SCAN_WINDOW_BYTES = 4 * 1024 * 1024;
/** Most bytes one group commit writes: bounds the memory a batch pins. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024;

/** One volume file. */
export class Volume {
  /** Bytes of live needles the store indexes here. */
  liveBytes = 0;
  /** No more appends: found at open, full, or its end is unknown after a failed write. */
  sealed = false;
  /**
   * Its scan at open stopped at bytes that are not a needle: what lies after them
   * cannot be told apart, so the volume is never compacted (and so never deleted).
   */
  damaged = false;
  private readers = 0;
  private removed = false;
  private appendClosed: Promise<void> = Promise.resolve();

  /** Deleted by a compaction (or closed): no longer read from or written to. */
  get gone(): boolean {
    return this.removed;
  }

  constructor(
    readonly id: number,
    readonly path: string,
    private readonly fh: FileHandle,
    /** Bytes of the file (appends go here). */
    public size: number,
    /**
     * The volume opened for appends with O_DSYNC (a writable volume only): each write
     * returns once its bytes, and the file size, are durable, as a write then an
     * fdatasync would, in one trip to the thread pool instead of two. Under a create
     * load each trip waited 1.3-2 ms for a thread and the event loop, more than the
     * write itself. Delete marks go through `fh`, unsynced (see markDead).
     */
    private appendFh?: FileHandle,
  ) {}

  /** Sealed or closed: the append handle is given back. Called between appends, never during one. */
  endAppends(): Promise<void> {
    const fh = this.appendFh;
    this.appendFh = undefined;
    // Kept, so that a close or remove right after a seal waits for this close too.
    if (fh) this.appendClosed = fh.close().catch(() => undefined);
    return this.appendClosed;
  }

  /** Reads `bytes` at `offset`; ENOENT once the volume was removed by a compaction. */
  async read(offset: number, bytes: number): Promise<Buffer> {
    if (this.removed)
      throw Object.assign(new Error(`volume ${this.id} was removed`), { code: 'ENOENT' });
    this.readers++;
    try {
      const out = await readAt(this.fh, offset, bytes);
      if (out.length < bytes) throw new Error(`volume ${this.id} ends at ${offset + out.length}`);
      return out;
    } finally {
      this.readers--;
      if (this.removed && this.readers === 0) await this.fh.close().catch(() => undefined);
    }
  }

  /**
   * Marks the needle at `offset` deleted. Not synced, as an unlink is not: a delete
   * lost to a crash brings the replica back, and the nameserver, which no longer
   * wants it, orders it deleted again.
   */
  async markDead(offset: number): Promise<void> {
    if (this.removed) return;
    await this.fh.write(deadMark(), 0, 4, offset);
  }

  /** Appends `parts` at the end and makes them durable. */
  async appendDurably(parts: Buffer[], bytes: number): Promise<void> {
    const start = this.size;
    const fh = this.appendFh ?? this.fh;
    let done = 0;
    while (done < bytes) {
      const rest = done === 0 ? parts : [Buffer.concat(parts).subarray(done)];
      const { bytesWritten } = await fh.writev(rest, start + done);
      done += bytesWritten;
    }
    // fdatasync also makes the new file size durable: what is needed to read the bytes back.
    if (fh === this.fh) await this.fh.datasync();
    this.size = start + bytes;
  }

  /** Deletes the file; readers under way finish first, from the open handle. */
  async remove(): Promise<void> {
    this.removed = true;
    await rm(this.path, { force: true });
    await this.closeHandles();
  }

  async close(): Promise<void> {
    this.removed = true;
    await this.closeHandles();
  }

  /** Closes the append handle, and the read handle once no read is under way (the last reader closes it). */
  private async closeHandles(): Promise<void> {
    await this.endAppends();
    if (this.readers === 0) await this.fh.close().catch(() => undefined);
  }
}

/** A needle found while scanning a volume at open. */
export interface FoundNeedle {
  header: NeedleHeader;
  volume: Volume;
  offset: number;
  /** Why its bytes fail their CRCs, if they do (a live needle only). */
  corrupt?: string;
}

interface PendingAppend {
  parts: Buffer[];
  bytes: number;
  resolve: (placed: { volume: Volume; offset: number }) => void;
  reject: (err: unknown) => void;
}

/** The volumes of one storage dir, and the group commit of appends to them. */
export class VolumeSet {
  private readonly volumes = new Map<number, Volume>();
  private active: Volume | undefined;
  private nextId: number;
  private pending: PendingAppend[] = [];
  private flushing: Promise<void> | undefined;
  /** Group commits done (each one fdatasync) and needles they carried, for stats. */
  commits = 0;
  appended = 0;

  private constructor(
    private readonly dir: string,
    private readonly maxVolumeBytes: number,
    found: Volume[],
    /** Called when a volume takes no more appends: it may already be mostly dead. */
    private readonly onSeal: (volume: Volume) => void,
  ) {
    for (const v of found) this.volumes.set(v.id, v);
    this.nextId = Math.max(0, ...found.map((v) => v.id)) + 1;
  }

  /**
   * Opens (creating if missing) `<root>/volumes/` and scans every volume in it.
   * A volume's scan stops at the first bytes that are not a whole needle: a torn
   * end, or damage, after which no needle boundary can be trusted (those replicas
   * are simply not reported, and the nameserver copies them from elsewhere).
   */
  static async open(
    root: string,
    limits: { chunkSizeBytes: number; maxLength: number; maxVolumeBytes: number },
    onSeal: (volume: Volume) => void,
  ): Promise<{ set: VolumeSet; needles: FoundNeedle[]; damage: string[] }> {
    const dir = join(root, VOLUMES_DIR);
    await mkdir(dir, { recursive: true });
    const needles: FoundNeedle[] = [];
    const damage: string[] = [];
    const volumes: Volume[] = [];
    const names = (await readdir(dir)).filter((n) => /^\d{8}\.vol$/.test(n)).sort();
    for (const name of names) {
      const path = join(dir, name);
      const fh = await open(path, 'r+');
      const size = (await fh.stat()).size;
      const volume = new Volume(Number(name.slice(0, 8)), path, fh, size);
      volume.sealed = true;
      volumes.push(volume);
      const stop = await scanVolume(fh, size, limits, (header, offset, corrupt) =>
        needles.push({ header, volume, offset, ...(corrupt ? { corrupt } : {}) }),
      );
      if (stop) {
        damage.push(`${path} at byte ${stop.offset}: ${stop.reason}`);
        if (!stop.tornEnd) volume.damaged = true;
      }
    }
    return { set: new VolumeSet(dir, limits.maxVolumeBytes, volumes, onSeal), needles, damage };
  }

  /** Appends one needle's parts; resolves once they are durable, with where they went. */
  append(parts: Buffer[], bytes: number): Promise<{ volume: Volume; offset: number }> {
    return new Promise((resolve, reject) => {
      this.pending.push({ parts, bytes, resolve, reject });
      this.flushing ??= this.flush().finally(() => {
        this.flushing = undefined;
      });
    });
  }

  /** Writes what is pending, batch after batch, until nothing is. */
  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch: PendingAppend[] = [];
      let bytes = 0;
      while (
        this.pending.length > 0 &&
        (batch.length === 0 || bytes + this.pending[0]!.bytes <= MAX_BATCH_BYTES)
      ) {
        const next = this.pending.shift()!;
        batch.push(next);
        bytes += next.bytes;
      }
      let volume: Volume | undefined;
      try {
        volume = await this.writableVolume(bytes);
        const start = volume.size;
        await volume.appendDurably(
          batch.flatMap((p) => p.parts),
          bytes,
        );
        this.commits++;
        this.appended += batch.length;
        // Counted live before any commit runs: a compaction must not delete a volume
        // holding needles whose commits are still on their way.
        volume.liveBytes += bytes;
        let offset = start;
        for (const p of batch) {
          p.resolve({ volume, offset });
          offset += p.bytes;
        }
      } catch (err) {
        // Where the file ends is unknown now: nothing more is appended to it.
        if (volume) this.seal(volume);
        for (const p of batch) p.reject(err);
      }
    }
  }

  /** The volume appends go to, a new one when the current is sealed or would grow past the limit. */
  private async writableVolume(bytes: number): Promise<Volume> {
    const current = this.active;
    if (
      current &&
      !current.sealed &&
      (current.size === 0 || current.size + bytes <= this.maxVolumeBytes)
    ) {
      return current;
    }
    if (current) this.seal(current);
    const id = this.nextId++;
    const path = join(this.dir, `${String(id).padStart(8, '0')}.vol`);
    const fh = await open(path, 'wx+');
    let appendFh: FileHandle | undefined;
    try {
      // The new file's entry must be durable before anything in it is acknowledged.
      const dirHandle = await open(this.dir, 'r');
      try {
        await dirHandle.sync();
      } finally {
        await dirHandle.close();
      }
      // Where there is no O_DSYNC (not Linux), appends write and then fdatasync.
      if (constants.O_DSYNC !== undefined)
        appendFh = await open(path, constants.O_WRONLY | constants.O_DSYNC);
    } catch (err) {
      await fh.close();
      throw err;
    }
    const volume = new Volume(id, path, fh, 0, appendFh);
    this.volumes.set(id, volume);
    this.active = volume;
    return volume;
  }

  private seal(volume: Volume): void {
    if (volume.sealed) return;
    volume.sealed = true;
    // Called between appends (flush runs them one at a time), so none is under way.
    void volume.endAppends();
    this.onSeal(volume);
  }

  /** Every volume, oldest first. */
  list(): Volume[] {
    return [...this.volumes.values()].sort((a, b) => a.id - b.id);
  }

  /** Deletes a volume whose live needles have all been copied out. */
  async remove(volume: Volume): Promise<void> {
    if (this.active === volume) this.active = undefined;
    await volume.remove();
    // Counted until the file is gone, so that the stats never show fewer than the disk holds.
    this.volumes.delete(volume.id);
  }

  /** Waits for appends under way, then closes every volume. */
  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    for (const v of this.volumes.values()) await v.close();
  }
}

/**
 * Calls `onNeedle` for each whole needle of a volume, in order, with why its bytes
 * fail their CRCs if a live one's do: the volume is read whole anyway, and the last
 * batch before a crash may have its headers on disk but not all of its bytes.
 * Returns where and why the scan stopped short of the end, if it did; a torn end
 * is the expected mark of a crash mid-append. Read errors are thrown: a disk that
 * cannot be read is no reason to forget what is on it.
 */
async function scanVolume(
  fh: FileHandle,
  size: number,
  limits: { chunkSizeBytes: number; maxLength: number },
  onNeedle: (header: NeedleHeader, offset: number, corrupt: string | undefined) => void,
): Promise<{ offset: number; reason: string; tornEnd: boolean } | undefined> {
  // The window always holds a whole needle when the file does (refilled before less is left).
  const maxNeedleBytes =
    NEEDLE_FIXED_BYTES + 4 * Math.ceil(limits.maxLength / limits.chunkSizeBytes) + limits.maxLength;
  let window: Buffer = Buffer.alloc(0);
  let windowStart = 0;
  let pos = 0;
  while (pos < size) {
    const windowEnd = windowStart + window.length;
    if (windowEnd - pos < maxNeedleBytes && windowEnd < size) {
      window = await readAt(
        fh,
        pos,
        Math.min(size - pos, Math.max(SCAN_WINDOW_BYTES, 2 * maxNeedleBytes)),
      );
      windowStart = pos;
    }
    const at = pos - windowStart;
    let header: NeedleHeader | 'short';
    try {
      header = decodeNeedleHeader(window, at, limits);
    } catch (err) {
      return { offset: pos, reason: (err as Error).message, tornEnd: false };
    }
    if (header === 'short')
      return { offset: pos, reason: 'torn needle header at the end', tornEnd: true };
    const end = pos + header.headerBytes + header.length;
    if (end > size) {
      return { offset: pos, reason: 'needle runs past the end of the volume', tornEnd: true };
    }
    let corrupt: string | undefined;
    if (header.live) {
      for (let c = 0; c < header.crcs.length && !corrupt; c++) {
        const from = at + header.headerBytes + c * limits.chunkSizeBytes;
        const to = Math.min(from + limits.chunkSizeBytes, at + header.headerBytes + header.length);
        if (crc32c(window.subarray(from, to)) !== header.crcs[c]) {
          corrupt = `checksum mismatch in chunk ${c} (found at open)`;
        }
      }
    }
    onNeedle(header, pos, corrupt);
    pos = end;
  }
  return undefined;
}

async function readAt(fh: FileHandle, position: number, bytes: number): Promise<Buffer> {
  const out = Buffer.allocUnsafe(bytes);
  let filled = 0;
  while (filled < bytes) {
    const { bytesRead } = await fh.read(out, filled, bytes - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return out.subarray(0, filled);
}
