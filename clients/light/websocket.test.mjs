// smoldot reaches the validators over libp2p on WebSocket (`/ws`), the transport browsers'
// light clients (substrate-connect, polkadot-api's smoldot provider in a web page) dial: the
// nodes also listen on `/ip4/127.0.0.1/tcp/<port>/ws`, smoldot's chain spec names only that
// address, and smoldot may not open TCP connections at all (`forbidTcp`), so every block,
// justification and proof it gets comes over WebSocket.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLocalNetwork, waitForFinalized, rpcCall } from '../node-process.mjs';
import {
  startSmoldot, LightRpc, lightChainSpec, withTimeout, reporting, nextHeaderFrom, assertSameAsNode,
  teardown,
} from './light.mjs';

const OVERALL_MS = 90_000;

let net;
let alice;
let sm;
let chain;
let finalizedSub;

before(async () => {
  net = await startLocalNetwork({ validators: ['alice', 'bob'], ws: true });
  [alice] = net.nodes;
  for (const node of net.nodes) await waitForFinalized(node.http, 3, 90_000);
}, { timeout: 150_000 });

after(() => teardown({ subscriptions: [finalizedSub], chain, sm, net }));

const report = (body) => reporting(() => ({ sm, nodes: net?.nodes }), body);

test('smoldot follows the validators through a /ws bootnode only', { timeout: OVERALL_MS + 10_000 }, () => report(async () => {
  assert.match(alice.wsMultiaddr, /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/ws\/p2p\/12D3KooW/);
  // Debug level: smoldot logs every connection's address (`connection-started; ... remote_addr=`).
  sm = startSmoldot({ maxLogLevel: 4, clientOptions: { forbidTcp: true } });
  const addedAt = Date.now();
  chain = await sm.client.addChain({ chainSpec: lightChainSpec(net.spec, [alice.wsMultiaddr]) });
  const rpc = new LightRpc(chain);
  finalizedSub = await withTimeout(
    rpc.subscribe('chain_subscribeFinalizedHeads', [], 'chain_unsubscribeFinalizedHeads'),
    OVERALL_MS, 'chain_subscribeFinalizedHeads through smoldot');
  const header = await withTimeout(nextHeaderFrom(finalizedSub, 1), OVERALL_MS - (Date.now() - addedAt),
    'smoldot reporting a finalized block > #0 over /ws');
  console.log(`smoldot over /ws: first finalized block #${Number(BigInt(header.number))} ${Date.now() - addedAt} ms after addChain`);
  const first = await assertSameAsNode(alice.http, header);

  // A runtime call through a call proof (`light/2`) over the same connection.
  const light = await withTimeout(rpc.request('state_call', ['Core_version', '0x', first.hash]), 30_000,
    'state_call Core_version through smoldot');
  assert.equal(light, await rpcCall(alice.http, 'state_call', ['Core_version', '0x', first.hash]));

  // Every connection smoldot opened was a WebSocket one, and one of them reached Alice's.
  if (sm.maxLogLevel >= 4) {
    const started = sm.lines().filter((line) => line.includes('connection-started;'));
    const addrs = started.map((line) => /remote_addr=(\S+?)(,|$)/.exec(line)?.[1]);
    assert.ok(addrs.length > 0, 'smoldot logged no connection');
    for (const addr of addrs) assert.match(addr ?? '', /\/ws$/, `smoldot connection not over /ws: ${addr}`);
    assert.ok(addrs.includes(`/ip4/127.0.0.1/tcp/${alice.wsPort}/ws`), `smoldot did not connect to ${alice.wsMultiaddr}: ${addrs.join(' ')}`);
  }
}));
