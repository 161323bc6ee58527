/**
 * Side by side: the same `strata bench` workloads against a fresh Strata cluster, the
 * local disk, and MooseFS (../shared/peers/moosefs, when it can run here), one
 * target at a time so that none shares the cores with another's idle servers.
 * Prints one table with each figure's median over the runs and the ratios
 * Strata / MooseFS and Strata / local disk, and writes it to docs/benchmarks.md.
 *
 *   npm run bench:compare [-- --runs 3 --size 1GiB --files 5000 --warmup-files 2000 --no-moosefs]
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchReport } from '../src/bench/report.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    size: { type: 'string', default: '1GiB' },
    files: { type: 'string', default: '5000' },
    'file-size': { type: 'string', default: '4KiB' },
    concurrency: { type: 'string', default: '16' },
    'warmup-files': { type: 'string', default: '2000' },
    'no-moosefs': { type: 'boolean', default: false },
    peer: { type: 'string', default: '../shared/peers/moosefs' },
    out: { type: 'string', default: 'docs/benchmarks.md' },
  },
});
const runs = Number(values.runs);
const CLI = resolve('dist/bundle/strata.mjs');
const workloadArgs = [
  'bench',
  'all',
  '--size',
  values.size,
  '--files',
  values.files,
  '--file-size',
  values['file-size'],
  '--concurrency',
  values.concurrency,
  '--drop-caches',
  '--json',
];
const warmupFiles = Number(values['warmup-files']);
if (!Number.isSafeInteger(warmupFiles) || warmupFiles < 0) {
  throw new Error(`--warmup-files must be a whole number, 0 for none: ${values['warmup-files']}`);
}
// Servers and clients run for days, and a fresh Node.js process spends its first
// thousands of requests compiling its hot code: `strata bench --warmup` first runs the
// workloads unmeasured, in the same process, against the same target (the small-file
// and metadata ones with --warmup-files). Every target gets the same warm-up.
workloadArgs.push('--warmup', String(warmupFiles));
const peerDir = resolve(values.peer);
const work = mkdtempSync(join(tmpdir(), 'strata-compare-'));

function log(line: string): void {
  process.stderr.write(`[compare] ${line}\n`);
}

const failures: string[] = [];

/** One bench run; a failed one is recorded and leaves its sample out, not the comparison. */
function sample(
  into: Figures[],
  what: string,
  /** The command line of a workload against this target. */
  against: (workload: string[]) => string[],
): void {
  try {
    const figures = figuresOf(benchJson(against(workloadArgs)));
    into.push(figures);
    // Each run as it ends: a comparison cut short still leaves its figures in the log.
    log(`${what}: ${[...figures].map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
  } catch (err) {
    failures.push(`${what}: ${String(err).split('\n')[0]}`);
    log(`${what} failed: ${String(err)}`);
  }
}

function benchJson(args: string[]): BenchReport {
  const out = execFileSync(process.execPath, [CLI, ...args], {
    maxBuffer: 16 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.toString()) as BenchReport;
}

/** A fresh `strata cluster up` (HA pair, witness, 3 dataservers), ready to use. */
async function startStrata(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'cluster', 'up', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  await new Promise<void>((ready, fail) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('cluster ready')) ready();
    });
    child.once('exit', (code) => fail(new Error(`cluster up exited with ${code}:\n${output}`)));
  });
  return child;
}

async function stopStrata(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
}

function moosefsUsable(): boolean {
  if (values['no-moosefs']) return false;
  if (!existsSync(join(peerDir, 'setup.sh'))) {
    log(`no MooseFS peer scripts at ${peerDir}`);
    return false;
  }
  if (process.getuid?.() !== 0) {
    log('MooseFS needs root (a network namespace and a FUSE mount): skipped');
    return false;
  }
  return true;
}

type Figures = Map<string, number>;

function figuresOf(report: BenchReport): Figures {
  const figures: Figures = new Map();
  for (const r of report.results) {
    const key = `${r.workload} ${r.phase}`;
    figures.set(
      key,
      r.mbPerSec !== null && r.workload.startsWith('seq') ? r.mbPerSec : r.opsPerSec,
    );
  }
  return figures;
}

function fmt(n: number | null): string {
  if (n === null || Number.isNaN(n)) return '–';
  return n < 100 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US');
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const samples = {
  strata: [] as Figures[],
  moosefs: [] as Figures[],
  local: [] as Figures[],
};
let useMoosefs = moosefsUsable();

try {
  for (let run = 1; run <= runs; run++) {
    log(`run ${run} of ${runs}: Strata`);
    const clusterDir = join(work, `strata-${run}`);
    const cluster = await startStrata(clusterDir);
    try {
      sample(samples.strata, `Strata, run ${run}`, (w) => [
        '--cluster',
        join(clusterDir, 'cluster.json'),
        ...w,
      ]);
    } finally {
      await stopStrata(cluster);
      rmSync(clusterDir, { recursive: true, force: true });
    }

    log(`run ${run} of ${runs}: local disk`);
    const localDir = join(work, 'local');
    mkdirSync(localDir, { recursive: true });
    sample(samples.local, `local disk, run ${run}`, (w) => [...w, '--target', `dir:${localDir}`]);

    if (useMoosefs) {
      log(`run ${run} of ${runs}: MooseFS`);
      try {
        // CS_FSYNC=1: its chunkservers fsync before they answer, as Strata's dataservers
        // do (by default they do not, and a write is durable nowhere when acknowledged).
        execFileSync('bash', [join(peerDir, 'setup.sh')], {
          stdio: ['ignore', 'ignore', 'inherit'],
          env: { ...process.env, CS_FSYNC: '1' },
        });
        sample(samples.moosefs, `MooseFS, run ${run}`, (w) => [
          ...w,
          '--target',
          'dir:/tmp/mfspeer/mnt',
        ]);
      } catch (err) {
        log(`MooseFS could not run: ${String(err)}; comparing without it`);
        useMoosefs = false;
      } finally {
        execFileSync('bash', [join(peerDir, 'teardown.sh'), '--purge'], {
          stdio: ['ignore', 'ignore', 'inherit'],
        });
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const keys = [...((samples.strata[0] ?? samples.local[0] ?? samples.moosefs[0])?.keys() ?? [])];
const med = (of: Figures[], key: string) =>
  of.length === 0 ? null : median(of.map((f) => f.get(key) ?? NaN));
/** The median, and with more than one run the spread (lowest–highest) after it. */
const cell = (of: Figures[], key: string) => {
  const m = med(of, key);
  if (of.length < 2 || m === null) return fmt(m);
  const xs = of.map((f) => f.get(key) ?? NaN);
  return `${fmt(m)} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;
};
const ratio = (a: number | null, b: number | null) =>
  a === null || b === null || b === 0 ? '–' : `${(a / b).toFixed(2)}×`;
const unit = (key: string) =>
  key.startsWith('seq') ? 'MB/s' : key === 'meta list' ? 'entries/s' : 'ops/s';

const rows = keys.map((key) => {
  const peerRan = useMoosefs || samples.moosefs.length > 0;
  const s = med(samples.strata, key);
  const m = peerRan ? med(samples.moosefs, key) : null;
  const l = med(samples.local, key);
  const peer = peerRan ? cell(samples.moosefs, key) : '–';
  return `| ${key} (${unit(key)}) | ${cell(samples.strata, key)} | ${peer} | ${cell(samples.local, key)} | ${ratio(s, m)} | ${ratio(s, l)} |`;
});
const table = [
  '| figure | Strata | MooseFS | local disk | Strata / MooseFS | Strata / local |',
  '|---|---|---|---|---|---|',
  ...rows,
].join('\n');

const when = new Date().toISOString().slice(0, 10);
// The kernel too: the peer's figures moved 2.5-3x between hosts of the same size.
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.versions.node}, kernel ${release()}`;
const generated = `Regenerate with \`npm run bench:compare\` (options: \`-- --runs N --size 1GiB --files 5000 --warmup-files 2000 --no-moosefs\`).
Each figure is the median of ${runs} run(s), with the lowest and highest in brackets, of \`strata bench all --size ${values.size} --files ${values.files} --file-size ${values['file-size']} --concurrency ${values.concurrency} --drop-caches\`
against each target, one target at a time, ${warmupFiles > 0 ? `each run after an unmeasured warm-up in the same process (\`--warmup ${warmupFiles}\`: every workload against the same target, with ${warmupFiles} small files and directories and the sequential file at its measured size, then 15 s for its deletes to land; a fresh Node.js process compiles its hot code over its first thousands of requests)` : 'with no warm-up'}: a fresh \`strata cluster up\` (active and standby
nameserver, witness, 3 dataservers, replication 3), the local disk (\`--target dir:\`, each file
fsynced), and MooseFS (${samples.moosefs.length > 0 ? 'master, metalogger, 3 chunkservers, goal 3, FUSE mount, started by ../shared/peers/moosefs/setup.sh with `CS_FSYNC=1`: chunkservers fsync before they answer' : 'not run on this machine'}).
MB = 10^6 bytes. Every write is durable when acknowledged on every target.

Machine: ${machine}. Date: ${when}.

${table}
${failures.length > 0 ? `\nRuns that failed (left out of the medians):\n\n${failures.map((f) => `- ${f}`).join('\n')}\n` : ''}`;
// Only the part between the markers is regenerated: the analysis around it stays.
const START = '<!-- generated by npm run bench:compare: start -->';
const END = '<!-- generated by npm run bench:compare: end -->';
const previous = existsSync(values.out) ? readFileSync(values.out, 'utf8') : '';
const [before, rest] = previous.includes(START)
  ? [previous.slice(0, previous.indexOf(START)), previous.slice(previous.indexOf(END) + END.length)]
  : ['# Benchmarks\n\n', '\n'];
writeFileSync(values.out, `${before}${START}\n${generated}${END}${rest}`);
console.log(table);
log(`written to ${values.out}`);
