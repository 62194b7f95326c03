'use strict';

// Raw HTTP with Node's fetch: envelope, headers, router endpoints, CORS, pre-routing errors.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { useServer } = require('../helpers/server');
const { httpRequest } = require('../helpers/clients');
const { assertApiError } = require('../helpers/expect');

const server = useServer();

const ENVELOPE_KEYS = ['action', 'collection', 'controller', 'error', 'headers', 'index', 'node', 'requestId',
  'result', 'status', 'volatile'];
const JSON_HEADERS = { 'Content-Type': 'application/json' };

test('GET /_now: envelope and headers', async () => {
  const res = await httpRequest(server, 'GET', '/_now', { headers: { 'X-Kuzzle-Request-Id': 'compat-http-1' } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json\b/);
  assert.equal(res.headers.get('x-kuzzle-request-id'), 'compat-http-1');
  assert.ok(res.headers.get('x-kuzzle-node'), 'no X-Kuzzle-Node header');
  const body = res.json;
  assert.deepEqual(Object.keys(body).sort(), ENVELOPE_KEYS, `envelope: ${res.text}`);
  assert.equal(body.requestId, 'compat-http-1');
  assert.equal(body.status, 200);
  assert.equal(body.error, null);
  assert.equal(body.controller, 'server');
  assert.equal(body.action, 'now');
  assert.equal(body.node, res.headers.get('x-kuzzle-node'));
  assert.equal(typeof body.result.now, 'number');
  assert.ok(Math.abs(body.result.now - Date.now()) < 5_000);
});

test('an unknown URL: 404 envelope with network.http.url_not_found', async () => {
  const res = await httpRequest(server, 'GET', '/compat/no/such/route/at/all');
  assert.equal(res.status, 404);
  assert.deepEqual(Object.keys(res.json).sort(), ENVELOPE_KEYS, `envelope: ${res.text}`);
  assert.equal(res.json.status, 404);
  assert.equal(res.json.controller, null);
  assert.equal(res.json.action, null);
  assert.equal(res.json.result, null);
  assertApiError(res.json.error, { status: 404, id: 'network.http.url_not_found', code: 50397191 });
  assert.match(res.json.error.message, /\/compat\/no\/such\/route\/at\/all/);
});

test('POST /_query runs a WebSocket-style request', async () => {
  const res = await httpRequest(server, 'POST', '/_query', {
    headers: JSON_HEADERS,
    body: { controller: 'server', action: 'now' },
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, 200);
  assert.equal(res.json.error, null);
  assert.equal(res.json.controller, 'server');
  assert.equal(res.json.action, 'now');
  assert.equal(typeof res.json.result.now, 'number');
  assert.equal(res.headers.get('x-kuzzle-request-id'), res.json.requestId);
});

test('POST /_query with invalid JSON: 400 bare error network.http.body_parse_failed', async () => {
  const res = await httpRequest(server, 'POST', '/_query', { headers: JSON_HEADERS, body: '{"controller": "serv' });
  assert.equal(res.status, 400);
  assert.match(res.headers.get('content-type'), /^application\/json\b/);
  assert.ok(!('controller' in res.json), `not a bare error object: ${res.text}`);
  assertApiError(res.json, { status: 400, id: 'network.http.body_parse_failed', code: 50397196 });
});

test('GET /_healthcheck: 200', async () => {
  const res = await httpRequest(server, 'GET', '/_healthcheck');
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, 200);
  assert.equal(res.json.error, null);
});

test('GET /_ready: 200', async () => {
  const res = await httpRequest(server, 'GET', '/_ready');
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, 200);
});

test('OPTIONS on any path: 200 with the CORS headers', async () => {
  const res = await httpRequest(server, 'OPTIONS', '/anything');
  assert.equal(res.status, 200, res.text);
  assert.equal(res.headers.get('access-control-allow-methods'), 'GET,POST,PUT,PATCH,DELETE,OPTIONS,HEAD');
  const allowed = res.headers.get('access-control-allow-headers') || '';
  for (const header of ['Content-Type', 'Authorization', 'X-Kuzzle-Volatile']) {
    assert.ok(allowed.split(/\s*,\s*/).includes(header), `${header} not in Access-Control-Allow-Headers: ${allowed}`);
  }
  assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
});

test('a request with an Origin gets it back in Access-Control-Allow-Origin, with Vary: Origin', async () => {
  const res = await httpRequest(server, 'GET', '/_now', { headers: { Origin: 'http://example.com' } });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.headers.get('access-control-allow-origin'), 'http://example.com');
  assert.match(res.headers.get('vary') || '', /(^|,\s*)Origin(\s*,|$)/i);
});
