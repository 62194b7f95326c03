'use strict';

// WebSocket idle timeout (server.protocols.websocket.idleTimeout, 3000 ms for the test server):
// the Node SDK's protocol-level pings (every 2 s) keep its socket alive, a silent socket is closed.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { useServer, DEFAULT_ENV } = require('../helpers/server');
const { connectSdk, sdkEvents, RawSocket, sleep } = require('../helpers/clients');

const IDLE_TIMEOUT_MS = Number(DEFAULT_ENV.KVX_server__protocols__websocket__idleTimeout);
const server = useServer();

test('an idle SDK connection survives thanks to its pings', async () => {
  const sdk = await connectSdk(server);
  const connectedAt = Date.now();
  await sleep(8_000);
  const trouble = sdkEvents(sdk).filter((e) => ['disconnected', 'networkError', 'reconnected'].includes(e.event));
  assert.deepEqual(trouble.map((e) => `${e.event} after ${e.at - connectedAt} ms: ${e.args.map(String)}`), [],
    'the idle SDK connection was lost');
  assert.equal(sdk.connected, true);
  const now = await sdk.server.now();
  assert.equal(typeof now, 'number');
  sdk.disconnect();
});

test('a raw socket that sends nothing is closed by the idle timeout', async (t) => {
  // ws never pings by itself; autoPong off so that it sends nothing at all, even if the server pinged.
  const socket = await RawSocket.open(server, { autoPong: false });
  let timer;
  const closed = await Promise.race([
    socket.closed,
    new Promise((resolve) => { timer = setTimeout(() => resolve(null), IDLE_TIMEOUT_MS + 7_000); }),
  ]);
  clearTimeout(timer);
  assert.ok(closed, `the silent socket was still open ${IDLE_TIMEOUT_MS + 7_000} ms after the upgrade`);
  const after = closed.at - socket.openedAt;
  t.diagnostic(`closed ${after} ms after the upgrade, code ${closed.code} ${JSON.stringify(closed.reason)}`);
  assert.ok(after >= IDLE_TIMEOUT_MS - 500 && after <= 2 * IDLE_TIMEOUT_MS,
    `closed ${after} ms after the upgrade (code ${closed.code}), expected ~${IDLE_TIMEOUT_MS} ms`);
  assert.deepEqual(socket.messages.map((m) => m.text), [], 'the server sent frames to a silent socket');
});
