/**
 * A TCP port that was free a moment ago on `host`. Used where two servers must
 * know each other's address before either starts (an HA pair); the small window
 * before the port is bound again is acceptable for a local cluster and tests.
 */
import { createServer } from 'node:net';

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
