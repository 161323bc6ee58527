/** The server processes of a bench's TestCluster, named as the benches print them. */
import type { ServerProcess, TestCluster } from '../../test/helpers/cluster.js';

/** ns1, ns2, witness, ds1..dsN, each with its process (null where the cluster has none). */
export function namedServers(cluster: TestCluster): [string, ServerProcess | null][] {
  return [
    ['ns1', cluster.nameservers[0] ?? null],
    ['ns2', cluster.nameservers[1] ?? null],
    ['witness', cluster.witness],
    ...cluster.dataservers.map((d, i): [string, ServerProcess | null] => [`ds${i + 1}`, d]),
  ];
}
