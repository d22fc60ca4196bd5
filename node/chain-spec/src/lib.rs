//! Chain specs in polkadot-sdk's JSON format.
//!
//! A spec names the chain and holds its genesis either as `runtimeGenesis` (the runtime's Wasm
//! plus a JSON config or patch, turned into storage by the runtime's `GenesisBuilder`) or as
//! `raw` storage. `build-spec --raw` converts the first form into the second; both give the same
//! genesis state. Built-in specs `dev` and `local` use the runtime's presets.

use codec::{Decode, Encode};
use sci_executor::WasmExecutor;
use sci_primitives::BlockNumber;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sp_core::storage::{well_known_keys, Storage, StorageChild};
use std::{collections::BTreeMap, path::Path};

/// Why a chain spec could not be loaded or used.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
	/// The spec file could not be read.
	#[error("cannot read chain spec {0}: {1}")]
	Io(String, std::io::Error),
	/// The spec is not valid JSON of this format.
	#[error("invalid chain spec JSON: {0}")]
	Json(#[from] serde_json::Error),
	/// A hex field (code, storage) is not valid hex.
	#[error("invalid hex in chain spec at {0}: {1}")]
	Hex(String, hex::FromHexError),
	/// The runtime has no such genesis preset.
	#[error("the runtime has no genesis preset `{0}`")]
	UnknownPreset(String),
	/// The runtime could not build the genesis state.
	#[error("genesis build failed: {0}")]
	Genesis(String),
	/// A `codeSubstitutes` key is not a block number.
	#[error("codeSubstitutes: `{0}` is not a block number (the keys are decimal block numbers)")]
	SubstituteBlock(String),
	/// A `codeSubstitutes` value is not a runtime whose version can be read.
	#[error("codeSubstitutes: the substitute for block #{block} is not a runtime: {reason}")]
	InvalidSubstitute {
		/// The block it is for.
		block: BlockNumber,
		/// Why its version cannot be read (in the message, so not also a `source`).
		reason: sci_executor::Error,
	},
}

/// The kind of network a spec describes (as polkadot-sdk spells it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub enum ChainType {
	/// A development chain (`--dev`).
	#[default]
	Development,
	/// A local test network.
	Local,
	/// A public network.
	Live,
	/// Another kind, by name.
	Custom(String),
}

/// A chain spec file.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChainSpec {
	/// The chain's human-readable name (`system_chain`).
	pub name: String,
	/// The chain's id: the database folder under `chains/`.
	pub id: String,
	/// Development, local or live.
	#[serde(default)]
	pub chain_type: ChainType,
	/// Multiaddresses of the nodes a new node connects to first.
	#[serde(default)]
	pub boot_nodes: Vec<String>,
	/// Telemetry endpoints, kept for polkadot-sdk compatibility.
	#[serde(default)]
	pub telemetry_endpoints: Option<Value>,
	/// The network protocol id.
	#[serde(default)]
	pub protocol_id: Option<String>,
	/// Tells apart forks that share a genesis.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub fork_id: Option<String>,
	/// Token symbol, decimals and SS58 format (`system_properties`).
	#[serde(default)]
	pub properties: Option<Map<String, Value>>,
	/// Runtime code (hex) to run instead of the on-chain code, keyed by the block number
	/// (decimal) from which it applies: see [`ChainSpec::code_substitutes`].
	#[serde(default)]
	pub code_substitutes: BTreeMap<String, String>,
	/// The genesis: runtime config or raw storage.
	pub genesis: Genesis,
}

/// The genesis of a chain.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Genesis {
	/// Runtime code plus a genesis config (or patch over the runtime's default config).
	RuntimeGenesis(RuntimeGenesis),
	/// Storage key/values, hex encoded.
	Raw(RawGenesis),
}

/// `genesis.runtimeGenesis`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuntimeGenesis {
	/// The runtime's Wasm, hex encoded.
	pub code: String,
	/// A full genesis config.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub config: Option<Value>,
	/// A patch applied to the runtime's default genesis config.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub patch: Option<Value>,
}

/// `genesis.raw`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawGenesis {
	/// Top-trie storage: hex key to hex value.
	pub top: BTreeMap<String, String>,
	/// Default child tries: hex storage key to their storage.
	#[serde(default)]
	pub children_default: BTreeMap<String, BTreeMap<String, String>>,
}

fn decode_hex(what: &str, s: &str) -> Result<Vec<u8>, SpecError> {
	hex::decode(s.trim_start_matches("0x")).map_err(|e| SpecError::Hex(what.to_string(), e))
}

fn to_hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// Merge `patch` into `base`: objects merge key by key, anything else replaces.
pub fn json_merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				json_merge(base.entry(key).or_insert(Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// Token properties that wallets read through `system_properties`.
fn sci_properties() -> Map<String, Value> {
	use sci_primitives::units::*;
	let mut properties = Map::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

/// Call a `GenesisBuilder` function on `code` with `ext` (empty: genesis has no state yet).
fn genesis_builder_call(
	executor: &WasmExecutor,
	ext: &mut sp_state_machine::BasicExternalities,
	code: &[u8],
	method: &str,
	data: &[u8],
) -> Result<Vec<u8>, sci_executor::Error> {
	let hash = sp_crypto_hashing::blake2_256(code);
	executor.call_with_code(ext, &hash, code, None, method, data)
}

/// The JSON of a runtime preset (`None`: the default config).
pub fn runtime_preset(
	executor: &WasmExecutor,
	code: &[u8],
	preset: Option<&str>,
) -> Result<Value, SpecError> {
	let method = "GenesisBuilder_get_preset";
	let mut ext = sp_state_machine::BasicExternalities::new_empty();
	let output = genesis_builder_call(
		executor,
		&mut ext,
		code,
		method,
		&preset.map(str::to_string).encode(),
	)
	.map_err(|e| SpecError::Genesis(format!("{method}: {e}")))?;
	let json = Option::<Vec<u8>>::decode(&mut &output[..])
		.map_err(|e| SpecError::Genesis(format!("bad get_preset output: {e}")))?
		.ok_or_else(|| SpecError::UnknownPreset(preset.unwrap_or("<default>").to_string()))?;
	Ok(serde_json::from_slice(&json)?)
}

/// The genesis storage of `code`'s preset `preset` (its default config with the preset's
/// patch), as a chain spec naming that preset builds it.
pub fn preset_storage(
	executor: &WasmExecutor,
	code: &[u8],
	preset: &str,
) -> Result<Storage, SpecError> {
	let config = patched_config(executor, code, runtime_preset(executor, code, Some(preset))?)?;
	build_state(executor, code.to_vec(), &config)
}

/// `code`'s default genesis config with `patch` merged into it.
fn patched_config(executor: &WasmExecutor, code: &[u8], patch: Value) -> Result<Value, SpecError> {
	let mut config = runtime_preset(executor, code, None)?;
	json_merge(&mut config, patch);
	Ok(config)
}

/// Run `code`'s `GenesisBuilder_build_state` on `config`: the genesis storage, code included.
fn build_state(
	executor: &WasmExecutor,
	code: Vec<u8>,
	config: &Value,
) -> Result<Storage, SpecError> {
	let mut ext = sp_state_machine::BasicExternalities::new_empty();
	let input = serde_json::to_vec(config)?.encode();
	let output =
		genesis_builder_call(executor, &mut ext, &code, "GenesisBuilder_build_state", &input)
			.map_err(|e| SpecError::Genesis(e.to_string()))?;
	Result::<(), String>::decode(&mut &output[..])
		.map_err(|e| SpecError::Genesis(format!("bad build_state output: {e}")))?
		.map_err(SpecError::Genesis)?;
	let mut storage = ext.into_storages();
	storage.top.insert(well_known_keys::CODE.to_vec(), code);
	Ok(storage)
}

impl ChainSpec {
	/// Load a spec from a JSON file.
	pub fn from_file(path: &Path) -> Result<Self, SpecError> {
		let text = std::fs::read(path).map_err(|e| SpecError::Io(path.display().to_string(), e))?;
		Self::from_json_bytes(&text)
	}

	/// Parse a spec from JSON.
	pub fn from_json_bytes(json: &[u8]) -> Result<Self, SpecError> {
		Ok(serde_json::from_slice(json)?)
	}

	/// A built-in spec from the runtime embedded in this node.
	pub fn builtin(id: &str, executor: &WasmExecutor) -> Result<Option<Self>, SpecError> {
		Self::builtin_with_code(id, executor, None)
	}

	/// A built-in spec from `code` (the embedded runtime if `None`): its code and its preset.
	pub fn builtin_with_code(
		id: &str,
		executor: &WasmExecutor,
		code: Option<&[u8]>,
	) -> Result<Option<Self>, SpecError> {
		let (name, spec_id, chain_type, preset) = match id {
			"dev" => ("Development", "dev", ChainType::Development, "development"),
			"local" | "local_testnet" => {
				("Local Testnet", "local_testnet", ChainType::Local, "local_testnet")
			},
			"staging" | "sci_staging" => ("SCI Staging", "sci_staging", ChainType::Live, "staging"),
			_ => return Ok(None),
		};
		let code = match code {
			Some(code) => code,
			None => runtime_code().map_err(SpecError::Genesis)?,
		};
		let patch = runtime_preset(executor, code, Some(preset))?;
		Ok(Some(ChainSpec {
			name: name.into(),
			id: spec_id.into(),
			chain_type,
			boot_nodes: vec![],
			telemetry_endpoints: None,
			protocol_id: Some("sci".into()),
			fork_id: None,
			properties: Some(sci_properties()),
			code_substitutes: BTreeMap::new(),
			genesis: Genesis::RuntimeGenesis(RuntimeGenesis {
				code: to_hex(code),
				config: None,
				patch: Some(patch),
			}),
		}))
	}

	/// `dev`, `local` or a path to a JSON spec.
	pub fn load(chain: &str, executor: &WasmExecutor) -> Result<Self, SpecError> {
		match Self::builtin(chain, executor)? {
			Some(spec) => Ok(spec),
			None => Self::from_file(Path::new(chain)),
		}
	}

	/// The genesis storage this spec describes.
	pub fn genesis_storage(&self, executor: &WasmExecutor) -> Result<Storage, SpecError> {
		match &self.genesis {
			Genesis::Raw(raw) => {
				let mut storage = Storage::default();
				for (key, value) in &raw.top {
					storage.top.insert(
						decode_hex("genesis.raw.top", key)?,
						decode_hex("genesis.raw.top", value)?,
					);
				}
				for (child_key, entries) in &raw.children_default {
					let key = decode_hex("genesis.raw.childrenDefault", child_key)?;
					let mut data = BTreeMap::new();
					for (k, v) in entries {
						data.insert(
							decode_hex("genesis.raw.childrenDefault", k)?,
							decode_hex("genesis.raw.childrenDefault", v)?,
						);
					}
					let child_info = sp_core::storage::ChildInfo::new_default(&key);
					storage.children_default.insert(key, StorageChild { data, child_info });
				}
				if !storage.top.contains_key(well_known_keys::CODE) {
					return Err(SpecError::Genesis("raw genesis has no `:code`".into()));
				}
				Ok(storage)
			},
			Genesis::RuntimeGenesis(genesis) => {
				let code = decode_hex("genesis.runtimeGenesis.code", &genesis.code)?;
				let config = match (&genesis.config, &genesis.patch) {
					(Some(config), _) => config.clone(),
					(None, Some(patch)) => patched_config(executor, &code, patch.clone())?,
					(None, None) => {
						return Err(SpecError::Genesis(
							"runtimeGenesis needs `config` or `patch`".into(),
						))
					},
				};
				build_state(executor, code, &config)
			},
		}
	}

	/// This spec with its genesis converted to raw storage.
	pub fn into_raw(self, executor: &WasmExecutor) -> Result<Self, SpecError> {
		let storage = self.genesis_storage(executor)?;
		Ok(self.with_raw_genesis(storage))
	}

	/// This spec with `storage` as its raw genesis (`export-state`: a chain starting from the
	/// state of a block).
	pub fn with_raw_genesis(mut self, storage: Storage) -> Self {
		let mut raw = RawGenesis::default();
		for (key, value) in storage.top {
			raw.top.insert(to_hex(&key), to_hex(&value));
		}
		for (key, child) in storage.children_default {
			let entries = child.data.iter().map(|(k, v)| (to_hex(k), to_hex(v))).collect();
			raw.children_default.insert(to_hex(&key), entries);
		}
		self.genesis = Genesis::Raw(raw);
		self
	}

	/// Pretty JSON of this spec.
	pub fn to_json(&self) -> Result<String, SpecError> {
		Ok(serde_json::to_string_pretty(self)?)
	}

	/// The `codeSubstitutes` by block number, decoded. A substitute for block `N` runs instead
	/// of the on-chain runtime on the state of block `N` and of its descendants, as long as
	/// their `:code` is still the one block `N` has: the way back from a runtime that cannot
	/// build or execute blocks. (The node checks that each one is a runtime when it starts.)
	pub fn code_substitutes(&self) -> Result<BTreeMap<BlockNumber, Vec<u8>>, SpecError> {
		self.code_substitutes
			.iter()
			.map(|(block, code)| {
				let number = block
					.trim()
					.parse::<BlockNumber>()
					.map_err(|_| SpecError::SubstituteBlock(block.clone()))?;
				Ok((number, decode_hex(&format!("codeSubstitutes.{block}"), code)?))
			})
			.collect()
	}

	/// `system_properties`: the spec's properties (an empty object if none).
	pub fn properties(&self) -> Map<String, Value> {
		self.properties.clone().unwrap_or_default()
	}
}

/// The runtime Wasm this node was built with: the genesis code of the built-in chain specs.
pub fn runtime_code() -> Result<&'static [u8], String> {
	sci_runtime::WASM_BINARY.ok_or_else(|| {
		"this node was built without the runtime Wasm (SKIP_WASM_BUILD was set); rebuild without it".to_string()
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	fn spec_with_substitutes(substitutes: Value) -> ChainSpec {
		let json = serde_json::json!({
			"name": "Test",
			"id": "test",
			"codeSubstitutes": substitutes,
			"genesis": { "raw": { "top": {} } },
		});
		ChainSpec::from_json_bytes(json.to_string().as_bytes()).unwrap()
	}

	#[test]
	fn code_substitutes_are_keyed_by_block_number() {
		let spec = spec_with_substitutes(serde_json::json!({ "7": "0x0102", "12": "0304" }));
		let substitutes = spec.code_substitutes().unwrap();
		assert_eq!(substitutes, BTreeMap::from([(7, vec![1, 2]), (12, vec![3, 4])]));
	}

	#[test]
	fn a_substitute_keyed_by_other_than_a_number_or_not_hex_is_an_error() {
		let spec = spec_with_substitutes(serde_json::json!({ "0xabcd": "0x00" }));
		let error = spec.code_substitutes().unwrap_err();
		assert!(matches!(&error, SpecError::SubstituteBlock(key) if key == "0xabcd"), "{error}");
		let spec = spec_with_substitutes(serde_json::json!({ "3": "0xzz" }));
		let error = spec.code_substitutes().unwrap_err().to_string();
		assert!(error.contains("codeSubstitutes.3"), "{error}");
	}
}
