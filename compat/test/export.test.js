'use strict';

// document:export (Kuzzle 2.17+): JSON Lines and CSV downloads streamed over HTTP, read with Node's fetch; the
// documents are written with kuzzle-sdk, which also shows that other protocols are refused.

const { describe, test, before } = require('node:test');
const assert = require('node:assert/strict');
const { useServer } = require('../helpers/server');
const { useCluster } = require('../helpers/cluster');
const { connectSdk, httpRequest } = require('../helpers/clients');
const { assertKuzzleError, assertApiError } = require('../helpers/expect');

const server = useServer();
const INDEX = 'export-compat';
const COLLECTION = 'people';
const DOCUMENTS = 3000;
const BATCH = 200;

function person(i) {
  return {
    _id: `p${String(i).padStart(4, '0')}`,
    body: { n: i, name: `person ${i}`, address: { city: i % 3 === 0 ? 'Paris' : 'Lyon' }, tags: ['t'] },
  };
}

/** A downloaded export: status, headers, the body's lines (without the empty string after the last newline). */
async function download(path, init = {}) {
  const response = await fetch(server.httpUrl + path, init);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let reads = 0;
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    text += decoder.decode(part.value, { stream: true });
    reads += 1;
  }
  text += decoder.decode();
  const lines = text.split('\n');
  assert.equal(lines.pop(), '', 'the body must end with a newline');
  return { status: response.status, headers: response.headers, text, lines, reads };
}

function post(path, body) {
  const headers = { 'Content-Type': 'application/json' };
  return download(path, { method: 'POST', headers, body: JSON.stringify(body) });
}

/** RFC 4180 cells of one CSV line, enough for the lines these tests write. */
function cells(line, separator = ',') {
  const out = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (line.startsWith(separator, i)) {
      out.push(cell);
      cell = '';
      i += separator.length - 1;
    } else {
      cell += c;
    }
  }
  out.push(cell);
  return out;
}

describe('document:export', () => {
  let sdk;

  before(async () => {
    sdk = await connectSdk(server);
    await sdk.collection.create(INDEX, COLLECTION, {
      mappings: {
        properties: {
          n: { type: 'integer' }, name: { type: 'keyword' }, tags: { type: 'keyword' },
          address: { properties: { city: { type: 'keyword' } } },
        },
      },
    });
    for (let from = 0; from < DOCUMENTS; from += BATCH) {
      const documents = Array.from({ length: BATCH }, (_, i) => person(from + i));
      // One refresh at the end (the last create below) makes them all searchable: waiting for one per batch costs a
      // second each on Elasticsearch.
      const created = await sdk.document.mCreate(INDEX, COLLECTION, documents);
      assert.equal(created.successes.length, BATCH);
    }
    await sdk.document.create(INDEX, COLLECTION, { n: -1, name: 'Smith, "Jo"\nJr', address: { city: 'Nice' } },
      'tricky', { refresh: 'wait_for' });
  });

  test('GET _export streams every document as JSON Lines, header line first', async () => {
    const res = await download(`/${INDEX}/${COLLECTION}/_export?size=250`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'html/text');
    assert.equal(res.headers.get('content-disposition'), `attachment; filename="${INDEX}-${COLLECTION}.jsonl"`);
    assert.equal(res.headers.get('transfer-encoding'), 'chunked');
    assert.ok(res.headers.get('x-kuzzle-request-id'));
    assert.deepEqual(JSON.parse(res.lines[0]), { collection: COLLECTION, index: INDEX, type: 'collection' });
    assert.equal(res.lines.length, DOCUMENTS + 2);
    const ids = new Set();
    for (const line of res.lines.slice(1)) {
      const document = JSON.parse(line);
      assert.deepEqual(Object.keys(document), ['_id', 'body']);
      assert.equal(typeof document.body._kuzzle_info.createdAt, 'number');
      ids.add(document._id);
    }
    assert.equal(ids.size, DOCUMENTS + 1);
    const p42 = JSON.parse(res.lines.find((line) => line.includes('"p0042"')));
    assert.deepEqual(p42.body.address, { city: 'Paris' });
  });

  test('POST _export follows the body query and sort, in both query languages', async () => {
    const es = await post(`/${INDEX}/${COLLECTION}/_export`,
      { query: { range: { n: { lt: 3 } } }, sort: [{ n: 'desc' }] });
    assert.equal(es.status, 200);
    assert.deepEqual(es.lines.slice(1).map((line) => JSON.parse(line)._id), ['p0002', 'p0001', 'p0000', 'tricky']);
    const koncorde = await post(`/${INDEX}/${COLLECTION}/_export?lang=koncorde`,
      { query: { and: [{ equals: { 'address.city': 'Paris' } }, { range: { n: { lt: 30 } } }] } });
    assert.equal(koncorde.lines.length, 1 + 10);
  });

  test('CSV: fields at their paths, renamed by fieldsName, joined by the separator, quoted when needed',
    async () => {
      const res = await post(`/${INDEX}/${COLLECTION}/_export?format=csv&separator=%3B`, {
        query: { ids: { values: ['tricky', 'p0003'] } },
        sort: { n: 'asc' },
        fields: ['name', 'address.city', 'tags', 'nothing', 'n'],
        fieldsName: { 'address.city': 'City', n: 'Number' },
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/csv');
      assert.equal(res.headers.get('content-disposition'), `attachment; filename="${INDEX}-${COLLECTION}.csv"`);
      assert.equal(res.lines[0], '_id;name;City;tags;nothing;Number');
      const rows = [];
      for (let i = 1; i < res.lines.length; i += 1) {
        // a quoted line break continues the row on the next line
        let line = res.lines[i];
        while ((line.match(/"/g) || []).length % 2 === 1) {
          i += 1;
          line += `\n${res.lines[i]}`;
        }
        rows.push(cells(line, ';'));
      }
      assert.deepEqual(rows, [
        ['tricky', 'Smith, "Jo"\nJr', 'Nice', '', '', '-1'],
        ['p0003', 'person 3', 'Paris', '[OBJECT]', '', '3'],
      ]);
    });

  test('CSV over GET: fields as a comma list; without fields, the mapped fields sorted by path', async () => {
    const query = encodeURIComponent(JSON.stringify({ ids: { values: ['p0007'] } }));
    const listed = await download(`/${INDEX}/${COLLECTION}/_export?format=csv&fields=n,name&query=${query}`);
    assert.deepEqual(listed.lines, ['_id,n,name', 'p0007,7,person 7']);
    const mapped = await download(`/${INDEX}/${COLLECTION}/_export?format=csv&query=${query}`);
    assert.deepEqual(mapped.lines, ['_id,address.city,n,name,tags', 'p0007,Lyon,7,person 7,[OBJECT]']);
  });

  test('POST /_query runs an export envelope over HTTP as well', async () => {
    const res = await post('/_query', {
      controller: 'document', action: 'export', index: INDEX, collection: COLLECTION, format: 'csv', fields: ['n'],
      body: { query: { ids: { values: ['p0007'] } } },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv');
    assert.deepEqual(res.lines, ['_id,n', 'p0007,7']);
  });

  test('a CSV export of every document has one line per document', async () => {
    const res = await download(`/${INDEX}/${COLLECTION}/_export?format=csv&fields=n&size=1000`);
    assert.equal(res.lines.length, 1 + DOCUMENTS + 1);
    assert.equal(new Set(res.lines.slice(1).map((line) => cells(line)[0])).size, DOCUMENTS + 1);
  });

  test('over WebSocket, the SDK gets api.assert.unsupported_protocol', async () => {
    const error = await assertKuzzleError(
      sdk.query({ controller: 'document', action: 'export', index: INDEX, collection: COLLECTION }),
      { status: 500, id: 'api.assert.unsupported_protocol', code: 33619984 });
    assert.match(error.message, /"websocket".*"document:export"/);
  });

  test('bad arguments and unknown collections are Kuzzle errors, not downloads', async () => {
    const format = await httpRequest(server, 'GET', `/${INDEX}/${COLLECTION}/_export?format=xml`);
    assert.equal(format.status, 400);
    assert.match(format.headers.get('content-type'), /^application\/json\b/);
    assertApiError(format.json.error, { status: 400, id: 'api.assert.invalid_argument' });
    const missing = await httpRequest(server, 'GET', `/${INDEX}/nobody/_export`);
    assertApiError(missing.json.error, { status: 412, id: 'services.storage.unknown_collection' });
    const query = await httpRequest(server, 'POST', `/${INDEX}/${COLLECTION}/_export`,
      { headers: { 'Content-Type': 'application/json' }, body: { query: { no_such_query: {} } } });
    assert.equal(query.status, 400);
    assert.equal(query.json.controller, 'document');
    assert.equal(query.json.action, 'export');
  });

  test('a client that gives up midway leaves the server serving', async () => {
    const abort = new AbortController();
    const response = await fetch(`${server.httpUrl}/${INDEX}/${COLLECTION}/_export?size=10`, { signal: abort.signal });
    const reader = response.body.getReader();
    const first = await reader.read();
    assert.ok(first.value.length > 0);
    abort.abort();
    await assert.rejects(reader.read());
    const again = await download(`/${INDEX}/${COLLECTION}/_export?size=500`);
    assert.equal(again.lines.length, DOCUMENTS + 2);
  });
});

describe('document:export across a cluster: the gateway and the document verticle on different JVMs', () => {
  const cluster = useCluster([
    { name: 'data', roles: 'document,security' },
    { name: 'gateway', roles: 'gateway' },
  ], { name: `compat-export-${process.pid}` });
  const CLUSTERED = 1000;

  before(async () => {
    const sdk = await connectSdk(cluster.node('gateway'));
    await sdk.collection.create(INDEX, COLLECTION, { mappings: { properties: { n: { type: 'integer' } } } });
    for (let from = 0; from < CLUSTERED; from += BATCH) {
      const documents = Array.from({ length: BATCH }, (_, i) => ({ _id: `c${from + i}`, body: { n: from + i } }));
      const last = from + BATCH >= CLUSTERED;
      await sdk.document.mCreate(INDEX, COLLECTION, documents, last ? { refresh: 'wait_for' } : {});
    }
  });

  test('the gateway pulls every page from the document node', async () => {
    const url = `${cluster.node('gateway').httpUrl}/${INDEX}/${COLLECTION}/_export`;
    const jsonl = await (await fetch(`${url}?size=100`)).text();
    const lines = jsonl.split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, 1 + CLUSTERED);
    assert.equal(new Set(lines.slice(1).map((line) => JSON.parse(line)._id)).size, CLUSTERED);
    const csv = await (await fetch(`${url}?format=csv&fields=n&query=${encodeURIComponent('{"range":{"n":{"lt":5}}}')}`
      + `&sort=${encodeURIComponent('[{"n":"asc"}]')}`)).text();
    assert.equal(csv, '_id,n\nc0,0\nc1,1\nc2,2\nc3,3\nc4,4\n');
  });
});
