/**
 * The file commands: put, get, cat, ls, mkdir, rm, mv, stat, setrep, policy.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import cliProgress from 'cli-progress';
import { ErrorCode, invalidArgument, StrataError } from '../core/errors.js';
import { parsePath } from '../core/paths.js';
import type { FileStatus, StrataClient } from '../client/strata-client.js';
import { formatBytes, longListing, statText } from './format.js';

/** Files at least this big get a progress bar, when stdout is a terminal. */
const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

function progress(totalBytes: number, label: string): Transform {
  const show = process.stdout.isTTY && totalBytes >= PROGRESS_MIN_BYTES;
  const bar = show
    ? new cliProgress.SingleBar(
        {
          format: `${label} [{bar}] {percentage}% | {done} of {total_h} | {speed}`,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const start = Date.now();
  let done = 0;
  bar?.start(totalBytes, 0, { done: '0 B', total_h: formatBytes(totalBytes), speed: '' });
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      done += chunk.length;
      const seconds = Math.max(0.001, (Date.now() - start) / 1000);
      bar?.update(done, { done: formatBytes(done), speed: `${formatBytes(done / seconds)}/s` });
      cb(null, chunk);
    },
    flush(cb) {
      bar?.stop();
      cb();
    },
  });
}

async function isDirectory(client: StrataClient, path: string): Promise<boolean> {
  try {
    return (await client.stat(path)).type === 'FILE_TYPE_DIRECTORY';
  } catch (err) {
    if (err instanceof StrataError && err.code === ErrorCode.NOT_FOUND) return false;
    throw err;
  }
}

function childOf(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

export async function put(
  client: StrataClient,
  local: string,
  remote: string,
  opts: { replication?: string; blockSize?: string; force?: boolean; parents?: boolean },
): Promise<void> {
  parsePath(remote);
  let size = 0;
  if (local !== '-') {
    let st;
    try {
      st = statSync(local);
    } catch {
      throw invalidArgument(`no such local file: ${local}`);
    }
    if (!st.isFile()) throw invalidArgument(`not a regular file: ${local}`);
    size = st.size;
    if (await isDirectory(client, remote)) remote = childOf(remote, basename(local));
  }
  const writer = client.createWriteStream(remote, {
    ...(opts.replication ? { replication: Number(opts.replication) } : {}),
    ...(opts.blockSize ? { blockSizeBytes: Number(opts.blockSize) } : {}),
    overwrite: opts.force ?? false,
    createParents: opts.parents ?? false,
  });
  const source =
    local === '-' ? process.stdin : createReadStream(local, { highWaterMark: 1024 * 1024 });
  await pipeline(source, progress(size, 'put'), writer);
}

export async function get(client: StrataClient, remote: string, local: string): Promise<void> {
  const status = await client.stat(remote);
  if (status.type === 'FILE_TYPE_DIRECTORY') throw invalidArgument(`is a directory: ${remote}`);
  let target = local;
  try {
    if (statSync(local).isDirectory()) target = childOf(local, basename(status.path));
  } catch {
    // does not exist yet: written as named
  }
  try {
    await pipeline(
      client.createReadStream(remote),
      progress(Number(status.length), 'get'),
      createWriteStream(target),
    );
  } catch (err) {
    await rm(target, { force: true });
    throw err;
  }
}

export async function cat(client: StrataClient, remote: string): Promise<void> {
  await pipeline(client.createReadStream(remote), process.stdout, { end: false });
}

export async function ls(
  client: StrataClient,
  path: string,
  opts: { long?: boolean; recursive?: boolean },
): Promise<void> {
  const status = await client.stat(path);
  if (status.type !== 'FILE_TYPE_DIRECTORY') {
    console.log(opts.long ? longListing(status) : status.path);
    return;
  }
  const queue = [status.path];
  while (queue.length > 0) {
    const dir = queue.shift()!;
    if (opts.recursive && dir !== status.path) console.log(`\n${dir}:`);
    for await (const entry of client.list(dir)) {
      if (opts.long) console.log(longListing(entry));
      else
        console.log(
          opts.recursive
            ? entry.path
            : basename(entry.path) + (entry.type === 'FILE_TYPE_DIRECTORY' ? '/' : ''),
        );
      if (opts.recursive && entry.type === 'FILE_TYPE_DIRECTORY') queue.push(entry.path);
    }
  }
}

export async function mkdir(
  client: StrataClient,
  paths: string[],
  opts: { parents?: boolean },
): Promise<void> {
  for (const path of paths) await client.mkdir(path, { parents: opts.parents ?? false });
}

export async function remove(
  client: StrataClient,
  paths: string[],
  opts: { recursive?: boolean },
): Promise<void> {
  for (const path of paths) await client.delete(path, { recursive: opts.recursive ?? false });
}

export async function move(
  client: StrataClient,
  source: string,
  destination: string,
): Promise<void> {
  const srcParts = parsePath(source);
  if (await isDirectory(client, destination))
    destination = childOf(destination, srcParts[srcParts.length - 1] ?? '');
  await client.rename(source, destination);
}

export async function stat(
  client: StrataClient,
  path: string,
  opts: { json?: boolean },
): Promise<void> {
  const status = await client.stat(path);
  console.log(opts.json ? JSON.stringify(status, null, 2) : statText(status));
}

/** `strata policy set PATH hot|warm|cold|inherit`: `inherit` clears the path's own policy. */
export async function setPolicy(client: StrataClient, path: string, policy: string): Promise<void> {
  const status = await client.setStoragePolicy(
    path,
    policy === 'inherit' ? null : (policy as 'hot' | 'warm' | 'cold'),
  );
  console.log(`storage policy of ${path}: ${policyText(status)}`);
  console.log(`existing replicas move with: strata admin migrate ${path}`);
}

/** `strata policy get PATH`. */
export async function getPolicy(client: StrataClient, path: string): Promise<void> {
  console.log(`${path}: ${policyText(await client.stat(path))}`);
}

function policyText(status: FileStatus): string {
  if (status.storagePolicy) return status.storagePolicy;
  if (status.effectiveStoragePolicy) return `${status.effectiveStoragePolicy} (inherited)`;
  return 'none (replicas go to any medium)';
}

export async function setrep(
  client: StrataClient,
  replication: string,
  path: string,
): Promise<void> {
  const n = Number(replication);
  if (!Number.isInteger(n))
    throw invalidArgument(`replication must be a whole number, not ${replication}`);
  await client.setReplication(path, n);
  console.log(`replication of ${path} set to ${n}`);
}
