// polkadot-api through smoldot (no RPC to a node): a transfer signed by Alice is broadcast
// over the light client's peer-to-peer connections (transactions/1), included by the
// validators and followed to finalization; the full node's RPC then shows the new balance.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'polkadot-api';
import { getSmProvider } from 'polkadot-api/sm-provider';
import { getPolkadotSigner } from 'polkadot-api/signer';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startLocalNetwork, waitForFinalized, rpcCall } from '../node-process.mjs';
import { startSmoldot, lightChainSpec, withTimeout, accountKey, freeBalance, tail } from './light.mjs';

const TIMEOUT_MS = 180_000;

let net;
let sm;
let client;

before(async () => {
  await cryptoWaitReady();
  net = await startLocalNetwork({ validators: ['alice', 'bob'] });
  for (const node of net.nodes) await waitForFinalized(node.http, 3, 90_000);
  sm = startSmoldot({ maxLogLevel: 3 });
  const chain = sm.client.addChain({ chainSpec: lightChainSpec(net.spec, net.nodes.map((n) => n.multiaddr)) });
  client = createClient(getSmProvider(chain));
}, { timeout: 150_000 });

after(async () => {
  if (client) {
    try { client.destroy(); } catch (_) { /* already destroyed */ }
  }
  if (sm) await sm.terminate();
  if (net) await net.stop();
});

test('a transfer through smoldot is finalized and seen by the full node', { timeout: TIMEOUT_MS + 10_000 }, async () => {
  const [alice] = net.nodes;
  const keyring = new Keyring({ type: 'sr25519' });
  const sender = keyring.addFromUri('//Alice');
  const recipient = keyring.addFromUri(`//Light${Date.now()}`);
  const signer = getPolkadotSigner(sender.publicKey, 'Sr25519', (payload) => sender.sign(payload));
  const amount = 3_000_000_000_000n;
  const events = [];
  let subscription;
  try {
    const api = client.getUnsafeApi();
    const tx = api.tx.Balances.transfer_keep_alive({
      dest: { type: 'Id', value: recipient.address },
      value: amount,
    });
    const finalized = await withTimeout(new Promise((resolve, reject) => {
      subscription = tx.signSubmitAndWatch(signer).subscribe({
        next(event) {
          events.push(event.type === 'txBestBlocksState' ? `${event.type}(found: ${event.found})` : event.type);
          if (event.type === 'finalized') resolve(event);
        },
        error: reject,
      });
    }), TIMEOUT_MS, 'the transfer submitted through smoldot being finalized');
    console.log(`transfer through smoldot: ${events.join(' → ')}; finalized in #${finalized.block.number} (${finalized.block.hash})`);
    assert.ok(finalized.ok, `dispatch failed: ${JSON.stringify(finalized.dispatchError)}`);

    // The full node has that block on its finalized chain, and the recipient's balance in it.
    await waitForFinalized(alice.http, finalized.block.number, 30_000);
    assert.equal(await rpcCall(alice.http, 'chain_getBlockHash', [finalized.block.number]), finalized.block.hash);
    const key = accountKey(recipient.publicKey);
    const before = await rpcCall(alice.http, 'state_getStorage', [key, await rpcCall(alice.http, 'chain_getBlockHash', [finalized.block.number - 1])]);
    assert.equal(before, null, 'the recipient was a fresh account');
    const account = await rpcCall(alice.http, 'state_getStorage', [key, finalized.block.hash]);
    assert.ok(account, 'the recipient exists after the transfer');
    assert.equal(freeBalance(account), amount);

    // And polkadot-api reads the same balance through smoldot's storage proofs.
    const light = await withTimeout(api.query.System.Account.getValue(recipient.address, { at: finalized.block.hash }),
      30_000, 'System.Account through smoldot');
    assert.equal(light.data.free, amount);
  } catch (e) {
    console.error(`transaction events: ${events.join(' → ') || 'none'}`);
    console.error(sm.report(50));
    for (const node of net.nodes) console.error(`-- ${node.name} (${node.logPath}) --\n${tail(node.log(), 30)}`);
    throw e;
  } finally {
    if (subscription) subscription.unsubscribe();
  }
});
