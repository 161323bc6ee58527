/**
 * Benchmark: what one namespace call costs as a unary gRPC call against as a message
 * on the Calls stream (src/rpc/seq-stream.ts), against a real nameserver process.
 * The same `Stat` goes both ways, alone (no batching), at the same concurrency;
 * the two ways alternate, run after run. Prints calls/s and the CPU each call costs
 * the client and the nameserver (µs), each run and the medians.
 *
 *   npm run bench:rpc-calls [-- --runs 3 --seconds 3 --concurrency 16]
 */
import * as grpc from '@grpc/grpc-js';
import { parseArgs } from 'node:util';
import { TestCluster } from '../test/helpers/cluster.js';
import { processCpuMicros } from './lib/process-cpu.js';
import { channelOptions, strataProto } from '../src/rpc/proto.js';
import { unaryCall } from '../src/rpc/unary-call.js';
import { SeqStream } from '../src/rpc/seq-stream.js';
import type { BatchRequest } from '../src/rpc/generated/strata/v1/BatchRequest.js';
import type { BatchResponse__Output } from '../src/rpc/generated/strata/v1/BatchResponse.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '16' },
  },
});
const runs = Number(values.runs);
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Figures {
  callsPerSecond: number;
  clientMicros: number;
  serverMicros: number;
}

const cluster = await TestCluster.start({ dataservers: 1, replication: 1 });
try {
  const serverPid = cluster.nameserver!.child.pid!;
  const Service = strataProto().strata.v1.NameService;
  const raw = new Service(
    cluster.nameserverAddress,
    grpc.credentials.createInsecure(),
    channelOptions,
  );
  const stream = new SeqStream<BatchRequest, BatchResponse__Output>(raw, 'Calls');
  await cluster.client().mkdir('/bench');
  const statRequest = (Service.service.Stat.requestSerialize as (r: object) => Buffer)({
    path: '/bench',
  });
  const ways: Record<string, () => Promise<unknown>> = {
    unary: () => unaryCall(raw, 'Stat', { path: '/bench' }, 5_000),
    stream: () =>
      stream.send(
        { calls: [{ method: 'Stat', request: statRequest, requestId: '' }] },
        5_000,
        'Stat',
      ),
  };

  const measure = async (call: () => Promise<unknown>, ms: number): Promise<Figures> => {
    const server0 = processCpuMicros(serverPid);
    const client0 = process.cpuUsage();
    const started = performance.now();
    let calls = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() - started < ms) {
          await call();
          calls++;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const client = process.cpuUsage(client0);
    return {
      callsPerSecond: calls / elapsed,
      clientMicros: (client.user + client.system) / calls,
      serverMicros: (processCpuMicros(serverPid) - server0) / calls,
    };
  };

  // Warm both ways (JIT, connections) before anything is measured.
  for (const call of Object.values(ways)) await measure(call, 1_000);
  const results: Record<string, Figures[]> = { unary: [], stream: [] };
  for (let run = 1; run <= runs; run++) {
    for (const [way, call] of Object.entries(ways)) {
      const f = await measure(call, seconds * 1000);
      results[way]!.push(f);
      console.log(
        `run ${run} ${way.padEnd(6)}: ${f.callsPerSecond.toFixed(0)} calls/s, ` +
          `client ${f.clientMicros.toFixed(0)} µs/call, nameserver ${f.serverMicros.toFixed(0)} µs/call`,
      );
    }
  }
  console.log(`\nStat alone, ${concurrency} in flight, medians of ${runs} runs:`);
  for (const [way, figures] of Object.entries(results)) {
    console.log(
      `${way.padEnd(6)}: ${median(figures.map((f) => f.callsPerSecond)).toFixed(0)} calls/s, ` +
        `client ${median(figures.map((f) => f.clientMicros)).toFixed(0)} µs/call, ` +
        `nameserver ${median(figures.map((f) => f.serverMicros)).toFixed(0)} µs/call`,
    );
  }
  stream.close();
  raw.close();
} finally {
  await cluster.destroy();
}
