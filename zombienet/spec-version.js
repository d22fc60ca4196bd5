// Zombienet js-script: the spec version of the runtime this node runs at its best block.
async function run(nodeName, networkInfo) {
  const { wsUri, userDefinedTypes } = networkInfo.nodesByName[nodeName];
  const api = await zombie.connect(wsUri, userDefinedTypes);
  const version = await api.rpc.state.getRuntimeVersion();
  await api.disconnect();
  return version.specVersion.toNumber();
}

module.exports = { run };
