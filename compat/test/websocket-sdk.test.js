'use strict';

// kuzzle-sdk 7 over its WebSocket protocol: connection, server controller, API errors, raw envelope.

const { describe, test, before } = require('node:test');
const assert = require('node:assert/strict');
const { useServer } = require('../helpers/server');
const { connectSdk } = require('../helpers/clients');
const { assertKuzzleError, SDK_NAME_PATTERN } = require('../helpers/expect');

const server = useServer();

describe('kuzzle-sdk over WebSocket', () => {
  let sdk;

  before(async () => {
    sdk = await connectSdk(server);
  });

  test('connects', () => {
    assert.equal(sdk.connected, true);
    assert.equal(sdk.protocol.isReady(), true);
  });

  test('server.now() returns the server time in epoch milliseconds', async () => {
    const now = await sdk.server.now();
    assert.equal(typeof now, 'number');
    assert.ok(Math.abs(now - Date.now()) < 5_000, `server.now() = ${now}, Date.now() = ${Date.now()}`);
  });

  test('server.info() describes the node and its API routes', async () => {
    const info = await sdk.server.info();
    assert.equal(typeof info.serverInfo.kuzzle.version, 'string');
    assert.ok(info.serverInfo.kuzzle.api.routes.document.get,
      'serverInfo.kuzzle.api.routes.document.get is missing');
  });

  test('server:publicApi lists the HTTP routes of document:get', async () => {
    const response = await sdk.query({ controller: 'server', action: 'publicApi' });
    const routes = response.result.document.get.http;
    assert.ok(Array.isArray(routes), `document.get.http is ${JSON.stringify(routes)}`);
    assert.ok(routes.some((r) => r.verb === 'GET' && r.url === '/:index/:collection/:_id'),
      `no {verb: GET, url: /:index/:collection/:_id} in ${JSON.stringify(routes)}`);
  });

  test('an unknown controller is rejected with 404 api.process.controller_not_found', async () => {
    await assertKuzzleError(sdk.query({ controller: 'nope', action: 'x' }),
      { status: 404, id: 'api.process.controller_not_found', code: 33685508 });
  });

  test('an unknown action is rejected with 404 api.process.action_not_found', async () => {
    await assertKuzzleError(sdk.query({ controller: 'server', action: 'nope' }),
      { status: 404, id: 'api.process.action_not_found', code: 33685509 });
  });

  test('the raw response envelope of server:now', async () => {
    const response = await sdk.query({ controller: 'server', action: 'now', volatile: { compat: 'envelope' } });
    assert.equal(typeof response.requestId, 'string');
    assert.ok(response.requestId.length > 0);
    assert.equal(response.room, response.requestId, 'room must equal requestId on WebSocket');
    assert.equal(response.status, 200);
    assert.equal(response.error, null);
    assert.equal(response.controller, 'server');
    assert.equal(response.action, 'now');
    assert.deepEqual(response.volatile, {
      compat: 'envelope',
      sdkInstanceId: sdk.protocol.id,
      sdkName: sdk.sdkName,
    });
    assert.match(response.volatile.sdkName, SDK_NAME_PATTERN);
    assert.equal(typeof response.node, 'string');
    assert.ok(response.node.length > 0);
    assert.equal(typeof response.result.now, 'number');
  });

  test('a requestId chosen by the client is echoed', async () => {
    const response = await sdk.query({ controller: 'server', action: 'now', requestId: 'compat-ws-sdk-1' });
    assert.equal(response.requestId, 'compat-ws-sdk-1');
    assert.equal(response.room, 'compat-ws-sdk-1');
  });
});
