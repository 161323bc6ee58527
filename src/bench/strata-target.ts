/** A Strata cluster as a benchmark target, through the client library. */
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable as ReadableStream } from 'node:stream';
import { ErrorCode, StrataError } from '../core/errors.js';
import type { StrataClient } from '../client/strata-client.js';
import type { BenchTarget } from './bench-target.js';

export class StrataTarget implements BenchTarget {
  readonly label: string;

  constructor(
    private readonly client: StrataClient,
    private readonly replication: number,
    nameservers: string[],
  ) {
    this.label = `strata (${nameservers.join(', ')})`;
  }

  async createFile(path: string, data: Buffer): Promise<void> {
    await this.client.writeFile(path, data, { replication: this.replication });
  }

  async writeLarge(
    path: string,
    chunks: AsyncIterable<Buffer>,
    onChunk: () => void,
  ): Promise<number> {
    let bytes = 0;
    async function* counted() {
      for await (const chunk of chunks) {
        bytes += chunk.length;
        yield chunk;
        onChunk();
      }
    }
    await pipeline(
      ReadableStream.from(counted(), { objectMode: false }),
      this.client.createWriteStream(path, { replication: this.replication }),
    );
    return bytes;
  }

  readFile(path: string): Promise<Buffer> {
    return this.client.readFile(path);
  }

  readLarge(path: string): Readable {
    return this.client.createReadStream(path);
  }

  async size(path: string): Promise<number> {
    return Number((await this.client.stat(path)).length);
  }

  async mkdir(path: string): Promise<void> {
    await this.client.mkdir(path);
  }

  async countEntries(path: string): Promise<number> {
    let n = 0;
    for await (const entry of this.client.list(path)) {
      void entry;
      n++;
    }
    return n;
  }

  rename(source: string, destination: string): Promise<void> {
    return this.client.rename(source, destination);
  }

  removeFile(path: string): Promise<void> {
    return this.client.delete(path);
  }

  removeDir(path: string): Promise<void> {
    return this.client.delete(path);
  }

  async removeTree(path: string): Promise<void> {
    try {
      await this.client.delete(path, { recursive: true });
    } catch (err) {
      if (!(err instanceof StrataError && err.code === ErrorCode.NOT_FOUND)) throw err;
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
