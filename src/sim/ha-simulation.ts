/**
 * One seeded run of the HA simulation: two nameservers and a witness (the real
 * Voter, HaCoordinator and GroupCommitter) on a simulated network with loss,
 * delay, partitions, crashes, pauses and manual failovers, while clients write.
 * Every acknowledgement and election is checked against I-1 and I-3 as it happens;
 * at the end the faults heal and the cluster must settle with an in-sync standby
 * whose journal matches the active's (I-5).
 */
import { HaDefaults } from '../ha/constants.js';
import type { RemoteVoter, RemoteVoters } from '../nameserver/remote-voters.js';
import { History } from './history.js';
import { SeededRandom } from './seeded-random.js';
import { driftingClock } from './sim-clock.js';
import { simLogger } from './sim-logger.js';
import { SimNameServer } from './sim-nameserver.js';
import { SimNetwork } from './sim-network.js';
import { SimWitness } from './sim-witness.js';
import { VirtualTime } from './virtual-time.js';

export interface SimulationOptions {
  /** Virtual time with faults injected; then a fixed time to heal and settle. */
  faultyMs: number;
  /** Log every node's HA decisions with virtual timestamps (to replay a seed). */
  trace: boolean;
}

export interface SimulationResult {
  seed: number;
  violations: string[];
  acks: number;
  elections: number;
}

const NAMESERVERS = ['ns1', 'ns2'] as const;
const WITNESS = 'witness';
const CLIENT = 'client';
const CLIENT_CONCURRENCY = 3;
/** Clock rates within ±3 %: the lease's safety margin (300 ms of 2 s) must absorb it. */
const MAX_DRIFT = 0.03;
/**
 * After the faults heal, the cluster must elect an active and bring the standby in
 * sync within this long (an election takes ~2-4.5 s, a catch-up a few rounds).
 */
const SETTLE_WITH_CLIENTS_MS = 8_000;
const SETTLE_QUIET_MS = 4_000;

export async function runSimulation(
  seed: number,
  options: SimulationOptions,
): Promise<SimulationResult> {
  const sim = new Simulation(seed, options);
  return sim.run();
}

class Simulation {
  private readonly time = new VirtualTime();
  private readonly faults: SeededRandom;
  private readonly jitter: SeededRandom;
  private readonly network: SimNetwork;
  private readonly history = new History();
  private readonly nameservers = new Map<string, SimNameServer>();
  private readonly witness = new SimWitness(WITNESS);
  private readonly incarnation = new Map<string, number>();
  private clientsRunning = true;
  private writes = 0;

  constructor(
    private readonly seed: number,
    private readonly options: SimulationOptions,
  ) {
    const setup = new SeededRandom(seed);
    this.faults = new SeededRandom(seed ^ 0x5bd1e995);
    this.jitter = new SeededRandom(seed ^ 0x1b873593);
    this.network = new SimNetwork(this.time, new SeededRandom(seed ^ 0x27d4eb2f), {
      lossRate: setup.next() * 0.05,
      slowRate: setup.next() * 0.1,
      verySlowRate: setup.next() * 0.01,
    });
    for (const id of [...NAMESERVERS, WITNESS, CLIENT]) this.network.addNode(id);
    for (const [i, id] of NAMESERVERS.entries()) {
      this.nameservers.set(
        id,
        new SimNameServer(id, NAMESERVERS[1 - i]!, this.history, () => this.time.now),
      );
    }
  }

  async run(): Promise<SimulationResult> {
    for (const id of [...NAMESERVERS, WITNESS]) this.boot(id);
    for (let c = 0; c < CLIENT_CONCURRENCY; c++) this.clientLoop(c);
    const { faultyMs } = this.options;
    this.scheduleFaults(faultyMs);
    await this.time.runUntil(faultyMs);
    this.healEverything();
    // Settling: a reliable network, clients still writing, then quiet.
    await this.time.runUntil(faultyMs + SETTLE_WITH_CLIENTS_MS);
    this.clientsRunning = false;
    await this.time.runUntil(faultyMs + SETTLE_WITH_CLIENTS_MS + SETTLE_QUIET_MS);
    this.checkSettled();
    return {
      seed: this.seed,
      violations: this.history.violations,
      acks: this.history.acks.length,
      elections: this.history.elections.length,
    };
  }

  // ---- processes ----

  private boot(id: string): void {
    const incarnation = (this.incarnation.get(id) ?? 0) + 1;
    this.incarnation.set(id, incarnation);
    const rate = 1 + (this.faults.next() * 2 - 1) * MAX_DRIFT;
    const clock = driftingClock(this.time, rate, this.faults.int(0, 1_000_000));
    if (id === WITNESS) {
      this.witness.boot(clock, (state) =>
        this.history.promised(id, state.promisedEpoch, state.leaderId),
      );
      return;
    }
    const node = this.nameservers.get(id)!;
    node.boot(
      clock,
      { remotes: this.remoteVoters(id), shipping: this.shippingLinks(id) },
      simLogger(id, this.time, this.options.trace),
      () => this.jitter.next(),
      (state) => this.history.promised(id, state.promisedEpoch, state.leaderId),
    );
    // The process's own timer, at its clock's rate; it stops with the process.
    const tickEveryMs = HaDefaults.tickIntervalMs / rate;
    const tick = () => {
      if (this.incarnation.get(id) !== incarnation || !this.network.isUp(id)) return;
      if (this.network.isRunning(id)) node.tick();
      this.time.after(tickEveryMs, tick);
    };
    this.time.after(tickEveryMs, tick);
  }

  private crash(id: string): void {
    if (!this.network.isUp(id)) return;
    this.network.crash(id);
    this.trace(`crash ${id}`);
  }

  private restart(id: string): void {
    if (this.network.isUp(id)) return;
    this.network.restart(id);
    this.boot(id);
    this.trace(`restart ${id}`);
  }

  private other(id: string): string {
    return id === 'ns1' ? 'ns2' : 'ns1';
  }

  private remoteVoters(self: string): RemoteVoters {
    const peer = this.other(self);
    const voterAt = (target: string): RemoteVoter => {
      const handlers = () => (target === WITNESS ? this.witness : this.nameservers.get(target)!);
      return {
        requestVote: (req, timeoutMs) =>
          this.network.call(self, target, timeoutMs, () => handlers().requestVote(req)),
        renewLease: (req, timeoutMs) =>
          this.network.call(self, target, timeoutMs, () => handlers().renewLease(req)),
        releaseLease: (req, timeoutMs) =>
          this.network.call(self, target, timeoutMs, () => handlers().releaseLease(req)),
      };
    };
    return {
      voters: [voterAt(peer), voterAt(WITNESS)],
      askPeerToTakeOver: (timeoutMs) =>
        this.network.call(self, peer, timeoutMs, () => this.nameservers.get(peer)!.takeOver()),
      close: () => undefined,
    };
  }

  private shippingLinks(self: string) {
    const peer = this.other(self);
    return {
      replicate: (req: Parameters<SimNameServer['replicate']>[0], timeoutMs: number) =>
        this.network.call(self, peer, timeoutMs, () => this.nameservers.get(peer)!.replicate(req)),
      installSnapshot: (req: Parameters<SimNameServer['installSnapshot']>[0], timeoutMs: number) =>
        this.network.call(self, peer, timeoutMs, () =>
          this.nameservers.get(peer)!.installSnapshot(req),
        ),
      setInSync: (req: Parameters<SimWitness['setInSync']>[0], timeoutMs: number) =>
        this.network.call(self, WITNESS, timeoutMs, () => this.witness.setInSync(req)),
    };
  }

  // ---- clients ----

  private clientLoop(client: number): void {
    let target = this.faults.pick(NAMESERVERS) as string;
    const next = () => {
      if (!this.clientsRunning) return;
      const value = `c${client}-w${++this.writes}`;
      const node = this.nameservers.get(target)!;
      this.network
        .call(CLIENT, target, 2_000, () => node.write(value))
        .then(
          () => this.time.after(this.faults.int(0, 20), next),
          () => {
            // Like the real client: try the other nameserver after a failure.
            target = this.other(target);
            this.time.after(this.faults.int(5, 50), next);
          },
        );
    };
    this.time.after(this.faults.int(0, 100), next);
  }

  // ---- faults ----

  private scheduleFaults(untilMs: number): void {
    let at = this.faults.int(1_000, 3_000);
    while (at < untilMs) {
      const kind = this.faults.int(0, 6);
      const id = this.faults.pick([...NAMESERVERS, WITNESS]);
      const ns = this.faults.pick(NAMESERVERS);
      const lasts = this.faults.int(100, 5_000);
      const end = Math.min(at + lasts, untilMs);
      switch (kind) {
        case 0: // kill -9, restarted later
          this.time.at(at, () => this.crash(id));
          this.time.at(end, () => this.restart(id));
          break;
        case 1: // SIGSTOP, SIGCONT later
          this.time.at(at, () => {
            if (this.network.isRunning(ns)) this.network.pause(ns, end);
            this.trace(`pause ${ns} until ${end}`);
          });
          break;
        case 2: // one node cut off from the others (clients still reach it)
          this.time.at(at, () => {
            this.network.isolate(id);
            this.network.healLink(CLIENT, id);
            this.network.healLink(id, CLIENT);
            this.trace(`isolate ${id}`);
          });
          this.time.at(end, () => this.network.healAll());
          break;
        case 3: {
          // one direction of one link
          const to = this.faults.pick([...NAMESERVERS, WITNESS].filter((n) => n !== id));
          this.time.at(at, () => this.network.cutLink(id, to));
          this.time.at(end, () => this.network.healLink(id, to));
          break;
        }
        case 4: // manual failover, on whichever nameserver is active
          this.time.at(at, () => {
            for (const node of this.nameservers.values()) {
              if (this.network.isRunning(node.id) && node.isActive()) {
                this.trace(`manual failover from ${node.id}`);
                node.failover().catch(() => undefined);
              }
            }
          });
          break;
        default: // a quiet spell
          break;
      }
      at += this.faults.int(300, 3_000);
    }
  }

  private healEverything(): void {
    this.network.healAll();
    this.network.becomeReliable();
    for (const id of [...NAMESERVERS, WITNESS]) {
      if (!this.network.isUp(id)) this.restart(id);
      else this.network.pause(id, 0);
    }
    this.trace('healed');
  }

  /** After healing: one active, an in-sync standby, journals identical (I-1, I-5). */
  private checkSettled(): void {
    const now = this.time.now;
    const active = [...this.nameservers.values()].filter((n) => n.isActive());
    if (active.length !== 1) {
      this.history.violate(now, `liveness: ${active.length} active nameservers after healing`);
      return;
    }
    const leader = active[0]!;
    const standby = this.nameservers.get(this.other(leader.id))!;
    this.history.checkHoldsEveryAck(leader.id, leader.journal, now, 'active at the end');
    if (!leader.standbyInSync) {
      this.history.violate(
        now,
        `liveness: the standby ${standby.id} is not in sync at the end ` +
          `(journal at ${standby.journal.lastTxid}, the active's at ${leader.journal.lastTxid}; ${leader.shipperState})`,
      );
    }
    const a = leader.journal.all();
    const b = standby.journal.all();
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i]!.value !== b[i]!.value || a[i]!.epoch !== b[i]!.epoch) {
        this.history.violate(
          now,
          `I-5: journals differ at txid ${i + 1}: ${leader.id} has ${a[i]!.value}@${a[i]!.epoch}, ` +
            `${standby.id} has ${b[i]!.value}@${b[i]!.epoch}`,
        );
        return;
      }
    }
  }

  private trace(message: string): void {
    if (this.options.trace) {
      process.stdout.write(`${JSON.stringify({ vt: this.time.now, sim: message })}\n`);
    }
  }
}
