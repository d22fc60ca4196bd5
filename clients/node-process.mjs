// Starts a `sci-node --dev` process (temporary storage, or a given base path) on free loopback
// ports for client tests, and stops it.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const target = process.env.CARGO_TARGET_DIR || join(process.env.HOME, '.cache/sci-target');
export const nodeBinary = process.env.SCI_NODE_BIN || join(target, 'release/sci-node');
/** The upgrade-test runtime (`runtime/upgrade-test`), built by `cargo test`. */
export const upgradeTestWasm = join(target, 'release/wbuild/sci-runtime-upgrade-test/upgrade_wasm.rs.compact.compressed.wasm');

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
