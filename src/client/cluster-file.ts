/**
 * cluster.json: where a cluster's servers listen. Written by `strata cluster up`,
 * read by every other command and by library users through `StrataClient.fromClusterFile`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { invalidArgument } from '../core/errors.js';

export const ClusterFileSchema = z.object({
  version: z.literal(1),
  dir: z.string(),
  nameservers: z.array(z.object({ address: z.string(), pid: z.number().optional() })).min(1),
  witness: z.object({ address: z.string(), pid: z.number().optional() }).optional(),
  dataservers: z.array(
    z.object({
      id: z.string(),
      dataUrl: z.string(),
      pid: z.number().optional(),
      dir: z.string().optional(),
    }),
  ),
  supervisorPid: z.number().optional(),
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
    throw invalidArgument(`${path} is not a valid cluster file: ${parsed.error.message}`);
  return parsed.data;
}
