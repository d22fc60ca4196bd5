//! The host runs the built Wasm, and its genesis state root is Substrate's: the root the host
//! computes (Wasm GenesisBuilder + our ParityDB-backed trie) equals the root of the same
//! genesis built natively by the runtime in `sp_io::TestExternalities`.

use sci_node::{chain_spec::ChainSpec, client::Client, db::Db, executor::WasmExecutor};
use sp_runtime::BuildStorage;

#[test]
fn wasm_runtime_reports_spec_name_sci() {
	let executor = WasmExecutor::new().unwrap();
	let code = sci_node::runtime_code().unwrap();
	let version = executor
		.runtime_version(&mut sp_state_machine::BasicExternalities::new_empty(), code)
		.unwrap();
	assert_eq!(version.spec_name, "sci");
	assert_eq!(version.spec_version, sci_runtime::VERSION.spec_version);
	// Read from the embedded `runtime_version` section: nothing was compiled.
	assert_eq!(executor.cached_modules(), 0);
}

fn native_genesis_root(patch: serde_json::Value) -> sp_core::H256 {
	let mut config = serde_json::to_value(sci_runtime::RuntimeGenesisConfig::default()).unwrap();
	sci_node::chain_spec::json_merge(&mut config, patch);
	let config: sci_runtime::RuntimeGenesisConfig = serde_json::from_value(config).unwrap();
	let storage = config.build_storage().unwrap();
	let code = sci_node::runtime_code().unwrap();
	let mut ext = sp_io::TestExternalities::new_with_code_and_state(
		code,
		storage,
		sp_runtime::StateVersion::V1,
	);
	ext.commit_all().unwrap();
	*ext.backend.root()
}

#[test]
fn genesis_state_root_matches_native_runtime_genesis() {
	for (chain, patch) in [
		("dev", sci_runtime::genesis_presets::development_config_genesis()),
		("local", sci_runtime::genesis_presets::local_testnet_genesis()),
		("staging", sci_runtime::genesis_presets::staging_genesis()),
	] {
		let executor = WasmExecutor::new().unwrap();
		let spec = ChainSpec::load(chain, &executor).unwrap();
		let dir = tempfile::tempdir().unwrap();
		let db = Db::open(dir.path()).unwrap();
		let (header, _) = Client::build_genesis(&db, &spec, &executor).unwrap();
		assert_eq!(header.state_root, native_genesis_root(patch), "genesis root of `{chain}`");
	}
}

#[test]
fn raw_spec_gives_the_same_genesis_as_the_plain_one() {
	let executor = WasmExecutor::new().unwrap();
	let plain = ChainSpec::load("dev", &executor).unwrap();
	let raw = plain.clone().into_raw(&executor).unwrap();
	let raw = ChainSpec::from_json_bytes(raw.to_json().unwrap().as_bytes()).unwrap();
	let dir = tempfile::tempdir().unwrap();
	let db = Db::open(dir.path()).unwrap();
	let (plain_header, _) = Client::build_genesis(&db, &plain, &executor).unwrap();
	let (raw_header, _) = Client::build_genesis(&db, &raw, &executor).unwrap();
	assert_eq!(plain_header, raw_header);
}

#[test]
fn bad_genesis_input_is_a_clear_error() {
	let executor = WasmExecutor::new().unwrap();
	let mut spec = ChainSpec::load("dev", &executor).unwrap();
	if let sci_node::chain_spec::Genesis::RuntimeGenesis(g) = &mut spec.genesis {
		g.patch = Some(serde_json::json!({ "balances": { "balances": "not a list" } }));
	}
	let err = spec.genesis_storage(&executor).unwrap_err().to_string();
	assert!(err.contains("genesis build failed"), "{err}");

	let garbage = ChainSpec::from_json_bytes(b"{\"name\": 1}").unwrap_err().to_string();
	assert!(garbage.contains("invalid chain spec JSON"), "{garbage}");
}
