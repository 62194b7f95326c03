'use strict';

// kuzzle-sdk 7 over WebSocket: subscriptions and notifications (behaviours 11 to 13 of the reference, section 12).
// Several SDK instances watch the same writes; every expected notification is checked to arrive exactly once.

const { describe, test, before } = require('node:test');
const assert = require('node:assert/strict');
const { useServer } = require('../helpers/server');
const { connectSdk, httpRequest, sleep } = require('../helpers/clients');
const { assertKuzzleError } = require('../helpers/expect');

const server = useServer();
const index = 'live';
const collection = 'cars';
/** How long to keep listening after the expected notifications, to catch duplicates and strays. */
const SETTLE_MS = 300;

/** Subscribes `sdk` and records what its callback receives; `notifications` is filled as they arrive. */
async function watch(sdk, filter, options = {}) {
  const notifications = [];
  const roomId = await sdk.realtime.subscribe(index, collection, filter, (n) => notifications.push(n), options);
  return { roomId, notifications };
}

/** Resolves once `list` holds `count` items (then waits SETTLE_MS more), rejects after `timeoutMs`. */
async function received(list, count, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (list.length < count) {
    if (Date.now() > deadline) {
      assert.fail(`expected ${count} notifications, got ${list.length}: ${JSON.stringify(list)}`);
    }
    await sleep(10);
  }
  await sleep(SETTLE_MS);
  return list;
}

describe('realtime notifications through kuzzle-sdk', () => {
  let alice;
  let bob;
  let carol;

  before(async () => {
    [alice, bob, carol] = await Promise.all([connectSdk(server), connectSdk(server), connectSdk(server)]);
    await alice.index.create(index);
    await alice.collection.create(index, collection, { mappings: { dynamic: 'true' } });
  });

  test('subscribe returns a room id, and a write by another SDK notifies each subscriber exactly once', async () => {
    const red = { equals: { color: 'red' } };
    const a = await watch(alice, red);
    const c = await watch(carol, { and: [{ equals: { color: 'red' } }] });
    assert.match(a.roomId, /^[0-9a-f]{64}$/);
    assert.equal(c.roomId, a.roomId, 'equivalent filters must share one room');

    await bob.document.create(index, collection, { color: 'blue' }, 'b11-blue');
    await bob.document.create(index, collection, { color: 'red', seats: 4 }, 'b11-red',
      { volatile: { tag: 'by-bob' } });

    for (const { notifications } of [a, c]) {
      const [n] = await received(notifications, 1);
      assert.equal(notifications.length, 1, JSON.stringify(notifications));
      assert.equal(n.type, 'document');
      assert.equal(n.scope, 'in');
      assert.equal(n.action, 'create');
      assert.equal(n.event, 'write');
      assert.equal(n.controller, 'document');
      assert.equal(n.index, index);
      assert.equal(n.collection, collection);
      assert.equal(n.protocol, 'websocket');
      assert.equal(n.room, `${a.roomId}-311`);
      assert.equal(n.result._id, 'b11-red');
      assert.equal(n.result._source.color, 'red');
      assert.equal(n.result._source.seats, 4);
      assert.equal(typeof n.result._source._kuzzle_info.createdAt, 'number');
      assert.equal(n.volatile.tag, 'by-bob');
      assert.equal(typeof n.timestamp, 'number');
      assert.equal(typeof n.requestId, 'string');
    }
    await alice.realtime.unsubscribe(a.roomId);
    await carol.realtime.unsubscribe(c.roomId);
  });

  test('an update moving a document out of a filter notifies out, a delete notifies out/delete', async () => {
    const w = await watch(alice, { range: { seats: { gte: 4 } } });
    await bob.document.create(index, collection, { seats: 5, color: 'green' }, 'b12-move');
    await bob.document.update(index, collection, 'b12-move', { color: 'yellow' });
    await bob.document.update(index, collection, 'b12-move', { seats: 2 });
    await bob.document.update(index, collection, 'b12-move', { seats: 7 });
    await bob.document.delete(index, collection, 'b12-move');

    const list = await received(w.notifications, 5);
    assert.deepEqual(list.map((n) => [n.action, n.scope]), [
      ['create', 'in'], ['update', 'in'], ['update', 'out'], ['update', 'in'], ['delete', 'out']]);
    assert.deepEqual(list[1].result._updatedFields, ['color']);
    assert.equal(list[1].result._source.seats, 5, 'an update notification carries the whole document');
    assert.deepEqual(list[2].result._updatedFields, ['seats']);
    assert.equal(list[4].event, 'delete');
    assert.equal(list[4].result._id, 'b12-move');
    await alice.realtime.unsubscribe(w.roomId);
  });

  test('replace and createOrReplace notify replace; a replace that leaves the filter notifies out', async () => {
    const w = await watch(alice, { equals: { kind: 'suv' } });
    await bob.document.createOrReplace(index, collection, 'b12-replace', { kind: 'suv' });
    await bob.document.replace(index, collection, 'b12-replace', { kind: 'suv', doors: 5 });
    await bob.document.createOrReplace(index, collection, 'b12-replace', { kind: 'van' });

    const list = await received(w.notifications, 3);
    assert.deepEqual(list.map((n) => [n.action, n.scope]), [['create', 'in'], ['replace', 'in'], ['replace', 'out']]);
    assert.deepEqual(list[1].result._source, { kind: 'suv', doors: 5 },
      'a replace notification carries the submitted body, without _kuzzle_info');
    await alice.realtime.unsubscribe(w.roomId);
  });

  test('subscribeToSelf: false hides the subscriber\'s own writes, silent writes notify nobody', async () => {
    const self = await watch(alice, { equals: { color: 'pink' } }, { subscribeToSelf: false });
    const other = await watch(bob, { equals: { color: 'pink' } });
    await alice.document.create(index, collection, { color: 'pink' }, 'b12-self');
    await bob.document.create(index, collection, { color: 'pink' }, 'b12-silent', { silent: true });
    await bob.document.create(index, collection, { color: 'pink' }, 'b12-bob');

    await received(other.notifications, 2);
    assert.deepEqual(other.notifications.map((n) => n.result._id), ['b12-self', 'b12-bob']);
    assert.deepEqual(self.notifications.map((n) => n.result._id), ['b12-bob']);
    await alice.realtime.unsubscribe(self.roomId);
    await bob.realtime.unsubscribe(other.roomId);
  });

  test('mCreate notifies each created document once, with action create', async () => {
    const w = await watch(carol, { equals: { batch: 'm1' } });
    const result = await bob.document.mCreate(index, collection, [
      { _id: 'm1-a', body: { batch: 'm1' } }, { _id: 'm1-b', body: { batch: 'm1' } },
      { _id: 'm1-c', body: { batch: 'other' } }]);
    assert.equal(result.successes.length, 3);
    const list = await received(w.notifications, 2);
    assert.deepEqual(list.map((n) => [n.action, n.result._id]).sort(), [['create', 'm1-a'], ['create', 'm1-b']]);
    await carol.realtime.unsubscribe(w.roomId);
  });

  test('realtime.publish notifies without storing anything', async () => {
    const w = await watch(alice, { equals: { topic: 'news' } });
    assert.equal(await bob.realtime.publish(index, collection, { topic: 'news', text: 'hi' }, { _id: 'msg-1' }),
      true);
    const [n] = await received(w.notifications, 1);
    assert.equal(n.action, 'publish');
    assert.equal(n.event, 'publish');
    assert.equal(n.controller, 'realtime');
    assert.equal(n.scope, 'in');
    assert.equal(n.result._id, 'msg-1');
    assert.equal(n.result._source.text, 'hi');
    assert.equal(n.result._source._kuzzle_info.author, '-1');
    assert.equal(await bob.document.exists(index, collection, 'msg-1'), false);
    await alice.realtime.unsubscribe(w.roomId);
  });

  test('users: all receives user in/out notifications with the count and the joiner\'s volatile', async () => {
    const filter = { equals: { topic: 'chat' } };
    const host = await watch(alice, filter, { users: 'all', volatile: { nick: 'alice' } });
    const guest = await watch(bob, filter, { volatile: { nick: 'bob' } });
    assert.equal(guest.roomId, host.roomId);
    assert.equal(await carol.realtime.count(host.roomId), 2);

    await bob.realtime.unsubscribe(guest.roomId);
    // The subscriber's own arrival is sent before the SDK knows the channel (as with Kuzzle), so it starts with Bob.
    const users = await received(host.notifications, 2);
    assert.deepEqual(users.map((n) => [n.type, n.user, n.result.count, n.volatile.nick, n.action]), [
      ['user', 'in', 2, 'bob', 'subscribe'], ['user', 'out', 1, 'bob', 'unsubscribe']]);
    assert.equal(users[0].room, `${host.roomId}-111`);
    assert.equal(users[0].controller, 'realtime');
    assert.equal(await carol.realtime.count(host.roomId), 1);

    // A subscriber whose connection closes leaves the room too.
    const leaving = await connectSdk(server);
    await leaving.realtime.subscribe(index, collection, filter, () => {}, { volatile: { nick: 'dave' } });
    leaving.disconnect();
    const more = (await received(host.notifications, 4)).slice(2);
    assert.deepEqual(more.map((n) => [n.user, n.result.count, n.volatile.nick]), [['in', 2, 'dave'], ['out', 1, 'dave']]);

    await alice.realtime.unsubscribe(host.roomId);
    assert.equal(await carol.realtime.count(host.roomId), 0);
  });

  test('realtime.unsubscribe stops delivery; list and count see the rooms', async () => {
    const w = await watch(carol, { equals: { color: 'grey' } });
    const listed = (await carol.query({ controller: 'realtime', action: 'list' })).result;
    assert.equal(listed[index][collection][w.roomId], 1);
    await carol.realtime.unsubscribe(w.roomId);
    await bob.document.create(index, collection, { color: 'grey' }, 'b13-after');
    await sleep(SETTLE_MS);
    assert.deepEqual(w.notifications, []);
    const after = (await carol.query({ controller: 'realtime', action: 'list' })).result;
    assert.equal(((after[index] || {})[collection] || {})[w.roomId], undefined);
  });

  test('scope in/out and a second subscription with other options on the same room', async () => {
    const filter = { equals: { color: 'orange' } };
    const onlyOut = await watch(alice, filter, { scope: 'out' });
    const all = await watch(alice, filter);
    assert.equal(onlyOut.roomId, all.roomId);
    await bob.document.create(index, collection, { color: 'orange' }, 'scope-1');
    await bob.document.delete(index, collection, 'scope-1');
    await received(all.notifications, 2);
    assert.deepEqual(onlyOut.notifications.map((n) => [n.action, n.scope]), [['delete', 'out']]);
    assert.deepEqual(all.notifications.map((n) => [n.action, n.scope]), [['create', 'in'], ['delete', 'out']]);
    await alice.realtime.unsubscribe(all.roomId);
  });

  test('errors: invalid filter, unknown room, unknown scope, not subscribed, subscribe over HTTP', async () => {
    await assertKuzzleError(alice.realtime.subscribe(index, collection, { equals: { a: 1, b: 2 } }, () => {}),
      { status: 400, id: 'api.assert.koncorde_dsl_error' });
    await assertKuzzleError(alice.realtime.subscribe(index, collection, { nope: {} }, () => {}),
      { status: 400, id: 'api.assert.koncorde_dsl_error' });
    await assertKuzzleError(alice.realtime.subscribe(index, collection, {}, () => {}, { scope: 'sideways' }),
      { status: 400, id: 'core.realtime.invalid_scope' });
    await assertKuzzleError(alice.query({ controller: 'realtime', action: 'join', body: { roomId: 'nope' } }),
      { status: 404, id: 'core.realtime.room_not_found' });
    await assertKuzzleError(alice.realtime.unsubscribe('nope'), { status: 412, id: 'core.realtime.not_subscribed' });
    const http = await httpRequest(server, 'POST', '/_query', {
      headers: { 'content-type': 'application/json' },
      body: { controller: 'realtime', action: 'subscribe', index, collection, body: {} } });
    assert.equal(http.json.error.id, 'api.assert.unsupported_protocol', http.text);
  });
});
