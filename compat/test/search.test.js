'use strict';

// kuzzle-sdk 7 over WebSocket: document search and its pagination, aggregations, lang=koncorde, count and the
// writes by query with refresh=wait_for (behaviours 9 and 10 of the reference, section 12).

const { describe, test, before } = require('node:test');
const assert = require('node:assert/strict');
const { useServer } = require('../helpers/server');
const { connectSdk, sleep } = require('../helpers/clients');
const { assertKuzzleError } = require('../helpers/expect');

const server = useServer();
const INDEX = 'search-compat';
const DOCUMENTS = 25;

/** Document `i`: `n` its number, `kind` even or odd, `month` the first day of month `i % 12` of 2024. */
function document(i) {
  return {
    _id: `d${String(i).padStart(2, '0')}`,
    body: { n: i, kind: i % 2 ? 'odd' : 'even', label: `item number ${i}`, month: Date.UTC(2024, i % 12, 1) },
  };
}

/** Every page of a search, following SearchResult.next() until it answers null. */
async function allPages(first) {
  const pages = [];
  for (let page = first; page; page = await page.next()) {
    pages.push(page);
  }
  return pages;
}

describe('document search and writes by query over websocket', () => {
  let sdk;

  before(async () => {
    sdk = await connectSdk(server);
    await sdk.collection.create(INDEX, 'items', {
      mappings: {
        properties: {
          n: { type: 'integer' }, kind: { type: 'keyword' }, label: { type: 'text' }, month: { type: 'date' },
        },
      },
    });
    const documents = Array.from({ length: DOCUMENTS }, (_, i) => document(i));
    const created = await sdk.document.mCreate(INDEX, 'items', documents, { refresh: 'wait_for' });
    assert.equal(created.successes.length, DOCUMENTS);
  });

  test('search with query, sort and size: exact total, then next() through search_after', async () => {
    const first = await sdk.document.search(INDEX, 'items',
      { query: { range: { n: { gte: 5 } } }, sort: [{ n: 'desc' }, '_id'] }, { size: 6 });
    assert.equal(first.total, 20);
    assert.equal(first.hits.length, 6);
    assert.deepEqual(Object.keys(first.hits[0]).sort(), ['_id', '_score', '_source', 'collection', 'index']);
    const pages = await allPages(first);
    assert.equal(pages.length, 4);
    const seen = pages.flatMap((page) => page.hits.map((hit) => hit._source.n));
    assert.deepEqual(seen, Array.from({ length: 20 }, (_, i) => 24 - i));
  });

  test('search with scroll: next() runs document:scroll until every hit is read', async () => {
    const first = await sdk.document.search(INDEX, 'items', { query: { term: { kind: 'even' } } },
      { scroll: '10s', size: 5 });
    assert.equal(first.total, 13);
    const pages = await allPages(first);
    assert.equal(pages.length, 3);
    const ids = pages.flatMap((page) => page.hits.map((hit) => hit._id));
    assert.equal(new Set(ids).size, 13);
  });

  test('search with from and size: next() pages by from', async () => {
    const first = await sdk.document.search(INDEX, 'items', {}, { from: 0, size: 10 });
    assert.equal(first.total, DOCUMENTS);
    const pages = await allPages(first);
    assert.deepEqual(pages.map((page) => page.hits.length), [10, 10, 5]);
    assert.equal(new Set(pages.flatMap((page) => page.hits.map((hit) => hit._id))).size, DOCUMENTS);
  });

  test('search with aggregations answers them in Elasticsearch shapes', async () => {
    const result = await sdk.document.search(INDEX, 'items', {
      query: { range: { n: { lt: 12 } } },
      aggregations: {
        kinds: { terms: { field: 'kind' }, aggs: { top: { max: { field: 'n' } } } },
        average: { avg: { field: 'n' } },
        months: { date_histogram: { field: 'month', calendar_interval: 'month' } },
        sizes: { range: { field: 'n', ranges: [{ to: 6 }, { from: 6 }] } },
      },
    }, { size: 0 });
    assert.equal(result.total, 12);
    assert.equal(result.hits.length, 0);
    const { kinds, average, months, sizes } = result.aggregations;
    assert.deepEqual(kinds.buckets, [
      { key: 'even', doc_count: 6, top: { value: 10 } },
      { key: 'odd', doc_count: 6, top: { value: 11 } },
    ]);
    assert.equal(average.value, 5.5);
    assert.equal(months.buckets.length, 12);
    assert.equal(months.buckets[0].key_as_string, '2024-01-01T00:00:00.000Z');
    assert.equal(months.buckets[0].doc_count, 1);
    assert.deepEqual(sizes.buckets.map((bucket) => [bucket.key, bucket.doc_count]), [['*-6.0', 6], ['6.0-*', 6]]);
  });

  test('lang koncorde: filters are translated for search and count; bool is refused', async () => {
    const filter = { and: [{ equals: { kind: 'odd' } }, { range: { n: { gte: 15 } } }] };
    const result = await sdk.document.search(INDEX, 'items', { query: filter, sort: ['n'] },
      { lang: 'koncorde', size: 10 });
    assert.deepEqual(result.hits.map((hit) => hit._source.n), [15, 17, 19, 21, 23]);
    assert.equal(await sdk.document.count(INDEX, 'items', { query: { in: { kind: ['even'] } } },
      { lang: 'koncorde' }), 13);
    await assertKuzzleError(
      sdk.document.search(INDEX, 'items', { query: { bool: { must: [] } } }, { lang: 'koncorde' }),
      { status: 400, id: 'api.assert.koncorde_restricted_keyword' });
  });

  test('count answers the number of matches', async () => {
    assert.equal(await sdk.document.count(INDEX, 'items'), DOCUMENTS);
    assert.equal(await sdk.document.count(INDEX, 'items', { query: { match: { label: 'number' } } }), DOCUMENTS);
    assert.equal(await sdk.document.count(INDEX, 'items', { query: { term: { kind: 'odd' } } }), 12);
  });

  test('updateByQuery with refresh wait_for: the changes are searchable at once', async () => {
    const result = await sdk.document.updateByQuery(INDEX, 'items', { range: { n: { gte: 20 } } },
      { kind: 'late' }, { refresh: 'wait_for', source: true });
    assert.equal(result.errors.length, 0);
    assert.equal(result.successes.length, 5);
    const success = result.successes[0];
    assert.deepEqual(Object.keys(success).sort(), ['_id', '_source', '_version', 'status']);
    assert.equal(success._version, 2);
    assert.equal(success._source.kind, 'late');
    assert.equal(await sdk.document.count(INDEX, 'items', { query: { term: { kind: 'late' } } }), 5);
  });

  test('deleteByQuery with refresh wait_for notifies subscribers and answers the ids', async () => {
    const notifications = [];
    const listener = await connectSdk(server);
    await listener.realtime.subscribe(INDEX, 'items', { equals: { kind: 'late' } },
      (notification) => notifications.push(notification));
    const ids = await sdk.document.deleteByQuery(INDEX, 'items', { query: { term: { kind: 'late' } } },
      { refresh: 'wait_for' });
    assert.deepEqual([...ids].sort(), ['d20', 'd21', 'd22', 'd23', 'd24']);
    assert.equal(await sdk.document.count(INDEX, 'items'), 20);
    for (let waited = 0; notifications.length < 5 && waited < 3000; waited += 50) {
      await sleep(50);
    }
    assert.equal(notifications.length, 5);
    for (const notification of notifications) {
      assert.equal(notification.action, 'delete');
      assert.equal(notification.scope, 'out');
      assert.equal(notification.result._source.kind, 'late');
    }
  });

  test('writes by query past limits.documentsWriteCount answer 413', async () => {
    const more = Array.from({ length: 190 }, (_, i) => document(100 + i));
    await sdk.document.mCreate(INDEX, 'items', more, { refresh: 'wait_for' });
    await assertKuzzleError(sdk.document.deleteByQuery(INDEX, 'items', {}),
      { status: 413, id: 'services.storage.write_limit_exceeded' });
    assert.equal(await sdk.document.count(INDEX, 'items'), 210);
  });

  test('deleteFields removes fields and answers the new version', async () => {
    const result = await sdk.document.deleteFields(INDEX, 'items', 'd00', ['label'], { source: true });
    assert.equal(result._id, 'd00');
    assert.equal(result._version, 2);
    assert.equal(result._source.label, undefined);
    assert.equal(result._source.n, 0);
  });
});
