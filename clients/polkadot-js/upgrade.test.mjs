// A forkless runtime upgrade through polkadot.js: sudo authorizes the upgrade-test runtime's
// hash, Bob applies the code, and the next block runs the new runtime (spec_version 102): its
// migration's supply checkpoint is in storage, its new calls (pallet-utility) work, and a
// runtime-version subscription saw the change. Then the node restarts on its base path and
// carries on with the new runtime.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Metadata, TypeRegistry } from '@polkadot/types';
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady, xxhashAsHex } from '@polkadot/util-crypto';
import { startDevNode, upgradeTestWasm } from '../node-process.mjs';

const OLD_SPEC = 101;
const NEW_SPEC = 102;
const basePath = mkdtempSync(join(tmpdir(), 'sci-upgrade-'));
let node;
let api;
let keyring;

let provider;

async function connect() {
  provider = new WsProvider(node.ws);
  return ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
}

/**
 * Sign and send `tx`; resolves with the block hash and events once finalized (the dev chain's
 * GRANDPA voter finalizes a block shortly after its import).
 */
function send(tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (dispatchError) reject(new Error(`dispatch error ${dispatchError.toString()}`));
      if (status.isInvalid || status.isDropped || status.isUsurped) reject(new Error(`transaction ${status.type}`));
      if (status.isFinalized) resolve({ blockHash: status.asFinalized, events });
    }).catch(reject);
  });
}

/** Submit a signed extrinsic and resolve with the hash of the block that finalized it. */
function submitAndWatch(signed) {
  return new Promise((resolve, reject) => {
    api.rpc.author.submitAndWatchExtrinsic(signed, (status) => {
      if (status.isInvalid || status.isDropped || status.isUsurped) reject(new Error(`transaction ${status.type}`));
      if (status.isFinalized) resolve(status.asFinalized);
    }).catch(reject);
  });
}

/**
 * A plain storage value `pallet.item` at block `hash`, decoded with the metadata of block
 * `metadataAt`. polkadot.js re-initializes its default type registry in place on an upgrade,
 * so `api.at(<block before the upgrade>)` decodes with the new metadata; a registry of our own
 * keeps the old one.
 */
async function readAt(metadataAt, pallet, item, hash) {
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, (await api.rpc.state.getMetadata(metadataAt)).toU8a());
  registry.setMetadata(metadata);
  const entry = metadata.asLatest.pallets.find((p) => p.name.eq(pallet)).storage.unwrap().items.find((i) => i.name.eq(item));
  const key = xxhashAsHex(pallet, 128) + xxhashAsHex(item, 128).slice(2);
  return registry.createType(registry.createLookupType(entry.type.asPlain), await rawAt(key, hash));
}

async function waitFor(what, check, timeoutMs = 30_000) {
  const started = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The raw value under `key` at block `hash`, or null. */
async function rawAt(key, hash) {
  const raw = await provider.send('state_getStorage', [key, hash.toHex()]);
  return raw === null ? null : hexToU8a(raw);
}

/** The emission pallet's on-chain storage version at `blockHash`. */
async function emissionStorageVersion(blockHash) {
  const key = xxhashAsHex('Emission', 128) + xxhashAsHex(':__STORAGE_VERSION__:', 128).slice(2);
  return api.createType('u16', await rawAt(key, blockHash)).toNumber();
}

/** A utility.batch of two transfers from Bob; checks the new pallet's calls work. */
async function batchTransfers() {
  const bob = keyring.addFromUri('//Bob');
  const [one, two] = [keyring.addFromUri(`//Batch1-${Date.now()}`), keyring.addFromUri(`//Batch2-${Date.now()}`)];
  const amount = 2_000_000_000_000n;
  const { events } = await send(api.tx.utility.batch([
    api.tx.balances.transferKeepAlive(one.address, amount),
    api.tx.balances.transferKeepAlive(two.address, amount),
  ]), bob);
  assert.ok(events.some(({ event }) => api.events.utility.BatchCompleted.is(event)), 'BatchCompleted');
  for (const who of [one, two]) {
    assert.equal((await api.query.system.account(who.address)).data.free.toBigInt(), amount);
  }
}

before(async () => {
  await cryptoWaitReady();
  keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  node = await startDevNode([], { basePath });
  api = await connect();
});

after(async () => {
  if (api) await api.disconnect();
  if (node) await node.stop();
  rmSync(basePath, { recursive: true, force: true });
});

let upgradedAt; // { number, checkpoint }

test('authorize + apply upgrades the runtime at the next block, with its migration', async () => {
  const versions = [];
  const unsubscribe = await api.rpc.state.subscribeRuntimeVersion((v) => versions.push(v.specVersion.toNumber()));
  assert.equal(api.runtimeVersion.specVersion.toNumber(), OLD_SPEC);
  assert.equal(api.tx.utility, undefined, 'no utility calls before the upgrade');

  // Hex, so that polkadot.js takes the bytes as they are (a Uint8Array is read as SCALE-encoded).
  const code = u8aToHex(readFileSync(upgradeTestWasm));
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');
  const authorized = await send(api.tx.sudo.sudo(api.tx.system.authorizeUpgrade(blake2AsHex(code, 256))), alice);
  assert.ok(authorized.events.some(({ event }) => api.events.system.UpgradeAuthorized.is(event)), 'UpgradeAuthorized');
  assert.ok(authorized.events.some(({ event }) => api.events.sudo.Sudid.is(event) && event.data.sudoResult.isOk), 'sudo ok');

  // polkadot.js's `signAndSend` decodes the upgrade block's events with whichever metadata it
  // holds by then, and the runtime version at that block is already the new one. So watch the
  // status only, and decode the events with the metadata of the runtime that wrote them.
  const appliedHash = await submitAndWatch(await api.tx.system.applyAuthorizedUpgrade(code).signAsync(bob));
  const upgradeHeader = await api.rpc.chain.getHeader(appliedHash);
  const upgradeEvents = await readAt(upgradeHeader.parentHash, 'System', 'Events', appliedHash);
  assert.ok(upgradeEvents.some(({ event }) => event.section === 'system' && event.method === 'CodeUpdated'), 'CodeUpdated');
  const upgradeBlock = upgradeHeader.number.toNumber();
  assert.equal((await api.rpc.state.getRuntimeVersion(upgradeHeader.parentHash)).specVersion.toNumber(), OLD_SPEC);
  assert.equal(await emissionStorageVersion(appliedHash), 1, 'v1 until the new code runs');
  const issuedBefore = (await readAt(upgradeHeader.parentHash, 'Emission', 'TotalIssued', appliedHash)).toBigInt();

  // polkadot.js follows the runtime version and reloads the metadata.
  await waitFor('the new runtime in polkadot.js', () => api.runtimeVersion.specVersion.toNumber() === NEW_SPEC && api.tx.utility !== undefined);
  await waitFor('the subscription to report the new version', () => versions.includes(NEW_SPEC));
  assert.deepEqual([...new Set(versions)], [OLD_SPEC, NEW_SPEC]);
  unsubscribe();

  await waitFor('the first block on the new code', async () => (await api.rpc.chain.getHeader()).number.toNumber() > upgradeBlock);
  const nextHash = await api.rpc.chain.getBlockHash(upgradeBlock + 1);
  assert.equal((await api.rpc.state.getRuntimeVersion(nextHash)).specVersion.toNumber(), NEW_SPEC);
  const lastUpgrade = (await (await api.at(nextHash)).query.system.lastRuntimeUpgrade()).unwrap();
  assert.equal(lastUpgrade.specVersion.toNumber(), NEW_SPEC, 'block after the upgrade ran the new code');

  // The migration ran once, when the next block was initialized, and recorded the supply.
  assert.equal(await emissionStorageVersion(nextHash), 2);
  const checkpoint = (await api.query.emission.supplyCheckpoint()).unwrap();
  // Migrations run before the new block's number is set: the checkpoint names the upgrade block.
  assert.equal(checkpoint.block.toNumber(), upgradeBlock);
  assert.equal(checkpoint.issued.toBigInt(), issuedBefore);
  assert.ok(checkpoint.totalIssuance.toBigInt() > 0n);
  const issuedAtParent = await readAt(upgradeHeader.parentHash, 'Emission', 'TotalIssued', upgradeHeader.parentHash);
  assert.ok(issuedAtParent.toBigInt() < issuedBefore, 'the upgrade block minted its reward');
  upgradedAt = { number: upgradeBlock, checkpoint: checkpoint.toHex() };

  await batchTransfers();
});

test('after a restart on its base path the node runs the new runtime', async () => {
  assert.ok(upgradedAt, 'the upgrade test ran first');
  const bestBefore = (await api.rpc.chain.getHeader()).number.toNumber();
  await api.disconnect();
  await node.stop();

  node = await startDevNode([], { basePath });
  api = await connect();
  assert.equal(api.runtimeVersion.specVersion.toNumber(), NEW_SPEC);
  assert.ok(api.tx.utility, 'metadata of the new runtime');
  const versions = [];
  const unsubscribe = await api.rpc.state.subscribeRuntimeVersion((v) => versions.push(v.specVersion.toNumber()));
  await waitFor('the current version on subscribing', () => versions.length > 0);
  assert.equal(versions[0], NEW_SPEC);
  unsubscribe();

  await waitFor('new blocks after the restart', async () => (await api.rpc.chain.getHeader()).number.toNumber() > bestBefore + 1);
  const best = await api.rpc.chain.getBlockHash();
  assert.equal((await api.rpc.state.getRuntimeVersion(best)).specVersion.toNumber(), NEW_SPEC);
  // The migration did not run again: same checkpoint, still storage version 2.
  assert.equal((await api.query.emission.supplyCheckpoint()).unwrap().toHex(), upgradedAt.checkpoint);
  assert.equal(await emissionStorageVersion(best), 2);
  await batchTransfers();
});
