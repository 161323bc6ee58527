/** HA timing defaults, in one place (see docs/architecture.md, "High availability"). */
export const HaDefaults = {
  /** How long a grant or renewal holds a voter's promise. */
  leaseMs: 2_000,
  /** The active renews its lease (and tells the standby it is alive) this often. */
  renewIntervalMs: 250,
  /** The active stops acknowledging this long before its lease ends (clock-rate slack). */
  leaseSafetyMarginMs: 300,
  /**
   * An active whose lease ran out stops acknowledging at once, but keeps renewing
   * this much longer before it steps down: a renewal answered late (the host froze
   * the process) restores it without an election. A newer epoch ends it at once.
   */
  leaseGraceMs: 2_000,
  /** A standby that has heard nothing from an active for this long stands for election. */
  electionTimeoutMs: 2_000,
  /** A standby that does not acknowledge a batch within this is taken out of the in-sync set. */
  replicationTimeoutMs: 2_000,
  /** Election deadlines are spread by up to this much, so two standbys do not split votes forever. */
  electionJitterMs: 500,
  /**
   * How often the coordinator checks its lease and its election deadline. Each
   * wake-up of an idle server costs CPU (dearly on a VM); at 125 ms a renewal goes
   * out at most 125 ms late, well inside the lease, and an election starts as late.
   */
  tickIntervalMs: 125,
  /** Timeout of one catch-up call (up to maxRecordsPerReplicate records): a lost one costs this much. */
  catchUpTimeoutMs: 3_000,
  /** Most journal records one Replicate call carries. */
  maxRecordsPerReplicate: 2_000,
  /** Most shipped batches a standby takes at once on a ReplicateStream (the active sends one at a time). */
  maxShippedInFlight: 8,
  /** Timeout of one voter call. */
  voterCallTimeoutMs: 1_000,
} as const;
