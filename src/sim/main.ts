/**
 * Runs the HA simulation over many seeds, or replays one:
 *
 *   npm run sim -- --seeds 20000            # seeds 1..20000
 *   npm run sim -- --seed 4711 --trace      # replay one seed with every decision logged
 *
 * Exits non-zero if any seed breaks an invariant, after printing each failing seed.
 */
import { Command, InvalidArgumentError } from 'commander';
import { runSimulation } from './ha-simulation.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('not a whole number');
  return n;
}

const program = new Command('sim')
  .description('deterministic simulation of Strata HA (nameservers, witness, journal)')
  .option('--seeds <n>', 'how many seeds to run', positiveInt, 1_000)
  .option('--from <n>', 'first seed', positiveInt, 1)
  .option('--seed <n>', 'run only this seed', positiveInt)
  .option('--faulty-ms <ms>', 'virtual time with faults, per seed', positiveInt, 20_000)
  .option('--trace', 'log every decision of the seed (use with --seed)', false)
  .parse();

const opts = program.opts<{
  seeds: number;
  from: number;
  seed?: number;
  faultyMs: number;
  trace: boolean;
}>();

const first = opts.seed ?? opts.from;
const count = opts.seed !== undefined ? 1 : opts.seeds;
const started = performance.now();
let failed = 0;
let acks = 0;
let elections = 0;
for (let seed = first; seed < first + count; seed++) {
  const result = await runSimulation(seed, { faultyMs: opts.faultyMs, trace: opts.trace });
  acks += result.acks;
  elections += result.elections;
  if (result.violations.length > 0) {
    failed++;
    console.log(`seed ${seed} FAILED (replay: npm run sim -- --seed ${seed} --trace)`);
    for (const v of result.violations.slice(0, 5)) console.log(`  ${v}`);
  }
  if (!opts.trace && (seed - first + 1) % 100 === 0) {
    process.stderr.write(`  ${seed - first + 1}/${count} seeds, ${failed} failed\n`);
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `${count} seeds (${first}..${first + count - 1}), ${failed} failed; ` +
    `${acks} acknowledged writes, ${elections} elections checked; ${seconds.toFixed(1)} s`,
);
process.exitCode = failed > 0 ? 1 : 0;
