// Zombienet js-script: enact the upgrade-test runtime ($SCI_UPGRADE_WASM) with sudo
// `system.setCode` through this node, and wait until a finalized block runs it. Events are not
// decoded: polkadot.js re-decorates itself when the runtime changes, which races with decoding
// the very block that changed it.
const fs = require("fs");

async function run(nodeName, networkInfo) {
  const { wsUri, userDefinedTypes } = networkInfo.nodesByName[nodeName];
  const api = await zombie.connect(wsUri, userDefinedTypes);
  await zombie.util.cryptoWaitReady();
  const alice = new zombie.Keyring({ type: "sr25519" }).addFromUri("//Alice");
  const before = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
  const code = fs.readFileSync(process.env.SCI_UPGRADE_WASM);
  const call = api.tx.system.setCode("0x" + code.toString("hex"));
  const tx = await api.tx.sudo
    .sudoUncheckedWeight(call, { refTime: 0, proofSize: 0 })
    .signAsync(alice);
  await api.rpc.author.submitExtrinsic(tx);
  for (;;) {
    const finalized = await api.rpc.chain.getFinalizedHead();
    const version = await api.rpc.state.getRuntimeVersion(finalized);
    if (version.specVersion.toNumber() > before) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await api.disconnect();
  return 0;
}

module.exports = { run };
