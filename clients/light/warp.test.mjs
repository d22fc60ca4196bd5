// smoldot GRANDPA-warp-syncs from a local two-validator network: it asks a validator for a warp
// proof (`/<genesis>/sync/warp`) from genesis, verifies it, fetches the warped block's runtime
// (`:code` through a storage proof) and its Aura parameters (call proofs) on `/<genesis>/light/2`,
// and follows the chain from there (the headers it was downloading meanwhile are dropped).
//
// When smoldot (3.4.1, smoldot-light 1.3.2) warps: at connection it asks any peer whose
// handshake best block is more than 32 blocks (`warp_sync_minimum_gap`, smoldot's
// `sync/all.rs`) above its own finalized block for a warp proof, and meanwhile downloads headers
// backwards from the peer's best, at most 64 per request (`substrate_compat.rs`, `cmp::min(64,
// num_blocks)`). GRANDPA neighbor packets decide (`mode-decision`, `substrate_compat.rs`): the
// first one that finds the warp done (held back until then) or still more than 32 blocks short
// commits to it (`committed=WarpAhead`); a second one that does not commits to the header
// download (`committed=AllForksOnly`). On a chain of 64 blocks or fewer one header response
// reaches genesis, and as SCI serves a justification with every block, smoldot finalizes the
// head from it (which resets the warp to that block) before the warp has its runtime: it never
// warps. Past 64 blocks the header download takes several round trips and the warp finishes
// first. So the network runs until the validators have finalized `SCI_WARP_MIN_FINALIZED` (80)
// blocks before smoldot starts.
//
// The assertions read smoldot's debug log (level 4): `SCI_SMOLDOT_LOG_LEVEL` may raise it; below
// 4 the test fails saying so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalNetwork, waitForFinalized, finalizedNumber, rpcCall } from '../node-process.mjs';
import {
  startSmoldot, LightRpc, lightChainSpec, withTimeout, reporting, nextHeaderFrom, assertSameAsNode,
  teardown,
} from './light.mjs';

/** smoldot's largest block request (headers per response). */
const SMOLDOT_BLOCKS_PER_REQUEST = 64;
const MIN_FINALIZED = Number(process.env.SCI_WARP_MIN_FINALIZED || 80);
const OVERALL_MS = 60_000;

let net;
let alice;
let sm;
let chain;
let rpc;
let finalizedSub;
let first; // smoldot's first finalized block: { number, hash, header }

before(async () => {
  net = await startLocalNetwork({ validators: ['alice', 'bob'] });
  [alice] = net.nodes;
  // One block a second: about MIN_FINALIZED seconds.
  await waitForFinalized(alice.http, MIN_FINALIZED, MIN_FINALIZED * 1_000 + 90_000);
}, { timeout: MIN_FINALIZED * 1_000 + 150_000 });

after(() => teardown({ subscriptions: [finalizedSub], chain, sm, net }));

const report = (body) => reporting(() => ({ sm, nodes: net?.nodes }), body);

/** smoldot's short form of a hash (`HashDisplay`): 0x, the first and the last two bytes. */
const hashDisplay = (hash) => `${hash.slice(0, 6)}…${hash.slice(-4)}`;

/** The first line of smoldot's log matching `pattern`, or a failure naming `what`. */
function logLine(pattern, what) {
  const line = sm.lines().find((l) => pattern.test(l));
  assert.ok(line, `smoldot's log has no ${what} (${pattern}); log: ${sm.logPath}`);
  return line;
}

test('(a) smoldot warp-syncs to the validators\' finalized head', { timeout: OVERALL_MS + 10_000 }, () => report(async () => {
  assert.ok(MIN_FINALIZED > SMOLDOT_BLOCKS_PER_REQUEST, `SCI_WARP_MIN_FINALIZED must be above ${SMOLDOT_BLOCKS_PER_REQUEST}`);
  sm = startSmoldot({ maxLogLevel: 4 });
  assert.ok(sm.maxLogLevel >= 4, `the warp checks read smoldot's debug log; SCI_SMOLDOT_LOG_LEVEL=${sm.maxLogLevel} is below 4`);
  const nodeFinalized = await finalizedNumber(alice.http);
  const addedAt = Date.now();
  chain = await sm.client.addChain({ chainSpec: lightChainSpec(net.spec, [alice.multiaddr]) });
  rpc = new LightRpc(chain);
  finalizedSub = await withTimeout(
    rpc.subscribe('chain_subscribeFinalizedHeads', [], 'chain_unsubscribeFinalizedHeads'),
    OVERALL_MS, 'chain_subscribeFinalizedHeads through smoldot');
  const header = await withTimeout(nextHeaderFrom(finalizedSub, 1), OVERALL_MS - (Date.now() - addedAt),
    'smoldot reporting a finalized block > #0');
  const elapsed = Date.now() - addedAt;
  first = await assertSameAsNode(alice.http, header);
  console.log(`smoldot: first finalized block #${first.number} ${elapsed} ms after addChain (node had finalized #${nodeFinalized})`);

  // The bootstrap decision was warp, and the warp finished at a block of the node's chain.
  logLine(/mode-decision; committed=WarpAhead/, 'warp decision');
  assert.ok(!sm.lines().some((l) => /mode-decision; committed=AllForksOnly/.test(l)),
    `smoldot chose to download all blocks instead of warping; log: ${sm.logPath}`);
  const finished = /GrandPa warp sync finished to #(\d+) \((0x[0-9a-f]{4}…[0-9a-f]{4})\)/.exec(
    logLine(/GrandPa warp sync finished to #/, 'end of the warp sync'));
  const number = Number(finished[1]);
  assert.ok(number >= nodeFinalized, `smoldot warped to #${number}, below the node's finalized #${nodeFinalized} when it started`);
  const hash = await rpcCall(alice.http, 'chain_getBlockHash', [number]);
  assert.equal(finished[2], hashDisplay(hash), `smoldot's warp target #${number} is the node's block`);
  console.log(`smoldot: warp-synced to #${number} (${hash})`);

  // The steps: a warp proof over `sync/warp`, its fragment(s) verified, then a warped block's
  // `:code` (storage proof) and Aura parameters (call proofs) over `light/2`. smoldot may move
  // the finalized block on while it builds the chain information (a justification for a newer
  // block, same authority set, same `:code`), so the runtime may come from a block below the
  // one it reports: it must still be a block it could only have reached by warping (above one
  // header response) and at most the finish.
  logLine(/warp-sync-request-success; .*is_finished=true/, 'complete warp proof response');
  logLine(/warp-sync-fragment-verify-success; /, 'verified warp proof fragment');
  const warpedBlocks = new Map();
  for (let n = SMOLDOT_BLOCKS_PER_REQUEST + 1; n <= number; n += 1) {
    warpedBlocks.set(hashDisplay(await rpcCall(alice.http, 'chain_getBlockHash', [n])), n);
  }
  const codeAt = sm.lines()
    .map((l) => /storage-proof-request-started; .*block_hash=(0x[0-9a-f]{4}…[0-9a-f]{4})/.exec(l)?.[1])
    .find((h) => h && warpedBlocks.has(h));
  assert.ok(codeAt, `smoldot's log has no storage proof request at a warped block (#${SMOLDOT_BLOCKS_PER_REQUEST + 1}..#${number}); log: ${sm.logPath}`);
  logLine(/warp-sync-runtime-build-success/, 'runtime built from the warped block\'s :code');
  logLine(new RegExp(`call-proof-request-started; .*block_hash=${codeAt}, function=AuraApi_authorities`),
    `AuraApi_authorities call proof at #${warpedBlocks.get(codeAt)}`);
  logLine(/warp-sync-chain-information-build-success/, 'chain information of the warped block');
  console.log(`smoldot: runtime and Aura parameters fetched at #${warpedBlocks.get(codeAt)}`);

  // Nothing below the warp target was reported finalized.
  assert.ok(first.number >= number, `smoldot reported #${first.number} finalized, below its warp target #${number}`);
}));

test('(b) a runtime call through a call proof matches the full node', { timeout: 40_000 }, () => report(async () => {
  assert.ok(first, 'no finalized block from smoldot (test a failed)');
  const light = await withTimeout(rpc.request('state_call', ['Core_version', '0x', first.hash]), 30_000,
    'state_call Core_version through smoldot');
  const full = await rpcCall(alice.http, 'state_call', ['Core_version', '0x', first.hash]);
  assert.equal(light, full, `Core_version at #${first.number}`);
}));

test('(c) smoldot keeps following finality after the warp', { timeout: 40_000 }, () => report(async () => {
  assert.ok(first, 'no finalized block from smoldot (test a failed)');
  const header = await withTimeout(nextHeaderFrom(finalizedSub, first.number + 3), 30_000,
    `smoldot reporting finalized #${first.number + 3} or later`);
  const later = await assertSameAsNode(alice.http, header);
  console.log(`smoldot: later finalized block #${later.number} matches the full node`);
}));
