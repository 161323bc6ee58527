/**
 * undici, the data plane's HTTP client, loaded on first use: a command that only talks
 * to the nameserver (ls, stat, mkdir, admin …) never loads its ~1 MB of code, which
 * cost every such command a good part of its start-up.
 */
import type { Agent, Dispatcher } from 'undici';

type Undici = typeof import('undici');

let loading: Promise<Undici> | undefined;

export function loadUndici(): Promise<Undici> {
  // undici is CommonJS: its exports object is the default export both in Node and in
  // the esbuild bundle (whose dynamic import does not lift named exports).
  return (loading ??= import('undici').then((m) => (m as unknown as { default: Undici }).default));
}

/** The pool `lazy` stands for, or undici's global one. */
export async function dispatcherOf(lazy: LazyAgent | undefined): Promise<Dispatcher> {
  return (await lazy?.get()) ?? (await loadUndici()).getGlobalDispatcher();
}

/** A keep-alive connection pool, created when the first block is read or written. */
export class LazyAgent {
  private agent: Promise<Dispatcher> | undefined;

  constructor(private readonly options: Agent.Options) {}

  get(): Promise<Dispatcher> {
    return (this.agent ??= loadUndici().then((undici) => new undici.Agent(this.options)));
  }

  async close(): Promise<void> {
    if (this.agent) await (await this.agent).close();
  }
}
