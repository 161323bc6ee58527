/**
 * cluster.json: where a cluster's servers listen. Written by `strata cluster up`,
 * read by every other command and by library users through `StrataClient.fromClusterFile`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
// zod's tree-shakable build: every client command reads this file, and the full build
// is 0.7 MB of code to load at each start.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { invalidArgument } from '../core/errors.js';

z.config(en());

const Server = z.object({ address: z.string(), pid: z.optional(z.number()) });

export const ClusterFileSchema = z.object({
  version: z.literal(1),
  dir: z.string(),
  nameservers: z.array(Server).check(z.minLength(1)),
  witness: z.optional(Server),
  dataservers: z.array(
    z.object({
      id: z.string(),
      dataUrl: z.string(),
      pid: z.optional(z.number()),
      dir: z.optional(z.string()),
    }),
  ),
  supervisorPid: z.optional(z.number()),
});

export type ClusterFile = z.infer<typeof ClusterFileSchema>;

export const DEFAULT_CLUSTER_FILE = 'strata-data/cluster.json';

/** The cluster file to use: an explicit path, else $STRATA_CLUSTER, else ./strata-data/cluster.json. */
export function clusterFilePath(explicit?: string): string {
  return resolve(explicit ?? process.env.STRATA_CLUSTER ?? DEFAULT_CLUSTER_FILE);
}

export function readClusterFile(path: string): ClusterFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw invalidArgument(
      `no cluster file at ${path}: start a cluster with 'strata cluster up', or pass --cluster FILE`,
    );
  }
  const parsed = ClusterFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw invalidArgument(
      `${path} is not a valid cluster file: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`,
    );
  return parsed.data;
}
