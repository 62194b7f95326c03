'use strict';

/**
 * Clients for a server started by ./server.js: kuzzle-sdk instances (WebSocket or Http protocol),
 * raw `ws` sockets and raw HTTP requests (Node's fetch).
 *
 * Every SDK instance and raw socket opened here is closed by the server's `after` hook, before the
 * server is stopped, so a failing test never leaves a connection behind; tests may close them earlier.
 */

const { Kuzzle, WebSocket: WebSocketProtocol, Http: HttpProtocol } = require('kuzzle-sdk');
const WebSocket = require('ws');

const DEFAULT_WAIT_MS = 5_000;
/** SDK instance → events it emitted (the Kuzzle object is a proxy that refuses unknown properties). */
const recordedEvents = new WeakMap();

/** The events an SDK from connectSdk() emitted since its creation, as `{event, at, args}`. */
function sdkEvents(sdk) {
  return recordedEvents.get(sdk) || [];
}

/**
 * A kuzzle-sdk instance on `server`, connected. `protocol` is 'websocket' (default) or 'http';
 * `protocolOptions` go to the protocol constructor (port is filled in), `sdkOptions` to Kuzzle.
 * The SDK's events (connected, disconnected, networkError, reconnected, tokenExpired, queryError,
 * discarded) are recorded, see sdkEvents().
 */
async function connectSdk(server, { protocol = 'websocket', protocolOptions = {}, sdkOptions = {} } = {}) {
  const ProtocolClass = protocol === 'http' ? HttpProtocol : WebSocketProtocol;
  const sdk = new Kuzzle(new ProtocolClass(server.host, { port: server.port, ...protocolOptions }), sdkOptions);
  const events = [];
  recordedEvents.set(sdk, events);
  for (const event of ['connected', 'disconnected', 'networkError', 'reconnected', 'tokenExpired', 'queryError',
    'discarded']) {
    sdk.addListener(event, (...args) => events.push({ event, at: Date.now(), args }));
  }
  server.onStop(() => sdk.disconnect());
  await sdk.connect();
  return sdk;
}

/** A raw `ws` socket that queues incoming frames, so that tests can await them one by one. */
class RawSocket {
  constructor(ws) {
    this.ws = ws;
    this.messages = [];
    this.waiters = [];
    this.openedAt = null;
    this.errors = [];
    // A socket error must not crash the test process; it is kept for assertions and followed by 'close'.
    ws.on('error', (error) => this.errors.push(error));
    this.closed = new Promise((resolve) => {
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString(), at: Date.now() }));
    });
    ws.on('message', (data) => {
      const text = data.toString();
      let json;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const message = { text, json, at: Date.now() };
      const waiter = this.waiters.findIndex((w) => w.match(message));
      if (waiter >= 0) {
        const [w] = this.waiters.splice(waiter, 1);
        w.resolve(message);
      } else {
        this.messages.push(message);
      }
    });
  }

  /**
   * Opens a socket to `server` (path `/`), waits for the upgrade. `wsOptions` go to `ws`; by default
   * the socket sends nothing by itself (no compression negotiation; pongs only if `autoPong`).
   */
  static open(server, wsOptions = {}, path = '/') {
    const ws = new WebSocket(server.wsUrl + path, { perMessageDeflate: false, ...wsOptions });
    const socket = new RawSocket(ws);
    server.onStop(() => socket.close());
    return new Promise((resolve, reject) => {
      ws.once('open', () => {
        socket.openedAt = Date.now();
        resolve(socket);
      });
      ws.once('error', reject);
    });
  }

  get isOpen() {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends a string as is, anything else as JSON. */
  send(payload) {
    this.ws.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
  }

  /** The next frame matching `match` (default: any), as `{text, json, at}`; rejects after `timeoutMs`. */
  next(match = () => true, timeoutMs = DEFAULT_WAIT_MS) {
    const queued = this.messages.findIndex(match);
    if (queued >= 0) {
      return Promise.resolve(this.messages.splice(queued, 1)[0]);
    }
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve: (m) => { clearTimeout(timer); resolve(m); } };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching WebSocket frame within ${timeoutMs} ms; unmatched frames: `
          + JSON.stringify(this.messages.map((m) => m.text))));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Sends a request envelope (a requestId is added if missing) and resolves with its response envelope. */
  async request(envelope, timeoutMs = DEFAULT_WAIT_MS) {
    const request = { requestId: `compat-${Math.random().toString(36).slice(2)}`, ...envelope };
    const reply = this.next((m) => m.json && m.json.room === request.requestId, timeoutMs);
    this.send(request);
    return (await reply).json;
  }

  close() {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.terminate();
    }
    return this.closed;
  }
}

/**
 * A raw HTTP request with Node's fetch. `body` is sent as is when it is a string, as JSON otherwise; `signal` can
 * abort it (AbortSignal.timeout(ms)).
 * Resolves with `{status, headers, text, json}` (`json` undefined when the body is not JSON).
 */
async function httpRequest(server, method, path, { headers = {}, body, signal } = {}) {
  const init = { method, headers: { ...headers }, signal };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(server.httpUrl + path, init);
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Resolves after `ms` milliseconds. */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = { connectSdk, sdkEvents, RawSocket, httpRequest, sleep, WebSocket };
