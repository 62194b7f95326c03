'use strict';

// kuzzle-sdk 7 over its Http protocol: route discovery through /_publicApi, server controller, errors.

const { describe, test, before } = require('node:test');
const assert = require('node:assert/strict');
const { useServer } = require('../helpers/server');
const { connectSdk } = require('../helpers/clients');
const { assertKuzzleError } = require('../helpers/expect');

const server = useServer();

describe('kuzzle-sdk over Http', () => {
  let sdk;

  before(async () => {
    sdk = await connectSdk(server, { protocol: 'http' });
  });

  test('connects (routes built from GET /_publicApi)', () => {
    assert.equal(sdk.connected, true);
    assert.equal(sdk.protocol.isReady(), true);
    assert.ok(Object.keys(sdk.protocol.routes).length > 0, 'no routes');
  });

  test('server.now()', async () => {
    const now = await sdk.server.now();
    assert.equal(typeof now, 'number');
    assert.ok(Math.abs(now - Date.now()) < 5_000, `server.now() = ${now}, Date.now() = ${Date.now()}`);
  });

  test('server.info()', async () => {
    const info = await sdk.server.info();
    assert.equal(typeof info.serverInfo.kuzzle.version, 'string');
    assert.ok(info.serverInfo.kuzzle.api.routes.document.get);
  });

  test('the SDK picks GET /:index/:collection/_mGet for document:mGet', () => {
    const route = sdk.protocol.routes.document && sdk.protocol.routes.document.mGet;
    assert.ok(route, 'no route for document:mGet');
    assert.equal(route.verb, 'GET', `route: ${JSON.stringify(route)}`);
    assert.equal(route.url, '/:index/:collection/_mGet', `route: ${JSON.stringify(route)}`);
  });

  test('the SDK forces POST /:index/:collection/_search for document:search', () => {
    const route = sdk.protocol.routes.document && sdk.protocol.routes.document.search;
    assert.ok(route, 'no route for document:search');
    assert.deepEqual({ verb: route.verb, url: route.url }, { verb: 'POST', url: '/:index/:collection/_search' });
  });

  test('a known controller that no node serves is rejected with 503 api.process.controller_unavailable',
    async () => {
      // KVX addition to the error catalogue: no verticle serves memoryStorage in this version.
      await assertKuzzleError(sdk.ms.ping(), { status: 503, id: 'api.process.controller_unavailable' });
    });
});
