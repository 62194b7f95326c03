'use strict';

// The `mqtt` npm client against KVX's MQTT gateway: Kuzzle's request and response topics, errors, refused
// wildcards, and the controllers the WebSocket clients use.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const mqtt = require('mqtt');
const { useServer } = require('../helpers/server');
const { connectSdk, sleep } = require('../helpers/clients');

const server = useServer();

/** A connected MQTT client subscribed to Kuzzle/response, with the responses it gets by requestId. */
async function connectClient(clientId) {
  const client = await mqtt.connectAsync(`mqtt://${server.host}:${server.mqttPort}`, {
    clientId, protocolVersion: 4, reconnectPeriod: 0,
  });
  const waiting = new Map();
  client.on('message', (topic, payload) => {
    if (topic !== 'Kuzzle/response') {
      return;
    }
    const response = JSON.parse(payload.toString());
    const resolve = waiting.get(response.requestId);
    if (resolve) {
      waiting.delete(response.requestId);
      resolve(response);
    }
  });
  await client.subscribeAsync('Kuzzle/response', { qos: 1 });
  client.query = (request) => new Promise((resolve, reject) => {
    waiting.set(request.requestId, resolve);
    client.publishAsync('Kuzzle/request', JSON.stringify(request), { qos: 1 }).catch(reject);
    setTimeout(() => reject(new Error(`no response to ${request.requestId}`)), 10_000);
  });
  return client;
}

describe('kuzzle API over MQTT (mqtt npm client)', () => {
  let client;

  before(async () => {
    assert.ok(server.mqttPort, 'the server did not report its MQTT port');
    client = await connectClient('compat-mqtt-1');
  });

  after(async () => {
    await client.endAsync();
  });

  test('server:now answers on Kuzzle/response with the requestId', async () => {
    const response = await client.query({ controller: 'server', action: 'now', requestId: 'm1' });
    assert.equal(response.status, 200);
    assert.equal(typeof response.result.now, 'number');
    assert.equal(response.room, undefined, 'MQTT responses have no room');
  });

  test('documents written over MQTT are read back', async () => {
    const created = await client.query({ controller: 'document', action: 'createOrReplace', index: 'mqtt-compat',
      collection: 'items', _id: 'x', body: { via: 'mqtt' }, requestId: 'm2' });
    assert.equal(created.status, 412, 'unknown index first');
    await client.query({ controller: 'collection', action: 'create', index: 'mqtt-compat', collection: 'items',
      requestId: 'm3' });
    const written = await client.query({ controller: 'document', action: 'createOrReplace', index: 'mqtt-compat',
      collection: 'items', _id: 'x', body: { via: 'mqtt' }, requestId: 'm4' });
    assert.equal(written.status, 200);
    const read = await client.query({ controller: 'document', action: 'get', index: 'mqtt-compat',
      collection: 'items', _id: 'x', requestId: 'm5' });
    assert.equal(read.result._source.via, 'mqtt');
  });

  test('an unknown controller answers 404 api.process.controller_not_found', async () => {
    const response = await client.query({ controller: 'nope', action: 'x', requestId: 'm6' });
    assert.equal(response.status, 404);
    assert.equal(response.error.id, 'api.process.controller_not_found');
  });

  test('a wildcard subscription is refused (SUBACK failure 0x80)', async () => {
    // mqtt.js rejects a subscription whose SUBACK carries the failure code.
    await assert.rejects(client.subscribeAsync('Kuzzle/#', { qos: 0 }), (error) => {
      assert.equal(error.constructor.name, 'ErrorWithSubackPacket');
      return true;
    });
  });

  test('each client gets only its own responses', async () => {
    const other = await connectClient('compat-mqtt-2');
    const stray = [];
    other.on('message', (topic, payload) => stray.push(JSON.parse(payload.toString()).requestId));
    await client.query({ controller: 'server', action: 'now', requestId: 'only-mine' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(stray.filter((id) => id === 'only-mine'), []);
    await other.endAsync();
  });
});

describe('notifications between MQTT and WebSocket clients', () => {
  const index = 'mqtt-live';
  const collection = 'sensors';
  let client;
  let sdk;

  before(async () => {
    client = await connectClient('compat-mqtt-live');
    sdk = await connectSdk(server);
    await sdk.index.create(index);
    await sdk.collection.create(index, collection, { mappings: { dynamic: 'true' } });
  });

  after(async () => {
    await client.endAsync();
  });

  test('a write over WebSocket reaches an MQTT subscriber on its channel topic, once', async () => {
    const subscribed = await client.query({ controller: 'realtime', action: 'subscribe', index, collection,
      body: { range: { temperature: { gt: 30 } } }, requestId: 'sub-1' });
    assert.equal(subscribed.status, 200, JSON.stringify(subscribed));
    const { channel } = subscribed.result;
    const received = [];
    client.on('message', (topic, payload) => {
      if (topic === channel) {
        received.push(JSON.parse(payload.toString()));
      }
    });
    await client.subscribeAsync(channel, { qos: 1 });

    await sdk.document.create(index, collection, { temperature: 12 }, 'cold');
    await sdk.document.create(index, collection, { temperature: 35 }, 'hot');
    const deadline = Date.now() + 5_000;
    while (received.length < 1 && Date.now() < deadline) {
      await sleep(10);
    }
    await sleep(300);
    assert.equal(received.length, 1, JSON.stringify(received));
    assert.equal(received[0].type, 'document');
    assert.equal(received[0].action, 'create');
    assert.equal(received[0].scope, 'in');
    assert.equal(received[0].protocol, 'websocket');
    assert.equal(received[0].result._id, 'hot');
    assert.equal(received[0].room, undefined, 'MQTT notifications carry their channel as topic, not as room');
  });

  test('a write over MQTT reaches a WebSocket subscriber', async () => {
    const received = [];
    await sdk.realtime.subscribe(index, collection, { equals: { kind: 'door' } }, (n) => received.push(n));
    const written = await client.query({ controller: 'document', action: 'create', index, collection,
      _id: 'front-door', body: { kind: 'door', open: true }, requestId: 'write-1', volatile: { via: 'mqtt' } });
    assert.equal(written.status, 200, JSON.stringify(written));
    const deadline = Date.now() + 5_000;
    while (received.length < 1 && Date.now() < deadline) {
      await sleep(10);
    }
    await sleep(300);
    assert.equal(received.length, 1, JSON.stringify(received));
    assert.equal(received[0].protocol, 'mqtt');
    assert.equal(received[0].result._id, 'front-door');
    assert.equal(received[0].volatile.via, 'mqtt');
  });
});
