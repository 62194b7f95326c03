'use strict';

// Preliminary document throughput over WebSocket against a running KVX:
//   node bench/scripts/documents-ws.js create|mCreate|get [port]
// 64 connections x 16 requests in flight for 10 s, on index "bench", collection "docs" (created if missing).
// Needs the `ws` package: run `npm ci` in compat/ first (this script loads it from there).

const path = require('node:path');
const WebSocket = require(path.join(__dirname, '..', '..', 'compat', 'node_modules', 'ws'));

const CONNECTIONS = 64;
const IN_FLIGHT = 16;
const SECONDS = 10;
const BATCH = 200;
const action = process.argv[2] || 'create';
const url = `ws://127.0.0.1:${process.argv[3] || 7512}/`;

function once(request) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => ws.send(JSON.stringify(request)));
    ws.on('message', (m) => { ws.close(); resolve(JSON.parse(m)); });
    ws.on('error', reject);
  });
}

function request(n) {
  const target = { index: 'bench', collection: 'docs' };
  if (action === 'mCreate') {
    const documents = Array.from({ length: BATCH }, (_, k) => ({ body: { n: k, s: 'x'.repeat(50) } }));
    return { controller: 'document', action: 'mCreate', ...target, body: { documents } };
  }
  if (action === 'get') {
    return { controller: 'document', action: 'get', ...target, _id: `g${n % BATCH}` };
  }
  return { controller: 'document', action: 'create', ...target, body: { n, s: 'x'.repeat(50) } };
}

async function main() {
  await once({ controller: 'collection', action: 'create', index: 'bench', collection: 'docs' });
  if (action === 'get') {
    const documents = Array.from({ length: BATCH }, (_, k) => ({ _id: `g${k}`, body: { n: k } }));
    await once({ controller: 'document', action: 'mCreateOrReplace', index: 'bench', collection: 'docs',
      body: { documents } });
  }
  const latencies = [];
  let sent = 0;
  let errors = 0;
  let stop = false;
  const start = Date.now();
  setTimeout(() => { stop = true; }, SECONDS * 1000);
  await Promise.all(Array.from({ length: CONNECTIONS }, () => new Promise((resolve) => {
    const ws = new WebSocket(url);
    const pending = new Map();
    const fire = () => {
      const id = `r${sent++}`;
      pending.set(id, process.hrtime.bigint());
      ws.send(JSON.stringify({ ...request(sent), requestId: id }));
    };
    ws.on('open', () => { for (let k = 0; k < IN_FLIGHT; k++) fire(); });
    ws.on('message', (m) => {
      const reply = JSON.parse(m);
      if (reply.status !== 200) errors++;
      latencies.push(Number(process.hrtime.bigint() - pending.get(reply.requestId)) / 1e6);
      pending.delete(reply.requestId);
      if (!stop) fire();
      else if (pending.size === 0) ws.close();
    });
    ws.on('close', resolve);
  })));
  const elapsed = (Date.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1);
  const perRequest = action === 'mCreate' ? BATCH : 1;
  console.log(`${action}: ${Math.round(latencies.length / elapsed)} requests/s, `
    + `${Math.round(latencies.length * perRequest / elapsed)} documents/s, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, `
    + `errors ${errors}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
