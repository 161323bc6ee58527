/**
 * A TCP proxy on a free loopback port that forwards to one target, and can cut
 * the link on demand: the user-space stand-in for an iptables DROP between two
 * processes (F3, F16), without root or a network namespace.
 *
 * One proxy carries one direction of a link (the connections one process opens
 * to another); a symmetric partition between two processes takes a proxy for each
 * direction.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * What a partitioned link does to a new connection:
 * - `blackhole`: accepts it and never forwards a byte, so the caller waits until
 *   its own deadline, as it would behind a DROP rule (the realistic partition);
 * - `refuse`: closes it at once, as a REJECT rule would (the caller fails fast).
 */
export type PartitionMode = 'blackhole' | 'refuse';

export class FaultProxy {
  private readonly server: Server;
  /** Every socket the proxy holds (both ends of forwarded connections, blackholed callers). */
  private readonly sockets = new Set<Socket>();
  private mode: PartitionMode | null = null;
  private port = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Starts a proxy to `target` (host:port) on a port the system picks. */
  static async start(target: string): Promise<FaultProxy> {
    const colon = target.lastIndexOf(':');
    const proxy = new FaultProxy(target.slice(0, colon), Number(target.slice(colon + 1)));
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = proxy.server.address();
    proxy.port = typeof address === 'object' && address ? address.port : 0;
    return proxy;
  }

  /** Where callers connect instead of the target. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get partitioned(): boolean {
    return this.mode !== null;
  }

  /**
   * Cuts the link: every connection open now is destroyed (bytes in flight are
   * lost), and new ones are blackholed or refused until `heal()`.
   */
  partition(mode: PartitionMode = 'blackhole'): void {
    this.mode = mode;
    this.destroyAll();
  }

  /**
   * Restores the link. Blackholed connections are reset rather than resumed (like
   * a middlebox that lost their state), so callers reconnect and get a fresh link.
   * A link that is not partitioned is left alone: its connections are live.
   */
  heal(): void {
    if (this.mode === null) return;
    this.mode = null;
    this.destroyAll();
  }

  async close(): Promise<void> {
    this.destroyAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(caller: Socket): void {
    this.track(caller);
    if (this.mode === 'refuse') {
      caller.destroy();
      return;
    }
    if (this.mode === 'blackhole') {
      // Never read: what the caller sends stays in the kernel buffers, unanswered.
      caller.pause();
      return;
    }
    const upstream = connect(this.targetPort, this.targetHost);
    this.track(upstream);
    caller.pipe(upstream);
    upstream.pipe(caller);
    // Either side closing or failing ends the pair, as the end of a TCP connection would.
    const end = () => {
      caller.destroy();
      upstream.destroy();
    };
    caller.once('close', end);
    upstream.once('close', end);
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    // Resets are expected here (that is the point); 'close' follows every error.
    socket.on('error', () => undefined);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
