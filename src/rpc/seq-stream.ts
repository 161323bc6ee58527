/**
 * Requests sent as messages on one long-lived bidirectional gRPC stream, each
 * answered by its seq, instead of one unary call each: the client's batches of
 * namespace calls (rpc Calls) and the active's shipped journal batches (rpc
 * ReplicateStream). Both ends are here: `SeqStream` at the client, `serveSeqStream`
 * at the server.
 *
 * Measured on a 2-core host: a unary grpc-js call costs ~370 µs of CPU at the client
 * and ~200 µs at the server; a message each way on an open stream ~60 µs at each end.
 * For a read of a small file, whose batches carry one or two calls, that setup was
 * most of the nameserver's share.
 *
 * The stream opens at the first request and is half-closed after `idleCloseMs`
 * with nothing outstanding, so an idle client holds no stream at the server, and a
 * program that never closes its client still exits, about that long after its last
 * call. A request with no answer within its timeout fails with UNAVAILABLE: alone
 * while the stream answers others; with every request still on it when the stream
 * has answered nothing for that long (the server or the path to it is in trouble),
 * to be retried (mutations carry request ids) or to move to the other nameserver.
 * A server without the method (an older one) answers UNIMPLEMENTED: `send` then
 * fails with `SeqStreamUnsupported`, nothing has run, and `available` says to use
 * unary calls for a while.
 *
 * The server runs a bounded number of a stream's requests at once, stops reading
 * while its answers wait to be written, and, when it stops, drains each stream:
 * what is under way is answered, anything new is refused, then the stream ends.
 */
import * as grpc from '@grpc/grpc-js';
import { ErrorCode, StrataError, errorCodeOfGrpc, grpcStatusOf } from '../core/errors.js';

/** With nothing outstanding for this long, the stream is half-closed. */
const IDLE_CLOSE_MS = 2_000;
/** After a server said it has no such method, unary calls are used for this long. */
const UNSUPPORTED_RETRY_MS = 60_000;
const SEQ_MODULO = 2 ** 32;

/** The server has no such method (an older one): nothing was run. */
export class SeqStreamUnsupported extends Error {}

/** What every answer on a sequenced stream carries besides its own fields. */
export interface SeqAnswer {
  seq: number;
  /** A gRPC status: not 0 when the request was refused or failed as a whole. */
  code: number;
  message: string;
}

interface Outstanding<Res> {
  resolve: (answer: Res) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** One open stream and the requests waiting for their answers on it. */
interface OpenStream<Req, Res> {
  call: grpc.ClientDuplexStream<Req & { seq: number }, Res>;
  outstanding: Map<number, Outstanding<Res>>;
  failed: boolean;
  /** When it was opened or last answered (performance.now()). */
  lastHeardMs: number;
}

export class SeqStream<Req extends object, Res extends SeqAnswer> {
  private open: OpenStream<Req, Res> | null = null;
  private nextSeq = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private unsupportedAtMs = -Infinity;

  constructor(
    private readonly client: grpc.Client,
    /** The bidirectional streaming method of the client's service. */
    private readonly method: string,
    private readonly idleCloseMs = IDLE_CLOSE_MS,
    private readonly unsupportedRetryMs = UNSUPPORTED_RETRY_MS,
  ) {}

  /**
   * False for a while after the server answered UNIMPLEMENTED: the caller uses unary
   * calls meanwhile, and tries the stream again afterwards (the server may have been
   * upgraded at the same address).
   */
  get available(): boolean {
    return performance.now() - this.unsupportedAtMs >= this.unsupportedRetryMs;
  }

  /** Sends one request; resolves with its answer, or rejects with a StrataError. */
  send(request: Req, timeoutMs: number, label: string): Promise<Res> {
    const open = this.open ?? this.start();
    const seq = this.nextSeq;
    this.nextSeq = (this.nextSeq + 1) % SEQ_MODULO;
    clearTimeout(this.idleTimer);
    return new Promise<Res>((resolve, reject) => {
      // As in unaryCall: look one turn of the event loop later, after the sockets are
      // read, so that an answer that arrived while the process was frozen still counts.
      const timer = setTimeout(
        () =>
          setImmediate(() => {
            const waiter = open.outstanding.get(seq);
            if (!waiter) return;
            const err = new StrataError(
              ErrorCode.UNAVAILABLE,
              `${label}: no answer within ${timeoutMs} ms`,
            );
            // A stream that answered nothing meanwhile is given up with all on it; one
            // that answers others fails this request alone, as a unary call would.
            if (performance.now() - open.lastHeardMs >= timeoutMs) {
              this.fail(open, err);
              return;
            }
            open.outstanding.delete(seq);
            waiter.reject(err);
            this.idleIfNothingOutstanding(open);
          }),
        timeoutMs,
      );
      open.outstanding.set(seq, { resolve, reject, timer });
      open.call.write({ ...request, seq });
    });
  }

  /** Ends the stream; batches still outstanding fail with UNAVAILABLE. */
  close(): void {
    clearTimeout(this.idleTimer);
    if (this.open) this.fail(this.open, new StrataError(ErrorCode.UNAVAILABLE, 'client closed'));
  }

  private start(): OpenStream<Req, Res> {
    type Open = () => OpenStream<Req, Res>['call'];
    const fn = (this.client as unknown as Record<string, Open>)[this.method];
    if (typeof fn !== 'function') throw new Error(`no ${this.method} method in the service`);
    const open: OpenStream<Req, Res> = {
      call: fn.call(this.client),
      outstanding: new Map(),
      failed: false,
      lastHeardMs: performance.now(),
    };
    this.open = open;
    open.call.on('data', (answer: Res) => {
      open.lastHeardMs = performance.now();
      const waiter = open.outstanding.get(answer.seq);
      if (!waiter) {
        // Timed out meanwhile: its late answer may be the last thing the stream awaited.
        this.idleIfNothingOutstanding(open);
        return;
      }
      open.outstanding.delete(answer.seq);
      clearTimeout(waiter.timer);
      if (answer.code !== grpc.status.OK) {
        waiter.reject(new StrataError(errorCodeOfGrpc(answer.code), answer.message));
      } else {
        waiter.resolve(answer);
      }
      this.idleIfNothingOutstanding(open);
    });
    open.call.on('error', (err: grpc.ServiceError) => {
      if (err.code === grpc.status.UNIMPLEMENTED) this.unsupportedAtMs = performance.now();
      this.fail(
        open,
        err.code === grpc.status.UNIMPLEMENTED
          ? new SeqStreamUnsupported(err.details || err.message)
          : new StrataError(errorCodeOfGrpc(err.code), err.details || err.message),
      );
    });
    // The server ended the stream (it was half-closed, or the server is going away).
    open.call.on('end', () =>
      this.fail(open, new StrataError(ErrorCode.UNAVAILABLE, 'the server ended the stream')),
    );
    return open;
  }

  private idleIfNothingOutstanding(open: OpenStream<Req, Res>): void {
    if (open.outstanding.size === 0 && this.open === open) this.scheduleIdleClose(open);
  }

  private scheduleIdleClose(open: OpenStream<Req, Res>): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.open !== open || open.outstanding.size > 0) return;
      this.open = null;
      open.call.end();
    }, this.idleCloseMs);
    this.idleTimer.unref();
  }

  /** Fails every batch outstanding on `open` and forgets the stream. */
  private fail(open: OpenStream<Req, Res>, err: Error): void {
    if (this.open === open) this.open = null;
    if (open.failed) return;
    open.failed = true;
    const waiting = [...open.outstanding.values()];
    open.outstanding.clear();
    for (const w of waiting) {
      clearTimeout(w.timer);
      w.reject(err);
    }
    open.call.removeAllListeners('end');
    open.call.on('error', () => {}); // a late error of a stream given up on
    open.call.cancel();
  }
}

/** A stream being served, as its server sees it: a stopping server drains it. */
export interface ServedSeqStream {
  /**
   * Refuses new requests (UNAVAILABLE) and ends the stream once those under way are
   * answered: the client moves on, and a graceful shutdown, which waits for every
   * open stream, is not held up by a client that keeps the stream busy.
   */
  drain(): void;
}

export interface SeqStreamServing<Req, Res> {
  handle: (request: Req) => Promise<Res> | Res;
  /** Requests handled at once; one more is refused (RESOURCE_EXHAUSTED), not queued. */
  maxRunning: number;
  onInternalError: (err: unknown) => void;
  /** Where the stream is kept while it is open, for the server to drain them all. */
  open: Set<ServedSeqStream>;
}

/**
 * Serves a sequenced stream: each request that arrives is handled at once,
 * concurrently with the others (or in order, for a handler that answers
 * synchronously), and its answer goes back with its seq. A handler's StrataError
 * is that request's answer; anything else is INTERNAL. When the client half-closes
 * (or the stream is drained), the stream ends once the requests under way are
 * answered. While answers wait to be written (a client that does not read), no
 * more requests are read.
 */
export function serveSeqStream<Req extends { seq: number }, Res extends object>(
  stream: grpc.ServerDuplexStream<Req, Res & Partial<SeqAnswer>>,
  serving: SeqStreamServing<Req, Res>,
): void {
  const { handle, maxRunning, onInternalError, open } = serving;
  let running = 0;
  let halfClosed = false;
  let draining = false;
  let gone = false;
  let paused = false;
  const served: ServedSeqStream = {
    drain: () => {
      draining = true;
      endIfDone();
    },
  };
  open.add(served);
  const leave = () => {
    gone = true;
    open.delete(served);
  };
  const answer = (response: Res & Partial<SeqAnswer>) => {
    if (gone) return;
    if (!stream.write(response) && !paused) {
      paused = true;
      stream.pause();
      stream.once('drain', () => {
        paused = false;
        stream.resume();
      });
    }
  };
  const endIfDone = () => {
    if ((halfClosed || draining) && running === 0 && !gone) {
      leave();
      stream.end();
    }
  };
  const refusal = (seq: number, code: number, message: string) =>
    ({ seq, code, message }) as Res & Partial<SeqAnswer>;
  stream.on('data', (request: Req) => {
    const seq = request.seq;
    if (draining) {
      answer(refusal(seq, grpc.status.UNAVAILABLE, 'the server is stopping'));
      return;
    }
    if (running >= maxRunning) {
      answer(
        refusal(
          seq,
          grpc.status.RESOURCE_EXHAUSTED,
          `at most ${maxRunning} requests run at once on a stream`,
        ),
      );
      return;
    }
    running++;
    let handled: Promise<Res>;
    try {
      handled = Promise.resolve(handle(request));
    } catch (err) {
      handled = Promise.reject(err);
    }
    handled
      .then(
        (response) => answer({ ...response, seq }),
        (err: unknown) => {
          if (err instanceof StrataError) {
            answer(refusal(seq, grpcStatusOf(err.code), err.message));
            return;
          }
          onInternalError(err);
          answer(refusal(seq, grpc.status.INTERNAL, 'internal error'));
        },
      )
      .finally(() => {
        running--;
        endIfDone();
      });
  });
  stream.on('end', () => {
    halfClosed = true;
    endIfDone();
  });
  // A client that went away (cancelled, reset): nothing more is written to it.
  stream.on('cancelled', leave);
  stream.on('error', leave);
  stream.on('close', leave);
}
