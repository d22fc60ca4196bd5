// Zombienet js-script: enact the upgrade-test runtime ($SCI_UPGRADE_WASM) with sudo
// `system.setCode` through this node and wait until the block that does it is finalized.
const fs = require("fs");

async function run(nodeName, networkInfo) {
  const { wsUri, userDefinedTypes } = networkInfo.nodesByName[nodeName];
  const api = await zombie.connect(wsUri, userDefinedTypes);
  await zombie.util.cryptoWaitReady();
  const alice = new zombie.Keyring({ type: "sr25519" }).addFromUri("//Alice");
  const code = fs.readFileSync(process.env.SCI_UPGRADE_WASM);
  const call = api.tx.system.setCode("0x" + code.toString("hex"));
  const weight = { refTime: 0, proofSize: 0 };
  await new Promise((resolve, reject) => {
    api.tx.sudo
      .sudoUncheckedWeight(call, weight)
      .signAndSend(alice, ({ status, dispatchError, events }) => {
        if (dispatchError) return reject(new Error(`setCode failed: ${dispatchError}`));
        if (status.isFinalized) {
          const updated = events.some(({ event }) => event.method === "CodeUpdated");
          return updated ? resolve() : reject(new Error("no CodeUpdated event"));
        }
      })
      .catch(reject);
  });
  await api.disconnect();
  return 0;
}

module.exports = { run };
