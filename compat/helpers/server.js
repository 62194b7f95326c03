'use strict';

/**
 * Starts and stops a real KVX server (`java -jar $KVX_JAR`) for a test file.
 *
 *   const { useServer } = require('../helpers/server');
 *   const server = useServer({ env: { KVX_limits__concurrentRequests: 10 } });
 *   test('...', async () => { fetch(`${server.httpUrl}/_now`) ... });
 *
 * `useServer` registers node:test `before`/`after` hooks: the server is started before the first test
 * of the file and stopped (SIGTERM, then SIGKILL after 15 s) after the last one. The returned object is
 * filled in when the server is ready: host, port, httpUrl, wsUrl, nodeId, output(); restart() replaces the process
 * by a new one on the same ports and data.
 *
 * Whatever happens, the server does not outlive the test process: on Linux it is started under
 * `setpriv --pdeathsig KILL` (killed by the kernel if this process dies, even by SIGKILL); everywhere,
 * SIGINT/SIGTERM/SIGHUP and process exit kill it. The server runs in a scratch directory under the OS
 * temp dir, removed on stop; one left by a test process that died abruptly is swept by the next start.
 *
 * With KVX_COMPAT_STORAGE=elasticsearch and KVX_COMPAT_ES_URL=http://HOST:PORT (run-on-opensearch.js sets both),
 * every server keeps its documents in that Elasticsearch or OpenSearch node instead of the embedded engine, under an
 * index prefix of its own, so that test files never see each other's data; its indices are deleted on stop.
 */

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { before, after } = require('node:test');

const COMPAT_DIR = path.resolve(__dirname, '..');
const DEFAULT_JAR = path.resolve(COMPAT_DIR, '../server/target/kvx.jar');
/** The startup line; a node without the gateway role prints "HTTP and WebSocket off" and has no port. */
const READY_LINE = /KVX node (\S+) ready in \d+ ms: HTTP and WebSocket (?:on (\S+):(\d+)|off)/;
const MQTT_LINE = /MQTT on (\S+):(\d+)/;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
/** Characters of server output kept for error messages. */
const OUTPUT_LIMIT = 64 * 1024;

/** Settings every test server gets; the caller's `env` overrides them. */
const DEFAULT_ENV = Object.freeze({
  KVX_server__host: '127.0.0.1',
  KVX_server__port: '0',
  KVX_server__protocols__mqtt__port: '0',
  KVX_server__instances: '2',
  KVX_server__protocols__websocket__idleTimeout: '3000',
});

/** Variables of this harness, not to be read by the server as configuration keys. */
const HARNESS_VARIABLES = ['KVX_JAR', 'KVX_COMPAT_VERBOSE', 'KVX_COMPAT_STORAGE', 'KVX_COMPAT_ES_URL'];

let prefixCounter = 0;

/**
 * The storage settings of a new server: none for the default embedded engine, else the node of KVX_COMPAT_ES_URL
 * and an index prefix unique to this test process and server.
 */
function storageEnv() {
  const engine = process.env.KVX_COMPAT_STORAGE;
  if (!engine || engine === 'embedded') {
    return {};
  }
  if (engine !== 'elasticsearch' || !process.env.KVX_COMPAT_ES_URL) {
    throw new Error(`KVX_COMPAT_STORAGE=${engine}: only "elasticsearch" (with KVX_COMPAT_ES_URL) is supported`);
  }
  prefixCounter += 1;
  return {
    KVX_storage__engine: 'elasticsearch',
    KVX_storage__elasticsearch__nodes: process.env.KVX_COMPAT_ES_URL,
    KVX_storage__elasticsearch__indexPrefix: `compat-${process.pid}-${prefixCounter}`,
  };
}

/** Deletes the Elasticsearch indices of a stopped server; a failure only leaves them behind. */
async function dropIndices(storage) {
  const prefix = storage.KVX_storage__elasticsearch__indexPrefix;
  if (!prefix) {
    return;
  }
  const url = `${storage.KVX_storage__elasticsearch__nodes}/${encodeURIComponent(`${prefix}&*`)}`
    + '?expand_wildcards=all&ignore_unavailable=true&allow_no_indices=true';
  try {
    await fetch(url, { method: 'DELETE', signal: AbortSignal.timeout(10_000) });
  } catch {
    // the node is gone or busy: the indices go with the node's temporary data
  }
}

const running = new Set();
let exitHooksInstalled = false;

function jarPath() {
  const jar = process.env.KVX_JAR ? path.resolve(COMPAT_DIR, process.env.KVX_JAR) : DEFAULT_JAR;
  if (!fs.existsSync(jar)) {
    throw new Error(`KVX jar not found at ${jar}. Build it first (cd .. && mvn -DskipTests package -pl server -am) `
      + 'or point KVX_JAR at it.');
  }
  return jar;
}

function javaCommand() {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

let pdeathsigSupported;
/** Whether util-linux `setpriv --pdeathsig` is available (Linux): the kernel then kills the server with us. */
function canUsePdeathsig() {
  if (pdeathsigSupported === undefined) {
    pdeathsigSupported = process.platform === 'linux'
      && spawnSync('setpriv', ['--pdeathsig', 'KILL', 'true'], { stdio: 'ignore' }).status === 0;
  }
  return pdeathsigSupported;
}

const WORK_DIR_PREFIX = 'kvx-compat-';
const OWNER_FILE = '.owner-pid';

/**
 * Removes the scratch directories of test processes that died without cleaning up (killed with SIGKILL,
 * or crashed where no 'exit' listener runs); directories of live processes are left alone.
 */
function sweepStaleWorkDirs() {
  let names;
  try {
    names = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(WORK_DIR_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = path.join(os.tmpdir(), name);
    try {
      let owner;
      try {
        owner = fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8');
      } catch (e) {
        // No owner yet: maybe another process that has just created it; ownerless and old means orphaned.
        if (e.code !== 'ENOENT' || Date.now() - fs.statSync(dir).mtimeMs < 60_000) {
          continue;
        }
      }
      if (owner !== undefined && isAlive(Number(owner))) {
        continue;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function installExitHooks() {
  if (exitHooksInstalled) {
    return;
  }
  exitHooksInstalled = true;
  // Synchronous last resort: nothing asynchronous runs in an 'exit' listener.
  process.on('exit', () => {
    for (const server of running) {
      server.kill('SIGKILL');
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      const stopping = [...running].map((server) => server.stop());
      Promise.allSettled(stopping).finally(() => {
        process.exit(128 + (os.constants.signals[signal] || 1));
      });
    });
  }
}

class KvxServerProcess {
  constructor(options = {}) {
    this.options = options;
    this.host = null;
    this.port = null;
    this.nodeId = null;
    this.child = null;
    this.exited = null;
    this.exitInfo = null;
    this.workDir = null;
    this.ready = false;
    this._output = '';
    this._onStop = [];
    this._pinnedEnv = {};
    this._storageEnv = storageEnv();
  }

  /** Registers a function run (and awaited) by stop() before the server is signalled, e.g. closing a client. */
  onStop(fn) {
    this._onStop.push(fn);
  }

  get httpUrl() {
    return `http://${this.host}:${this.port}`;
  }

  get wsUrl() {
    return `ws://${this.host}:${this.port}`;
  }

  /** The last OUTPUT_LIMIT characters the server printed (stdout and stderr interleaved). */
  output() {
    return this._output;
  }

  _record(text) {
    this._output += text;
    if (this._output.length > OUTPUT_LIMIT) {
      this._output = this._output.slice(-OUTPUT_LIMIT);
    }
    if (process.env.KVX_COMPAT_VERBOSE) {
      process.stderr.write(text);
    }
  }

  /** Spawns the server and resolves once its startup line is printed. */
  start() {
    const jar = jarPath();
    installExitHooks();
    const env = { ...process.env, ...DEFAULT_ENV, ...this._storageEnv };
    for (const name of HARNESS_VARIABLES) {
      delete env[name];
    }
    for (const [name, value] of Object.entries({ ...this.options.env, ...this._pinnedEnv })) {
      if (value === undefined || value === null) {
        delete env[name];
      } else {
        env[name] = typeof value === 'string' ? value : JSON.stringify(value);
      }
    }
    // A scratch working directory: no stray .kvxrc.* is read, nothing is written into the repository. A restart
    // keeps the directory of the previous process, hence its data.
    if (!this.workDir) {
      sweepStaleWorkDirs();
      this.workDir = fs.mkdtempSync(path.join(os.tmpdir(), WORK_DIR_PREFIX));
      fs.writeFileSync(path.join(this.workDir, OWNER_FILE), String(process.pid));
    }
    const javaArgs = [...(this.options.jvmArgs || []), '-jar', jar, ...(this.options.args || [])];
    const [command, args] = canUsePdeathsig()
      ? ['setpriv', ['--pdeathsig', 'KILL', javaCommand(), ...javaArgs]]
      : [javaCommand(), javaArgs];
    const child = spawn(command, args, { cwd: this.workDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    running.add(this);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        running.delete(this);
        resolve(this.exitInfo);
      });
      child.once('error', (error) => {
        this.exitInfo = { code: null, signal: null, error };
        running.delete(this);
        resolve(this.exitInfo);
      });
    });

    const timeoutMs = this.options.readyTimeoutMs || READY_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      let pending = '';
      let settled = false;
      const fail = (why) => {
        clearTimeout(timer);
        if (settled) {
          return;
        }
        settled = true;
        this.stop().finally(() => reject(new Error(
          `KVX server did not start: ${why}\ncommand: ${command} ${args.join(' ')}\n`
          + `--- server output ---\n${this._output || '(none)'}\n--- end of server output ---`)));
      };
      const timer = setTimeout(() => fail(`no startup line within ${timeoutMs} ms`), timeoutMs);
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (text) => this._record(text));
      child.stdout.on('data', (text) => {
        this._record(text);
        if (this.ready) {
          return;
        }
        pending += text;
        const lines = pending.split('\n');
        pending = lines.pop();
        for (const line of lines) {
          const ready = READY_LINE.exec(line);
          if (ready) {
            clearTimeout(timer);
            settled = true;
            this.ready = true;
            this.nodeId = ready[1];
            this.host = ready[2] ? ready[2].replace(/^\[(.*)\]$/, '$1') : null;
            this.port = ready[3] ? Number(ready[3]) : null;
            const mqtt = MQTT_LINE.exec(line);
            this.mqttPort = mqtt ? Number(mqtt[2]) : null;
            resolve(this);
            return;
          }
        }
      });
      this.exited.then((info) => {
        if (!this.ready) {
          fail(info.error ? `cannot spawn ${command}: ${info.error.message}`
            : `process exited (code ${info.code}, signal ${info.signal})`);
        }
      });
    });
  }

  /**
   * Stops the server process (as stop() does, but leaving clients open and the directory in place) and starts a
   * new one on the same host and ports, with the same data: clients see their connections drop, then the server
   * come back. Resolves once the new process is ready.
   */
  async restart() {
    const { port, mqttPort } = this;
    await this._terminate();
    this._pinnedEnv = port ? { KVX_server__port: String(port) } : {};
    if (mqttPort) {
      this._pinnedEnv.KVX_server__protocols__mqtt__port = String(mqttPort);
    }
    this.port = null;
    this.ready = false;
    this.child = null;
    this.exitInfo = null;
    return this.start();
  }

  /** Sends SIGTERM, waits for the exit (SIGKILL after 15 s). Resolves with {code, signal, killed}. */
  async stop() {
    if (!this.child) {
      return null;
    }
    const closers = this._onStop.splice(0);
    await Promise.allSettled(closers.map(async (fn) => fn()));
    const result = await this._terminate();
    await dropIndices(this._storageEnv);
    if (this.workDir) {
      fs.rmSync(this.workDir, { recursive: true, force: true });
      this.workDir = null;
    }
    return result;
  }

  /** Signals the process and waits for its exit; resolves with {code, signal, killed}. */
  async _terminate() {
    let killed = false;
    if (!this.exitInfo) {
      this.child.kill('SIGTERM');
      let timer;
      const timedOut = new Promise((resolve) => {
        timer = setTimeout(() => resolve('timeout'), this.options.stopTimeoutMs || STOP_TIMEOUT_MS);
      });
      if (await Promise.race([this.exited, timedOut]) === 'timeout') {
        killed = true;
        process.stderr.write(`KVX server (pid ${this.child.pid}) ignored SIGTERM for `
          + `${STOP_TIMEOUT_MS} ms: sending SIGKILL\n`);
        this.child.kill('SIGKILL');
      }
      clearTimeout(timer);
    }
    const info = await this.exited;
    return { ...info, killed };
  }

  /** Synchronous kill, for process exit. */
  kill(signal) {
    if (this.child && !this.exitInfo) {
      try {
        this.child.kill(signal);
      } catch {
        // already gone
      }
    }
    if (this.workDir) {
      fs.rmSync(this.workDir, { recursive: true, force: true });
      this.workDir = null;
    }
  }
}

/** Starts a server now; the caller must `await server.stop()`. */
async function startServer(options = {}) {
  return new KvxServerProcess(options).start();
}

/**
 * Registers before/after hooks that start a server for the current test file (or suite, when called
 * inside `describe`) and stop it afterwards. Returns the server object, usable from the tests on.
 */
function useServer(options = {}) {
  const server = new KvxServerProcess(options);
  before(() => server.start(), { timeout: (options.readyTimeoutMs || READY_TIMEOUT_MS) + 20_000 });
  after(async () => {
    const info = await server.stop();
    if (info && info.killed) {
      process.stderr.write(`--- KVX server output ---\n${server.output()}\n`);
    }
  }, { timeout: STOP_TIMEOUT_MS + 10_000 });
  return server;
}

module.exports = { startServer, useServer, KvxServerProcess, DEFAULT_ENV };
