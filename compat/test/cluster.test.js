'use strict';

// A KVX cluster of five JVMs on loopback, each with its own roles: one document node (with security), two realtime
// nodes and two gateways. SDK clients connected to different gateways must see each other's writes as
// notifications, each exactly once; both realtime nodes know every subscription, and one keeps them all when the
// other is killed; a token issued or revoked through one gateway is valid or refused through the other (tokens
// shared through a real redis-server); and an SDK whose gateway dies reconnects to the other one (through a small
// TCP proxy standing for a load balancer) and gets its subscriptions back.

const net = require('node:net');
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { useCluster } = require('../helpers/cluster');
const { connectSdk, sdkEvents, httpRequest, sleep } = require('../helpers/clients');

const cluster = useCluster([
  { name: 'data', roles: 'document,security' },
  { name: 'realtime1', roles: 'realtime' },
  { name: 'realtime2', roles: 'realtime' },
  { name: 'gatewayA', roles: 'gateway' },
  { name: 'gatewayB', roles: 'gateway,mqtt' },
], { redis: true });
const index = 'clustered';
const collection = 'cars';
/** How long to keep listening after the expected notifications, to catch duplicates. */
const SETTLE_MS = 500;

async function status(node) {
  const response = await httpRequest(node, 'GET', '/cluster/_status', { signal: AbortSignal.timeout(2_000) });
  assert.equal(response.status, 200, response.text);
  return response.json.result;
}

/**
 * A TCP proxy on a free loopback port, forwarding each new connection to `proxy.target` (a port), which a test may
 * change: a load balancer in front of the gateways.
 */
function startProxy(target) {
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(proxy.target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const proxy = {
    target,
    port: null,
    host: '127.0.0.1',
    onStop() {},
    close: () => new Promise((resolve) => {
      sockets.forEach((socket) => socket.destroy());
      server.close(resolve);
    }),
  };
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    proxy.port = server.address().port;
    resolve(proxy);
  }));
}

async function received(list, ids, timeoutMs = 10_000) {
  await eventually(() => list.length >= ids.length || { expected: ids, got: list.map((n) => n.result._id) },
    timeoutMs, `${ids.length} notifications`);
  await sleep(SETTLE_MS);
  assert.deepEqual(list.map((n) => n.result._id).sort(), [...ids].sort());
}

async function eventually(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await check();
    if (last === true) {
      return;
    }
    if (Date.now() > deadline) {
      assert.fail(`${what} within ${timeoutMs} ms; last seen: ${JSON.stringify(last)}`);
    }
    await sleep(250);
  }
}

describe('a cluster of two gateways, a document node and two realtime nodes', () => {
  let alice;
  let bob;

  before(async () => {
    alice = await connectSdk(cluster.node('gatewayA'));
    bob = await connectSdk(cluster.node('gatewayB'));
    await alice.index.create(index);
    await alice.collection.create(index, collection, { mappings: { dynamic: 'true' } });
  });

  test('cluster:status lists every node with its roles, whichever gateway answers', async () => {
    const expected = {
      [cluster.node('data').nodeId]: ['document', 'security'],
      [cluster.node('realtime1').nodeId]: ['realtime'],
      [cluster.node('realtime2').nodeId]: ['realtime'],
      [cluster.node('gatewayA').nodeId]: ['gateway'],
      [cluster.node('gatewayB').nodeId]: ['gateway', 'mqtt'],
    };
    for (const gateway of ['gatewayA', 'gatewayB']) {
      const result = await status(cluster.node(gateway));
      assert.equal(result.activeNodes, 5);
      const seen = Object.fromEntries(result.nodes.map((node) => [node.id, node.roles]));
      assert.deepEqual(seen, expected);
      for (const node of result.nodes) {
        assert.equal(node.address, '127.0.0.1');
        assert.equal(typeof node.birthdate, 'number');
      }
      const ready = await httpRequest(cluster.node(gateway), 'GET', '/_ready');
      assert.equal(ready.status, 200);
    }
    const viaSdk = await bob.query({ controller: 'cluster', action: 'status' });
    assert.equal(viaSdk.result.activeNodes, 5);
  });

  test('documents written through one gateway are read through the other', async () => {
    await alice.document.create(index, collection, { color: 'green' }, 'written-on-a', { refresh: 'wait_for' });
    const read = await bob.document.get(index, collection, 'written-on-a');
    assert.equal(read._source.color, 'green');
    const found = await bob.document.search(index, collection, { query: { term: { color: 'green' } } });
    assert.equal(found.total, 1);
  });

  test('subscribers on both gateways get each notification exactly once, whichever gateway wrote', async () => {
    const filter = { equals: { color: 'red' } };
    const byAlice = [];
    const byBob = [];
    const roomA = await alice.realtime.subscribe(index, collection, filter, (n) => byAlice.push(n));
    const roomB = await bob.realtime.subscribe(index, collection, filter, (n) => byBob.push(n));
    assert.equal(roomA, roomB);
    const count = await alice.realtime.count(roomA);
    assert.equal(count, 2);

    const expected = [];
    for (let i = 0; i < 10; i++) {
      const writer = i % 2 === 0 ? alice : bob;
      const color = i % 3 === 0 ? 'blue' : 'red';
      await writer.document.create(index, collection, { color, i }, `car-${i}`);
      if (color === 'red') {
        expected.push(`car-${i}`);
      }
    }
    await eventually(() => (byAlice.length >= expected.length && byBob.length >= expected.length) || {
      alice: byAlice.length, bob: byBob.length,
    }, 10_000, `both subscribers should receive ${expected.length} notifications`);
    await sleep(SETTLE_MS);
    for (const received of [byAlice, byBob]) {
      const ids = received.map((n) => n.result._id).sort();
      assert.deepEqual(ids, [...expected].sort());
      assert.ok(received.every((n) => n.scope === 'in' && n.action === 'create'));
    }
    await alice.realtime.unsubscribe(roomA);
    await bob.realtime.unsubscribe(roomB);
  });

  test('a token issued through one gateway is valid through the other, until it is revoked through the first',
    async () => {
      await alice.security.createFirstAdmin('admin', {
        content: { name: 'root' },
        credentials: { local: { username: 'admin', password: 'secret-admin' } },
      });
      const jwt = await alice.auth.login('local', { username: 'admin', password: 'secret-admin' });
      const onB = await httpRequest(cluster.node('gatewayB'), 'GET', '/users/_me', {
        headers: { authorization: `Bearer ${jwt}` },
      });
      assert.equal(onB.status, 200, onB.text);
      assert.equal(onB.json.result._id, 'admin');
      const checked = await bob.auth.checkToken(jwt);
      assert.equal(checked.valid, true);

      await alice.auth.logout();
      const afterLogout = await httpRequest(cluster.node('gatewayB'), 'GET', '/users/_me', {
        headers: { authorization: `Bearer ${jwt}` },
      });
      assert.equal(afterLogout.status, 401, afterLogout.text);
      assert.equal(afterLogout.json.error.id, 'security.token.invalid');
      assert.equal((await bob.auth.checkToken(jwt)).valid, false);
    });

  test('every realtime node knows every subscription: count, list and unsubscribe answer alike wherever they run',
    async () => {
      const filter = { equals: { color: 'green' } };
      const rooms = [];
      for (const sdk of [alice, bob, alice, bob]) {
        rooms.push(await sdk.realtime.subscribe(index, collection, filter, () => {}));
      }
      // Four subscriptions of two connections, spread over both realtime nodes by the event bus: two members.
      for (let i = 0; i < 4; i++) {
        assert.equal(await (i % 2 ? bob : alice).realtime.count(rooms[0]), 2);
      }
      for (const sdk of [alice, bob, alice, bob]) {
        const { result } = await sdk.query({ controller: 'realtime', action: 'list' });
        assert.equal(result[index][collection][rooms[0]], 2);
      }
      await alice.realtime.unsubscribe(rooms[0]);
      for (let i = 0; i < 4; i++) {
        assert.equal(await bob.realtime.count(rooms[0]), 1);
      }
      await bob.realtime.unsubscribe(rooms[0]);
      assert.equal(await alice.realtime.count(rooms[0]), 0);
    });

  test('killing a realtime node keeps every subscription working on the other', async () => {
    const byAlice = [];
    const byBob = [];
    await alice.realtime.subscribe(index, collection, { equals: { color: 'purple' } }, (n) => byAlice.push(n));
    await bob.realtime.subscribe(index, collection, { equals: { color: 'purple' } }, (n) => byBob.push(n));
    await alice.document.create(index, collection, { color: 'purple' }, 'purple-before');
    await received(byAlice, ['purple-before']);
    await received(byBob, ['purple-before']);

    const realtime1 = cluster.node('realtime1');
    realtime1.child.kill('SIGKILL');
    await realtime1.exited;
    await eventually(async () => {
      const result = await status(cluster.node('gatewayA'));
      return !result.nodes.some((node) => node.id === realtime1.nodeId) || result;
    }, 20_000, 'the killed realtime node should leave the cluster');

    const ids = [];
    for (let i = 0; i < 6; i++) {
      await (i % 2 ? bob : alice).document.create(index, collection, { color: 'purple' }, `purple-after-${i}`);
      ids.push(`purple-after-${i}`);
    }
    await received(byAlice, ['purple-before', ...ids]);
    await received(byBob, ['purple-before', ...ids]);
    assert.equal(await bob.realtime.count(
      await bob.realtime.subscribe(index, collection, { equals: { color: 'purple' } }, () => {})), 2);
  });

  describe('an SDK behind a load balancer whose gateway dies', () => {
    let proxy;

    before(async () => {
      proxy = await startProxy(cluster.node('gatewayB').port);
    });

    after(() => proxy.close());

    test('reconnects to the other gateway, subscribes again, and the cluster sees the dead node leave', async () => {
      const carol = await connectSdk(proxy, { protocolOptions: { reconnectionDelay: 200 } });
      const byCarol = [];
      await carol.realtime.subscribe(index, collection, { equals: { color: 'orange' } }, (n) => byCarol.push(n));
      await alice.document.create(index, collection, { color: 'orange' }, 'orange-1');
      await received(byCarol, ['orange-1']);

      const gatewayB = cluster.node('gatewayB');
      const deadId = gatewayB.nodeId;
      proxy.target = cluster.node('gatewayA').port;
      gatewayB.child.kill('SIGKILL');
      await gatewayB.exited;
      const killedAt = Date.now();
      await eventually(() => sdkEvents(carol).some((e) => e.event === 'reconnected') || sdkEvents(carol),
        20_000, 'the SDK should reconnect through the proxy');
      await eventually(async () => {
        const result = await status(cluster.node('gatewayA'));
        const left = result.activity.some((entry) => entry.event === 'left' && entry.id === deadId);
        return (!result.nodes.some((node) => node.id === deadId) && left) || result;
      }, 20_000, 'the killed gateway should leave cluster:status');
      process.stderr.write(`cluster: a killed gateway left cluster:status after ${Date.now() - killedAt} ms\n`);

      await eventually(async () => {
        await alice.document.create(index, collection, { color: 'orange' }, `orange-probe-${Date.now()}`);
        await sleep(200);
        return byCarol.length > 1 || byCarol.length;
      }, 20_000, 'the resubscribed SDK should receive notifications again');
      const created = await alice.document.create(index, collection, { color: 'yellow' });
      assert.equal(created._source.color, 'yellow');
      carol.disconnect();
    });
  });
});
