// smoldot, a light client, follows a two-validator `local` network over the node's
// peer-to-peer protocols (block announces, block requests, GRANDPA, storage and call proofs):
// its finalized blocks are the validators' ones, and what it reads and runs through proofs
// matches what a full node answers over RPC. (The chain is a few blocks long, so smoldot
// downloads its headers rather than warp-syncing; warp.test.mjs makes it warp.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startLocalNetwork, waitForFinalized, rpcCall } from '../node-process.mjs';
import {
  startSmoldot, LightRpc, lightChainSpec, withTimeout, headerHash, plainKey, accountKey,
  reporting, nextHeaderFrom, assertSameAsNode as assertSameAsAlice,
  teardown,
} from './light.mjs';

const OVERALL_MS = 120_000;

let net;
let alice;
let sm;
let chain;
let rpc;
let finalizedSub;
let first; // smoldot's first finalized block past genesis: { number, hash, header }

before(async () => {
  await cryptoWaitReady();
  net = await startLocalNetwork({ validators: ['alice', 'bob'] });
  [alice] = net.nodes;
  for (const node of net.nodes) await waitForFinalized(node.http, 3, 90_000);
}, { timeout: 150_000 });

after(() => teardown({ subscriptions: [finalizedSub], chain, sm, net }));

const report = (body) => reporting(() => ({ sm, nodes: net?.nodes }), body);

/** The full node's block hash at `number`. */
const nodeHash = (number) => rpcCall(alice.http, 'chain_getBlockHash', [number]);

/** Check a finalized header smoldot reported against the full node's block at its number. */
const assertSameAsNode = (header) => assertSameAsAlice(alice.http, header);

/** The next finalized header smoldot reports whose number is at least `min`. */
const nextFinalizedFrom = (min) => nextHeaderFrom(finalizedSub, min);

test('(a) smoldot reaches a finalized block of the validators', { timeout: OVERALL_MS + 10_000 }, () => report(async () => {
  sm = startSmoldot({ maxLogLevel: 3 });
  const spec = lightChainSpec(net.spec, [alice.multiaddr]);
  const addedAt = Date.now();
  chain = await sm.client.addChain({ chainSpec: spec });
  rpc = new LightRpc(chain);
  finalizedSub = await withTimeout(
    rpc.subscribe('chain_subscribeFinalizedHeads', [], 'chain_unsubscribeFinalizedHeads'),
    OVERALL_MS, 'chain_subscribeFinalizedHeads through smoldot');
  const header = await withTimeout(nextFinalizedFrom(1), OVERALL_MS - (Date.now() - addedAt),
    'smoldot reporting a finalized block > #0');
  const elapsed = Date.now() - addedAt;
  console.log(`smoldot: first finalized block #${Number(BigInt(header.number))} ${elapsed} ms after addChain`);
  first = await assertSameAsNode(header);

  // The finalized head smoldot answers for, by hash and by number, is also the full node's.
  const head = await withTimeout(rpc.request('chain_getFinalizedHead'), 30_000, 'chain_getFinalizedHead through smoldot');
  const headHeader = await withTimeout(rpc.request('chain_getHeader', [head]), 30_000, 'chain_getHeader through smoldot');
  const headNumber = Number(BigInt(headHeader.number));
  assert.ok(headNumber >= first.number, `smoldot's finalized head #${headNumber} is not behind #${first.number}`);
  assert.equal(head, await nodeHash(headNumber), `smoldot's finalized head #${headNumber} is the full node's`);
  assert.equal(headerHash(headHeader), head);
}));

test('(b) storage read through proofs matches the full node', { timeout: 60_000 }, () => report(async () => {
  assert.ok(first, 'no finalized block from smoldot (test a failed)');
  const at = first.hash;
  const keyring = new Keyring({ type: 'sr25519' });
  const keys = {
    'System.Number': plainKey('System', 'Number'),
    'System.Account(Alice)': accountKey(keyring.addFromUri('//Alice').publicKey),
  };
  for (const [name, key] of Object.entries(keys)) {
    const light = await withTimeout(rpc.request('state_getStorage', [key, at]), 30_000, `state_getStorage ${name} through smoldot`);
    const full = await rpcCall(alice.http, 'state_getStorage', [key, at]);
    assert.ok(full, `the full node has ${name}`);
    assert.equal(light, full, `${name} at #${first.number}`);
  }
  // System.Number in a block's state is that block's number (u32, little-endian).
  const number = await rpc.request('state_getStorage', [keys['System.Number'], at]);
  const expected = u8aToHex(new Uint8Array(new Uint32Array([first.number]).buffer));
  assert.equal(number, expected);

  // The runtime smoldot fetched (`:code` through proofs) reports the node's runtime version.
  const lightVersion = await withTimeout(rpc.request('state_getRuntimeVersion', [at]), 30_000, 'state_getRuntimeVersion through smoldot');
  const fullVersion = await rpcCall(alice.http, 'state_getRuntimeVersion', [at]);
  for (const field of ['specName', 'implName', 'specVersion', 'implVersion', 'transactionVersion']) {
    assert.equal(lightVersion[field], fullVersion[field], `runtime version ${field}`);
  }
  const apis = (v) => v.apis.map(([id, version]) => `${id.toLowerCase()}:${version}`).sort();
  assert.deepEqual(apis(lightVersion), apis(fullVersion));
}));

test('(c) runtime call through proofs matches the full node', { timeout: 60_000 }, () => report(async () => {
  assert.ok(first, 'no finalized block from smoldot (test a failed)');
  const at = first.hash;
  const alicePublic = u8aToHex(new Keyring({ type: 'sr25519' }).addFromUri('//Alice').publicKey);
  const calls = [
    ['Core_version', '0x'],
    ['AccountNonceApi_account_nonce', alicePublic],
  ];
  for (const [method, data] of calls) {
    const light = await withTimeout(rpc.request('state_call', [method, data, at]), 30_000, `state_call ${method} through smoldot`);
    const full = await rpcCall(alice.http, 'state_call', [method, data, at]);
    assert.equal(light, full, `${method} at #${first.number}`);
  }
}));

test('(d) smoldot keeps following finality', { timeout: 60_000 }, () => report(async () => {
  assert.ok(first, 'no finalized block from smoldot (test a failed)');
  const header = await withTimeout(nextFinalizedFrom(first.number + 3), 50_000,
    `smoldot reporting finalized #${first.number + 3} or later`);
  const later = await assertSameAsNode(header);
  console.log(`smoldot: later finalized block #${later.number} matches the full node`);
}));
