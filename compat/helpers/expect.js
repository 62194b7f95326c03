'use strict';

// Assertions shared by the scenarios.

const assert = require('node:assert/strict');

/**
 * The `volatile.sdkName` every request of kuzzle-sdk 7.17.1 carries. Beware: the npm tarball of 7.17.1
 * ships a stale out/package.json (version "7.17.1-beta.1") that the Node build reads, so the Node SDK
 * really sends "js@7.17.1-beta.1" (the browser bundle sends "js@7.17.1"). Servers must accept both.
 */
const SDK_NAME_PATTERN = /^js@7\.17\.1(-beta\.1)?$/;

/**
 * Awaits `promise`, which must reject with a KuzzleError (the SDK's wrapper of an API error) whose
 * fields match `expected` (e.g. {status, id, code}). Returns the error for further checks.
 */
async function assertKuzzleError(promise, expected) {
  let error;
  try {
    const value = await promise;
    assert.fail(`expected a rejection with ${JSON.stringify(expected)}, got ${JSON.stringify(value)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) {
      throw e;
    }
    error = e;
  }
  assert.equal(error.constructor.name, 'KuzzleError', `not a KuzzleError: ${error.stack || error}`);
  const actual = {};
  for (const key of Object.keys(expected)) {
    actual[key] = error[key];
  }
  assert.deepEqual(actual, expected, `KuzzleError "${error.message}"`);
  return error;
}

/** Checks an API error object (the `error` of an envelope, or a bare error body). */
function assertApiError(error, expected) {
  assert.ok(error && typeof error === 'object', `expected an error object, got ${JSON.stringify(error)}`);
  const actual = {};
  for (const key of Object.keys(expected)) {
    actual[key] = error[key];
  }
  assert.deepEqual(actual, expected, `error ${JSON.stringify(error)}`);
  assert.equal(typeof error.message, 'string');
}

module.exports = { assertKuzzleError, assertApiError, SDK_NAME_PATTERN };
