/**
 * The simulated network: request/response calls between named nodes, each leg
 * delayed, possibly lost, or cut by a partition. A call that gets no answer
 * rejects at its timeout, like a gRPC deadline. Nodes can crash (their state in
 * flight is gone, their pending calls never settle) and pause (SIGSTOP: nothing is
 * delivered to them until they resume, while time runs on).
 */
import type { SeededRandom } from './seeded-random.js';
import type { VirtualTime } from './virtual-time.js';

export interface NetworkProfile {
  /** Chance that one leg (request or response) is lost. */
  lossRate: number;
  /** Chance that a leg is slow (tens to hundreds of ms) and very slow (past call timeouts). */
  slowRate: number;
  verySlowRate: number;
}

export class TimeoutError extends Error {}

interface NodeState {
  up: boolean;
  /** Bumped at each crash: answers meant for an earlier life are dropped. */
  incarnation: number;
  pausedUntil: number;
}

export class SimNetwork {
  private readonly nodes = new Map<string, NodeState>();
  private readonly cut = new Set<string>();

  constructor(
    private readonly time: VirtualTime,
    private readonly random: SeededRandom,
    private profile: NetworkProfile,
  ) {}

  /** From now on, legs are neither lost nor slow (the settling phase after the faults). */
  becomeReliable(): void {
    this.profile = { lossRate: 0, slowRate: 0, verySlowRate: 0 };
  }

  addNode(id: string): void {
    this.nodes.set(id, { up: true, incarnation: 0, pausedUntil: 0 });
  }

  isUp(id: string): boolean {
    return this.node(id).up;
  }

  isRunning(id: string): boolean {
    const node = this.node(id);
    return node.up && node.pausedUntil <= this.time.now;
  }

  crash(id: string): void {
    const node = this.node(id);
    node.up = false;
    node.incarnation++;
  }

  restart(id: string): void {
    const node = this.node(id);
    node.up = true;
    node.pausedUntil = 0;
  }

  pause(id: string, untilMs: number): void {
    this.node(id).pausedUntil = untilMs;
  }

  /** Cuts the link a → b in that direction. */
  cutLink(a: string, b: string): void {
    this.cut.add(`${a}>${b}`);
  }

  healLink(a: string, b: string): void {
    this.cut.delete(`${a}>${b}`);
  }

  /** Cuts every link to and from `id`. */
  isolate(id: string): void {
    for (const other of this.nodes.keys()) {
      if (other === id) continue;
      this.cutLink(id, other);
      this.cutLink(other, id);
    }
  }

  healAll(): void {
    this.cut.clear();
  }

  /**
   * Calls `handler` on node `to` as node `from` would over the network. The
   * handler runs at the virtual instant the request arrives; its answer (or the
   * error it throws) travels back; without an answer by `timeoutMs` the call rejects.
   */
  call<T>(from: string, to: string, timeoutMs: number, handler: () => T | Promise<T>): Promise<T> {
    const caller = this.node(from);
    const incarnation = caller.incarnation;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled || caller.incarnation !== incarnation || !caller.up) return;
        settled = true;
        fn();
      };
      this.time.after(timeoutMs, () => settle(() => reject(new TimeoutError('deadline exceeded'))));
      this.deliver(from, to, () => {
        let answer: Promise<T>;
        try {
          answer = Promise.resolve(handler());
        } catch (err) {
          answer = Promise.reject(err instanceof Error ? err : new Error(String(err)));
        }
        answer.then(
          (value) => this.deliver(to, from, () => settle(() => resolve(value))),
          (err: unknown) => this.deliver(to, from, () => settle(() => reject(err as Error))),
        );
      });
    });
  }

  /** Sends one leg: delayed, maybe lost; held while the receiver is paused. */
  private deliver(from: string, to: string, arrive: () => void): void {
    if (this.cut.has(`${from}>${to}`) || this.random.chance(this.profile.lossRate)) return;
    const target = this.node(to);
    const incarnation = target.incarnation;
    const land = () => {
      if (!target.up || target.incarnation !== incarnation) return;
      if (target.pausedUntil > this.time.now) {
        this.time.at(target.pausedUntil, land);
        return;
      }
      arrive();
    };
    this.time.after(this.legDelayMs(), land);
  }

  private legDelayMs(): number {
    const r = this.random;
    if (r.chance(this.profile.verySlowRate)) return r.int(400, 2_500);
    if (r.chance(this.profile.slowRate)) return r.int(20, 300);
    return r.int(0, 5) + r.next();
  }

  private node(id: string): NodeState {
    const node = this.nodes.get(id);
    if (!node) throw new Error(`unknown node ${id}`);
    return node;
  }
}
