'use strict';

// A KVX cluster of four JVMs on loopback, each with its own roles: one document node (with security), one realtime
// node and two gateways. SDK clients connected to different gateways must see each other's writes as
// notifications, each exactly once; a token issued or revoked through one gateway is valid or refused through the
// other (tokens shared through a real redis-server); and the cluster must notice a node that dies.

const { describe, test, before } = require('node:test');
const assert = require('node:assert/strict');
const { useCluster } = require('../helpers/cluster');
const { connectSdk, httpRequest, sleep } = require('../helpers/clients');

const cluster = useCluster([
  { name: 'data', roles: 'document,security' },
  { name: 'realtime', roles: 'realtime' },
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

describe('a cluster of two gateways, a document node and a realtime node', () => {
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
      [cluster.node('realtime').nodeId]: ['realtime'],
      [cluster.node('gatewayA').nodeId]: ['gateway'],
      [cluster.node('gatewayB').nodeId]: ['gateway', 'mqtt'],
    };
    for (const gateway of ['gatewayA', 'gatewayB']) {
      const result = await status(cluster.node(gateway));
      assert.equal(result.activeNodes, 4);
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
    assert.equal(viaSdk.result.activeNodes, 4);
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

  test('a node killed with SIGKILL leaves the cluster within seconds, and the others keep serving', async () => {
    const gatewayB = cluster.node('gatewayB');
    const deadId = gatewayB.nodeId;
    gatewayB.child.kill('SIGKILL');
    await gatewayB.exited;
    const killedAt = Date.now();
    await eventually(async () => {
      const result = await status(cluster.node('gatewayA'));
      const left = result.activity.some((entry) => entry.event === 'left' && entry.id === deadId);
      return (result.activeNodes === 3 && left) || result;
    }, 20_000, 'the killed gateway should leave cluster:status');
    const result = await status(cluster.node('gatewayA'));
    assert.ok(!result.nodes.some((node) => node.id === deadId));
    process.stderr.write(`cluster: a killed node left cluster:status after ${Date.now() - killedAt} ms\n`);

    const created = await alice.document.create(index, collection, { color: 'yellow' });
    assert.equal(created._source.color, 'yellow');
  });
});
