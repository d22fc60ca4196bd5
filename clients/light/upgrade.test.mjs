// smoldot keeps following a chain across a forkless runtime upgrade. A dev validator runs from
// a raw dev chain spec built at test time, and smoldot follows it from the same file over the
// node's peer-to-peer protocols. Sudo enacts the upgrade-test runtime (spec_version 102) through
// the node's RPC; smoldot then reports the new runtime version (it fetched the new `:code`
// through a storage proof), keeps finalizing the node's blocks, and runs calls on the new
// runtime through call proofs with the node's answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createClient, Binary } from 'polkadot-api';
import { getWsProvider } from 'polkadot-api/ws-provider/node';
import { getPolkadotSigner } from 'polkadot-api/signer';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import {
  buildRawSpec, startSpecNode, waitForFinalized, rpcCall, upgradeTestWasm,
} from '../node-process.mjs';
import {
  startSmoldot, LightRpc, lightChainSpec, withTimeout, reporting, nextHeaderFrom, assertSameAsNode,
  teardown,
} from './light.mjs';

const TIMEOUT_MS = 180_000;
const NEW_SPEC = 102;

let node;
let sm;
let chain;
let rpc;
let finalizedSub;
let versionSub;
let newHeadsSub;
let oldSpec; // the node's spec_version before the upgrade
let upgrade; // the node's block that enacted the new code: { number, hash, parentHash }

before(async () => {
  await cryptoWaitReady();
  assert.ok(existsSync(upgradeTestWasm), `no upgrade-test runtime at ${upgradeTestWasm} (built by \`cargo test --release\`)`);
  node = await startSpecNode(buildRawSpec('dev'), { name: 'alice' });
  await waitForFinalized(node.http, 2, 90_000);
}, { timeout: 150_000 });

after(() => teardown({ subscriptions: [newHeadsSub, versionSub, finalizedSub], chain, sm, net: node }));

const report = (body) => reporting(() => ({ sm, nodes: node ? [node] : [] }), body);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const specAt = async (hash) => (await rpcCall(node.http, 'state_getRuntimeVersion', [hash])).specVersion;

/** The next runtime version smoldot reports (best block) whose spec_version is `spec`. */
async function versionFromSmoldot(spec) {
  for (;;) {
    const version = await versionSub.next();
    if (version?.specVersion === spec) return version;
  }
}

/**
 * The node's first block after #`from` whose runtime version is `NEW_SPEC` (the block that
 * wrote the new `:code`: the version at a block is read from its state), polling its best chain.
 */
async function nodeUpgradeBlock(from, deadline) {
  let next = from + 1;
  for (;;) {
    const best = Number(BigInt((await rpcCall(node.http, 'chain_getHeader')).number));
    for (; next <= best; next++) {
      const hash = await rpcCall(node.http, 'chain_getBlockHash', [next]);
      const spec = await specAt(hash);
      if (spec === NEW_SPEC) {
        const { parentHash } = await rpcCall(node.http, 'chain_getHeader', [hash]);
        return { number: next, hash, parentHash };
      }
      assert.equal(spec, oldSpec, `the node's runtime at #${next}`);
    }
    if (Date.now() > deadline) throw new Error(`the node ran no block on spec ${NEW_SPEC} up to #${best}`);
    await sleep(200);
  }
}

/** `sudo(sudo_unchecked_weight(system.set_code(code), 0))` signed by Alice, signed with
 * polkadot-api on the node's RPC (`set_code` books a whole block, hence the unchecked weight). */
async function signedSetCode(code) {
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  const signer = getPolkadotSigner(alice.publicKey, 'Sr25519', (payload) => alice.sign(payload));
  const client = createClient(getWsProvider(node.ws));
  try {
    const api = client.getUnsafeApi();
    const call = api.tx.System.set_code({ code: Binary.fromBytes(code) }).decodedCall;
    const tx = api.tx.Sudo.sudo_unchecked_weight({ call, weight: { ref_time: 0n, proof_size: 0n } });
    return await withTimeout(tx.sign(signer), 60_000, 'signing sudo(set_code) with polkadot-api');
  } finally {
    client.destroy();
  }
}

test('(a) smoldot follows the dev node from its raw spec, on the node\'s runtime', { timeout: TIMEOUT_MS + 10_000 }, () => report(async () => {
  sm = startSmoldot({ maxLogLevel: 3 });
  const addedAt = Date.now();
  chain = await sm.client.addChain({ chainSpec: lightChainSpec(node.spec, [node.multiaddr]) });
  rpc = new LightRpc(chain);
  finalizedSub = await withTimeout(
    rpc.subscribe('chain_subscribeFinalizedHeads', [], 'chain_unsubscribeFinalizedHeads'),
    TIMEOUT_MS, 'chain_subscribeFinalizedHeads through smoldot');
  const header = await withTimeout(nextHeaderFrom(finalizedSub, 1), TIMEOUT_MS - (Date.now() - addedAt),
    'smoldot reporting a finalized block > #0');
  const first = await assertSameAsNode(node.http, header);
  console.log(`smoldot: first finalized block #${first.number} ${Date.now() - addedAt} ms after addChain`);

  oldSpec = await specAt(first.hash);
  assert.ok(oldSpec < NEW_SPEC, `the dev chain starts below spec ${NEW_SPEC} (it runs ${oldSpec})`);
  const light = await withTimeout(rpc.request('state_getRuntimeVersion', [first.hash]), 60_000,
    'state_getRuntimeVersion through smoldot');
  assert.equal(light.specVersion, oldSpec, `smoldot's runtime version at #${first.number}`);

  versionSub = await withTimeout(
    rpc.subscribe('state_subscribeRuntimeVersion', [], 'state_unsubscribeRuntimeVersion'),
    60_000, 'state_subscribeRuntimeVersion through smoldot');
  const current = await withTimeout(versionSub.next(), 60_000, 'the current runtime version from smoldot');
  assert.equal(current.specVersion, oldSpec, 'the runtime version smoldot reports on subscribing');
  console.log(`smoldot: runtime ${current.specName} spec ${current.specVersion}`);
}));

test('(b) after sudo set_code smoldot reports the new runtime version', { timeout: TIMEOUT_MS + 10_000 }, () => report(async () => {
  assert.ok(versionSub, 'smoldot is not following (test a failed)');
  const code = readFileSync(upgradeTestWasm);
  const signed = await signedSetCode(code);
  // When smoldot first reports each new best block (it repeats a head when it is finalized), to
  // time the new runtime against the upgrade block.
  newHeadsSub = await withTimeout(rpc.subscribe('chain_subscribeNewHeads', [], 'chain_unsubscribeNewHeads'),
    60_000, 'chain_subscribeNewHeads through smoldot');
  const headSeen = new Map();
  (async () => {
    for (;;) {
      const number = Number(BigInt((await newHeadsSub.next()).number));
      if (!headSeen.has(number)) headSeen.set(number, Date.now());
    }
  })().catch(() => {});
  const bestBefore = Number(BigInt((await rpcCall(node.http, 'chain_getHeader')).number));
  const submittedAt = Date.now();
  await rpcCall(node.http, 'author_submitExtrinsic', [signed]);
  console.log(`submitted sudo(set_code) (${code.length} bytes of code) at best #${bestBefore}`);

  const deadline = submittedAt + TIMEOUT_MS - 10_000;
  const lightVersion = withTimeout(versionFromSmoldot(NEW_SPEC).then((version) => ({ version, at: Date.now() })),
    TIMEOUT_MS - 10_000, `smoldot reporting runtime spec ${NEW_SPEC}`);
  lightVersion.catch(() => {});
  upgrade = await nodeUpgradeBlock(bestBefore, deadline);
  await waitForFinalized(node.http, upgrade.number, deadline - Date.now());
  const { version, at } = await lightVersion;
  const headAt = headSeen.get(upgrade.number);
  const head = headAt === undefined ? 'not reported as a new head' : `smoldot's new head ${headAt - submittedAt} ms after submission`;
  console.log(`upgrade block #${upgrade.number}: ${head}; runtime version ${version.specVersion} from smoldot `
    + `${at - submittedAt} ms after submission${headAt === undefined ? '' : ` (${at - headAt} ms after the head)`}`);

  // smoldot's version is the node's, the new runtime's; the upgrade block's parent still ran
  // the old code, and the upgrade block's own state already holds the new `:code`.
  const nodeVersion = await rpcCall(node.http, 'state_getRuntimeVersion', [upgrade.hash]);
  for (const field of ['specName', 'implName', 'specVersion', 'implVersion', 'transactionVersion']) {
    assert.equal(version[field], nodeVersion[field], `runtime version ${field}`);
  }
  for (const [hash, spec, what] of [[upgrade.parentHash, oldSpec, 'the upgrade block\'s parent'], [upgrade.hash, NEW_SPEC, 'the upgrade block']]) {
    const light = await withTimeout(rpc.request('state_getRuntimeVersion', [hash]), 60_000,
      `state_getRuntimeVersion at ${what} through smoldot`);
    assert.equal(light.specVersion, spec, `smoldot's runtime version at ${what}`);
  }
}));

test('(c) smoldot keeps finalizing, and runs calls on the new runtime through proofs', { timeout: TIMEOUT_MS + 10_000 }, () => report(async () => {
  assert.ok(upgrade, 'no upgrade (test b failed)');
  const started = Date.now();
  const header = await withTimeout(nextHeaderFrom(finalizedSub, upgrade.number + 3), TIMEOUT_MS,
    `smoldot reporting finalized #${upgrade.number + 3} or later`);
  const later = await assertSameAsNode(node.http, header);
  console.log(`smoldot: finalized #${later.number} (upgrade #${upgrade.number} + ${later.number - upgrade.number}), `
    + `the node's block, ${Date.now() - started} ms after the test started waiting`);

  const lightVersion = await withTimeout(rpc.request('state_getRuntimeVersion', [later.hash]), 60_000,
    `state_getRuntimeVersion at #${later.number} through smoldot`);
  assert.equal(lightVersion.specVersion, NEW_SPEC, `smoldot's runtime version at #${later.number}`);
  assert.equal(await specAt(later.hash), NEW_SPEC, `the node's runtime version at #${later.number}`);

  const alicePublic = u8aToHex(new Keyring({ type: 'sr25519' }).addFromUri('//Alice').publicKey);
  for (const [method, data] of [['Core_version', '0x'], ['AccountNonceApi_account_nonce', alicePublic]]) {
    const light = await withTimeout(rpc.request('state_call', [method, data, later.hash]), 60_000,
      `state_call ${method} at #${later.number} through smoldot`);
    const full = await rpcCall(node.http, 'state_call', [method, data, later.hash]);
    assert.equal(light, full, `${method} at #${later.number}`);
  }
}));
