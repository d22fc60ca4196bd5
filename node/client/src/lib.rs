//! The chain: blocks and state in the database, runtime calls on any block's state, and block
//! import (verify the author's seal, re-execute, check the state root, commit atomically).
//!
//! # Driving it
//!
//! [`Client::open`] opens a database and writes genesis from a chain spec if it is new.
//! [`Client::import_block`] checks number and parent, the author's seal ([`consensus`]),
//! re-executes with `Core_execute_block` while a second thread checks the extrinsics'
//! signatures ahead ([`signature_check`]), compares the state root and commits in one batch.
//! [`Client::commit_block`] stores an executed block (own or imported); [`Client::finalize`]
//! moves the finalized pointer (and the best chain onto it if needed). Fork choice is the
//! longest chain ([`fork_choice`]). Components read the chain through [`ChainApi`] and import
//! through [`BlockImport`] (`sci-client-api`). Runtime calls run the state's `:code` unless the
//! chain spec's `codeSubstitutes` or a `--wasm-runtime-overrides` runtime replaces it
//! ([`code_provider`]).
//!
//! # Bounds
//!
//! Every state is read through one shared trie cache (`--trie-cache-size`, default
//! [`TRIE_CACHE_BYTES`]: decoded trie nodes, valid in every state containing them, and values
//! per state root). Block building and import use a trusted local cache merged back when the
//! block is done; RPC and pool validation a bounded one.

pub mod code_provider;
pub mod consensus;
pub mod export_state;
pub mod fork_choice;
pub mod gap_fill;
mod grandpa_sets;
#[cfg(test)]
mod pruning_tests;
pub mod revert;
pub mod signature_check;
#[cfg(test)]
mod test_chain;
pub mod upgrade_check;
pub mod warp_import;

use codec::{Decode, Encode};
use parking_lot::{Mutex, RwLock};
use sci_chain_spec::ChainSpec;
use sci_executor::{self as executor, WasmExecutor};
use sci_primitives::{opaque::Block, BlockNumber, Hash, Hashing, Header};
use sci_storage::{
	db::{self, columns, meta, Change, Db, DbError},
	pruning::{self, BlocksPruning, Pruner, StatePruning},
};
use sp_core::traits::{CallContext, ReadRuntimeVersionExt};
use sp_externalities::Extensions;
use sp_keystore::{KeystoreExt, KeystorePtr};
use sp_runtime::{
	traits::{Block as BlockT, Hash as HashT, Header as HeaderT},
	Justifications, StateVersion,
};
use sp_state_machine::{
	backend::{BackendRuntimeCode, TryPendingCode},
	Backend, OverlayedChanges, StateMachine, StorageChanges,
};
use sp_trie::{
	cache::{CacheSize, SharedTrieCache},
	StorageProof,
};
use sp_version::RuntimeVersion;
use std::sync::Arc;
use tokio::sync::broadcast;

pub use sci_client_api::{
	decode, grandpa, BlockImport, BlockNotification, ChainApi, ChainApiExt, ChainInfo, ClientError,
	FinalityNotification, ImportError, ImportOutcome, StateBackend, TreeRoute,
};

/// How a [`Client`] runs.
pub struct ClientOptions {
	/// Runtimes that run instead of the on-chain ones of their versions
	/// (`--wasm-runtime-overrides`, [`code_provider`]).
	pub overrides: code_provider::WasmOverrides,
	/// The shared trie cache's size in bytes (`--trie-cache-size`).
	pub trie_cache_bytes: usize,
	/// The states kept (`--state-pruning`); `None`: as the database was created, or the
	/// default for a new one.
	pub state_pruning: Option<StatePruning>,
	/// The bodies kept (`--blocks-pruning`).
	pub blocks_pruning: BlocksPruning,
}

impl Default for ClientOptions {
	fn default() -> Self {
		Self {
			overrides: Default::default(),
			trie_cache_bytes: TRIE_CACHE_BYTES,
			state_pruning: None,
			blocks_pruning: pruning::DEFAULT_BLOCKS_PRUNING,
		}
	}
}

/// Bytes the shared trie cache holds by default: decoded trie nodes (content addressed, so
/// valid for every state that contains them) and values of recent states. Without it every
/// storage read walks the trie from the root through the database.
pub const TRIE_CACHE_BYTES: usize = 256 * 1024 * 1024;

/// A block that passed [`Client::execute_checked`]: its changes and how long each step took.
struct CheckedBlock {
	changes: sp_state_machine::StorageChanges<Hashing>,
	/// When execution started (after the seal check).
	started: std::time::Instant,
	/// Execution with the signatures checked ahead.
	execution: std::time::Duration,
	/// Draining the changes (the state root).
	drained: std::time::Duration,
	/// Signatures checked ahead of execution.
	ahead: signature_check::CheckedAhead,
}

/// Changes of an executed block, ready to commit.
pub struct ExecutedBlock {
	/// The sealed block.
	pub block: Block,
	/// Its storage changes and new trie nodes.
	pub changes: StorageChanges<Hashing>,
	/// Justifications to store with it.
	pub justifications: Option<Justifications>,
	/// Finalize this block in the same commit: for chains built without a finality gadget
	/// (tests). A node's own blocks are finalized by GRANDPA, after import.
	pub finalize: bool,
}

/// The chain database plus the executor.
pub struct Client {
	db: Db,
	executor: WasmExecutor,
	spec: ChainSpec,
	info: RwLock<ChainInfo>,
	/// The number of the block the node warp-synced to (0 if it never did): blocks below it
	/// may lack their state.
	warp_number: RwLock<BlockNumber>,
	/// Serialises imports so pointers and the canonical index stay consistent.
	import_lock: Mutex<()>,
	/// Held while blocks are stored into the gap below a warp block.
	gap_lock: Mutex<()>,
	imported: broadcast::Sender<BlockNotification>,
	finalized: broadcast::Sender<FinalityNotification>,
	/// Which block claimed each recent slot (equivocation detection).
	slot_claims: consensus::SlotClaims,
	/// Trie nodes and values shared by every state read.
	trie_cache: SharedTrieCache<Hashing>,
	/// The chain spec's code substitutes and the operator's runtime overrides.
	code: code_provider::CodeProvider,
	/// Deletes the states and bodies the pruning modes let go as blocks are finalized.
	pruner: Pruner,
	/// The GRANDPA authority sets of the finalized chain ([`grandpa_sets`]).
	grandpa_sets: RwLock<sci_client_api::grandpa::AuthoritySets>,
}

/// The META column key of the `aux` value `key` (values kept beside the chain).
fn aux_key(key: &[u8]) -> Vec<u8> {
	[b"aux:", key].concat()
}

fn number_key(number: BlockNumber) -> Vec<u8> {
	number.to_be_bytes().to_vec()
}

/// The state version of a runtime (V1 for `system_version >= 1`).
pub fn state_version(version: &RuntimeVersion) -> StateVersion {
	version.state_version()
}

impl Client {
	/// Open the chain in `db`, writing the genesis block of `spec` if the database is empty.
	pub fn open(db: Db, spec: ChainSpec, executor: WasmExecutor) -> Result<Arc<Self>, ClientError> {
		Self::open_with(db, spec, executor, ClientOptions::default())
	}

	/// [`Client::open`] with `options`.
	pub fn open_with(
		db: Db,
		spec: ChainSpec,
		executor: WasmExecutor,
		ClientOptions { overrides, trie_cache_bytes, state_pruning, blocks_pruning }: ClientOptions,
	) -> Result<Arc<Self>, ClientError> {
		let code =
			code_provider::CodeProvider::new(&executor, spec.code_substitutes()?, overrides)?;
		let (genesis_header, genesis_changes) = Self::build_genesis(&db, &spec, &executor)?;
		let genesis_hash = genesis_header.hash();
		let stored_genesis = db.get(columns::META, meta::GENESIS)?;
		match stored_genesis {
			Some(stored) => {
				let stored = decode::<Hash>("genesis hash", &stored)?;
				if stored != genesis_hash {
					return Err(ClientError::GenesisMismatch { stored, spec: genesis_hash });
				}
			},
			None => {
				let mut changes = genesis_changes;
				let encoded_hash = genesis_hash.encode();
				changes.push((
					columns::HEADER,
					encoded_hash.clone(),
					Some(genesis_header.encode()),
				));
				changes.push((
					columns::BODY,
					encoded_hash.clone(),
					Some(Vec::<sp_runtime::OpaqueExtrinsic>::new().encode()),
				));
				changes.push((columns::CANONICAL, number_key(0), Some(encoded_hash.clone())));
				changes.push((columns::META, meta::BEST.to_vec(), Some(encoded_hash.clone())));
				changes.push((columns::META, meta::FINALIZED.to_vec(), Some(encoded_hash.clone())));
				changes.push((columns::META, meta::GENESIS.to_vec(), Some(encoded_hash)));
				db.commit(changes)?;
				log::info!(
					"🔨 Initializing genesis block/state (state: {}, header-hash: {})",
					short(&genesis_header.state_root),
					short(&genesis_hash)
				);
			},
		}
		let read_pointer = |key: &[u8]| -> Result<(Hash, BlockNumber), ClientError> {
			let hash = decode::<Hash>(
				"block pointer",
				&db.get(columns::META, key)?.ok_or_else(|| {
					DbError::MissingPointer(String::from_utf8_lossy(key).into_owned())
				})?,
			)?;
			let header =
				db.get(columns::HEADER, &hash.encode())?.ok_or(ClientError::UnknownBlock(hash))?;
			Ok((hash, decode::<Header>("header", &header)?.number))
		};
		let (best_hash, best_number) = read_pointer(meta::BEST)?;
		let (finalized_hash, finalized_number) = read_pointer(meta::FINALIZED)?;
		let info =
			ChainInfo { genesis_hash, best_hash, best_number, finalized_hash, finalized_number };
		let warp_number = db
			.get(columns::META, &aux_key(warp_import::WARP_BLOCK_KEY))?
			.map(|bytes| decode::<(Hash, BlockNumber)>("warp block", &bytes))
			.transpose()?
			.map_or(0, |(_, number)| number);
		let pruner = Pruner::open(db.clone(), state_pruning, blocks_pruning, finalized_number)?;
		// Finishes what a crash interrupted.
		pruner.finalized(finalized_number)?;
		let client = Arc::new(Self {
			db,
			executor,
			spec,
			info: RwLock::new(info),
			warp_number: RwLock::new(warp_number),
			import_lock: Mutex::new(()),
			gap_lock: Mutex::new(()),
			imported: broadcast::channel(1024).0,
			finalized: broadcast::channel(1024).0,
			slot_claims: Default::default(),
			trie_cache: SharedTrieCache::new(CacheSize::new(trie_cache_bytes), None),
			code,
			pruner,
			grandpa_sets: RwLock::new(sci_client_api::grandpa::AuthoritySets::genesis(Vec::new())),
		});
		*client.grandpa_sets.write() = client.load_grandpa_sets()?;
		Ok(client)
	}

	/// The genesis header of `spec` and the database changes that store its state.
	pub fn build_genesis(
		db: &Db,
		spec: &ChainSpec,
		executor: &WasmExecutor,
	) -> Result<(Header, Vec<Change>), ClientError> {
		let storage = spec.genesis_storage(executor)?;
		let code =
			storage.top.get(sp_core::storage::well_known_keys::CODE).cloned().unwrap_or_default();
		let version = executor
			.runtime_version(&mut sp_state_machine::BasicExternalities::new_empty(), &code)?;
		let state_version = state_version(&version);
		let empty = Self::state_backend(db, empty_trie_root(state_version));
		let mut overlay = OverlayedChanges::<Hashing>::default();
		for (key, value) in storage.top {
			overlay.set_storage(key, Some(value));
		}
		for (_, child) in storage.children_default {
			for (key, value) in child.data {
				overlay.set_child_storage(&child.child_info, key, Some(value));
			}
		}
		let changes = overlay.drain_storage_changes(&empty, state_version).map_err(|e| {
			ClientError::Call { method: "genesis storage root".into(), error: e.to_string() }
		})?;
		let header = Header::new(
			0,
			empty_trie_root(state_version),
			changes.transaction_storage_root,
			Hash::zero(),
			Default::default(),
		);
		Ok((header, db::trie_node_changes(changes.transaction).insertions()))
	}

	/// The state with root `root`, uncached (genesis is built before the client exists).
	fn state_backend(db: &Db, root: Hash) -> StateBackend {
		StateBackend::new(db.state(), root, None)
	}

	/// The state with root `root`, read through the shared trie cache. `trusted` is for block
	/// building and import, whose reads the block limits bound: their local cache may grow
	/// freely and is merged into the shared one when dropped. Other callers (RPC, pool
	/// validation) get a bounded local cache.
	fn cached_state(&self, root: Hash, trusted: bool) -> StateBackend {
		let local = if trusted {
			self.trie_cache.local_cache_trusted()
		} else {
			self.trie_cache.local_cache_untrusted()
		};
		StateBackend::new(self.db.state(), root, Some(local))
	}

	/// The chain spec this chain was started from.
	pub fn spec(&self) -> &ChainSpec {
		&self.spec
	}

	/// The executor.
	pub fn executor(&self) -> &WasmExecutor {
		&self.executor
	}

	/// Current pointers.
	pub fn info(&self) -> ChainInfo {
		*self.info.read()
	}

	/// Subscribe to imported blocks.
	pub fn import_notifications(&self) -> broadcast::Receiver<BlockNotification> {
		self.imported.subscribe()
	}

	/// Subscribe to finalized blocks.
	pub fn finality_notifications(&self) -> broadcast::Receiver<FinalityNotification> {
		self.finalized.subscribe()
	}

	/// A stored header.
	pub fn header(&self, hash: Hash) -> Result<Option<Header>, ClientError> {
		self.db.get(columns::HEADER, &hash.encode())?.map(|h| decode("header", &h)).transpose()
	}

	/// Whether the block is stored (a database error counts as not stored).
	pub fn has_block(&self, hash: Hash) -> bool {
		matches!(self.header(hash), Ok(Some(_)))
	}

	/// A stored header, or `UnknownBlock`.
	pub fn expect_header(&self, hash: Hash) -> Result<Header, ClientError> {
		ChainApiExt::expect_header(self, hash)
	}

	/// The extrinsics of a stored block.
	pub fn body(
		&self,
		hash: Hash,
	) -> Result<Option<Vec<sp_runtime::OpaqueExtrinsic>>, ClientError> {
		self.db.get(columns::BODY, &hash.encode())?.map(|b| decode("body", &b)).transpose()
	}

	/// The justifications of a stored block.
	pub fn justifications(&self, hash: Hash) -> Result<Option<Justifications>, ClientError> {
		self.db
			.get(columns::JUSTIFICATION, &hash.encode())?
			.map(|j| decode("justifications", &j))
			.transpose()
	}

	/// A whole stored block.
	pub fn block(&self, hash: Hash) -> Result<Option<Block>, ClientError> {
		ChainApiExt::block(self, hash)
	}

	/// Hash of the canonical block at `number`.
	pub fn hash(&self, number: BlockNumber) -> Result<Option<Hash>, ClientError> {
		self.db
			.get(columns::CANONICAL, &number_key(number))?
			.map(|h| decode("block hash", &h))
			.transpose()
	}

	/// The state after block `hash`, for reads and runtime calls that build no block.
	pub fn state_at(&self, hash: Hash) -> Result<StateBackend, ClientError> {
		let header = self.header_with_state(hash)?;
		Ok(self.cached_state(header.state_root, false).at_block(header.number))
	}

	/// The state after block `hash`, to build a block on.
	pub fn state_to_build_on(&self, hash: Hash) -> Result<StateBackend, ClientError> {
		let header = self.header_with_state(hash)?;
		Ok(self.cached_state(header.state_root, true).at_block(header.number))
	}

	/// The header of `hash`, if its state is stored: pruning deletes old and abandoned ones,
	/// and blocks filled in below a warp-synced block never had theirs (their root trie node
	/// is absent; only those are looked up).
	fn header_with_state(&self, hash: Hash) -> Result<Header, ClientError> {
		let header = self.expect_header(hash)?;
		let number = header.number;
		let below_warp = number < *self.warp_number.read();
		if below_warp && self.db.state().get_node(&header.state_root)?.is_none() {
			return Err(ClientError::StateUnavailable { hash, number });
		}
		if self.pruner.is_discarded(number, &hash)? {
			return Err(ClientError::StateDiscarded { hash, number });
		}
		Ok(header)
	}

	/// Bytes the shared trie cache holds (`substrate_state_cache_bytes`).
	pub fn trie_cache_bytes(&self) -> usize {
		self.trie_cache.used_memory_size()
	}

	/// The state pruning mode in force.
	pub fn state_pruning(&self) -> StatePruning {
		self.pruner.state_mode()
	}

	/// Execute `method` on `backend` with `overlay` collecting the changes.
	pub fn execute(
		&self,
		backend: &StateBackend,
		overlay: &mut OverlayedChanges<Hashing>,
		method: &str,
		data: &[u8],
		context: CallContext,
	) -> Result<Vec<u8>, ClientError> {
		self.execute_with_keystore(backend, overlay, method, data, context, None)
	}

	/// [`Client::execute`], with `keystore` reachable from the runtime when given: only
	/// [`Client::call_with_keystore`] passes one, so no other call can create or use keys.
	fn execute_with_keystore(
		&self,
		backend: &StateBackend,
		overlay: &mut OverlayedChanges<Hashing>,
		method: &str,
		data: &[u8],
		context: CallContext,
		keystore: Option<KeystorePtr>,
	) -> Result<Vec<u8>, ClientError> {
		let call_error = |error: String| ClientError::Call { method: method.to_string(), error };
		let code_fetcher = BackendRuntimeCode::new(backend, TryPendingCode::from(context));
		let onchain = code_fetcher.runtime_code().map_err(|e| call_error(e.to_string()))?;
		let runtime_code = self.code.runtime_code(self, backend, onchain);
		let mut extensions = Extensions::default();
		extensions.register(ReadRuntimeVersionExt::new(self.executor.clone()));
		if let Some(keystore) = keystore {
			extensions.register(KeystoreExt::from(keystore));
		}
		let result = StateMachine::new(
			backend,
			overlay,
			&self.executor,
			method,
			data,
			&mut extensions,
			&runtime_code,
			context,
		)
		.execute();
		result.map_err(|e| call_error(e.to_string()))
	}

	/// Mark a block as being built or imported while the guard lives: other runtime calls (pool
	/// validation, RPC) then leave it a core.
	pub fn block_work(&self) -> executor::BlockWork<'_> {
		self.executor.block_work()
	}

	/// A read-only runtime call on the state of block `at`.
	pub fn call_at(&self, at: Hash, method: &str, data: &[u8]) -> Result<Vec<u8>, ClientError> {
		let backend = self.state_at(at)?;
		self.execute(
			&backend,
			&mut OverlayedChanges::default(),
			method,
			data,
			CallContext::Offchain,
		)
	}

	/// A read-only runtime call on the state of block `at`, with the trie nodes it read: the
	/// proof a light client re-executes the call on (`light/2` remote calls).
	pub fn call_proof(
		&self,
		at: Hash,
		method: &str,
		data: &[u8],
	) -> Result<(Vec<u8>, StorageProof), ClientError> {
		let recorder = sp_trie::recorder::Recorder::<Hashing>::default();
		let backend = self.state_at(at)?.proving(recorder.clone());
		let output = self.execute(
			&backend,
			&mut OverlayedChanges::default(),
			method,
			data,
			CallContext::Offchain,
		)?;
		Ok((output, recorder.drain_storage_proof()))
	}

	/// A read-only runtime call on the state of block `at` that may use `keystore` (session key
	/// generation for `author_rotateKeys`).
	pub fn call_with_keystore(
		&self,
		at: Hash,
		method: &str,
		data: &[u8],
		keystore: KeystorePtr,
	) -> Result<Vec<u8>, ClientError> {
		let backend = self.state_at(at)?;
		self.execute_with_keystore(
			&backend,
			&mut OverlayedChanges::default(),
			method,
			data,
			CallContext::Offchain,
			Some(keystore),
		)
	}

	/// A read-only runtime call, decoding the result.
	pub fn call_decode<R: Decode>(
		&self,
		at: Hash,
		method: &str,
		data: &[u8],
	) -> Result<R, ClientError> {
		ChainApiExt::call_decode(self, at, method, data)
	}

	/// The runtime version in force at block `at`.
	pub fn runtime_version(&self, at: Hash) -> Result<RuntimeVersion, ClientError> {
		self.call_decode(at, "Core_version", &[])
	}

	/// A storage value at block `at`.
	pub fn storage(&self, at: Hash, key: &[u8]) -> Result<Option<Vec<u8>>, ClientError> {
		self.state_at(at)?.storage(key).map_err(ClientError::State)
	}

	/// Verify and execute a block received from outside (file, peer), then commit it.
	pub fn import_block(
		&self,
		block: Block,
		justifications: Option<Justifications>,
	) -> Result<ImportOutcome, ImportError> {
		let hash = block.header.hash();
		if self.header(hash)?.is_some() {
			return Ok(ImportOutcome::AlreadyInChain(hash));
		}
		let parent = self
			.header(*block.header.parent_hash())?
			.ok_or(ImportError::UnknownParent(*block.header.parent_hash()))?;
		if block.header.number != parent.number + 1 {
			return Err(ImportError::BadNumber { parent: parent.number, got: block.header.number });
		}
		let info = self.info();
		if block.header.number <= info.finalized_number {
			return Err(ImportError::BelowFinalized(info.finalized_number));
		}
		if !self.is_descendant_of(info.finalized_hash, info.finalized_number, &parent)? {
			return Err(ImportError::NotOnFinalizedChain(info.finalized_number));
		}
		// Execution, state root and commit: what the block's weight must cover in real time.
		let _work = self.block_work();
		let (backend, checked) = self.execute_checked(&block, &parent)?;
		let CheckedBlock { changes, started, execution, drained, ahead } = checked;
		let (number, block_len) = (block.header.number, block.extrinsics.len());
		let outcome =
			self.commit_block(ExecutedBlock { block, changes, justifications, finalize: false })?;
		let committed = started.elapsed();
		// Dropping the block's local trie cache merges it into the shared one (for the next
		// block's reads): part of the import's work, at times the largest after execution.
		drop(backend);
		let total = started.elapsed();
		log::debug!(
			target: "import",
			"#{number} imported in {} µs: executed with its state root in {}, changes drained in {}, committed in {}, trie cache merged in {} ({} of {} extrinsics' signatures checked ahead, {} valid)",
			total.as_micros(),
			execution.as_micros(),
			drained.as_micros(),
			(committed - execution - drained).as_micros(),
			(total - committed).as_micros(),
			ahead.checked,
			block_len,
			ahead.valid,
		);
		Ok(outcome)
	}

	/// Check `block` on its stored `parent` as an import does: the author's seal for its slot,
	/// execution by the runtime and the state root. Returns the state backend it ran on (whose
	/// local trie cache merges into the shared one when dropped) and the changes, without
	/// writing anything.
	fn execute_checked(
		&self,
		block: &Block,
		parent: &Header,
	) -> Result<(StateBackend, CheckedBlock), ImportError> {
		let hash = block.header.hash();
		let authorities = consensus::authorities(self, parent.hash())?;
		let now = consensus::current_slot(consensus::slot_duration(self, parent.hash())?);
		let (pre_header, _seal) =
			consensus::check_seal(block.header.clone(), parent, &authorities, now)?;
		if let Some(slot) = consensus::slot_of(&pre_header) {
			let author = consensus::slot_author(slot, &authorities);
			self.note_slot_claim(slot, hash, &author.map(|a| a.to_string()).unwrap_or_default());
		}

		let started = std::time::Instant::now();
		let backend = self.cached_state(parent.state_root, true).at_block(parent.number);
		let mut overlay = OverlayedChanges::default();
		let unsealed = Block::new(pre_header.clone(), block.extrinsics.clone());
		let version = self.runtime_version(parent.hash())?;
		let (executed, ahead) = self.execute_with_signatures_checked_ahead(
			parent.hash(),
			&version,
			&block.extrinsics,
			|| {
				self.execute(
					&backend,
					&mut overlay,
					"Core_execute_block",
					&unsealed.encode(),
					CallContext::Onchain { import: true },
				)
			},
		);
		executed.map_err(|e| ImportError::Execution(e.to_string()))?;
		let execution = started.elapsed();
		let changes = overlay
			.drain_storage_changes(&backend, state_version(&version))
			.map_err(|e| ImportError::Execution(e.to_string()))?;
		let drained = started.elapsed() - execution;
		if changes.transaction_storage_root != pre_header.state_root {
			return Err(ImportError::StateRootMismatch {
				header: pre_header.state_root,
				computed: changes.transaction_storage_root,
			});
		}
		Ok((backend, CheckedBlock { changes, started, execution, drained, ahead }))
	}

	/// Check a stored block again (`check-block`): seal, execution on its parent's state and
	/// state root, writing nothing.
	pub fn check_block(&self, hash: Hash) -> Result<(), ImportError> {
		let block = self.block(hash)?.ok_or(ClientError::UnknownBlock(hash))?;
		let parent = self.expect_header(block.header.parent_hash)?;
		let _work = self.block_work();
		self.execute_checked(&block, &parent).map(drop)
	}

	/// Store an executed block (own or imported) in one database commit and move the pointers.
	pub fn commit_block(&self, executed: ExecutedBlock) -> Result<ImportOutcome, ClientError> {
		let _guard = self.import_lock.lock();
		let ExecutedBlock { block, changes, justifications, finalize } = executed;
		let header = block.header.clone();
		let hash = header.hash();
		let number = header.number;
		if let Some(slot) = consensus::slot_of(&header) {
			// Our own blocks too: another node running our key would show up here.
			self.note_slot_claim(slot, hash, "the author");
		}
		let runtime_changed = changes
			.main_storage_changes
			.iter()
			.any(|(key, _)| key == sp_core::storage::well_known_keys::CODE);
		let mut info = self.info();
		// Checked again under the import lock: finality may have moved to another branch since
		// `import_block` checked the parent (a block off the finalized chain would never be
		// pruned). A child of the best block descends from the finalized one.
		if number <= info.finalized_number
			|| (header.parent_hash != info.best_hash
				&& !self.is_descendant_of(info.finalized_hash, info.finalized_number, &header)?)
		{
			return Err(ClientError::NotDescendantOfFinalized(hash));
		}
		let nodes = db::trie_node_changes(changes.transaction);
		let mut batch = self.pruner.block_changes(number, &hash, nodes);
		let key = hash.encode();
		batch.push((columns::HEADER, key.clone(), Some(header.encode())));
		batch.push((columns::BODY, key.clone(), Some(block.extrinsics.encode())));
		if let Some(justifications) = &justifications {
			batch.push((columns::JUSTIFICATION, key.clone(), Some(justifications.encode())));
		}
		let is_new_best = fork_choice::is_new_best(info.best_number, number);
		if is_new_best {
			batch.extend(self.canonical_changes(&header)?);
			batch.push((columns::META, meta::BEST.to_vec(), Some(key.clone())));
			info.best_hash = hash;
			info.best_number = number;
		}
		let mut grandpa_sets = None;
		if finalize {
			let (sets, write) = self.grandpa_sets_finalizing(&header)?;
			batch.extend(write);
			grandpa_sets = Some(sets);
			batch.push((columns::META, meta::FINALIZED.to_vec(), Some(key.clone())));
			info.finalized_hash = hash;
			info.finalized_number = number;
		}
		self.db.commit(batch)?;
		*self.info.write() = info;
		if let Some(sets) = grandpa_sets {
			*self.grandpa_sets.write() = sets;
			self.pruner.finalized(number)?;
		}
		drop(_guard);
		let _ = self.imported.send(BlockNotification {
			hash,
			header: header.clone(),
			is_new_best,
			runtime_changed,
		});
		if finalize {
			let _ = self.finalized.send(FinalityNotification { hash, header });
		}
		Ok(ImportOutcome::Imported { hash, number, best: is_new_best })
	}

	/// The route from block `from` to block `to` through their common ancestor.
	pub fn tree_route(&self, from: Hash, to: Hash) -> Result<TreeRoute, ClientError> {
		fork_choice::tree_route(self, from, to)
	}

	/// Whether `header` is the block `ancestor` (at `ancestor_number`) or one of its descendants.
	pub fn is_descendant_of(
		&self,
		ancestor: Hash,
		ancestor_number: BlockNumber,
		header: &Header,
	) -> Result<bool, ClientError> {
		fork_choice::is_descendant_of(self, ancestor, ancestor_number, header)
	}

	/// Finalize `hash`, a descendant of the finalized block, storing `justification` with it.
	/// The best chain always includes the finalized block: if `hash` is on another branch, the
	/// best block becomes `hash` (and grows again from there).
	pub fn finalize(
		&self,
		hash: Hash,
		justification: Option<sp_runtime::Justification>,
	) -> Result<(), ClientError> {
		let guard = self.import_lock.lock();
		let header = self.expect_header(hash)?;
		let mut info = self.info();
		if header.number == info.finalized_number && hash == info.finalized_hash {
			return Ok(());
		}
		if !self.is_descendant_of(info.finalized_hash, info.finalized_number, &header)? {
			return Err(ClientError::NotDescendantOfFinalized(hash));
		}
		let (grandpa_sets, sets_write) = self.grandpa_sets_finalizing(&header)?;
		let key = hash.encode();
		let mut batch = vec![(columns::META, meta::FINALIZED.to_vec(), Some(key.clone()))];
		batch.extend(sets_write);
		if let Some(justification) = justification {
			let all = match self.justifications(hash)? {
				Some(mut all) => {
					all.append(justification);
					all
				},
				None => Justifications::from(justification),
			};
			batch.push((columns::JUSTIFICATION, key.clone(), Some(all.encode())));
		}
		if self.hash(header.number)? != Some(hash) {
			batch.extend(self.canonical_changes(&header)?);
			batch.push((columns::META, meta::BEST.to_vec(), Some(key)));
			info.best_hash = hash;
			info.best_number = header.number;
		}
		info.finalized_hash = hash;
		info.finalized_number = header.number;
		self.db.commit(batch)?;
		*self.info.write() = info;
		let enacted = grandpa_sets.current.set_id != self.grandpa_set().set_id;
		*self.grandpa_sets.write() = grandpa_sets;
		if enacted {
			log::info!(target: "grandpa", "👴 Applying GRANDPA authority set change to set {} at #{}", self.grandpa_set().set_id, header.number);
		}
		self.pruner.finalized(header.number)?;
		drop(guard);
		let _ = self.finalized.send(FinalityNotification { hash, header });
		Ok(())
	}

	/// A value the node keeps beside the chain (e.g. the finality voter's progress).
	pub fn aux(&self, key: &[u8]) -> Result<Option<Vec<u8>>, ClientError> {
		Ok(self.db.get(columns::META, &aux_key(key))?)
	}

	/// Remember that `hash` claims `slot`; a second block for the slot is an equivocation by its
	/// author, logged (the chain stays safe, but operators must know).
	fn note_slot_claim(&self, slot: consensus::Slot, hash: Hash, author: &str) {
		if let Some(other) = self.slot_claims.note(slot, hash) {
			log::warn!(
				"⚠️  Equivocation: {author} sealed two blocks for slot {slot}: {} and {}",
				short(&other),
				short(&hash)
			);
		}
	}

	/// Canonical-index updates that make `header` the tip: re-point every height back to
	/// where the new branch meets the old canonical chain.
	fn canonical_changes(&self, header: &Header) -> Result<Vec<Change>, ClientError> {
		Ok(fork_choice::canonical_changes(self, header)?
			.into_iter()
			.map(|(number, hash)| {
				(columns::CANONICAL, number_key(number), hash.map(|h| h.encode()))
			})
			.collect())
	}
}

impl fork_choice::Headers for Client {
	fn header(&self, hash: Hash) -> Result<Option<Header>, ClientError> {
		Client::header(self, hash)
	}
	fn canonical(&self, number: BlockNumber) -> Result<Option<Hash>, ClientError> {
		Client::hash(self, number)
	}
}

impl ChainApi for Client {
	fn spec(&self) -> &ChainSpec {
		Client::spec(self)
	}
	fn info(&self) -> ChainInfo {
		Client::info(self)
	}
	fn header(&self, hash: Hash) -> Result<Option<Header>, ClientError> {
		Client::header(self, hash)
	}
	fn has_block(&self, hash: Hash) -> bool {
		Client::has_block(self, hash)
	}
	fn body(&self, hash: Hash) -> Result<Option<Vec<sp_runtime::OpaqueExtrinsic>>, ClientError> {
		Client::body(self, hash)
	}
	fn justifications(&self, hash: Hash) -> Result<Option<Justifications>, ClientError> {
		Client::justifications(self, hash)
	}
	fn hash(&self, number: BlockNumber) -> Result<Option<Hash>, ClientError> {
		Client::hash(self, number)
	}
	fn state_at(&self, hash: Hash) -> Result<StateBackend, ClientError> {
		Client::state_at(self, hash)
	}
	fn storage(&self, at: Hash, key: &[u8]) -> Result<Option<Vec<u8>>, ClientError> {
		Client::storage(self, at, key)
	}
	fn runtime_version(&self, at: Hash) -> Result<RuntimeVersion, ClientError> {
		Client::runtime_version(self, at)
	}
	fn call_at(&self, at: Hash, method: &str, data: &[u8]) -> Result<Vec<u8>, ClientError> {
		Client::call_at(self, at, method, data)
	}
	fn call_with_keystore(
		&self,
		at: Hash,
		method: &str,
		data: &[u8],
		keystore: KeystorePtr,
	) -> Result<Vec<u8>, ClientError> {
		Client::call_with_keystore(self, at, method, data, keystore)
	}
	fn call_proof(
		&self,
		at: Hash,
		method: &str,
		data: &[u8],
	) -> Result<(Vec<u8>, StorageProof), ClientError> {
		Client::call_proof(self, at, method, data)
	}
	fn tree_route(&self, from: Hash, to: Hash) -> Result<TreeRoute, ClientError> {
		Client::tree_route(self, from, to)
	}
	fn grandpa_sets(&self) -> sci_client_api::grandpa::AuthoritySets {
		Client::grandpa_sets(self)
	}
	fn import_notifications(&self) -> broadcast::Receiver<BlockNotification> {
		Client::import_notifications(self)
	}
	fn finality_notifications(&self) -> broadcast::Receiver<FinalityNotification> {
		Client::finality_notifications(self)
	}
}

impl BlockImport for Client {
	fn import_block(
		&self,
		block: Block,
		justifications: Option<Justifications>,
	) -> Result<ImportOutcome, ImportError> {
		Client::import_block(self, block, justifications)
	}
	fn import_warp_state(
		&self,
		header: Header,
		justifications: Justifications,
		top: sci_client_api::Pairs,
		children: Vec<(Vec<u8>, sci_client_api::Pairs)>,
	) -> Result<(), sci_client_api::WarpImportError> {
		Client::import_warp_state(self, header, justifications, top, children)
	}
	fn gap_cursor(&self) -> Result<Option<sci_client_api::GapCursor>, ClientError> {
		Client::gap_cursor(self)
	}
	fn import_gap_blocks(
		&self,
		blocks: Vec<Block>,
	) -> Result<Option<sci_client_api::GapCursor>, sci_client_api::GapImportError> {
		Client::import_gap_blocks(self, blocks)
	}
}

/// Root of the empty trie.
pub fn empty_trie_root(version: StateVersion) -> Hash {
	Hashing::ordered_trie_root(Vec::new(), version)
}

/// `0x1234…abcd`, the way polkadot-sdk logs hashes.
pub fn short(hash: &Hash) -> String {
	let hex = hex::encode(hash.as_bytes());
	format!("0x{}…{}", &hex[..4], &hex[hex.len() - 4..])
}
