'use strict';

// kuzzle-sdk 7, over WebSocket and Http: collection specifications (the collection controller's specification
// actions), their checks on document writes, and document:validate.

const { describe, test, before } = require('node:test');
const assert = require('node:assert/strict');
const { useServer } = require('../helpers/server');
const { connectSdk } = require('../helpers/clients');
const { assertKuzzleError } = require('../helpers/expect');

const server = useServer();

const specifications = {
  strict: true,
  fields: {
    name: { type: 'string', mandatory: true, typeOptions: { length: { min: 2 } } },
    price: { type: 'numeric', typeOptions: { range: { min: 0 } } },
    state: { type: 'enum', defaultValue: 'draft', typeOptions: { values: ['draft', 'sold'] } },
    contact: { type: 'object' },
    'contact/email': { type: 'email', mandatory: true },
  },
};

for (const protocol of ['websocket', 'http']) {
  describe(`collection specifications over ${protocol}`, () => {
    let sdk;
    const index = `specs-${protocol}`;

    before(async () => {
      sdk = await connectSdk(server, { protocol });
      await sdk.collection.create(index, 'items');
    });

    test('getSpecifications answers 404 validation.assert.not_found when there are none', async () => {
      await assertKuzzleError(sdk.collection.getSpecifications(index, 'items'),
        { status: 404, id: 'validation.assert.not_found' });
      await assertKuzzleError(sdk.collection.getSpecifications(index, 'nope'),
        { status: 412, id: 'services.storage.unknown_collection' });
    });

    test('validateSpecifications reports every problem without storing anything', async () => {
      assert.deepEqual(await sdk.collection.validateSpecifications(index, 'items', specifications), { valid: true });
      const report = await sdk.collection.validateSpecifications(index, 'items', {
        fields: { a: { type: 'nope' }, b: { type: 'enum' } },
      });
      assert.equal(report.valid, false);
      assert.equal(typeof report.description, 'string');
      assert.equal(report.details.length, 2);
      await assertKuzzleError(sdk.collection.getSpecifications(index, 'items'),
        { status: 404, id: 'validation.assert.not_found' });
    });

    test('updateSpecifications stores them, getSpecifications reads them back', async () => {
      assert.deepEqual(await sdk.collection.updateSpecifications(index, 'items', specifications), specifications);
      assert.deepEqual(await sdk.collection.getSpecifications(index, 'items'),
        { index, collection: 'items', validation: specifications });
      await assertKuzzleError(
        sdk.collection.updateSpecifications(index, 'items', { fields: { a: { type: 'nope' } } }),
        { status: 400, id: 'validation.assert.invalid_specifications' });
      const found = await sdk.collection.searchSpecifications({ query: { term: { index } } });
      assert.equal(found.total, 1);
      assert.equal(found.hits[0]._id, `${index}#items`);
    });

    test('document writes are checked, and defaults filled in', async () => {
      const created = await sdk.document.create(index, 'items',
        { name: 'lamp', contact: { email: 'shop@example.com' } }, 'lamp');
      assert.equal(created._source.state, 'draft');
      const refused = await assertKuzzleError(sdk.document.create(index, 'items', { name: 'lamp', price: -1 }),
        { status: 400, id: 'validation.check.failed_field', code: 84082690 });
      assert.match(refused.message, /"price"/);
      const nested = await assertKuzzleError(
        sdk.document.create(index, 'items', { name: 'desk', contact: { email: 'not-an-email' } }),
        { status: 400, id: 'validation.check.failed_field' });
      assert.match(nested.message, /"contact\.email"/);
      await assertKuzzleError(sdk.document.create(index, 'items', { name: 'desk', color: 'red' }),
        { status: 400, id: 'validation.check.failed_document', code: 84082689 });
      await assertKuzzleError(sdk.document.update(index, 'items', 'lamp', { state: 'broken' }),
        { status: 400, id: 'validation.check.failed_field' });
      const updated = await sdk.document.update(index, 'items', 'lamp', { state: 'sold' }, { source: true });
      assert.equal(updated._source.state, 'sold');
      const multi = await sdk.document.mCreate(index, 'items', [
        { _id: 'chair', body: { name: 'chair' } },
        { _id: 'x', body: { name: 'x' } },
      ]);
      assert.equal(multi.successes.length, 1);
      assert.equal(multi.errors.length, 1);
      assert.equal(multi.errors[0].status, 400);
    });

    test('document.validate answers the report and writes nothing', async () => {
      const valid = await sdk.document.validate(index, 'items', { name: 'stool' });
      assert.deepEqual(valid, { errorMessages: {}, valid: true });
      const invalid = await sdk.document.validate(index, 'items', { price: 'free' });
      assert.equal(invalid.valid, false);
      assert.deepEqual(Object.keys(invalid.errorMessages.fieldScope.children).sort(), ['name', 'price']);
      assert.equal(await sdk.document.exists(index, 'items', 'stool'), false);
      if (protocol === 'websocket') {
        // The deprecated realtime:validate (no HTTP route, as in Kuzzle) answers the same.
        const viaRealtime = await sdk.query({ controller: 'realtime', action: 'validate', index, collection: 'items',
          body: { price: 'free' } });
        assert.deepEqual(viaRealtime.result, invalid);
      }
    });

    test('realtime:publish is checked too, and notifies the message with its defaults', async () => {
      await assertKuzzleError(sdk.realtime.publish(index, 'items', { name: 'x' }),
        { status: 400, id: 'validation.check.failed_field' });
      if (protocol !== 'websocket') {
        return;
      }
      const received = [];
      const room = await sdk.realtime.subscribe(index, 'items', { equals: { name: 'vase' } }, (n) => received.push(n));
      await sdk.realtime.publish(index, 'items', { name: 'vase', contact: { email: 'a@example.com' } });
      for (let i = 0; i < 200 && received.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(received.length, 1);
      assert.equal(received[0].action, 'publish');
      assert.equal(received[0].result._source.state, 'draft');
      await sdk.realtime.unsubscribe(room);
    });

    test('deleteSpecifications lifts the checks', async () => {
      await sdk.collection.deleteSpecifications(index, 'items');
      await assertKuzzleError(sdk.collection.getSpecifications(index, 'items'),
        { status: 404, id: 'validation.assert.not_found' });
      const free = await sdk.document.create(index, 'items', { anything: true });
      assert.equal(free._source.anything, true);
      await sdk.collection.deleteSpecifications(index, 'items');
    });
  });
}
