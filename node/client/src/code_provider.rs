//! Which runtime code a runtime call runs: the state's `:code`, unless the chain spec's
//! `codeSubstitutes` or the operator's `--wasm-runtime-overrides` directory replaces it, as
//! polkadot-sdk's `sc-service` code provider does.
//!
//! * A **substitute** for block `N` (chain spec `codeSubstitutes`, keyed by block number) runs
//!   on the state of block `N` and of every later block whose `:code` is still the one block `N`
//!   has (on the best chain): an on-chain upgrade after `N` ends it. It is how a chain stopped
//!   by a runtime that cannot build or execute blocks is brought back: every node takes the same
//!   spec, so all of them execute the same code.
//! * An **override** (every `*.wasm` file of the `--wasm-runtime-overrides` directory) runs
//!   instead of any on-chain runtime that reports the same `spec_name` and `spec_version`, and
//!   takes precedence over substitutes, as upstream. It is one node's choice: what it computes
//!   must still agree with what the other nodes' code computes.
//!
//! Without substitutes and overrides a call pays nothing. With overrides, the on-chain
//! runtime's version is read once per code (cached by its hash).

use crate::Client;
use codec::Encode;
use parking_lot::Mutex;
use sci_chain_spec::SpecError;
use sci_executor::WasmExecutor;
use sci_primitives::{BlockNumber, Hash};
use sci_storage::state::StateBackend;
use sp_core::traits::{FetchRuntimeCode, RuntimeCode};
use sp_state_machine::{Backend, BasicExternalities};
use sp_version::RuntimeVersion;
use std::{
	borrow::Cow,
	collections::{BTreeMap, HashMap, HashSet},
	path::{Path, PathBuf},
};

/// Why the `--wasm-runtime-overrides` directory cannot be used: the node refuses to start.
#[derive(Debug, thiserror::Error)]
pub enum WasmOverrideError {
	/// The path is not a directory.
	#[error("--wasm-runtime-overrides: {} is not a directory", .0.display())]
	NotADirectory(PathBuf),
	/// The directory or a file in it cannot be read.
	#[error("--wasm-runtime-overrides: cannot read {path}: {error}", path = .0.display(), error = .1)]
	Io(PathBuf, std::io::Error),
	/// A `.wasm` file is not a runtime whose version can be read.
	#[error("--wasm-runtime-overrides: {path} is not a runtime: {error}", path = .0.display(), error = .1)]
	NotARuntime(PathBuf, sci_executor::Error),
	/// Two files report the same runtime version.
	#[error(
		"--wasm-runtime-overrides: {} and {} are both {version}; keep one file per runtime version",
		.first.display(),
		.second.display()
	)]
	Duplicate {
		/// `spec_name` and `spec_version`.
		version: String,
		/// The file read first.
		first: PathBuf,
		/// The other one.
		second: PathBuf,
	},
}

/// Runtime code that runs instead of an on-chain runtime.
struct Replacement {
	code: Vec<u8>,
	/// `blake2_256` of the code: the executor caches compiled modules by it.
	hash: Vec<u8>,
	version: RuntimeVersion,
	/// Where it comes from, for the log.
	origin: String,
}

impl Replacement {
	/// `code` with the version it reports.
	fn new(
		executor: &WasmExecutor,
		code: Vec<u8>,
		origin: String,
	) -> Result<Self, sci_executor::Error> {
		let version = executor.runtime_version(&mut BasicExternalities::new_empty(), &code)?;
		let hash = sp_crypto_hashing::blake2_256(&code).to_vec();
		Ok(Self { code, hash, version, origin })
	}
}

impl FetchRuntimeCode for Replacement {
	fn fetch_runtime_code(&self) -> Option<Cow<'_, [u8]>> {
		Some(self.code.as_slice().into())
	}
}

/// `sci v101`.
fn version_name(version: &RuntimeVersion) -> String {
	format!("{} v{}", version.spec_name, version.spec_version)
}

/// The runtimes of a `--wasm-runtime-overrides` directory, by the version they report.
#[derive(Default)]
pub struct WasmOverrides {
	by_version: HashMap<VersionKey, Replacement>,
}

impl WasmOverrides {
	/// Every `*.wasm` file in `dir` (plain or compressed, as `:code` holds it), keyed by the
	/// `spec_name` and `spec_version` it reports. Other files are ignored; a `.wasm` file that
	/// is not a runtime, or two with one version, are errors.
	pub fn load(dir: &Path, executor: &WasmExecutor) -> Result<Self, WasmOverrideError> {
		if !dir.is_dir() {
			return Err(WasmOverrideError::NotADirectory(dir.to_path_buf()));
		}
		let io = |path: &Path| {
			let path = path.to_path_buf();
			move |e| WasmOverrideError::Io(path, e)
		};
		let mut paths = Vec::new();
		for entry in std::fs::read_dir(dir).map_err(io(dir))? {
			let path = entry.map_err(io(dir))?.path();
			if path.extension().is_some_and(|e| e == "wasm") && !path.is_dir() {
				paths.push(path);
			}
		}
		// In name order, so that a duplicate is reported the same way every time.
		paths.sort();
		let mut by_version: HashMap<VersionKey, Replacement> = HashMap::new();
		for path in paths {
			let code = std::fs::read(&path).map_err(io(&path))?;
			let replacement = Replacement::new(executor, code, path.display().to_string())
				.map_err(|e| WasmOverrideError::NotARuntime(path.clone(), e))?;
			let version = &replacement.version;
			let key = (version.spec_name.to_string(), version.spec_version);
			if let Some(first) = by_version.get(&key) {
				return Err(WasmOverrideError::Duplicate {
					version: version_name(version),
					first: PathBuf::from(&first.origin),
					second: path,
				});
			}
			log::info!(
				"📦 WASM runtime override {}: {} (runs instead of any on-chain runtime of that version)",
				path.display(),
				version_name(version)
			);
			by_version.insert(key, replacement);
		}
		Ok(Self { by_version })
	}

	/// Whether there are none.
	pub fn is_empty(&self) -> bool {
		self.by_version.is_empty()
	}

	/// How many runtimes there are.
	pub fn len(&self) -> usize {
		self.by_version.len()
	}
}

/// A chain spec's substitute for the code of block `from` on.
struct Substitute {
	from: BlockNumber,
	replacement: Replacement,
	/// Block `from` of the best chain and its `:code` hash, once read: kept while that block
	/// stays on the best chain (for good once it is finalized).
	replaces: Mutex<Option<(Hash, Vec<u8>)>>,
}

/// A runtime's `spec_name` and `spec_version`: what an override is chosen by.
type VersionKey = (String, u32);

/// Picks the code of each runtime call: see the module documentation.
pub(crate) struct CodeProvider {
	/// Reads on-chain runtimes' versions.
	executor: WasmExecutor,
	/// By `from`, latest first: on a state where several apply, the latest wins.
	substitutes: Vec<Substitute>,
	overrides: WasmOverrides,
	/// The version of each on-chain runtime seen, by code hash (`None`: unreadable). Read only
	/// when there are overrides.
	versions: Mutex<HashMap<Vec<u8>, Option<VersionKey>>>,
	/// The replacements already reported in the log: (on-chain code hash, replacement hash).
	announced: Mutex<HashSet<(Vec<u8>, Vec<u8>)>>,
}

impl CodeProvider {
	/// The chain spec's `substitutes` (checked to be runtimes) and the operator's `overrides`.
	pub(crate) fn new(
		executor: &WasmExecutor,
		substitutes: BTreeMap<BlockNumber, Vec<u8>>,
		overrides: WasmOverrides,
	) -> Result<Self, SpecError> {
		let mut checked = Vec::new();
		for (from, code) in substitutes.into_iter().rev() {
			let origin = format!("the chain spec's code substitute from block #{from}");
			let replacement = Replacement::new(executor, code, origin)
				.map_err(|reason| SpecError::InvalidSubstitute { block: from, reason })?;
			log::info!(
				"📦 Code substitute from block #{from}: {} (runs while the chain keeps the code block #{from} has)",
				version_name(&replacement.version)
			);
			checked.push(Substitute { from, replacement, replaces: Mutex::new(None) });
		}
		Ok(Self {
			executor: executor.clone(),
			substitutes: checked,
			overrides,
			versions: Default::default(),
			announced: Default::default(),
		})
	}

	/// The code a call on `backend` runs: `onchain` (the state's own), or its override or
	/// substitute.
	pub(crate) fn runtime_code<'a>(
		&'a self,
		client: &Client,
		backend: &StateBackend,
		onchain: RuntimeCode<'a>,
	) -> RuntimeCode<'a> {
		if self.substitutes.is_empty() && self.overrides.is_empty() {
			return onchain;
		}
		let Some(replacement) = self
			.override_for(&onchain)
			.or_else(|| self.substitute_for(client, backend, &onchain.hash))
		else {
			return onchain;
		};
		if self.announced.lock().insert((onchain.hash.clone(), replacement.hash.clone())) {
			let at = backend
				.block_number()
				.map(|n| format!(", first at block #{n}"))
				.unwrap_or_default();
			log::info!(
				"🔁 Running {} ({}) instead of the on-chain runtime 0x{}…{at}",
				replacement.origin,
				version_name(&replacement.version),
				hex::encode(&onchain.hash[..onchain.hash.len().min(4)]),
			);
		}
		RuntimeCode {
			code_fetcher: replacement,
			heap_pages: onchain.heap_pages,
			hash: replacement.hash.clone(),
		}
	}

	/// The override for the version the on-chain runtime reports, if any.
	fn override_for(&self, onchain: &RuntimeCode<'_>) -> Option<&Replacement> {
		if self.overrides.is_empty() {
			return None;
		}
		let cached = self.versions.lock().get(&onchain.hash).cloned();
		let version = match cached {
			Some(version) => version,
			None => {
				let version = onchain
					.fetch_runtime_code()
					.ok_or_else(|| "the state has no `:code`".to_string())
					.and_then(|code| {
						// From the version's custom section: no state is needed.
						self.executor
							.runtime_version(&mut BasicExternalities::new_empty(), &code)
							.map_err(|e| e.to_string())
					});
				let version = match version {
					Ok(v) => Some((v.spec_name.to_string(), v.spec_version)),
					Err(e) => {
						log::warn!("cannot read the on-chain runtime's version, so no override applies to it: {e}");
						None
					},
				};
				self.versions.lock().insert(onchain.hash.clone(), version.clone());
				version
			},
		};
		self.overrides.by_version.get(&version?)
	}

	/// The latest substitute that applies to a state of the block `backend` belongs to, whose
	/// `:code` hash is `onchain_hash`.
	fn substitute_for(
		&self,
		client: &Client,
		backend: &StateBackend,
		onchain_hash: &[u8],
	) -> Option<&Replacement> {
		let number = backend.block_number()?;
		self.substitutes
			.iter()
			.filter(|s| s.from <= number)
			.find(|s| replaced_code(client, s).is_some_and(|hash| hash == onchain_hash))
			.map(|s| &s.replacement)
	}
}

/// The `:code` hash of block `substitute.from` on the best chain (`None` before it exists).
fn replaced_code(client: &Client, substitute: &Substitute) -> Option<Vec<u8>> {
	let mut replaces = substitute.replaces.lock();
	if let Some((block, code_hash)) = &*replaces {
		// A finalized block stays; an unfinalized one may have been re-orged away.
		if substitute.from <= client.info().finalized_number
			|| client.hash(substitute.from).ok().flatten() == Some(*block)
		{
			return Some(code_hash.clone());
		}
	}
	let block = client.hash(substitute.from).ok()??;
	let state = client.state_at(block).ok()?;
	// Encoded as `BackendRuntimeCode` encodes the hash it reports.
	let code_hash = state.storage_hash(sp_core::storage::well_known_keys::CODE).ok()??.encode();
	*replaces = Some((block, code_hash.clone()));
	Some(code_hash)
}
