// Zombienet js-script: upgrade the runtime as a public network does, without sudo. A referendum
// on the root track authorizes the code hash of $SCI_UPGRADE_WASM (the team accounts //One and
// //Two, 30 % of the issuance, vote aye); once enacted, anyone applies the authorized code, and
// we wait until a finalized block runs it. Needs the `fast-runtime` governance periods.
const fs = require("fs");

// Resolves when `tx` signed by `signer` is in a block; rejects if it failed.
function send(api, tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, dispatchError }) => {
      if (dispatchError) {
        const detail = dispatchError.isModule
          ? JSON.stringify(api.registry.findMetaError(dispatchError.asModule))
          : dispatchError.toString();
        reject(new Error(`${tx.method.section}.${tx.method.method} failed: ${detail}`));
      } else if (status.isInBlock) {
        resolve();
      }
    }).catch(reject);
  });
}

async function waitFor(what, check) {
  for (let i = 0; i < 240; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function run(nodeName, networkInfo) {
  const { wsUri, userDefinedTypes } = networkInfo.nodesByName[nodeName];
  const api = await zombie.connect(wsUri, userDefinedTypes);
  await zombie.util.cryptoWaitReady();
  const keyring = new zombie.Keyring({ type: "sr25519" });
  const [alice, one, two] = ["//Alice", "//One", "//Two"].map((uri) => keyring.addFromUri(uri));
  const before = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
  const code = fs.readFileSync(process.env.SCI_UPGRADE_WASM);
  const codeHash = zombie.util.blake2AsHex(code, 256);

  // The proposal is small enough to travel inline, without a preimage.
  const authorize = api.tx.system.authorizeUpgrade(codeHash);
  const index = (await api.query.referenda.referendumCount()).toNumber();
  await send(
    api,
    api.tx.referenda.submit({ system: "Root" }, { Inline: authorize.method.toHex() }, { After: 0 }),
    alice,
  );
  await send(api, api.tx.referenda.placeDecisionDeposit(index), alice);
  // The team's tokens are vested, hence frozen, and cannot pay fees: Alice sends each voter
  // 10 SCI for the fee, and each votes with its vested balance.
  const feeMoney = 10n * 10n ** 12n;
  for (const voter of [one, two]) {
    const vested = (await api.query.system.account(voter.address)).data.free.toBigInt();
    await send(api, api.tx.balances.transferKeepAlive(voter.address, feeMoney), alice);
    const vote = { Standard: { vote: { aye: true, conviction: "Locked1x" }, balance: vested } };
    await send(api, api.tx.convictionVoting.vote(index, vote), voter);
  }
  console.log(`referendum ${index} submitted, decision deposit placed, //One and //Two voted aye`);

  await waitFor("the referendum's approval", async () => {
    const info = await api.query.referenda.referendumInfoFor(index);
    if (info.isSome && (info.unwrap().isRejected || info.unwrap().isTimedOut)) {
      throw new Error(`referendum ${index} failed: ${info.toString()}`);
    }
    return info.isSome && info.unwrap().isApproved;
  });
  await waitFor("the upgrade's authorization", async () => {
    const authorized = await api.query.system.authorizedUpgrade();
    return authorized.isSome && authorized.unwrap().codeHash.toHex() === codeHash;
  });
  console.log(`referendum ${index} approved and enacted: ${codeHash} authorized`);

  // Anyone may apply the authorized code; the fee is waived when it succeeds. Events are not
  // decoded after this: polkadot.js re-decorates itself when the runtime changes, which races
  // with decoding the very block that changed it.
  const apply = await api.tx.system.applyAuthorizedUpgrade("0x" + code.toString("hex")).signAsync(alice);
  await api.rpc.author.submitExtrinsic(apply);
  await waitFor("a finalized block running the new runtime", async () => {
    const finalized = await api.rpc.chain.getFinalizedHead();
    const version = await api.rpc.state.getRuntimeVersion(finalized);
    return version.specVersion.toNumber() > before;
  });
  await api.disconnect();
  return 0;
}

module.exports = { run };
