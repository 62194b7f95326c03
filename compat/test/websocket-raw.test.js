'use strict';

// Raw WebSocket frames with `ws`: application ping, unparsable frames, room = requestId.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { useServer } = require('../helpers/server');
const { RawSocket } = require('../helpers/clients');
const { assertApiError } = require('../helpers/expect');

const server = useServer();

test('{"p":1} is answered {"p":2}', async () => {
  const socket = await RawSocket.open(server);
  socket.send('{"p":1}');
  const pong = await socket.next();
  assert.deepEqual(pong.json, { p: 2 }, `got ${pong.text}`);
  await socket.close();
});

test('an unparsable frame gets a 400 error envelope without room, and the socket keeps serving', async () => {
  const socket = await RawSocket.open(server);
  socket.send('this is { not JSON');
  const reply = await socket.next();
  assert.ok(reply.json, `not JSON: ${reply.text}`);
  assert.equal(reply.json.status, 400);
  assert.ok(!('room' in reply.json), `unexpected room in ${reply.text}`);
  assertApiError(reply.json.error, { status: 400, id: 'network.websocket.unexpected_error', code: 50528257 });

  assert.ok(socket.isOpen, 'the server closed the socket after a bad frame');
  const response = await socket.request({ controller: 'server', action: 'now', requestId: 'r1' });
  assert.equal(response.room, 'r1');
  assert.equal(response.requestId, 'r1');
  assert.equal(response.status, 200);
  assert.equal(response.error, null);
  assert.equal(typeof response.result.now, 'number');
  await socket.close();
});

test('a response carries room = requestId', async () => {
  const socket = await RawSocket.open(server);
  const response = await socket.request({ controller: 'server', action: 'now', requestId: 'r1' });
  assert.equal(response.room, 'r1');
  assert.equal(response.requestId, 'r1');
  assert.equal(response.controller, 'server');
  assert.equal(response.action, 'now');
  assert.equal(response.status, 200);
  await socket.close();
});

test('an API error is an envelope with room, so the SDK can match it', async () => {
  const socket = await RawSocket.open(server);
  const response = await socket.request({ controller: 'nope', action: 'x', requestId: 'r2' });
  assert.equal(response.room, 'r2');
  assert.equal(response.status, 404);
  assertApiError(response.error, { status: 404, id: 'api.process.controller_not_found', code: 33685508 });
  await socket.close();
});
