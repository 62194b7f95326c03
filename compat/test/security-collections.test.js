'use strict';

// kuzzle-sdk 7 and the security collections: user and profile searches with scrolls, users by credentials, the
// mappings of the security collections, and single-use tokens. The server stays wide open (no administrator).

const { describe, test, before } = require('node:test');
const assert = require('node:assert/strict');
const { useServer } = require('../helpers/server');
const { connectSdk, httpRequest } = require('../helpers/clients');

const server = useServer({ env: { KVX_limits__loginsPerSecond: '50' } });

describe('security collections through kuzzle-sdk', () => {
  let sdk;

  before(async () => {
    sdk = await connectSdk(server);
    for (const name of ['ann', 'bob', 'cid']) {
      await sdk.security.createUser(`user-${name}`, {
        content: { profileIds: ['default'], nickname: name },
        credentials: { local: { username: name, password: `${name}-password` } },
      });
    }
  });

  test('searchUsers with a scroll pages through every user with scrollUsers', async () => {
    let page = await sdk.security.searchUsers({}, { scroll: '10s', size: 1 });
    assert.equal(page.total, 3);
    const seen = [];
    while (page) {
      seen.push(...page.hits.map((user) => user._id));
      page = await page.next();
    }
    assert.deepEqual(seen.sort(), ['user-ann', 'user-bob', 'user-cid']);
  });

  test('searchProfiles by role with a scroll pages with scrollProfiles', async () => {
    let page = await sdk.security.searchProfiles({ roles: ['default', 'admin'] }, { scroll: '10s', size: 1 });
    assert.equal(page.total, 2);
    const seen = [];
    while (page) {
      seen.push(...page.hits.map((profile) => profile._id));
      page = await page.next();
    }
    assert.deepEqual(seen.sort(), ['admin', 'default']);
  });

  test('searchUsersByCredentials finds a user by its local username', async () => {
    const response = await sdk.query({ controller: 'security', action: 'searchUsersByCredentials',
      strategy: 'local', body: { query: { term: { username: 'bob' } } } });
    assert.deepEqual(response.result.hits, [{ kuid: 'user-bob', username: 'bob' }]);
    assert.equal(response.result.total, 1);
  });

  test('getUserMapping and updateUserMapping', async () => {
    const before = await sdk.security.getUserMapping();
    assert.equal(before.mapping.profileIds.type, 'keyword');
    await sdk.query({ controller: 'security', action: 'updateUserMapping',
      body: { properties: { age: { type: 'integer' } } } });
    const after = await sdk.security.getUserMapping();
    assert.equal(after.mapping.age.type, 'integer');
    assert.equal(after.mapping.profileIds.type, 'keyword');
  });

  test('auth:createToken with singleUse gives a token that authenticates one request', async () => {
    const user = await connectSdk(server);
    await user.auth.login('local', { username: 'cid', password: 'cid-password' });
    const created = (await user.query({ controller: 'auth', action: 'createToken', singleUse: true,
      expiresIn: '1m' })).result;
    assert.equal(created.singleUse, true);
    assert.ok(created.expiresAt > Date.now());
    const headers = { Authorization: `Bearer ${created.token}` };
    const first = await httpRequest(server, 'GET', '/_me', { headers });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.json.result._id, 'user-cid');
    const second = await httpRequest(server, 'GET', '/_me', { headers });
    assert.equal(second.status, 401);
    assert.equal(second.json.error.id, 'security.token.invalid');
  });
});
