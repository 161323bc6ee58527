/**
 * A TCP port that was free a moment ago on `host`. Used where two servers must
 * know each other's address before either starts (an HA pair), and where a server
 * restarts on its old port.
 *
 * The port is drawn below the kernel's ephemeral range (32768–60999 by default on
 * Linux): a port from that range, once closed, can be taken at any moment as the
 * local end of some outgoing connection, and the server meant to bind it then
 * fails with EADDRINUSE (seen in CI). Below the range only a listener can take it.
 */
import { createServer } from 'node:net';

const LOW = 20_000;
const HIGH = 32_767;
const ATTEMPTS = 100;
/** Ports handed out by this process, never handed out twice. */
const handedOut = new Set<number>();

export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW + 1));
    if (handedOut.has(port)) continue;
    if (await canListen(host, port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${LOW}-${HIGH} on ${host} after ${ATTEMPTS} attempts`);
}

function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
