'use strict';

/**
 * Starts a KVX cluster of several real JVMs on loopback for a test file, and stops it afterwards.
 *
 *   const { useCluster } = require('../helpers/cluster');
 *   const cluster = useCluster([{ name: 'data', roles: 'document,security' }, { name: 'a', roles: 'gateway' }]);
 *   test('...', async () => { cluster.node('a').httpUrl ... });
 *
 * Each node is a KvxServerProcess (helpers/server.js) started with `--cluster --roles <roles>`, its Hazelcast
 * member port chosen free at run time, and every member's port in its member list. Document nodes start first (the
 * security verticles of the other nodes load their data from them), then the others together. With
 * `{ redis: true }`, a real redis-server is started first on a free port, and every node shares its auth tokens
 * through it (services.internalCache).
 */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { before, after } = require('node:test');
const { KvxServerProcess } = require('./server');

const START_TIMEOUT_MS = 120_000;

/** A TCP port free on loopback now; the node binds it a moment later. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port, rejects after `timeoutMs`. */
async function listening(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(() => resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A redis-server of its own, without persistence, killed with the test process. */
async function startRedis() {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvx-compat-redis-'));
  const child = spawn('setpriv', ['--pdeathsig', 'KILL', 'redis-server', '--port', String(port), '--bind',
    '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await listening(port, 10_000);
  return {
    port,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

class KvxCluster {
  constructor(specs, { name = `compat-${process.pid}`, env = {}, redis = false } = {}) {
    this.specs = specs;
    this.name = name;
    this.env = env;
    this.withRedis = redis;
    this.redis = null;
    this.nodes = new Map();
  }

  /** The running node of that name. */
  node(name) {
    const node = this.nodes.get(name);
    if (!node) {
      throw new Error(`no cluster node named ${name}`);
    }
    return node;
  }

  async start() {
    const shared = {};
    if (this.withRedis) {
      this.redis = await startRedis();
      shared.KVX_services__internalCache__node__host = '127.0.0.1';
      shared.KVX_services__internalCache__node__port = String(this.redis.port);
    }
    const ports = await Promise.all(this.specs.map(() => freePort()));
    const members = ports.map((port) => `127.0.0.1:${port}`).join(',');
    this.specs.forEach((spec, i) => {
      this.nodes.set(spec.name, new KvxServerProcess({
        args: ['--cluster', '--roles', spec.roles],
        readyTimeoutMs: START_TIMEOUT_MS,
        env: {
          KVX_cluster__name: this.name,
          KVX_cluster__host: '127.0.0.1',
          KVX_cluster__port: String(ports[i]),
          KVX_cluster__members: members,
          ...shared,
          ...this.env,
          ...spec.env,
        },
      }));
    });
    const isData = (spec) => spec.roles.split(',').includes('document');
    await Promise.all(this.specs.filter(isData).map((spec) => this.node(spec.name).start()));
    await Promise.all(this.specs.filter((spec) => !isData(spec)).map((spec) => this.node(spec.name).start()));
    return this;
  }

  async stop() {
    await Promise.allSettled([...this.nodes.values()].map((node) => node.stop()));
    if (this.redis) {
      await this.redis.stop();
    }
  }
}

/** Registers before/after hooks that start the cluster for the current test file and stop it afterwards. */
function useCluster(specs, options = {}) {
  const cluster = new KvxCluster(specs, options);
  before(() => cluster.start(), { timeout: 2 * START_TIMEOUT_MS + 20_000 });
  after(() => cluster.stop(), { timeout: 60_000 });
  return cluster;
}

module.exports = { useCluster, KvxCluster, freePort };
