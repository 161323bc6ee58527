/** The StrataError code a call throws (the test fails if it throws nothing else). */
import assert from 'node:assert/strict';
import { StrataError } from '../../src/core/errors.js';

export function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof StrataError, `expected a StrataError, got ${String(err)}`);
    return err.code;
  }
  assert.fail('expected an error');
}
