// Starts a `sci-node --dev` process (temporary storage, or a given base path) on free loopback
// ports for client tests, and stops it; or a network of `local` validators from the checked-in
// raw chain spec, each with a fixed node key so that its peer id is known; or one validator from
// a raw spec built at test time (`buildRawSpec`, `startSpecNode`).
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { closeSync, createWriteStream, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const target = process.env.CARGO_TARGET_DIR || join(process.env.HOME, '.cache/sci-target');
export const nodeBinary = process.env.SCI_NODE_BIN || join(target, 'release/sci-node');
/** The upgrade-test runtime (`runtime/upgrade-test`), built by `cargo test`. */
export const upgradeTestWasm = join(target, 'release/wbuild/sci-runtime-upgrade-test/upgrade_wasm.rs.compact.compressed.wasm');
/** The checked-in raw spec of the `local` chain (Alice and Bob are its authorities). */
export const localRawSpec = join(dirname(fileURLToPath(import.meta.url)), '../chain-specs/local.raw.json');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForRpc(url, deadlineMs) {
  const started = Date.now();
  for (;;) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'system_name', params: [] }),
      });
      if (res.ok) return;
    } catch (_) { /* not up yet */ }
    if (Date.now() - started > deadlineMs) throw new Error(`node RPC not up at ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Start a dev node; returns { ws, http, metrics, log, stop }. `basePath` keeps its database. */
export async function startDevNode(extraArgs = [], { basePath } = {}) {
  const [rpcPort, promPort] = [await freePort(), await freePort()];
  const logPath = join(mkdtempSync(join(tmpdir(), 'sci-client-')), 'node.log');
  const log = createWriteStream(logPath);
  const storage = basePath ? ['--base-path', basePath] : ['--tmp'];
  const child = spawn(nodeBinary, ['--dev', ...storage, '--rpc-port', `${rpcPort}`, '--prometheus-port', `${promPort}`, '--listen-addr', '/ip4/127.0.0.1/tcp/0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const http = `http://127.0.0.1:${rpcPort}`;
  await waitForRpc(http, 30_000);
  return {
    ws: `ws://127.0.0.1:${rpcPort}`,
    http,
    metrics: `http://127.0.0.1:${promPort}/metrics`,
    logPath,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.on('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** One JSON-RPC call over HTTP; throws on a JSON-RPC error. */
export async function rpcCall(http, method, params = []) {
  const res = await fetch(http, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: 1, jsonrpc: '2.0', method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

/** The number of the node's finalized head. */
export async function finalizedNumber(http) {
  const hash = await rpcCall(http, 'chain_getFinalizedHead');
  const header = await rpcCall(http, 'chain_getHeader', [hash]);
  return Number(BigInt(header.number));
}

/** Wait until the node has finalized block `number` (or later); returns the finalized number. */
export async function waitForFinalized(http, number, deadlineMs = 120_000) {
  const started = Date.now();
  let last = -1;
  for (;;) {
    try {
      last = await finalizedNumber(http);
      if (last >= number) return last;
    } catch (_) { /* not up yet */ }
    if (Date.now() - started > deadlineMs) {
      throw new Error(`${http} did not finalize #${number} within ${deadlineMs} ms (finalized: #${last})`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A node key (ed25519 secret, 64 hex digits) fixed per index, so the peer ids never change. */
export function fixedNodeKey(index) {
  return (0x5c1000 + index).toString(16).padStart(64, '0');
}

/** The peer id of a node key, as the node computes it (`sci-node key inspect-node-key`). */
export function peerIdOf(nodeKey, dir = mkdtempSync(join(tmpdir(), 'sci-node-key-'))) {
  const file = join(dir, `node-key-${nodeKey.slice(-8)}`);
  writeFileSync(file, nodeKey);
  return execFileSync(nodeBinary, ['key', 'inspect-node-key', '--file', file], { encoding: 'utf8' }).trim();
}

// Every process a network started, killed if the test process exits without stopping them.
const running = new Set();
process.on('exit', () => {
  for (const child of running) {
    try { child.kill('SIGKILL'); } catch (_) { /* already gone */ }
  }
});

function stopChild(child, graceMs = 10_000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      return resolve();
    }
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      running.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Write the raw chain spec of a built-in chain (`sci-node build-spec --chain <chain> --raw
 * --disable-default-bootnode`) to a file in a new temporary directory; returns its path.
 * Nodes started with `--chain <path>` and light clients given the file share its genesis.
 */
export function buildRawSpec(chain = 'dev') {
  const path = join(mkdtempSync(join(tmpdir(), `sci-spec-${chain}-`)), `${chain}.raw.json`);
  // Straight to the file: the spec holds the runtime's code, more than execFileSync buffers.
  const out = openSync(path, 'w');
  try {
    execFileSync(nodeBinary, ['build-spec', '--chain', chain, '--raw', '--disable-default-bootnode'],
      { stdio: ['ignore', out, 'pipe'] });
  } finally {
    closeSync(out);
  }
  return path;
}

/**
 * Start one validator (`name`: an `--alice`-style name) from the raw chain spec at `specPath`,
 * as `startLocalNetwork` starts each of its nodes (fixed node key, loopback P2P and RPC ports,
 * temporary storage). With `buildRawSpec('dev')` and `alice` this is `--dev` (Alice's keys,
 * validator, sudo, finality right after import, `--tmp`) on a spec file that light clients
 * get too. Returns the node ({ name, peerId, multiaddr, http, ws, logPath, log(), stop }) with
 * the parsed `spec`.
 */
export async function startSpecNode(specPath, { name = 'alice', extraArgs = [], rpcDeadlineMs } = {}) {
  const net = await startLocalNetwork({ validators: [name], specPath, extraArgs, rpcDeadlineMs });
  const [node] = net.nodes;
  return { ...node, spec: net.spec, specPath, dir: net.dir, stop: net.stop };
}

/** Wait until `node`'s log (`node.log()`) contains `text`. */
async function waitForLogLine(node, text, deadlineMs) {
  const started = Date.now();
  while (!node.log().includes(text)) {
    if (Date.now() - started > deadlineMs) throw new Error(`${node.name} did not log "${text}" within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Start a network of validators (`validators`: the `--alice`-style names, Alice and Bob by
 * default) from a raw chain spec (`specPath`, the checked-in `local` one by default), on
 * loopback: each with a fixed `--node-key` (peer id known before it starts), P2P and RPC on
 * free 127.0.0.1 ports, temporary storage, and every other node as a bootnode.
 *
 * With `ws: true` each node also listens for libp2p over WebSocket (a second `--listen-addr`,
 * `/ip4/127.0.0.1/tcp/<free>/ws`, the transport browsers' light clients dial); its address is
 * the node's `wsMultiaddr`, and the start waits for the node to log that it listens on it.
 *
 * Returns { nodes, spec, specPath, dir, stop }; each node is
 * { name, nodeKey, peerId, p2pPort, multiaddr, wsPort, wsMultiaddr, http, ws, logPath, log(),
 * stop } (`wsPort` and `wsMultiaddr` only with `ws: true`; `ws` is the RPC WebSocket URL).
 * `stop()` kills every process (call it from `after`, so a failing test stops them too).
 */
export async function startLocalNetwork({
  validators = ['alice', 'bob'],
  specPath = localRawSpec,
  extraArgs = [],
  rpcDeadlineMs = 60_000,
  ws = false,
} = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sci-local-net-'));
  const spec = JSON.parse(readFileSync(specPath, 'utf8'));
  const nodes = [];
  for (const [index, name] of validators.entries()) {
    const nodeKey = fixedNodeKey(index);
    const peerId = peerIdOf(nodeKey, dir);
    const [p2pPort, rpcPort] = [await freePort(), await freePort()];
    const wsPort = ws ? await freePort() : undefined;
    nodes.push({
      name,
      nodeKey,
      peerId,
      p2pPort,
      rpcPort,
      multiaddr: `/ip4/127.0.0.1/tcp/${p2pPort}/p2p/${peerId}`,
      ...(ws ? { wsPort, wsMultiaddr: `/ip4/127.0.0.1/tcp/${wsPort}/ws/p2p/${peerId}` } : {}),
      http: `http://127.0.0.1:${rpcPort}`,
      ws: `ws://127.0.0.1:${rpcPort}`,
      logPath: join(dir, `${name}.log`),
    });
  }
  const stop = () => Promise.all(nodes.filter((n) => n.child).map((n) => stopChild(n.child)));
  try {
    for (const node of nodes) {
      const bootnodes = nodes.filter((other) => other !== node).flatMap((other) => ['--bootnodes', other.multiaddr]);
      const args = [
        '--chain', specPath, `--${node.name}`, '--tmp',
        '--node-key', node.nodeKey,
        '--listen-addr', `/ip4/127.0.0.1/tcp/${node.p2pPort}`,
        ...(ws ? ['--listen-addr', `/ip4/127.0.0.1/tcp/${node.wsPort}/ws`] : []),
        '--rpc-port', `${node.rpcPort}`,
        '--no-prometheus', '--no-hardware-benchmarks',
        ...bootnodes,
        ...extraArgs,
      ];
      const log = createWriteStream(node.logPath);
      log.write(`$ ${nodeBinary} ${args.join(' ')}\n`);
      const child = spawn(nodeBinary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      running.add(child);
      child.once('exit', () => running.delete(child));
      child.stdout.pipe(log);
      child.stderr.pipe(log);
      node.child = child;
      node.log = () => readFileSync(node.logPath, 'utf8');
      node.stop = () => stopChild(child);
    }
    for (const node of nodes) {
      // Like waitForRpc, but a node that exits fails at once.
      const exited = new Promise((_, reject) => node.child.once('exit', (code, signal) => reject(
        new Error(`${node.name} exited (${code ?? signal}) before its RPC was up`))));
      exited.catch(() => {});
      await Promise.race([waitForRpc(node.http, rpcDeadlineMs), exited]);
      const served = await rpcCall(node.http, 'system_localPeerId');
      if (served !== node.peerId) throw new Error(`${node.name}: peer id ${served}, expected ${node.peerId}`);
      if (ws) await waitForLogLine(node, `Listening on ${node.wsMultiaddr}`, 10_000);
    }
  } catch (e) {
    await stop();
    throw new Error(`${e.message}; logs in ${dir}`);
  }
  return { nodes, spec, specPath, dir, stop };
}
