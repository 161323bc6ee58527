/**
 * src/platform/http-exchange.ts against a real node:http server on loopback: an
 * answer is collected whole with its status and headers; one longer than allowed,
 * one cut off mid-body and one that never comes each fail the exchange (none hangs).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import { Agent } from 'undici';
import { exchange, joined } from '../../src/platform/http-exchange.js';

const agent = new Agent({ connections: 4 });
const server = http.createServer((req, res) => {
  const bytes = Number(new URL(req.url!, 'http://x').searchParams.get('bytes') ?? 0);
  if (req.url!.startsWith('/cut')) {
    res.writeHead(200, { 'content-length': String(bytes) });
    res.write(Buffer.alloc(bytes / 2, 1));
    setTimeout(() => res.destroy(), 20);
  } else if (req.url!.startsWith('/never')) {
    // no answer
  } else {
    res.writeHead(200, { 'x-strata-test': 'yes', 'content-type': 'application/octet-stream' });
    res.end(Buffer.alloc(bytes, 2));
  }
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
after(async () => {
  await agent.close();
  server.closeAllConnections();
  server.close();
});

const get = (path: string, maxBodyBytes = 1 << 20, timeoutMs = 5_000) =>
  exchange(agent, { origin, path, method: 'GET', timeoutMs, maxBodyBytes });

test('an answer comes back whole, with its status and headers', async () => {
  const answer = await get('/ok?bytes=100000');
  assert.equal(answer.statusCode, 200);
  assert.equal(answer.headers.get('x-strata-test'), 'yes');
  assert.equal(answer.bodyBytes, 100000);
  assert.deepEqual(joined(answer), Buffer.alloc(100000, 2));
});

test('an answer over the limit, cut off, or never sent fails the exchange', async () => {
  await assert.rejects(get('/ok?bytes=300000', 200_000), /answer over 200000 bytes/);
  await assert.rejects(get('/cut?bytes=100000'));
  await assert.rejects(get('/never', 1 << 20, 300), /timeout/i);
  // The agent goes on serving.
  assert.equal((await get('/ok?bytes=10')).bodyBytes, 10);
});
