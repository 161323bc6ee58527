/**
 * Client side of batching: coalesces the concurrent namespace calls of one client to
 * one nameserver into few round trips, sent on the Calls stream (seq-stream.ts).
 *
 * At most `maxInFlight` batches are out at a time. A call made while they are all
 * out waits, and when one comes back every waiting call goes out together in one
 * batch (a lone one as a batch of one). So a single caller sees the latency of a
 * plain call, and many callers share round trips and journal commits: on a slow
 * machine each round trip costs far more CPU at each end than the namespace work
 * it carries.
 *
 * A nameserver without the Calls stream (an older one) gets the same batches as
 * unary Batch calls, and lone calls as themselves.
 *
 * The queue is bounded by the callers: each waits for its own answer.
 */
import * as grpc from '@grpc/grpc-js';
import { ErrorCode, StrataError, errorCodeOfGrpc } from '../core/errors.js';
import { Limits } from '../core/limits.js';
import { BATCHABLE_METHODS, READ_ONLY_METHODS } from './batch-server.js';
import { REQUEST_ID_HEADER } from './handlers.js';
import { unaryCall } from './unary-call.js';
import { SeqStream, SeqStreamUnsupported } from './seq-stream.js';
import type { BatchRequest } from './generated/strata/v1/BatchRequest.js';
import type { BatchResponse__Output } from './generated/strata/v1/BatchResponse.js';

/** What a batcher sent: round trips, and how many of them were batches of how many calls. */
export interface BatchingStats {
  /** gRPC calls, and batches sent on the Calls stream. */
  roundTrips: number;
  batches: number;
  batchedCalls: number;
}

interface Waiting {
  method: string;
  request: object;
  requestId: string | undefined;
  timeoutMs: number;
  /** Sent again alone: its answer did not fit beside others'. */
  alone?: boolean;
  resolve: (response: unknown) => void;
  reject: (err: unknown) => void;
}

export class CallBatcher {
  private inFlight = 0;
  private pumpScheduled = false;
  private readonly waiting: Waiting[] = [];
  readonly stats: BatchingStats = { roundTrips: 0, batches: 0, batchedCalls: 0 };
  private readonly stream: SeqStream<BatchRequest, BatchResponse__Output>;

  constructor(
    private readonly client: grpc.Client,
    private readonly definitions: grpc.ServiceDefinition,
    /** 0 turns batching off: every call goes out alone at once. */
    private readonly maxInFlight: number,
  ) {
    this.stream = new SeqStream(client, 'Calls');
  }

  /** Ends the Calls stream (the channel's owner closes the channel). */
  close(): void {
    const queued = this.waiting.splice(0);
    for (const c of queued)
      c.reject(new StrataError(ErrorCode.FAILED_PRECONDITION, 'the client is closed'));
    this.stream.close();
  }

  /** One call, alone or in a batch; rejects with the call's own error either way. */
  call<Res>(
    method: string,
    request: object,
    requestId: string | undefined,
    timeoutMs: number,
  ): Promise<Res> {
    if (this.maxInFlight === 0 || !BATCHABLE_METHODS.has(method))
      return this.sendAlone<Res>(method, request, requestId, timeoutMs);
    return new Promise<Res>((resolve, reject) => {
      this.waiting.push({
        method,
        request,
        requestId,
        timeoutMs,
        resolve: resolve as (response: unknown) => void,
        reject,
      });
      this.schedulePump();
    });
  }

  /**
   * Sends at the next turn of the event loop, not at once: callers that were just
   * answered make their next calls in the microtasks that follow an answer, and
   * waiting one turn lets all of them join one batch rather than the first go alone.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      // A call marked alone goes by itself, and no batch reaches past one.
      const nextAlone = this.waiting.findIndex((c) => c.alone);
      const take = nextAlone === 0 ? 1 : nextAlone > 0 ? nextAlone : Limits.maxBatchCalls;
      const calls = this.waiting.splice(0, Math.min(take, Limits.maxBatchCalls));
      this.inFlight++;
      const sent =
        calls.length === 1 && !this.stream.available
          ? this.sendOne(calls[0]!)
          : this.sendBatch(calls);
      void sent.finally(() => {
        this.inFlight--;
        this.schedulePump();
      });
    }
  }

  private async sendOne(call: Waiting): Promise<void> {
    try {
      call.resolve(await this.sendAlone(call.method, call.request, call.requestId, call.timeoutMs));
    } catch (err) {
      call.reject(err);
    }
  }

  private sendAlone<Res>(
    method: string,
    request: object,
    requestId: string | undefined,
    timeoutMs: number,
  ): Promise<Res> {
    this.stats.roundTrips++;
    let metadata: grpc.Metadata | undefined;
    if (requestId !== undefined) {
      metadata = new grpc.Metadata();
      metadata.set(REQUEST_ID_HEADER, requestId);
    }
    return unaryCall<Res>(this.client, method, request, timeoutMs, metadata);
  }

  private async sendBatch(calls: Waiting[]): Promise<void> {
    this.stats.roundTrips++;
    if (calls.length > 1) {
      this.stats.batches++;
      this.stats.batchedCalls += calls.length;
    }
    const batch = calls.map((c) => ({
      method: c.method,
      request: this.definition(c.method).requestSerialize(c.request),
      requestId: c.requestId ?? '',
    }));
    const timeoutMs = Math.max(...calls.map((c) => c.timeoutMs));
    let answer: BatchResponse__Output;
    try {
      const label = calls.length === 1 ? calls[0]!.method : 'Batch';
      answer = await this.sendOnStream(batch, timeoutMs, label);
    } catch (err) {
      // The batch as a whole failed (unreachable, not active, timed out): so did each call.
      for (const c of calls) c.reject(err);
      return;
    }
    calls.forEach((c, i) => {
      const result = answer.results[i];
      // Its answer did not fit beside the others' (batch-server.ts): it goes again alone.
      if (
        calls.length > 1 &&
        result?.code === grpc.status.RESOURCE_EXHAUSTED &&
        READ_ONLY_METHODS.has(c.method)
      ) {
        this.waiting.unshift({ ...c, alone: true });
        this.schedulePump();
        return;
      }
      if (!result) {
        c.reject(new StrataError(ErrorCode.INTERNAL, `Batch: no answer for call ${i}`));
      } else if (result.code !== grpc.status.OK) {
        c.reject(new StrataError(errorCodeOfGrpc(result.code), result.message));
      } else {
        try {
          c.resolve(this.definition(c.method).responseDeserialize(result.response));
        } catch (err) {
          c.reject(err);
        }
      }
    });
  }

  /** On the Calls stream, or as a unary Batch to a nameserver that has no such stream. */
  private async sendOnStream(
    batch: { method: string; request: Buffer; requestId: string }[],
    timeoutMs: number,
    label: string,
  ): Promise<BatchResponse__Output> {
    if (this.stream.available) {
      try {
        return await this.stream.send({ calls: batch }, timeoutMs, label);
      } catch (err) {
        if (!(err instanceof SeqStreamUnsupported)) throw err;
      }
    }
    return unaryCall<BatchResponse__Output>(this.client, 'Batch', { calls: batch }, timeoutMs);
  }

  private definition(method: string): grpc.MethodDefinition<object, unknown> {
    return this.definitions[method] as grpc.MethodDefinition<object, unknown>;
  }
}
