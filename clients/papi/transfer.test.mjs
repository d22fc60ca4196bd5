// polkadot-api (new JSON-RPC spec only: chainHead_v1, transactionWatch_v1, chainSpec_v1)
// against a dev node: reads a balance and submits a transfer, followed to finalization.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'polkadot-api';
import { getWsProvider } from 'polkadot-api/ws-provider/node';
import { getPolkadotSigner } from 'polkadot-api/signer';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startDevNode } from '../node-process.mjs';

let node;
let client;

before(async () => {
  node = await startDevNode();
  await cryptoWaitReady();
  client = createClient(getWsProvider(node.ws));
});

after(async () => {
  if (client) client.destroy();
  if (node) await node.stop();
});

test('reads chain spec data and a balance', async () => {
  const spec = await client.getChainSpecData();
  assert.equal(spec.name, 'Development');
  assert.equal(spec.properties.tokenSymbol, 'SCI');
  const api = client.getUnsafeApi();
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const account = await api.query.System.Account.getValue(alice.address);
  assert.ok(account.data.free > 0n, 'Alice is endowed');
});

test('submits a transfer and sees it finalized', async () => {
  const api = client.getUnsafeApi();
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const recipient = keyring.addFromUri(`//Papi${Date.now()}`);
  const signer = getPolkadotSigner(alice.publicKey, 'Sr25519', (payload) => alice.sign(payload));
  const amount = 3_000_000_000_000n;
  const tx = api.tx.Balances.transfer_keep_alive({
    dest: { type: 'Id', value: recipient.address },
    value: amount,
  });
  const result = await tx.signAndSubmit(signer);
  assert.ok(result.ok, `dispatch failed: ${JSON.stringify(result.dispatchError)}`);
  const finalized = await api.query.System.Account.getValue(recipient.address, { at: result.block.hash });
  assert.equal(finalized.data.free, amount);
});
