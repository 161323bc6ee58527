/**
 * `strata cluster up`: starts separate processes, prints a ready line, writes
 * cluster.json; refuses a second cluster on the same dir; stops every process on
 * SIGTERM; and, after kill -9 of every process, starts again on the same dir and
 * serves the same data (I-1).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_MAIN } from '../helpers/cluster.js';
import { seededBytes, sha256 } from '../helpers/data.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'strata-up-'));
const started: ChildProcess[] = [];
const pidsToReap = new Set<number>();

after(() => {
  for (const pid of pidsToReap) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function clusterUp(): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(
    process.execPath,
    [CLI_MAIN, 'cluster', 'up', '--dir', join(dir, 'data'), '--dataservers', '3'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  started.push(child);
  pidsToReap.add(child.pid!);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  // Seven processes load Node, gRPC and SQLite on two cores: 30 s was too tight on a
  // slow day. cluster up's own per-server timeouts still apply.
  const deadline = Date.now() + 120_000;
  while (!/cluster ready/.test(out)) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`cluster up did not get ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const pid of clusterPids()) pidsToReap.add(pid);
  return { child, output: () => out };
}

function clusterFile(): {
  nameservers: { address: string; pid: number }[];
  witness: { address: string; pid: number };
  dataservers: { pid: number }[];
  supervisorPid: number;
} {
  return JSON.parse(readFileSync(join(dir, 'data', 'cluster.json'), 'utf8'));
}

function clusterPids(): number[] {
  const c = clusterFile();
  return [
    c.supervisorPid,
    c.witness.pid,
    ...c.nameservers.map((n) => n.pid),
    ...c.dataservers.map((d) => d.pid),
  ];
}

function strata(...args: string[]) {
  return run(process.execPath, [CLI_MAIN, ...args], {
    env: { ...process.env, STRATA_CLUSTER: join(dir, 'data', 'cluster.json') },
  });
}

test('cluster up prints where everything listens and a ready line, and refuses a second cluster on the same dir', async () => {
  const { output } = await clusterUp();
  // HA by default: two nameservers and a witness.
  assert.equal(output().match(/^nameserver +127\.0\.0\.1:\d+ +ns[12] /gm)?.length, 2);
  assert.match(output(), /^witness +127\.0\.0\.1:\d+/m);
  assert.equal(output().match(/^dataserver +http:\/\/127\.0\.0\.1:\d+/gm)?.length, 3);
  assert.equal(clusterFile().dataservers.length, 3);
  await assert.rejects(
    run(process.execPath, [CLI_MAIN, 'cluster', 'up', '--dir', join(dir, 'data')]),
    /a cluster is already running/,
  );
});

test('I-1: kill -9 of every process, then cluster up on the same dir serves the same bytes', async () => {
  const data = seededBytes(3 * 1024 * 1024 + 17, 4242);
  writeFileSync(join(dir, 'in.bin'), data);
  await strata('put', join(dir, 'in.bin'), '/kept.bin');
  const pids = clusterPids();
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  for (const pid of pids) {
    while (isAlive(pid)) await new Promise((r) => setTimeout(r, 20));
    pidsToReap.delete(pid); // gone: never signal a pid that may be reused
  }
  await clusterUp();
  await strata('get', '/kept.bin', join(dir, 'out.bin'));
  assert.equal(sha256(readFileSync(join(dir, 'out.bin'))), sha256(data));
});

test('SIGTERM to cluster up stops every process it started', async () => {
  const supervisor = started[started.length - 1]!;
  const pids = clusterPids();
  const exited = new Promise<number | null>((r) => supervisor.once('exit', (code) => r(code)));
  supervisor.kill('SIGTERM');
  assert.equal(await exited, 0);
  for (const pid of pids) {
    assert.equal(isAlive(pid), false, `pid ${pid} stopped`);
    pidsToReap.delete(pid);
  }
});

test('client commands fail with one clear line when there is no cluster file', async () => {
  await assert.rejects(
    run(process.execPath, [CLI_MAIN, '--cluster', join(dir, 'nope.json'), 'ls']),
    (err: { stderr: string; code: number }) => {
      assert.match(
        err.stderr,
        /^strata: no cluster file at .*nope\.json: start a cluster with 'strata cluster up', or pass --cluster FILE\n$/,
      );
      assert.equal(err.code, 1);
      return true;
    },
  );
});
