/**
 * I-1 and I-3 under the deterministic HA simulation (src/sim): the real Voter,
 * HaCoordinator and GroupCommitter of two nameservers and a witness, over a
 * simulated network with loss, delay, partitions, crashes, pauses and manual
 * failovers. A failing seed is printed with the command that replays it.
 * STRATA_SIM_SEEDS sets how many seeds (CI: 24, 10-30 s; `npm run sim -- --seeds 20000` for more).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSimulation } from '../../src/sim/ha-simulation.js';
import { History } from '../../src/sim/history.js';
import { SimJournal } from '../../src/sim/sim-journal.js';

const SEEDS = Number(process.env.STRATA_SIM_SEEDS ?? 24);

test(`I-1, I-3, I-5: the HA simulation holds over ${SEEDS} seeds`, async () => {
  const failures: string[] = [];
  let acks = 0;
  let elections = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const result = await runSimulation(seed, { faultyMs: 20_000, trace: false });
    acks += result.acks;
    elections += result.elections;
    if (result.violations.length > 0) {
      failures.push(
        `seed ${seed} (replay: npm run sim -- --seed ${seed} --trace): ${result.violations[0]}`,
      );
    }
  }
  console.log(`  ${SEEDS} seeds: ${acks} acknowledged writes, ${elections} elections checked`);
  assert.deepEqual(failures, []);
  // The runs must exercise the protocol, or passing means nothing.
  assert.ok(elections > SEEDS * 2, `only ${elections} elections`);
  assert.ok(acks > SEEDS * 100, `only ${acks} acknowledged writes`);
});

test('the simulation is deterministic: a seed replays exactly', async () => {
  const a = await runSimulation(4711, { faultyMs: 10_000, trace: false });
  const b = await runSimulation(4711, { faultyMs: 10_000, trace: false });
  assert.deepEqual(a, b);
});

test('the checker flags a lost acknowledged write and two acknowledging nameservers', () => {
  const history = new History();
  const journal = new SimJournal();
  journal.append([{ txid: 1, epoch: 1, value: 'a' }]);
  history.promised('ns1', 1, 'ns1');
  history.promised('witness', 1, 'ns1');
  history.acknowledged({ node: 'ns1', epoch: 1, txid: 1, value: 'a', atMs: 1 });
  history.acknowledged({ node: 'ns1', epoch: 1, txid: 2, value: 'b', atMs: 2 });
  assert.deepEqual(history.violations, []);
  history.elected('ns2', 2, journal, 3);
  assert.match(history.violations[0] ?? '', /I-1: ns2 elected in epoch 2 without .* txid 2/);
  history.acknowledged({ node: 'ns2', epoch: 1, txid: 3, value: 'c', atMs: 4 });
  assert.match(history.violations[1] ?? '', /I-3: ns2 and ns1 both acknowledged writes in epoch 1/);
  history.promised('ns2', 2, 'ns2');
  history.promised('witness', 2, 'ns2');
  history.acknowledged({ node: 'ns1', epoch: 1, txid: 4, value: 'd', atMs: 5 });
  assert.match(
    history.violations.at(-1) ?? '',
    /I-3: ns1 acknowledged txid 4 in epoch 1 after epoch 2/,
  );
});
