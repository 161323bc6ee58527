/**
 * The `strata` command line. Every failure is one clear line on stderr and a
 * non-zero exit: 1 for a failed operation, 2 for a usage error.
 */
import { Argument, Command, CommanderError, Option } from 'commander';
import { asStrataError } from '../core/errors.js';
import { Defaults, MiB } from '../core/limits.js';
import { StrataClient } from '../client/strata-client.js';
import type { ClusterUpOptions } from './cluster-up.js';
import type { BenchCommandOptions } from './bench-command.js';
import type {
  DataServerCommandOptions,
  NameServerCommandOptions,
  WitnessCommandOptions,
} from './server-commands.js';
import * as files from './file-commands.js';
import * as admin from './admin-commands.js';
import * as cache from './cache-commands.js';

// libuv's thread pool runs every fs call (a dataserver's writes, fsyncs, renames) and
// has 4 threads by default: many small blocks in flight queued behind each other's
// fsyncs. It is created at the first such call, after this line.
process.env.UV_THREADPOOL_SIZE ??= '16';

const program = new Command();
program
  .name('strata')
  .description('Strata: a replicated distributed file system')
  .option(
    '--cluster <file>',
    'cluster file (default: $STRATA_CLUSTER or ./strata-data/cluster.json)',
  )
  .showHelpAfterError()
  .exitOverride();

/** Runs a client command with a connected client, closing it afterwards. */
function withClient<A extends unknown[]>(
  fn: (client: StrataClient, ...args: A) => Promise<unknown>,
) {
  return async (...args: A) => {
    const client = StrataClient.fromClusterFile(program.opts<{ cluster?: string }>().cluster);
    try {
      const result = await fn(client, ...args);
      if (result === false) process.exitCode = 1;
    } finally {
      await client.close();
    }
  };
}

const cluster = program.command('cluster').description('run a local cluster');
cluster
  .command('up')
  .description('start a nameserver and N dataservers on loopback, data under --dir')
  .option('--dir <dir>', 'data directory', 'strata-data')
  .option('--dataservers <n>', 'number of dataservers', '3')
  .option('--no-ha', 'one nameserver, without a standby and a witness')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--replication <n>', 'default replication factor')
  .option('--block-size <bytes>', 'default block size in bytes')
  // Servers load lazily: a client command need not load SQLite and the servers' code.
  .action(async (opts: ClusterUpOptions) => (await import('./cluster-up.js')).clusterUp(opts));

program
  .command('nameserver')
  .description('run a nameserver in the foreground')
  .requiredOption('--dir <dir>', 'metadata directory')
  .option('--id <id>', 'name of this nameserver in an HA pair', 'ns1')
  .option('--peer <id=host:port>', 'the other nameserver of an HA pair')
  .option('--witness <host:port>', 'the witness of an HA pair')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'gRPC port (0: any free port)', '8020')
  .option('--replication <n>', 'default replication factor')
  .option('--block-size <bytes>', 'default block size in bytes')
  .option(
    '--stale-after <seconds>',
    'a dataserver silent this long gets no new blocks',
    String(Defaults.staleAfterMs / 1000),
  )
  .option(
    '--dead-after <seconds>',
    'a dataserver silent this long is dead: its replicas are re-replicated',
    String(Defaults.deadAfterMs / 1000),
  )
  .addOption(
    new Option(
      '--journal-retention <entries>',
      'journal entries kept for catching a standby up (older: a snapshot)',
    ).hideHelp(),
  )
  .addOption(
    new Option(
      '--reservation-ttl <seconds>',
      "how long a small file's reserved block waits for its CreateComplete",
    ).hideHelp(),
  )
  .action(async (opts: NameServerCommandOptions) =>
    (await import('./server-commands.js')).runNameServer(opts),
  );

program
  .command('dataserver')
  .description('run a dataserver in the foreground')
  .requiredOption('--dir <dir>', 'directory for the server identity (and data, without --storage)')
  .requiredOption(
    '--nameserver <host:port>',
    'nameserver address (repeat for the standby)',
    (v: string, acc: string[]) => [...acc, v],
    [] as string[],
  )
  .option(
    '--storage <medium:path>',
    'storage dir tagged nvme or hdd (repeatable)',
    (v: string, acc: string[]) => [...acc, v],
    [] as string[],
  )
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'HTTP data port (0: any free port)', '0')
  .option('--zone <label>', 'failure domain (rack, room): replicas spread across zones', '')
  .option(
    '--repair-bandwidth <MiB/s>',
    'most bytes per second this server sends and receives for re-replication',
    String(Defaults.repairBandwidthBytesPerSecond / MiB),
  )
  .option(
    '--scrub-rate <MiB/s>',
    'how fast the scrubber re-reads replicas to find rot (0: off)',
    String(Defaults.scrubBytesPerSecond / MiB),
  )
  .option(
    '--scrub-interval <seconds>',
    'pause between two scrubber passes over every replica',
    String(Defaults.scrubPassIntervalMs / 1000),
  )
  .option(
    '--leave-free <MiB>',
    'space left free on each storage dir: no new replica goes where it would dip below',
    String(Defaults.leaveFreeBytes / MiB),
  )
  .option(
    '--cache <MiB>',
    'memory cache pool of recently read chunks (0: none)',
    String(Defaults.cachePoolBytes / MiB),
  )
  .option(
    '--cache-pinned <MiB>',
    'memory for replicas pinned by cache directives (strata cache add), beside the pool (0: none)',
    String(Defaults.pinnedCacheBytes / MiB),
  )
  .option(
    '--nvme-cache <MiB>',
    'NVMe space for copies of HDD replicas read often (0: none; used only with both media)',
    String(Defaults.nvmeCacheBytes / MiB),
  )
  .option(
    '--medium-profile <medium:ms:MiBps>',
    'an artificial latency and bandwidth for reads and writes in every dir of a medium, e.g. hdd:8:150 (repeatable; for tests and benchmarks on one disk)',
    (v: string, acc: string[]) => [...acc, v],
    [] as string[],
  )
  .action(async (opts: DataServerCommandOptions) =>
    (await import('./server-commands.js')).runDataServer(opts),
  );

program
  .command('witness')
  .description('run the HA witness (the third voter) in the foreground')
  .requiredOption('--dir <dir>', 'state directory')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'gRPC port (0: any free port)', '8019')
  .action(async (opts: WitnessCommandOptions) =>
    (await import('./server-commands.js')).runWitness(opts),
  );

program
  .command('put <local> <remote>')
  .description("copy a local file ('-' for stdin) into Strata")
  .option('-r, --replication <n>', 'replication factor (default: inherited)')
  .option('--block-size <bytes>', 'block size in bytes')
  .option('-f, --force', 'overwrite an existing file')
  .option('-p, --parents', 'create missing parent directories')
  .action(
    withClient((c, local: string, remote: string, opts) => files.put(c, local, remote, opts)),
  );

program
  .command('get <remote> <local>')
  .description('copy a file out of Strata')
  .action(withClient((c, remote: string, local: string) => files.get(c, remote, local)));

program
  .command('cat <remote>')
  .description('write a file to stdout')
  .action(withClient((c, remote: string) => files.cat(c, remote)));

program
  .command('ls [path]')
  .description('list a directory')
  .option('-l, --long', 'long format')
  .option('-R, --recursive', 'list subdirectories too')
  .action(withClient((c, path: string | undefined, opts) => files.ls(c, path ?? '/', opts)));

program
  .command('mkdir <paths...>')
  .description('make directories')
  .option('-p, --parents', 'make parents as needed; no error if it exists')
  .action(withClient((c, paths: string[], opts) => files.mkdir(c, paths, opts)));

program
  .command('rm <paths...>')
  .description('remove files or directories')
  .option('-r, --recursive', 'remove directories and their contents')
  .action(withClient((c, paths: string[], opts) => files.remove(c, paths, opts)));

program
  .command('mv <source> <destination>')
  .description('move or rename (into DESTINATION if it is a directory)')
  .action(
    withClient((c, source: string, destination: string) => files.move(c, source, destination)),
  );

program
  .command('stat <path>')
  .description('show a file or directory')
  .option('--json', 'JSON output')
  .action(withClient((c, path: string, opts) => files.stat(c, path, opts)));

program
  .command('setrep <replication> <path>')
  .description('set the replication factor of a file, or of every file under a directory')
  .action(withClient((c, n: string, path: string) => files.setrep(c, n, path)));

const policy = program
  .command('policy')
  .description(
    'storage policies: hot (all replicas on NVMe), warm (one NVMe, the rest HDD), cold (all HDD)',
  );
policy
  .command('set <path>')
  .addArgument(
    new Argument('<policy>', 'inherit clears its own policy').choices([
      'hot',
      'warm',
      'cold',
      'inherit',
    ]),
  )
  .description('set the policy of a file or directory (inherited below it)')
  .action(withClient((c, path: string, p: string) => files.setPolicy(c, path, p)));
policy
  .command('get <path>')
  .description("show a file or directory's policy, and whether it is inherited")
  .action(withClient((c, path: string) => files.getPolicy(c, path)));

const cacheCommand = program
  .command('cache')
  .description(
    'cache directives: files kept pinned in the memory of the dataservers that hold them',
  );
cacheCommand
  .command('add <path>')
  .description('pin a file, or the files directly in a directory, in memory')
  .option('--pool <pool>', 'cache pool (its limit applies)', 'default')
  .option('--ttl <duration>', 'expire after this long: 30s, 10m, 2h, 7d or never', 'never')
  .option('--replication <n>', 'replicas of each block to hold in memory', '1')
  .action(withClient((c, path: string, opts) => cache.add(c, path, opts)));
cacheCommand
  .command('list')
  .description('directives, with the bytes they need and the bytes pinned')
  .option('--pool <pool>', 'only this pool')
  .option('--json', 'JSON output')
  .action(withClient((c, opts) => cache.list(c, opts)));
cacheCommand
  .command('remove <id>')
  .description('remove a directive: its blocks are let go of')
  .action(withClient((c, id: string) => cache.remove(c, id)));
const poolCommand = cacheCommand.command('pool').description('cache pools and their limits');
poolCommand
  .command('add <name>')
  .description('add a pool')
  .option('--limit <size>', 'most bytes its directives may pin, e.g. 512MiB (0: none)', '0')
  .action(withClient((c, name: string, opts) => cache.addPool(c, name, opts)));
poolCommand
  .command('remove <name>')
  .description('remove a pool and its directives')
  .action(withClient((c, name: string) => cache.removePool(c, name)));
poolCommand
  .command('list')
  .description('pools, their limits and use')
  .option('--json', 'JSON output')
  .action(withClient((c, opts) => cache.listPools(c, opts)));

program
  .command('bench [workloads...]')
  .description(
    'measure a workload: seq-write, seq-read, small-files, meta, or all (the default), against the cluster or a plain directory',
  )
  .option(
    '--target <target>',
    'strata (the cluster) or dir:PATH (local disk, a mounted peer)',
    'strata',
  )
  .option('--size <size>', 'seq-write/seq-read file size', '1GiB')
  .option('--files <n>', 'small-files: files; meta: directories', '5000')
  .option('--file-size <size>', 'small-files: bytes per file', '4KiB')
  .option('--concurrency <n>', 'operations in flight', '16')
  .option('--replication <n>', 'replication of the files written to the cluster', '3')
  .option('--list-passes <n>', 'meta: whole listings of the directory', '5')
  .option(
    '--warmup <n>',
    'first run the chosen workloads unmeasured, in the same process: this many small files or directories, the sequential file at its size up to 1 GiB (0: none)',
    '0',
  )
  .option('--drop-caches', "drop the kernel's page cache before each read phase (root)")
  .option('--json', 'JSON output')
  .action(async (workloads: string[], opts: BenchCommandOptions) =>
    (await import('./bench-command.js')).bench(
      workloads,
      opts,
      program.opts<{ cluster?: string }>().cluster,
    ),
  );

const adminCommand = program.command('admin').description('cluster administration');
adminCommand
  .command('report')
  .description('servers, capacity, blocks and replication health')
  .option('--json', 'JSON output')
  .action(withClient((c, opts) => admin.report(c, opts)));
adminCommand
  .command('failover')
  .description(
    'hand the active role to the in-sync standby (maintenance); no acknowledged write is lost',
  )
  .action(
    withClient(async (c) => {
      const r = await c.nameserver.failover();
      console.log(`${r.previousActive} stepped down; ${r.newActive} is taking over`);
    }),
  );
adminCommand
  .command('decommission <dataserver>')
  .description(
    'drain a dataserver (id, data URL or host:port): its replicas are copied elsewhere while it keeps serving reads',
  )
  .option('--wait', 'wait until it is safe to stop, printing progress')
  .option('--timeout <seconds>', 'with --wait: give up after this long', '3600')
  .action(withClient((c, dataserver: string, opts) => admin.decommission(c, dataserver, opts)));
adminCommand
  .command('recommission <dataserver>')
  .description('undo decommission: the dataserver takes new blocks again')
  .action(withClient((c, dataserver: string) => admin.decommission(c, dataserver, { undo: true })));
adminCommand
  .command('balance')
  .description(
    "move replicas until every dataserver's used fraction is within the threshold of the mean (throttled like repair)",
  )
  .option('--threshold <percent>', 'percentage points of capacity', '10')
  .option('--wait', 'wait until balanced, printing progress')
  .option('--stop', 'stop balancing')
  .action(withClient((c, opts) => admin.balance(c, opts)));
adminCommand
  .command('migrate <path>')
  .description(
    'move the replicas of every file under a path onto the media its storage policy names',
  )
  .option('--wait', 'repeat until no replica is misplaced, printing progress')
  .option('--timeout <seconds>', 'with --wait: give up after this long', '3600')
  .action(withClient((c, path: string, opts) => admin.migrate(c, path, opts)));
adminCommand
  .command('fsck [path]')
  .description('check files, their blocks and replicas (exit 1 if unhealthy)')
  .option('--json', 'JSON output')
  .action(withClient((c, path: string | undefined, opts) => admin.fsck(c, path ?? '/', opts)));

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exit(err.exitCode === 0 ? 0 : 2);
  }
  const error = asStrataError(err);
  process.stderr.write(`strata: ${error.message}\n`);
  process.exit(1);
}
