/**
 * Write leases: which client may append to which open file, and until when. A
 * lease is renewed by any call from its holder; one not renewed within the hard
 * limit is expired, and the nameserver then closes its files (lease recovery).
 * Pure: times are monotonic milliseconds passed in.
 */
import type { InodeId } from '../core/ids.js';

interface Lease {
  lastRenewedMs: number;
  files: Set<InodeId>;
}

export class LeaseManager {
  private readonly leases = new Map<string, Lease>();

  constructor(private readonly hardLimitMs: number) {}

  add(holder: string, fileId: InodeId, nowMs: number): void {
    let lease = this.leases.get(holder);
    if (!lease) this.leases.set(holder, (lease = { lastRenewedMs: nowMs, files: new Set() }));
    lease.files.add(fileId);
    lease.lastRenewedMs = nowMs;
  }

  renew(holder: string, nowMs: number): void {
    const lease = this.leases.get(holder);
    if (lease) lease.lastRenewedMs = nowMs;
  }

  remove(holder: string, fileId: InodeId): void {
    const lease = this.leases.get(holder);
    if (!lease) return;
    lease.files.delete(fileId);
    if (lease.files.size === 0) this.leases.delete(holder);
  }

  /** Files whose holder's lease has run out; their leases are dropped. */
  takeExpired(nowMs: number): InodeId[] {
    const out: InodeId[] = [];
    for (const [holder, lease] of this.leases) {
      if (nowMs - lease.lastRenewedMs < this.hardLimitMs) continue;
      out.push(...lease.files);
      this.leases.delete(holder);
    }
    return out;
  }

  count(): number {
    return this.leases.size;
  }
}
