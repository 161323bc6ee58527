/**
 * StrataClient.writeFile must fail when the write fails. Stream.end()'s callback
 * also runs for a stream that failed, so resolving there reported a write the
 * nameserver refused as done (found by the F3 test: "acknowledged" writes that no
 * nameserver had acknowledged).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StrataClient } from '../../src/client/strata-client.js';
import { ErrorCode, StrataError } from '../../src/core/errors.js';
import { freePort } from '../../src/platform/free-port.js';

test('writeFile rejects when the nameserver cannot be reached', async () => {
  // Nothing listens on this port: the create fails at once (no failover time).
  const client = new StrataClient({
    nameservers: [`127.0.0.1:${await freePort()}`],
    failoverTimeoutMs: 0,
  });
  try {
    await assert.rejects(client.writeFile('/a', Buffer.from('x')), (err: unknown) => {
      assert.ok(err instanceof StrataError);
      assert.equal(err.code, ErrorCode.UNAVAILABLE);
      return true;
    });
  } finally {
    await client.close();
  }
});
