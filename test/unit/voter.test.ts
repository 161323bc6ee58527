/** I-3 at the level of one voter: the rules that make an epoch's leader unique. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Voter, type VoterDurableState } from '../../src/ha/voter.js';

const LEASE = 2_000;
const fresh = (): VoterDurableState => ({
  promisedEpoch: 0,
  leaderId: null,
  standbyId: null,
  standbyInSync: false,
});

function nameserverVoter(lastTxid: number, now = 0) {
  const saved: VoterDurableState[] = [];
  const voter = new Voter(
    fresh(),
    LEASE,
    now,
    (s) => saved.push(s),
    () => ({ txid: lastTxid, epoch: 0 }),
  );
  return { voter, saved };
}

test('I-3: a voter grants each epoch once, never a lower one, and persists before answering', () => {
  const { voter, saved } = nameserverVoter(0);
  // A fresh voter waits a whole lease: it cannot know an older leader's lease has ended.
  assert.equal(
    voter.requestVote({ epoch: 1, candidateId: 'a', lastTxid: 0, lastEpoch: 0 }, 100).granted,
    false,
  );
  assert.equal(
    voter.requestVote({ epoch: 1, candidateId: 'a', lastTxid: 0, lastEpoch: 0 }, LEASE).granted,
    true,
  );
  assert.equal(saved.at(-1)?.promisedEpoch, 1);
  assert.equal(
    voter.requestVote({ epoch: 1, candidateId: 'b', lastTxid: 0, lastEpoch: 0 }, 10 * LEASE)
      .granted,
    false,
  );
  assert.equal(
    voter.requestVote({ epoch: 0, candidateId: 'b', lastTxid: 0, lastEpoch: 0 }, 10 * LEASE)
      .granted,
    false,
  );
});

test('I-3: no grant while the leader may still hold its lease; renewals extend it', () => {
  const { voter } = nameserverVoter(0);
  assert.ok(
    voter.requestVote({ epoch: 1, candidateId: 'a', lastTxid: 0, lastEpoch: 0 }, LEASE).granted,
  );
  assert.ok(voter.renew(1, 'a', LEASE + 1_500));
  assert.equal(
    voter.requestVote({ epoch: 2, candidateId: 'b', lastTxid: 0, lastEpoch: 0 }, LEASE + 3_000)
      .granted,
    false,
  );
  assert.ok(
    voter.requestVote({ epoch: 2, candidateId: 'b', lastTxid: 0, lastEpoch: 0 }, LEASE + 3_600)
      .granted,
  );
  assert.equal(voter.renew(1, 'a', LEASE + 3_700), false, 'the deposed leader cannot renew');
});

test('a nameserver voter refuses a candidate whose journal is behind its own', () => {
  const { voter } = nameserverVoter(50);
  assert.equal(
    voter.requestVote({ epoch: 1, candidateId: 'b', lastTxid: 49, lastEpoch: 0 }, LEASE).granted,
    false,
  );
  assert.ok(
    voter.requestVote({ epoch: 1, candidateId: 'b', lastTxid: 50, lastEpoch: 0 }, LEASE).granted,
  );
});

test('the witness promotes only the leader or a standby the leader recorded in sync', () => {
  const witness = new Voter(fresh(), LEASE, 0, () => undefined, null);
  assert.ok(
    witness.requestVote({ epoch: 1, candidateId: 'a', lastTxid: 0, lastEpoch: 0 }, LEASE).granted,
  );
  assert.equal(
    witness.requestVote({ epoch: 2, candidateId: 'b', lastTxid: 99, lastEpoch: 0 }, 10 * LEASE)
      .granted,
    false,
  );
  assert.equal(
    witness.setInSync(1, 'b', 'b', true, 1),
    false,
    'only the leader records the in-sync set',
  );
  assert.ok(witness.setInSync(1, 'a', 'b', true, 1));
  assert.ok(
    witness.requestVote({ epoch: 2, candidateId: 'b', lastTxid: 0, lastEpoch: 0 }, 10 * LEASE)
      .granted,
  );
  // Now a is the standby, not in sync until b says so.
  assert.equal(
    witness.requestVote({ epoch: 3, candidateId: 'a', lastTxid: 0, lastEpoch: 0 }, 20 * LEASE)
      .granted,
    false,
  );
});

test('a renewal from the winner of an epoch is adopted by a voter that chose another', () => {
  const { voter } = nameserverVoter(0);
  assert.ok(
    voter.requestVote({ epoch: 2, candidateId: 'self', lastTxid: 0, lastEpoch: 0 }, LEASE).granted,
  );
  // 'self' lost epoch 2 (no majority); 'a' won it with the other two voters.
  assert.ok(voter.renew(2, 'a', LEASE + 10));
  assert.equal(voter.durable.leaderId, 'a');
});

test('a released lease lets the next election through at once', () => {
  const { voter } = nameserverVoter(0);
  assert.ok(
    voter.requestVote({ epoch: 1, candidateId: 'a', lastTxid: 0, lastEpoch: 0 }, LEASE).granted,
  );
  assert.ok(voter.renew(1, 'a', LEASE + 100));
  assert.equal(voter.release(1, 'b', LEASE + 200), false, 'only the leader releases');
  assert.equal(
    voter.requestVote({ epoch: 2, candidateId: 'b', lastTxid: 0, lastEpoch: 0 }, LEASE + 200)
      .granted,
    false,
  );
  assert.ok(voter.release(1, 'a', LEASE + 200));
  assert.ok(
    voter.requestVote({ epoch: 2, candidateId: 'b', lastTxid: 0, lastEpoch: 0 }, LEASE + 200)
      .granted,
  );
});

test('a journal as long as the voter’s but ending in an older epoch is behind it', () => {
  const voter = new Voter(
    fresh(),
    LEASE,
    0,
    () => undefined,
    () => ({ txid: 35, epoch: 6 }),
  );
  // The candidate holds an unacknowledged txid 35 of epoch 4; the voter holds the
  // one acknowledged in epoch 6. Electing the candidate would lose that write.
  const stale = { epoch: 7, candidateId: 'b', lastTxid: 35, lastEpoch: 4 };
  assert.equal(voter.requestVote(stale, LEASE).granted, false);
  const shorterButNewer = { epoch: 7, candidateId: 'b', lastTxid: 30, lastEpoch: 7 };
  assert.ok(voter.requestVote(shorterButNewer, LEASE).granted);
});

test('an in-sync change older than one already applied is refused', () => {
  const witness = new Voter(fresh(), LEASE, 0, () => undefined, null);
  assert.ok(
    witness.requestVote({ epoch: 1, candidateId: 'a', lastTxid: 0, lastEpoch: 0 }, LEASE).granted,
  );
  // The active counted b in sync (seq 1, timed out), then went on without it (seq 2);
  // the late seq 1 must not count b in sync again.
  assert.ok(witness.setInSync(1, 'a', 'b', false, 2));
  assert.equal(witness.setInSync(1, 'a', 'b', true, 1), false);
  assert.equal(witness.durable.standbyInSync, false);
  // A new epoch starts the sequence again.
  assert.ok(witness.renew(2, 'a', 2 * LEASE));
  assert.ok(witness.setInSync(2, 'a', 'b', true, 1));
});
