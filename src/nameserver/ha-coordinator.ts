/**
 * The nameserver's role machine: standby → (election) → active → (lease lost) →
 * standby. An election asks for the next epoch from the three voters (itself, the
 * other nameserver, the witness); two grants make this nameserver active, holding a
 * lease it renews with the same voters. It stops acknowledging the moment its lease
 * (counted from when it sent the last successful renewal) could have run out.
 */
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { HaDefaults } from '../ha/constants.js';
import type { JournalEnd, Voter } from '../ha/voter.js';
import type { RemoteVoters } from './remote-voters.js';

export interface HaPeer {
  id: string;
  address: string;
}

export interface HaCoordinatorOptions {
  selfId: string;
  /** The peer's voter and the witness. */
  remotes: RemoteVoters;
  voter: Voter;
  clock: Clock;
  logger: Logger;
  /** Where this nameserver's durable journal ends. */
  journalEnd: () => JournalEnd;
  onBecomeActive: (epoch: number) => void;
  onStepDown: (reason: string) => void;
  leaseMs?: number;
  electionTimeoutMs?: number;
  /** Election jitter's source; the simulation passes a seeded one. */
  random?: () => number;
}

export type Role = 'standby' | 'active';

export class HaCoordinator {
  role: Role = 'standby';
  epoch = 0;
  private leaseValidUntilMs = 0;
  /**
   * The highest epoch any voter has said it promised. A candidate stands above it:
   * standing at its own voter's promise + 1 would lose forever to a voter that
   * promised more (to a candidate that then lost), and a lower epoch's leader is
   * deposed by that voter's first renewal answer.
   */
  private highestEpochSeen = 0;
  private electionDeadlineMs: number;
  private lastRenewSentMs = 0;
  private renewalsInFlight = 0;
  private lastRenewConfirmed = true;
  private electing = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly leaseMs: number;
  private readonly electionTimeoutMs: number;
  private readonly random: () => number;

  constructor(private readonly options: HaCoordinatorOptions) {
    this.random = options.random ?? Math.random;
    this.leaseMs = options.leaseMs ?? HaDefaults.leaseMs;
    this.electionTimeoutMs = options.electionTimeoutMs ?? HaDefaults.electionTimeoutMs;
    this.electionDeadlineMs = this.nextElectionDeadline();
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), HaDefaults.tickIntervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.options.remotes.close();
  }

  /** True while this nameserver may acknowledge mutations. */
  isActive(): boolean {
    return this.role === 'active' && this.options.clock.monotonicMs() < this.leaseValidUntilMs;
  }

  /** The active of `epoch` was heard from (a renewal or journal records): no election for now. */
  heardFromLeader(epoch: number): void {
    this.highestEpochSeen = Math.max(this.highestEpochSeen, epoch);
    if (this.role === 'active' && epoch > this.epoch)
      this.stepDown(`a newer active (epoch ${epoch}) exists`);
    if (this.role === 'standby') {
      this.epoch = Math.max(this.epoch, epoch);
      this.electionDeadlineMs = this.nextElectionDeadline();
    }
  }

  /** A standby asked to take over (manual failover) stands for election at once. */
  electNow(): void {
    if (this.role === 'standby') this.electionDeadlineMs = this.options.clock.monotonicMs();
  }

  /**
   * After stepping down for a manual failover: gives the lease of `epoch` back to
   * every voter and asks the peer to stand now. This nameserver waits longer before
   * standing itself, so the in-sync peer wins.
   */
  async handOver(epoch: number): Promise<void> {
    const { voter, selfId, clock, remotes } = this.options;
    voter.release(epoch, selfId, clock.monotonicMs());
    this.electionDeadlineMs = clock.monotonicMs() + 2 * this.electionTimeoutMs;
    await Promise.all(
      remotes.voters.map((remote) =>
        remote
          .releaseLease({ epoch, leaderId: selfId }, HaDefaults.voterCallTimeoutMs)
          .catch(() => null),
      ),
    );
    await remotes.askPeerToTakeOver(HaDefaults.voterCallTimeoutMs).catch(() => null);
  }

  /** Gives up leadership now (lease lost, a newer epoch seen, or a failed commit). */
  stepDown(reason: string): void {
    if (this.role !== 'active') return;
    this.role = 'standby';
    this.leaseValidUntilMs = 0;
    this.electionDeadlineMs = this.nextElectionDeadline();
    this.options.logger.warn({ epoch: this.epoch, reason }, 'stepping down to standby');
    this.options.onStepDown(reason);
  }

  private nextElectionDeadline(): number {
    // Jitter keeps two standbys from splitting the vote forever.
    return (
      this.options.clock.monotonicMs() +
      this.electionTimeoutMs +
      this.random() * HaDefaults.electionJitterMs
    );
  }

  /** Runs every HaDefaults.tickIntervalMs: renews the lease, or stands for election. */
  tick(): void {
    const now = this.options.clock.monotonicMs();
    if (this.role === 'active') {
      // Past its lease the active acknowledges nothing (isActive), but it steps down
      // only after the grace: a late renewal answer extends the lease it had.
      if (now >= this.leaseValidUntilMs + HaDefaults.leaseGraceMs) {
        this.stepDown('lease expired');
        return;
      }
      if (now - this.lastRenewSentMs >= HaDefaults.renewIntervalMs) void this.renew();
    } else if (now >= this.electionDeadlineMs && !this.electing) {
      void this.elect();
    }
  }

  private async elect(): Promise<void> {
    this.electing = true;
    try {
      const { voter, selfId, clock, logger } = this.options;
      const epoch = Math.max(voter.durable.promisedEpoch, this.highestEpochSeen) + 1;
      const sentAt = clock.monotonicMs();
      const end = this.options.journalEnd();
      const request = { epoch, candidateId: selfId, lastTxid: end.txid, lastEpoch: end.epoch };
      const own = voter.requestVote(request, sentAt);
      if (!own.granted) {
        this.electionDeadlineMs = this.nextElectionDeadline();
        return;
      }
      // Decided by the first remote grant (with our own, a majority): a frozen or
      // cut-off voter must not hold the election up to its call timeout.
      const answers = await untilMajority(
        this.options.remotes.voters.map((remote) =>
          remote.requestVote(request, HaDefaults.voterCallTimeoutMs),
        ),
        (a) => a.granted,
        (a) => (this.highestEpochSeen = Math.max(this.highestEpochSeen, a.promisedEpoch)),
      );
      const grants = 1 + answers.filter((a) => a?.granted).length;
      if (grants >= 2 && this.role === 'standby' && voter.durable.promisedEpoch === epoch) {
        this.role = 'active';
        this.epoch = epoch;
        this.leaseValidUntilMs = sentAt + this.leaseMs - HaDefaults.leaseSafetyMarginMs;
        this.lastRenewSentMs = sentAt;
        logger.info({ epoch, grants }, 'elected: now the active nameserver');
        this.options.onBecomeActive(epoch);
      } else {
        logger.info(
          { epoch, grants, reasons: answers.map((a) => a?.reason ?? 'no answer') },
          'election lost',
        );
        this.electionDeadlineMs = this.nextElectionDeadline();
      }
    } finally {
      this.electing = false;
    }
  }

  private async renew(): Promise<void> {
    // Renewals overlap (each extends the lease from its own send time), so one that
    // waits out a slow voter does not hold up the next; a few at most.
    if (this.renewalsInFlight >= MAX_RENEWALS_IN_FLIGHT) return;
    this.renewalsInFlight++;
    const { voter, selfId, clock } = this.options;
    const epoch = this.epoch;
    const sentAt = clock.monotonicMs();
    this.lastRenewSentMs = sentAt;
    try {
      if (!voter.renew(epoch, selfId, sentAt)) {
        this.stepDown('own voter refused the renewal');
        return;
      }
      // Each answer is acted on as it comes: the first acceptance extends the lease
      // (with our own, a majority), so a frozen peer's timeout does not eat into it;
      // a newer promise from any voter deposes us whenever it arrives.
      const errors: string[] = [];
      const answers = await untilMajority(
        this.options.remotes.voters.map((remote) =>
          remote.renewLease({ epoch, leaderId: selfId }, HaDefaults.voterCallTimeoutMs),
        ),
        (a) => a.ok,
        (a) => {
          this.highestEpochSeen = Math.max(this.highestEpochSeen, a.promisedEpoch);
          if (a.promisedEpoch > epoch) {
            if (this.epoch === epoch) this.stepDown('a voter has promised a newer epoch');
          } else if (a.ok && this.role === 'active' && this.epoch === epoch) {
            this.leaseValidUntilMs = Math.max(
              this.leaseValidUntilMs,
              sentAt + this.leaseMs - HaDefaults.leaseSafetyMarginMs,
            );
          }
        },
        (err) => errors.push(String(err)),
      );
      // Logged once per run of failures: a lease about to run out should say why.
      const confirmed = answers.some((a) => a?.ok);
      if (!confirmed && this.lastRenewConfirmed) {
        this.options.logger.warn(
          { epoch, errors, answers, leaseLeftMs: this.leaseValidUntilMs - clock.monotonicMs() },
          'lease renewal not confirmed by any voter',
        );
      }
      this.lastRenewConfirmed = confirmed;
    } finally {
      this.renewalsInFlight--;
    }
  }
}

const MAX_RENEWALS_IN_FLIGHT = 4;

/**
 * Resolves once one call answers yes (that with the caller's own vote is 2 of 3)
 * or every call has settled, with the answers so far (null: failed or pending).
 * `onAnswer` sees every answer, also those arriving after the resolution.
 */
function untilMajority<T>(
  calls: Promise<T>[],
  yes: (answer: T) => boolean,
  onAnswer: (answer: T) => void,
  onError: (err: unknown) => void = () => undefined,
): Promise<(T | null)[]> {
  const answers: (T | null)[] = calls.map(() => null);
  return new Promise((resolve) => {
    let pending = calls.length;
    if (pending === 0) resolve(answers);
    calls.forEach((call, i) => {
      call
        .then((answer) => {
          answers[i] = answer;
          onAnswer(answer);
          if (yes(answer)) resolve(answers);
        })
        .catch(onError)
        .finally(() => {
          if (--pending === 0) resolve(answers);
        });
    });
  });
}
