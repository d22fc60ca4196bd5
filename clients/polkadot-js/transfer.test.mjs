// polkadot.js against a dev node: metadata, balances, a signed transfer followed to
// finalization through every status (InBlock before Finalized), new-head subscriptions, and the
// Prometheus endpoint.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startDevNode } from '../node-process.mjs';

let node;
let api;

before(async () => {
  node = await startDevNode();
  await cryptoWaitReady();
  api = await ApiPromise.create({ provider: new WsProvider(node.ws), noInitWarn: true, throwOnConnect: true });
});

after(async () => {
  if (api) await api.disconnect();
  if (node) await node.stop();
});

test('reads chain identity and metadata', async () => {
  assert.equal(api.runtimeVersion.specName.toString(), 'sci');
  assert.equal((await api.rpc.system.chain()).toString(), 'Development');
  const props = await api.rpc.system.properties();
  assert.equal(props.tokenSymbol.unwrap()[0].toString(), 'SCI');
  assert.equal(props.tokenDecimals.unwrap()[0].toNumber(), 12);
  assert.ok(api.tx.balances.transferKeepAlive, 'balances pallet in metadata');
  assert.ok(api.query.system.account, 'system storage in metadata');
});

test('signs a transfer, follows it to finalized, and sees the balance', async () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  // Bob, not the block author (Alice), so block rewards and fee shares do not touch him.
  const bob = keyring.addFromUri('//Bob');
  const recipient = keyring.addFromUri(`//PolkadotJs${Date.now()}`);
  const amount = 5_000_000_000_000n;

  const { blockHash, events } = await new Promise((resolve, reject) => {
    api.tx.balances.transferKeepAlive(recipient.address, amount)
      .signAndSend(bob, ({ status, events, dispatchError }) => {
        if (dispatchError) reject(new Error(`dispatch error ${dispatchError.toString()}`));
        if (status.isInvalid || status.isDropped || status.isUsurped) reject(new Error(`transaction ${status.type}`));
        if (status.isFinalized) resolve({ blockHash: status.asFinalized, events });
      })
      .catch(reject);
  });
  assert.ok(events.some(({ event }) => api.events.system.ExtrinsicSuccess.is(event)), 'ExtrinsicSuccess');
  assert.ok(events.some(({ event }) => api.events.balances.Transfer.is(event)), 'Transfer event');
  const feePaid = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
  assert.ok(feePaid, 'TransactionFeePaid event');
  const fee = feePaid.event.data.actualFee.toBigInt() + feePaid.event.data.tip.toBigInt();
  assert.ok(fee > 0n, 'a fee was charged');

  const header = await api.rpc.chain.getHeader(blockHash);
  const before = await api.at(header.parentHash);
  const after = await api.at(blockHash);
  assert.equal((await after.query.system.account(recipient.address)).data.free.toBigInt(), amount);
  const bobBefore = (await before.query.system.account(bob.address)).data.free.toBigInt();
  const bobAfter = (await after.query.system.account(bob.address)).data.free.toBigInt();
  assert.equal(bobBefore - bobAfter, amount + fee, 'Bob paid exactly the amount and the fee');
});

test('signAndSend reports Ready, then InBlock, then Finalized, in the same block', async () => {
  // polkadot.js fetches a block's events before it reports InBlock and drops that report when
  // Finalized arrives first: a node that finalized each block as it imported it was never seen
  // InBlock, and code waiting for `status.isInBlock` waited forever.
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const charlie = keyring.addFromUri('//Charlie');
  const recipient = keyring.addFromUri(`//PolkadotJsStatuses${Date.now()}`);
  const statuses = [];
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not finalized in 60 s; statuses: ${statuses.map((s) => s.type)}`)), 60_000);
    api.tx.balances.transferKeepAlive(recipient.address, 1_000_000_000_000n)
      .signAndSend(charlie, ({ status, dispatchError }) => {
        statuses.push(status);
        if (dispatchError) reject(new Error(`dispatch error ${dispatchError.toString()}`));
        if (status.isInvalid || status.isDropped || status.isUsurped) reject(new Error(`transaction ${status.type}`));
        if (status.isFinalized) {
          clearTimeout(timer);
          resolve();
        }
      })
      .catch(reject);
  });
  const types = statuses.map((s) => s.type);
  const inBlock = types.indexOf('InBlock');
  const finalized = types.indexOf('Finalized');
  assert.ok(types.indexOf('Ready') === 0, `statuses ${types}`);
  assert.ok(inBlock > 0 && inBlock < finalized, `InBlock before Finalized: ${types}`);
  assert.equal(statuses[inBlock].asInBlock.toHex(), statuses[finalized].asFinalized.toHex());
});

test('new heads subscription advances', async () => {
  const numbers = await new Promise((resolve) => {
    const seen = [];
    const unsub = api.rpc.chain.subscribeNewHeads((header) => {
      seen.push(header.number.toNumber());
      if (seen.length === 3) {
        unsub.then((u) => u());
        resolve(seen);
      }
    });
  });
  assert.ok(numbers[1] > numbers[0] && numbers[2] > numbers[1], `heads ${numbers}`);
});

test('metrics endpoint reports Substrate names with the height advancing', async () => {
  const best = async () => {
    const text = await (await fetch(node.metrics)).text();
    for (const name of ['substrate_process_start_time_seconds', 'substrate_sub_libp2p_peers_count',
      'substrate_ready_transactions_number', 'substrate_build_info', 'substrate_block_height{status="finalized"']) {
      assert.ok(text.includes(name), `metrics lack ${name}`);
    }
    // Every series carries the chain's id as a label, as on a polkadot-sdk node.
    const line = /^substrate_block_height\{([^}]*)\} (\d+)$/m;
    const bestLine = text.split('\n').map((l) => line.exec(l)).find((m) => m && m[1].includes('status="best"'));
    assert.ok(bestLine, 'metrics lack substrate_block_height{status="best"}');
    assert.ok(bestLine[1].includes('chain="dev"'), `no chain label: ${bestLine[0]}`);
    return Number(bestLine[2]);
  };
  const first = await best();
  await new Promise((r) => setTimeout(r, 2500));
  assert.ok((await best()) > first, 'best height advances');
});
