/**
 * Requests already carried out, by the client's request id, so that a retry —
 * after a lost answer or a failover — is answered instead of applied twice. Filled
 * from the journal on every nameserver (entries carry the request id), so a
 * standby that takes over knows what the old active did. Bounded (LRU).
 */
import { LRUCache } from 'lru-cache';
import type { JournalOp } from '../namespace/types.js';

const MAX_REQUESTS = 100_000;

export class RetryCache {
  private readonly done = new LRUCache<string, JournalOp[]>({ max: MAX_REQUESTS });

  record(requestId: string | undefined, op: JournalOp): void {
    if (!requestId) return;
    const ops = this.done.get(requestId);
    if (ops) ops.push(op);
    else this.done.set(requestId, [op]);
  }

  get(requestId: string | undefined): JournalOp[] | undefined {
    return requestId ? this.done.get(requestId) : undefined;
  }
}
