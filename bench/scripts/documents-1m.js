'use strict';

// Searches on a collection of 1,000,000 small documents, over WebSocket:
//   [KVX_JAVA_OPTS='-Xmx1g'] node bench/scripts/documents-1m.js [jar] [documents]
// Starts the server jar (default server/target/kvx.jar) on port 7599 in a fresh temporary data directory, loads the
// documents with document:mCreate (200 per request, 64 connections x 2 requests in flight), then reports:
// - load rate, and p50/p99 of a term query, a range with a sort, a bool with a terms aggregation, a get by id
//   (each 500 times in a row on one connection, after 100 of warm-up);
// - the server's resident memory (VmRSS of /proc/<pid>/status);
// - after a clean stop (SIGTERM) and after kill -9: the time from start to ready, then to the first answered search
//   (the collection opens on first use; after kill -9 it replays its log).
// Needs the `ws` package: run `npm ci` in compat/ first (this script loads it from there).
//
// On the elasticsearch engine, the server's settings come from the environment, as for any KVX:
//   KVX_storage__engine=elasticsearch KVX_storage__elasticsearch__nodes=http://127.0.0.1:9200 \
//     KVX_storage__elasticsearch__indexPrefix=bench1m [BENCH_STORE_PID=<pid>] node bench/scripts/documents-1m.js
// The data then lives in that cluster: a restart only reconnects, kill -9 has no log to replay, and the script
// deletes the bench index at the end. BENCH_STORE_PID names the storage process, whose resident memory is reported
// beside the server's.

const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { spawn } = require('node:child_process');
const WebSocket = require(path.join(__dirname, '..', '..', 'compat', 'node_modules', 'ws'));

const JAR = process.argv[2] || path.join(__dirname, '..', '..', 'server', 'target', 'kvx.jar');
const DOCUMENTS = Number(process.argv[3] || 1_000_000);
const PORT = 7599;
const BATCH = 200;
const CONNECTIONS = 64;
const IN_FLIGHT = 2;
const RUNS = 500;
const WARMUP = 100;
const target = { index: 'bench', collection: 'million' };
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvx-1m-'));
const SHARED_STORE = process.env.KVX_storage__engine === 'elasticsearch';

function start() {
  const began = Date.now();
  const options = (process.env.KVX_JAVA_OPTS || '').split(' ').filter((o) => o);
  const server = spawn('java', [...options, '-jar', JAR], {
    env: { ...process.env, KVX_server__port: String(PORT), KVX_server__protocols__mqtt__port: '0',
      KVX_storage__path: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    server.stdout.on('data', (chunk) => {
      seen += chunk;
      if (/ready in/.test(seen)) {
        resolve({ server, readyMs: Date.now() - began, began });
        seen = '';
      }
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

function connect() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${PORT}/`);
    const pending = new Map();
    let next = 0;
    ws.call = (request) => new Promise((done) => {
      const requestId = `q${next++}`;
      pending.set(requestId, done);
      ws.send(JSON.stringify({ ...request, requestId }));
    });
    ws.on('message', (m) => {
      const reply = JSON.parse(m);
      pending.get(reply.requestId)(reply);
      pending.delete(reply.requestId);
    });
    ws.on('open', () => resolve(ws));
    // The server closes idle connections: a request left without answer then fails instead of hanging.
    ws.on('close', () => pending.forEach((done) => done({ status: 0, closed: true })));
    ws.on('error', reject);
  });
}

function documentAt(i) {
  return { _id: `d${i}`, body: { n: i, tag: `t${i % 1000}`, cat: `c${i % 10}`, s: 'x'.repeat(20) } };
}

async function load() {
  const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, connect));
  const began = Date.now();
  let next = 0;
  let errors = 0;
  let firstError = null;
  await Promise.all(sockets.flatMap((ws) => Array.from({ length: IN_FLIGHT }, async () => {
    while (next < DOCUMENTS) {
      const first = next;
      next += BATCH;
      const documents = [];
      for (let i = first; i < Math.min(first + BATCH, DOCUMENTS); i++) documents.push(documentAt(i));
      const reply = await ws.call({ controller: 'document', action: 'mCreate', ...target, body: { documents } });
      if (reply.status !== 200) {
        errors++;
        firstError = firstError || reply;
      }
    }
  })));
  const seconds = (Date.now() - began) / 1000;
  sockets.forEach((ws) => ws.close());
  if (firstError) {
    const { status, error, closed } = firstError;
    console.log(`first failed mCreate: ${JSON.stringify({ status, closed, error: error && error.id,
      message: error && error.message })}`);
  }
  return { seconds, rate: Math.round(DOCUMENTS / seconds), errors };
}

async function timed(ws, name, request) {
  const latencies = [];
  let failures = 0;
  for (let k = 0; k < WARMUP + RUNS; k++) {
    const began = process.hrtime.bigint();
    const reply = await ws.call(request(k));
    if (reply.status !== 200) failures++;
    if (k >= WARMUP) latencies.push(Number(process.hrtime.bigint() - began) / 1e6);
  }
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(2);
  console.log(`${name}: p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, errors ${failures}`);
}

function search(body) {
  return { controller: 'document', action: 'search', ...target, body };
}

async function measure(ws) {
  await timed(ws, 'term', (k) => search({ query: { term: { tag: `t${k % 1000}` } } }));
  await timed(ws, 'range + sort', (k) => search({
    query: { range: { n: { gte: (k * 1999) % DOCUMENTS, lt: (k * 1999) % DOCUMENTS + 10000 } } },
    sort: [{ n: 'desc' }] }));
  await timed(ws, 'bool + terms aggregation', (k) => search({
    query: { bool: { filter: [{ term: { cat: `c${k % 10}` } }, { range: { n: { lt: DOCUMENTS / 2 } } }] } },
    aggregations: { tags: { terms: { field: 'tag', size: 10 } } }, size: 0 }));
  await timed(ws, 'get', (k) => ({ controller: 'document', action: 'get', ...target, _id: `d${(k * 7919) % DOCUMENTS}` }));
}

function rssMb(pid) {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS'));
  return Math.round(Number(line.split(/\s+/)[1]) / 1024);
}

async function reopen(how, tag, expected) {
  const { server, readyMs, began } = await start();
  const ws = await connect();
  const reply = await ws.call(search({ query: { term: { tag } } }));
  const total = reply.result ? reply.result.total : -1;
  console.log(`restart after ${how}: ready in ${readyMs} ms, first search answered at ${Date.now() - began} ms `
    + `(total ${total} for ${tag}, expected ${expected})`);
  ws.close();
  return server;
}

function stop(server, signal) {
  return new Promise((resolve) => {
    server.removeAllListeners('exit');
    server.on('exit', resolve);
    server.kill(signal);
  });
}

async function main() {
  let { server } = await start();
  const admin = await connect();
  await admin.call({ controller: 'collection', action: 'create', ...target, body: { properties: {
    n: { type: 'integer' }, tag: { type: 'keyword' }, cat: { type: 'keyword' }, s: { type: 'keyword' } } } });
  admin.close();
  const loaded = await load();
  console.log(`loaded ${DOCUMENTS} documents in ${loaded.seconds.toFixed(1)} s: ${loaded.rate} documents/s, `
    + `errors ${loaded.errors}`);
  const ws = await connect();
  await ws.call({ controller: 'collection', action: 'refresh', ...target });
  await measure(ws);
  console.log(`server RSS ${rssMb(server.pid)} MB`
    + (process.env.BENCH_STORE_PID ? `, storage RSS ${rssMb(process.env.BENCH_STORE_PID)} MB` : ''));
  ws.close();
  await stop(server, 'SIGTERM');
  server = await reopen('SIGTERM', 't7', Math.ceil(DOCUMENTS / 1000));
  const writer = await connect();
  for (let i = 0; i < 20; i++) {
    const documents = Array.from({ length: BATCH }, (_, k) => ({ body: { n: -k, tag: 'late' } }));
    await writer.call({ controller: 'document', action: 'mCreate', ...target, body: { documents } });
  }
  await stop(server, 'SIGKILL');
  server = await reopen(SHARED_STORE ? 'kill -9' : 'kill -9 (4,000 documents in the log)', 'late', 20 * BATCH);
  if (SHARED_STORE) {
    const cleaner = await connect();
    await cleaner.call({ controller: 'index', action: 'delete', index: target.index });
    cleaner.close();
  }
  await stop(server, 'SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((e) => { console.error(e); process.exit(1); });
