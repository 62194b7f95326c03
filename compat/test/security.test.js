'use strict';

// kuzzle-sdk 7 and security (behaviours 3, 4, 14 and 15 of the reference, section 12). The tests run in order on
// one server: first wide open (reconnection), then restricted by createFirstAdmin with reset.

const { describe, test, before } = require('node:test');
const assert = require('node:assert/strict');
const { useServer } = require('../helpers/server');
const { connectSdk, sdkEvents, httpRequest, sleep } = require('../helpers/clients');
const { assertKuzzleError } = require('../helpers/expect');

// One SDK logs in several times within a second here; Kuzzle's own CI raises the limit the same way.
const server = useServer({ env: { KVX_limits__loginsPerSecond: '50' } });
const index = 'guarded';
const collection = 'vault';
const admin = { username: 'root', password: 'root-password' };

/** Resolves once `check()` is true, polling every 20 ms; fails after `timeoutMs`. */
async function until(check, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await sleep(20);
  }
}

/** The claims of a token, decoded from its middle segment as the SDK does. */
function claims(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

/** `GET /_me` with a raw bearer token: the response as {status, json}. */
function me(token) {
  return httpRequest(server, 'GET', '/_me', { headers: { Authorization: `Bearer ${token}` } });
}

describe('security through kuzzle-sdk', () => {
  let root;

  before(async () => {
    root = await connectSdk(server);
    await root.index.create(index);
    await root.collection.create(index, collection, { mappings: { dynamic: 'true' } });
  });

  test('server restart: the SDK reconnects, replays its offline queue and resubscribes', async () => {
    const watcher = await connectSdk(server, { sdkOptions: { offlineMode: 'auto' } });
    const notifications = [];
    await watcher.realtime.subscribe(index, collection, {}, (n) => notifications.push(n));
    await server.restart();
    const queued = watcher.server.now();
    await until(() => sdkEvents(watcher).some((e) => e.event === 'reconnected'), 'the SDK to reconnect');
    assert.equal(typeof await queued, 'number');
    const writer = await connectSdk(server);
    await until(async () => {
      await writer.document.create(index, collection, { probe: true });
      await sleep(100);
      return notifications.length > 0;
    }, 'a notification on the resubscribed room');
    assert.equal(notifications[0].result._source.probe, true);
    assert.ok(sdkEvents(watcher).some((e) => e.event === 'networkError' || e.event === 'disconnected'));
  });

  test('createFirstAdmin with reset restricts the anonymous user to the standard rights', async () => {
    const created = await root.security.createFirstAdmin('root', { content: { name: 'Root' },
      credentials: { local: admin } }, { reset: true });
    assert.equal(created._id, 'root');
    assert.deepEqual(created.content.profileIds, ['admin']);
    await assertKuzzleError(root.server.now(), { status: 401, id: 'security.rights.unauthorized' });
    await assertKuzzleError(root.document.get(index, collection, 'x'),
      { status: 401, id: 'security.rights.unauthorized' });
    const publicApi = await root.query({ controller: 'server', action: 'publicApi' });
    assert.equal(publicApi.status, 200);
    const rights = await root.auth.getMyRights();
    const allowed = rights.filter((r) => r.value === 'allowed').map((r) => `${r.controller}:${r.action}`).sort();
    assert.deepEqual(allowed, ['auth:checkToken', 'auth:getCurrentUser', 'auth:getMyRights', 'auth:login',
      'server:openapi', 'server:publicApi']);
    await assertKuzzleError(root.security.createFirstAdmin('again', { content: {},
      credentials: { local: { username: 'again', password: 'again' } } }), { status: 401 });
  });

  test('login gives a kauth- JWT the SDK decodes; getCurrentUser, checkToken, then logout kills it', async () => {
    const sdk = await connectSdk(server);
    const jwt = await sdk.auth.login('local', admin, '1h');
    assert.match(jwt, /^kauth-[\w-]+\.[\w-]+\.[\w-]+$/);
    const decoded = claims(jwt);
    assert.equal(decoded._id, 'root');
    assert.ok(Math.abs(decoded.exp - (Date.now() / 1000 + 3600)) < 5, `exp ${decoded.exp}`);
    assert.equal(sdk.auth.authenticationToken.userId, 'root');
    const user = await sdk.auth.getCurrentUser();
    assert.equal(user._id, 'root');
    assert.deepEqual(user.profileIds, ['admin']);
    const check = await sdk.auth.checkToken();
    assert.equal(check.valid, true);
    assert.equal(check.kuid, 'root');
    assert.ok(Math.abs(check.expiresAt - (Date.now() + 3_600_000)) < 5_000);
    assert.equal((await me(jwt)).status, 200);
    await sdk.auth.logout();
    const refused = await me(jwt);
    assert.equal(refused.status, 401);
    assert.equal(refused.json.error.id, 'security.token.invalid');
    const after = await sdk.auth.checkToken(jwt);
    assert.equal(after.valid, false);
    assert.equal(typeof after.state, 'string');
  });

  test('bad password is 401 missing_user; anonymous gets 401 and a logged user 403 on a restricted action',
    async () => {
      const sdk = await connectSdk(server);
      await assertKuzzleError(sdk.auth.login('local', { username: 'root', password: 'wrong' }),
        { status: 401, id: 'plugin.strategy.missing_user' });
      await assertKuzzleError(sdk.auth.login('local', { username: 'nobody', password: 'wrong' }),
        { status: 401, id: 'plugin.strategy.missing_user' });
      await assertKuzzleError(sdk.document.create(index, collection, { a: 1 }),
        { status: 401, id: 'security.rights.unauthorized' });
      await sdk.auth.login('local', admin);
      await sdk.security.createUser('walter', { content: { profileIds: ['default'] },
        credentials: { local: { username: 'walter', password: 'walter-password' } } });
      const walter = await connectSdk(server);
      await walter.auth.login('local', { username: 'walter', password: 'walter-password' });
      await assertKuzzleError(walter.document.create(index, collection, { a: 1 }),
        { status: 403, id: 'security.rights.forbidden' });
      await assertKuzzleError(walter.auth.updateSelf({ profileIds: ['admin'] }),
        { status: 400, id: 'api.assert.forbidden_argument' });
      assert.deepEqual((await walter.auth.getCurrentUser()).profileIds, ['default']);
    });

  test('refreshToken before expiry gives a new token; the old one dies after the grace period', async () => {
    const sdk = await connectSdk(server);
    const first = await sdk.auth.login('local', admin, '10s');
    const refreshed = await sdk.auth.refreshToken({ expiresIn: '1h' });
    assert.notEqual(refreshed.jwt, first);
    assert.equal(sdk.auth.authenticationToken.encodedJwt, refreshed.jwt);
    assert.ok(refreshed.expiresAt > Date.now() + 3_500_000);
    assert.equal((await sdk.auth.getCurrentUser())._id, 'root');
    await sleep(1_500);
    assert.equal((await me(first)).status, 401);
    assert.equal((await me(refreshed.jwt)).status, 200);
  });

  test('an expiring token: TokenExpired reaches the SDK and its subscriptions are dropped server-side',
    async () => {
      const observer = await connectSdk(server);
      await observer.auth.login('local', admin, '1h');
      const sdk = await connectSdk(server);
      await sdk.auth.login('local', admin, '2s');
      const roomId = await sdk.realtime.subscribe(index, collection, { equals: { expiring: true } }, () => {});
      assert.equal(await observer.realtime.count(roomId), 1);
      await until(() => sdkEvents(sdk).some((e) => e.event === 'tokenExpired'), 'tokenExpired', 6_000);
      assert.equal(sdk.auth.authenticationToken, null);
      await until(async () => {
        try {
          return await observer.realtime.count(roomId) === 0;
        } catch (error) {
          return error.id === 'core.realtime.room_not_found';
        }
      }, 'the subscription to be dropped');
      assert.equal(sdk.connected, true);
    });

  test('realtime:list shows only the collections the user may subscribe to', async () => {
    const sdk = await connectSdk(server);
    await sdk.auth.login('local', admin);
    await sdk.collection.create(index, 'open', { mappings: { dynamic: 'true' } });
    await sdk.security.createOrReplaceRole('open-listener',
      { controllers: { realtime: { actions: { list: true } } } });
    await sdk.security.createOrReplaceRole('subscriber-open',
      { controllers: { realtime: { actions: { subscribe: true } } } });
    await sdk.security.createOrReplaceProfile('open-listeners', { policies: [
      { roleId: 'open-listener' },
      { roleId: 'subscriber-open', restrictedTo: [{ index, collections: ['open'] }] },
    ] });
    await sdk.security.createUser('lister', { content: { profileIds: ['open-listeners'] },
      credentials: { local: { username: 'lister', password: 'lister-password' } } });
    const roomOpen = await sdk.realtime.subscribe(index, 'open', {}, () => {});
    const roomVault = await sdk.realtime.subscribe(index, collection, {}, () => {});
    const lister = await connectSdk(server);
    await lister.auth.login('local', { username: 'lister', password: 'lister-password' });
    const listed = (await lister.query({ controller: 'realtime', action: 'list' })).result;
    assert.deepEqual(listed, { [index]: { open: { [roomOpen]: 1 } } });
    const everything = (await sdk.query({ controller: 'realtime', action: 'list' })).result;
    assert.ok(everything[index][collection][roomVault] >= 1);
  });

  test('sdk.setAPIKey with a kapikey- token from auth.createApiKey authenticates', async () => {
    const sdk = await connectSdk(server);
    await sdk.auth.login('local', admin);
    const key = await sdk.auth.createApiKey('compat key');
    assert.match(key._source.token, /^kapikey-/);
    assert.equal(key._source.userId, 'root');
    assert.equal(key._source.expiresAt, -1);
    const keyed = await connectSdk(server);
    assert.throws(() => keyed.setAPIKey('kauth-whatever'));
    keyed.setAPIKey(key._source.token);
    assert.equal((await keyed.auth.getCurrentUser())._id, 'root');
    assert.equal((await keyed.auth.checkToken()).valid, true);
    await keyed.document.create(index, collection, { by: 'api key' });
    await sdk.auth.deleteApiKey(key._id);
    await assertKuzzleError(keyed.auth.getCurrentUser(), { status: 401, id: 'security.token.invalid' });
  });
});
