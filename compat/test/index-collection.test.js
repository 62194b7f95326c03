'use strict';

// kuzzle-sdk 7, over WebSocket and Http: the index and collection controllers (behaviour 5 of the reference,
// section 12) and their errors.

const { describe, test, before } = require('node:test');
const assert = require('node:assert/strict');
const { useServer } = require('../helpers/server');
const { connectSdk } = require('../helpers/clients');
const { assertKuzzleError } = require('../helpers/expect');

const server = useServer();

for (const protocol of ['websocket', 'http']) {
  describe(`index and collection controllers over ${protocol}`, () => {
    let sdk;
    const index = `shop-${protocol}`;

    before(async () => {
      sdk = await connectSdk(server, { protocol });
    });

    test('index.create, then exists and list', async () => {
      await sdk.index.create(index);
      assert.equal(await sdk.index.exists(index), true);
      assert.equal(await sdk.index.exists(`${index}-nope`), false);
      assert.ok((await sdk.index.list()).includes(index));
      await assertKuzzleError(sdk.index.create(index), { status: 412, id: 'services.storage.index_already_exists' });
    });

    test('collection.create with mappings, exists, list, getMapping', async () => {
      await sdk.collection.create(index, 'items', {
        mappings: { dynamic: 'strict', properties: { name: { type: 'keyword' }, price: { type: 'float' } } },
      });
      assert.equal(await sdk.collection.exists(index, 'items'), true);
      assert.equal(await sdk.collection.exists(index, 'nope'), false);
      const list = await sdk.collection.list(index);
      assert.deepEqual(list.collections, [{ name: 'items', type: 'stored' }]);
      const mapping = await sdk.collection.getMapping(index, 'items');
      assert.equal(mapping.dynamic, 'strict');
      assert.deepEqual(Object.keys(mapping.properties).sort(), ['name', 'price']);
      const withMeta = await sdk.collection.getMapping(index, 'items', { includeKuzzleMeta: true });
      assert.ok(withMeta.properties._kuzzle_info, 'no _kuzzle_info with includeKuzzleMeta');
    });

    test('collection.update merges mappings and refuses a type change', async () => {
      await sdk.collection.update(index, 'items', { mappings: { properties: { stock: { type: 'integer' } } } });
      const mapping = await sdk.collection.getMapping(index, 'items');
      assert.deepEqual(Object.keys(mapping.properties).sort(), ['name', 'price', 'stock']);
      await assertKuzzleError(
        sdk.collection.update(index, 'items', { mappings: { properties: { name: { type: 'long' } } } }),
        { status: 400, id: 'services.storage.cannot_change_mapping' });
    });

    test('unknown index and invalid names give Kuzzle errors', async () => {
      await assertKuzzleError(sdk.collection.list(`${index}-nope`),
        { status: 412, id: 'services.storage.unknown_index' });
      await assertKuzzleError(sdk.collection.getMapping(index, 'nope'),
        { status: 412, id: 'services.storage.unknown_collection' });
      await assertKuzzleError(sdk.index.create('Not.Valid'), { status: 400, id: 'services.storage.invalid_index_name' });
    });

    test('document create, get, update, createOrReplace, delete: shapes, versions and errors', async () => {
      const created = await sdk.document.create(index, 'items', { name: 'pear', price: 1 }, 'p1');
      assert.equal(created._id, 'p1');
      assert.equal(created._version, 1);
      assert.equal(created._source.name, 'pear');
      assert.equal(created._source._kuzzle_info.author, '-1');
      const fetched = await sdk.document.get(index, 'items', 'p1');
      assert.deepEqual(fetched._source, created._source);
      const updated = await sdk.document.update(index, 'items', 'p1', { price: 2 });
      assert.equal(updated._version, 2);
      assert.deepEqual(Object.keys(updated._source).sort(), ['_kuzzle_info', 'price']);
      const replaced = await sdk.document.createOrReplace(index, 'items', 'p1', { name: 'apple', price: 3 });
      assert.equal(replaced._version, 3);
      assert.equal(replaced.created, false);
      assert.equal(await sdk.document.exists(index, 'items', 'p1'), true);
      await assertKuzzleError(sdk.document.create(index, 'items', {}, 'p1'),
        { status: 400, id: 'services.storage.document_already_exists' });
      await assertKuzzleError(sdk.document.get(index, 'items', 'nope'),
        { status: 404, id: 'services.storage.not_found' });
      await assertKuzzleError(sdk.document.get(`${index}-nope`, 'items', 'p1'),
        { status: 412, id: 'services.storage.unknown_index' });
      const deleted = await sdk.document.delete(index, 'items', 'p1');
      assert.equal(deleted, 'p1');
      assert.equal(await sdk.document.exists(index, 'items', 'p1'), false);
    });

    test('m* actions: partial failures, strict mode, write limit, mGet (GET ?ids=a,b over Http)', async () => {
      // A collection of its own: 'items' has a strict mapping without the field n.
      await sdk.collection.create(index, 'batch');
      await sdk.document.create(index, 'batch', { n: 0 }, 'm0');
      const result = await sdk.document.mCreate(index, 'batch', [
        { _id: 'm0', body: { n: 1 } }, { _id: 'm1', body: { n: 1 } }, { _id: 'm2', body: { n: 2 } }]);
      assert.deepEqual(result.successes.map((d) => d._id), ['m1', 'm2']);
      assert.equal(result.errors.length, 1);
      assert.equal(result.errors[0].status, 400);
      assert.equal(result.errors[0].reason, 'document already exists');
      await assertKuzzleError(sdk.document.mCreate(index, 'batch', [{ _id: 'm0', body: {} }], { strict: true }),
        { status: 400, id: 'api.process.incomplete_multiple_request' });
      const tooMany = Array.from({ length: 201 }, (_, i) => ({ _id: `x${i}`, body: {} }));
      await assertKuzzleError(sdk.document.mCreate(index, 'batch', tooMany),
        { status: 413, id: 'services.storage.write_limit_exceeded' });
      const fetched = await sdk.document.mGet(index, 'batch', ['m1', 'm2', 'nope']);
      assert.deepEqual(fetched.successes.map((d) => d._id).sort(), ['m1', 'm2']);
      assert.deepEqual(fetched.errors, ['nope']);
      const deleted = await sdk.document.mDelete(index, 'batch', ['m0', 'm1', 'm2', 'nope']);
      assert.deepEqual(deleted.successes.sort(), ['m0', 'm1', 'm2']);
      assert.equal(deleted.errors[0]._id, 'nope');
    });

    test('collection.truncate, collection.delete, index.delete', async () => {
      await sdk.collection.truncate(index, 'items');
      assert.equal(await sdk.collection.exists(index, 'items'), true);
      await sdk.collection.delete(index, 'items');
      assert.equal(await sdk.collection.exists(index, 'items'), false);
      await sdk.index.delete(index);
      assert.equal(await sdk.index.exists(index), false);
    });
  });
}
