// Shared by the light-client tests: smoldot with its log kept for failure reports, a small
// JSON-RPC client over a smoldot chain, the chain spec handed to it, checks of smoldot's blocks
// against a full node's, and storage keys.
import assert from 'node:assert/strict';
import * as smoldot from 'smoldot';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactToU8a, hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a, xxhashAsU8a } from '@polkadot/util-crypto';
import { rpcCall } from '../node-process.mjs';

const LEVELS = ['', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'];

/** The raw chain spec as smoldot gets it: the same genesis, with `bootNodes` replaced. */
export function lightChainSpec(spec, bootNodes) {
  return JSON.stringify({ ...spec, bootNodes });
}

/**
 * Start smoldot (logs up to `maxLogLevel`: 3 is info; `SCI_SMOLDOT_LOG_LEVEL`, e.g. 4 for debug,
 * overrides it; the level used is `maxLogLevel` in the result). Every line goes to a file; the
 * last ones are kept in memory, and warnings and errors (level ≤ 2) separately, for `report()`;
 * `lines()` gives every line so far. `clientOptions` go to `smoldot.start` (e.g.
 * `{ forbidTcp: true }`).
 */
export function startSmoldot({ maxLogLevel = 3, clientOptions = {} } = {}) {
  if (process.env.SCI_SMOLDOT_LOG_LEVEL) maxLogLevel = Number(process.env.SCI_SMOLDOT_LOG_LEVEL);
  const logPath = join(mkdtempSync(join(tmpdir(), 'sci-smoldot-')), 'smoldot.log');
  const file = createWriteStream(logPath);
  const started = Date.now();
  const all = [];
  const recent = [];
  const problems = [];
  const logCallback = (level, target, message) => {
    const line = `+${((Date.now() - started) / 1000).toFixed(1)}s ${LEVELS[level] ?? level} ${target}: ${message}`;
    file.write(`${line}\n`);
    all.push(line);
    recent.push(line);
    if (recent.length > 200) recent.shift();
    if (level <= 2) {
      problems.push(line);
      if (problems.length > 200) problems.shift();
    }
    if (process.env.SCI_SMOLDOT_LOG) console.log(line);
  };
  const client = smoldot.start({ ...clientOptions, maxLogLevel, logCallback });
  return {
    client,
    logPath,
    maxLogLevel,
    /** Every line logged so far (also those the in-memory tails dropped). */
    lines: () => all,
    recent,
    problems,
    /** The last warnings and errors, and the last lines of any level, as one string. */
    report(lines = 50) {
      return [
        `smoldot log: ${logPath}`,
        `-- last ${lines} smoldot warnings/errors --`,
        ...problems.slice(-lines),
        `-- last ${lines} smoldot log lines --`,
        ...recent.slice(-lines),
      ].join('\n');
    },
    async terminate() {
      try { await client.terminate(); } catch (_) { /* already terminated or crashed */ }
      file.end();
    },
  };
}

/**
 * JSON-RPC over a smoldot chain (`sendJsonRpc` / `nextJsonRpcResponse`): requests matched to
 * responses by id, subscription notifications queued per subscription id.
 */
export class LightRpc {
  constructor(chain) {
    this.chain = chain;
    this.nextId = 1;
    this.pending = new Map();
    this.queues = new Map();
    this.failure = null;
    this.pump();
  }

  async pump() {
    for (;;) {
      let text;
      try {
        text = await this.chain.nextJsonRpcResponse();
      } catch (e) {
        this.failure = e;
        for (const { reject } of this.pending.values()) reject(e);
        this.pending.clear();
        for (const queue of this.queues.values()) for (const waiter of queue.waiters) waiter.reject(e);
        return;
      }
      const message = JSON.parse(text);
      if (message.id !== undefined && message.id !== null) {
        const request = this.pending.get(message.id);
        if (!request) continue;
        this.pending.delete(message.id);
        if (message.error) request.reject(new Error(`${request.method}: ${JSON.stringify(message.error)}`));
        else request.resolve(message.result);
      } else if (message.params && message.params.subscription !== undefined) {
        const queue = this.queue(message.params.subscription);
        const waiter = queue.waiters.shift();
        if (waiter) waiter.resolve(message.params.result);
        else queue.items.push(message.params.result);
      }
    }
  }

  queue(subscription) {
    let queue = this.queues.get(subscription);
    if (!queue) {
      queue = { items: [], waiters: [] };
      this.queues.set(subscription, queue);
    }
    return queue;
  }

  request(method, params = []) {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { method, resolve, reject });
      try {
        this.chain.sendJsonRpc(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      } catch (e) {
        this.pending.delete(id);
        reject(e);
      }
    });
  }

  /** Subscribe; `next()` gives the subscription's notifications (their `result`) in order. */
  async subscribe(method, params, unsubscribeMethod) {
    const subscription = await this.request(method, params);
    const queue = this.queue(subscription);
    return {
      id: subscription,
      next: () => {
        if (queue.items.length) return Promise.resolve(queue.items.shift());
        if (this.failure) return Promise.reject(this.failure);
        return new Promise((resolve, reject) => queue.waiters.push({ resolve, reject }));
      },
      close: () => this.request(unsubscribeMethod, [subscription]).catch(() => {}),
    };
  }
}

/**
 * Run `body`; on failure, print smoldot's log report and the tails of the nodes' logs, then
 * rethrow. `context()` gives { sm, nodes } as they are when it fails (either may be missing).
 */
export async function reporting(context, body) {
  try {
    return await body();
  } catch (e) {
    const { sm, nodes = [] } = context();
    const logs = [];
    if (sm) logs.push(sm.report(50));
    for (const node of nodes) {
      try { logs.push(`-- ${node.name} (${node.logPath}) --\n${tail(node.log(), 30)}`); } catch (_) { /* no log */ }
    }
    console.error(logs.join('\n'));
    throw e;
  }
}

/** The next header of a `chain_subscribe*Heads` subscription whose number is at least `min`. */
export async function nextHeaderFrom(subscription, min) {
  for (;;) {
    const header = await subscription.next();
    if (Number(BigInt(header.number)) >= min) return header;
  }
}

/**
 * Check a header smoldot reported against the full node's (RPC at `http`) block at its number:
 * same hash, same header. Returns { number, hash, header }.
 */
export async function assertSameAsNode(http, header) {
  const number = Number(BigInt(header.number));
  const hash = await rpcCall(http, 'chain_getBlockHash', [number]);
  assert.ok(hash, `the full node has no block #${number}`);
  assert.equal(headerHash(header), hash, `smoldot's finalized #${number} is the full node's block`);
  const nodeHeader = await rpcCall(http, 'chain_getHeader', [hash]);
  assert.deepEqual(normalizeHeader(header), normalizeHeader(nodeHeader));
  return { number, hash, header };
}

/** `promise`, or an error naming `what` after `ms`. */
/** Stop what a test started: its subscriptions, its smoldot chain and client, its nodes. */
export async function teardown({ subscriptions = [], chain, sm, net }) {
  for (const sub of subscriptions.filter(Boolean)) {
    await withTimeout(sub.close(), 2_000, 'unsubscribe').catch(() => {});
  }
  if (chain) {
    try { chain.remove(); } catch (_) { /* already gone */ }
  }
  if (sm) await sm.terminate();
  if (net) await net.stop();
}

export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The hash of a header in its JSON-RPC form: blake2-256 of its SCALE encoding. */
export function headerHash(header) {
  const logs = header.digest.logs.map((log) => hexToU8a(log));
  const encoded = u8aConcat(
    hexToU8a(header.parentHash),
    compactToU8a(BigInt(header.number)),
    hexToU8a(header.stateRoot),
    hexToU8a(header.extrinsicsRoot),
    compactToU8a(logs.length),
    ...logs,
  );
  return blake2AsHex(encoded, 256);
}

/** A JSON-RPC header with its number as a Number and hex in lower case, for comparison. */
export function normalizeHeader(header) {
  return {
    parentHash: header.parentHash.toLowerCase(),
    number: Number(BigInt(header.number)),
    stateRoot: header.stateRoot.toLowerCase(),
    extrinsicsRoot: header.extrinsicsRoot.toLowerCase(),
    logs: header.digest.logs.map((log) => log.toLowerCase()),
  };
}

const twox128 = (name) => xxhashAsU8a(name, 128);

/** Storage key of a plain storage value. */
export function plainKey(pallet, item) {
  return u8aToHex(u8aConcat(twox128(pallet), twox128(item)));
}

/** Storage key of `System.Account(accountId)` (a Blake2_128Concat map). */
export function accountKey(publicKey) {
  return u8aToHex(u8aConcat(twox128('System'), twox128('Account'), blake2AsU8a(publicKey, 128), publicKey));
}

/** `AccountInfo.data.free` of an encoded `System.Account` value (after nonce, consumers,
 * providers and sufficients, four u32). */
export function freeBalance(encodedAccountInfo) {
  const bytes = hexToU8a(encodedAccountInfo);
  let free = 0n;
  for (let i = 15; i >= 0; i--) free = (free << 8n) | BigInt(bytes[16 + i]);
  return free;
}

/** The tail of a file's text, for failure messages. */
export function tail(text, lines = 40) {
  return text.split('\n').slice(-lines).join('\n');
}
