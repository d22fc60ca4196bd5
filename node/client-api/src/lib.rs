//! What the node's components know of the chain: the chain's types (pointers, notifications,
//! import outcomes, errors) and the traits they read and import blocks through.
//!
//! The chain client (`sci-client`) implements [`ChainApi`] and [`BlockImport`]; the RPC and
//! the network hold an `Arc<dyn ChainApi>` (or a trait built on it), so they can be tested
//! against a chain of their own and never reach the database or the executor directly.

pub mod grandpa;

use codec::Decode;
use sci_chain_spec::ChainSpec;
use sci_primitives::{opaque::Block, BlockNumber, Hash, Header};
use sp_runtime::{traits::Block as _, Justifications};
use sp_version::RuntimeVersion;
use std::sync::Arc;
use tokio::sync::broadcast;

use sci_storage::db::DbError;
pub use sci_storage::state::StateBackend;

/// Why a client operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
	/// The database failed.
	#[error(transparent)]
	Db(#[from] DbError),
	/// No such block is stored.
	#[error("unknown block {0:?}")]
	UnknownBlock(Hash),
	/// A trie read failed (a missing node: a damaged database).
	#[error("state read failed: {0}")]
	State(String),
	/// The block is stored, its state is not (it was never computed on this node).
	#[error("the state of block #{number} ({hash:?}) is not available on this node")]
	StateUnavailable {
		/// The block's hash.
		hash: Hash,
		/// Its number.
		number: BlockNumber,
	},
	/// The block's state was pruned (`--state-pruning`: old finalized states and those of
	/// abandoned forks are deleted). polkadot-sdk's wording, which clients match on.
	#[error("State already discarded for block #{number} ({hash:?}): this node keeps only recent states (--state-pruning)")]
	StateDiscarded {
		/// The block's hash.
		hash: Hash,
		/// Its number.
		number: BlockNumber,
	},
	/// The pruner could not start (a pruning mode the database cannot change to).
	#[error(transparent)]
	Pruning(#[from] sci_storage::pruning::PruningError),
	/// A runtime call failed.
	#[error("runtime call `{method}` failed: {error}")]
	Call {
		/// The runtime API method.
		method: String,
		/// What the runtime or the state machine reported.
		error: String,
	},
	/// Bytes from the database or the runtime did not decode.
	#[error("cannot decode {what}: {source}")]
	Decode {
		/// What was decoded.
		what: &'static str,
		/// The decoding error.
		#[source]
		source: codec::Error,
	},
	/// The database belongs to another chain.
	#[error("database was created for genesis {stored:?}, but the chain spec gives {spec:?}; use another --base-path or purge-chain")]
	GenesisMismatch {
		/// The genesis in the database.
		stored: Hash,
		/// The genesis of the chain spec.
		spec: Hash,
	},
	/// The chain spec is unusable.
	#[error(transparent)]
	Spec(#[from] sci_chain_spec::SpecError),
	/// The executor failed.
	#[error(transparent)]
	Executor(#[from] sci_executor::Error),
	/// Finalizing a block off the finalized chain.
	#[error("block {0:?} does not descend from the finalized block")]
	NotDescendantOfFinalized(Hash),
	/// Finality cannot follow the GRANDPA set changes this way.
	#[error(transparent)]
	SetChange(#[from] grandpa::SetChangeError),
	/// The set that finalizes a block is not known yet: an unfinalized block below it enacts
	/// a change.
	#[error("block #{number} is after #{enacting}, which enacts a GRANDPA set change and is not finalized yet")]
	AfterSetChange {
		/// The block.
		number: BlockNumber,
		/// The unfinalized block that enacts a change.
		enacting: BlockNumber,
	},
}

/// Why a block was not imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
	/// The parent is not stored.
	#[error("parent {0:?} of the block is unknown")]
	UnknownParent(Hash),
	#[error("block number {got} does not follow parent number {parent}")]
	/// The number is not the parent's plus one.
	BadNumber {
		/// The parent's number.
		parent: BlockNumber,
		/// The block's number.
		got: BlockNumber,
	},
	/// The seal does not check out.
	#[error("bad seal: {0}")]
	Seal(#[from] SealError),
	/// The runtime failed to execute the block.
	#[error("block execution failed: {0}")]
	Execution(String),
	#[error("state root mismatch: header says {header:?}, execution gives {computed:?}")]
	/// Executing the block gives another state root than its header.
	StateRootMismatch {
		/// The header's state root.
		header: Hash,
		/// The state root execution gives.
		computed: Hash,
	},
	/// The block is at or below the finalized height.
	#[error("block is below the finalized block #{0}")]
	BelowFinalized(BlockNumber),
	/// The block is on a branch that left the finalized chain.
	#[error("block is on a fork that does not include the finalized block #{0}")]
	NotOnFinalizedChain(BlockNumber),
	/// Reading the chain failed.
	#[error(transparent)]
	Client(#[from] ClientError),
}

/// Pointers to the chain's important blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainInfo {
	/// The genesis block.
	pub genesis_hash: Hash,
	/// The best (longest chain's) block.
	pub best_hash: Hash,
	/// The best block's number.
	pub best_number: BlockNumber,
	/// The last finalized block.
	pub finalized_hash: Hash,
	/// The last finalized block's number.
	pub finalized_number: BlockNumber,
}

/// How a block was imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportOutcome {
	/// Stored; `best` tells whether it became the new best block.
	Imported {
		/// The block's hash.
		hash: Hash,
		/// Its number.
		number: BlockNumber,
		/// Whether it became best.
		best: bool,
	},
	/// Was already stored.
	AlreadyInChain(Hash),
}

/// Sent to subscribers when a block is imported.
#[derive(Clone, Debug)]
pub struct BlockNotification {
	/// The block's hash.
	pub hash: Hash,
	/// The block's header.
	pub header: Header,
	/// Whether it became the best block.
	pub is_new_best: bool,
	/// Set when this block changed the runtime code.
	pub runtime_changed: bool,
}

/// How to get from one block to another: leave `retracted` (newest first) down to the common
/// ancestor, then enter `enacted` (oldest first).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TreeRoute {
	/// Blocks left, newest first.
	pub retracted: Vec<Hash>,
	/// Blocks entered, oldest first.
	pub enacted: Vec<Hash>,
}

/// Sent to subscribers when blocks are finalized.
#[derive(Clone, Debug)]
pub struct FinalityNotification {
	/// The finalized block's hash.
	pub hash: Hash,
	/// Its header.
	pub header: Header,
}

/// Why a block's seal was rejected.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SealError {
	/// The header has no seal digest.
	#[error("the header has no seal")]
	MissingSeal,
	/// The header has no slot digest.
	#[error("the header has no Aura slot digest")]
	MissingSlot,
	/// The runtime lists no authorities.
	#[error("the runtime has no authorities")]
	NoAuthorities,
	#[error("slot {slot} is not after the parent's slot {parent}")]
	/// The slot is not after the parent's.
	SlotNotIncreasing {
		/// The block's slot.
		slot: u64,
		/// The parent's slot.
		parent: u64,
	},
	#[error("slot {slot} is in the future (now {now})")]
	/// The slot has not started yet.
	FutureSlot {
		/// The block's slot.
		slot: u64,
		/// The current slot.
		now: u64,
	},
	#[error("the seal signature is not the slot author's ({author})")]
	/// The seal is not the slot author's signature.
	BadSignature {
		/// The slot author's key.
		author: String,
	},
}

/// The Aura slot a header was authored in (its `PreRuntime` digest).
pub fn slot_of(header: &Header) -> Option<sp_consensus_aura::Slot> {
	use sp_consensus_aura::digests::CompatibleDigestItem;
	header.digest.logs().iter().find_map(
		<sp_runtime::DigestItem as CompatibleDigestItem<sp_core::sr25519::Signature>>::as_aura_pre_digest,
	)
}

/// Milliseconds since the Unix epoch: the clock slots are counted on.
pub fn unix_millis() -> u64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_millis() as u64)
		.unwrap_or_default()
}

/// Decode `bytes` as a `T`, naming `what` in the error.
pub fn decode<T: Decode>(what: &'static str, bytes: &[u8]) -> Result<T, ClientError> {
	T::decode(&mut &bytes[..]).map_err(|source| ClientError::Decode { what, source })
}

/// Reads the chain: blocks, pointers, state and runtime calls at any stored block, and the
/// notifications of imported and finalized blocks.
pub trait ChainApi: Send + Sync {
	/// The chain spec the chain was started from.
	fn spec(&self) -> &ChainSpec;
	/// Genesis, best and finalized blocks.
	fn info(&self) -> ChainInfo;
	/// The header of block `hash`, if stored.
	fn header(&self, hash: Hash) -> Result<Option<Header>, ClientError>;
	/// Whether block `hash` is stored.
	fn has_block(&self, hash: Hash) -> bool;
	/// The extrinsics of block `hash`, if stored.
	fn body(&self, hash: Hash) -> Result<Option<Vec<sp_runtime::OpaqueExtrinsic>>, ClientError>;
	/// The justifications stored with block `hash`.
	fn justifications(&self, hash: Hash) -> Result<Option<Justifications>, ClientError>;
	/// The hash of the best chain's block at `number`.
	fn hash(&self, number: BlockNumber) -> Result<Option<Hash>, ClientError>;
	/// The state after block `hash`.
	fn state_at(&self, hash: Hash) -> Result<StateBackend, ClientError>;
	/// The value at `key` in the state after block `at`.
	fn storage(&self, at: Hash, key: &[u8]) -> Result<Option<Vec<u8>>, ClientError>;
	/// The runtime version of the code in the state after block `at`.
	fn runtime_version(&self, at: Hash) -> Result<RuntimeVersion, ClientError>;
	/// Call runtime API `method` with SCALE-encoded `data` on the state after block `at`.
	fn call_at(&self, at: Hash, method: &str, data: &[u8]) -> Result<Vec<u8>, ClientError>;
	/// [`ChainApi::call_at`] with `keystore` reachable from the runtime (`KeystoreExt`), for the
	/// one call that must write keys (`author_rotateKeys`). No other runtime call reaches a
	/// keystore, so methods served to anyone cannot create or use the node's keys.
	fn call_with_keystore(
		&self,
		at: Hash,
		method: &str,
		data: &[u8],
		keystore: sp_keystore::KeystorePtr,
	) -> Result<Vec<u8>, ClientError>;
	/// [`ChainApi::call_at`] with the trie nodes the call read: the proof a light client
	/// re-executes the call on.
	fn call_proof(
		&self,
		at: Hash,
		method: &str,
		data: &[u8],
	) -> Result<(Vec<u8>, sp_trie::StorageProof), ClientError>;
	/// The route from block `from` to block `to` through their common ancestor.
	fn tree_route(&self, from: Hash, to: Hash) -> Result<TreeRoute, ClientError>;
	/// The GRANDPA authority sets of the finalized chain.
	fn grandpa_sets(&self) -> grandpa::AuthoritySets;
	/// Every block imported from now on.
	fn import_notifications(&self) -> broadcast::Receiver<BlockNotification>;
	/// Every block finalized from now on.
	fn finality_notifications(&self) -> broadcast::Receiver<FinalityNotification>;
}

/// Helpers every [`ChainApi`] gets.
pub trait ChainApiExt: ChainApi {
	/// The header of block `hash`, which must be stored.
	fn expect_header(&self, hash: Hash) -> Result<Header, ClientError> {
		self.header(hash)?.ok_or(ClientError::UnknownBlock(hash))
	}

	/// Header and body of block `hash`, if stored.
	fn block(&self, hash: Hash) -> Result<Option<Block>, ClientError> {
		let Some(header) = self.header(hash)? else { return Ok(None) };
		let extrinsics = self.body(hash)?.unwrap_or_default();
		Ok(Some(Block::new(header, extrinsics)))
	}

	/// [`ChainApi::call_at`] and decode its result as an `R`.
	fn call_decode<R: Decode>(
		&self,
		at: Hash,
		method: &str,
		data: &[u8],
	) -> Result<R, ClientError> {
		decode("runtime call result", &self.call_at(at, method, data)?)
	}
}

impl<C: ChainApi + ?Sized> ChainApiExt for C {}

/// Why a downloaded state was not imported. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum WarpImportError {
	/// The state holds no runtime, so neither its state version nor anything else about it can
	/// be known.
	#[error("the downloaded state has no `:code`")]
	NoCode,
	/// A child trie is named by a key that is not `:child_storage:default:<name>`.
	#[error("0x{0} is not a default child trie's key")]
	InvalidChildKey(String),
	/// The main trie has a child trie's root, but the child trie's pairs were not given.
	#[error("the pairs of child trie 0x{0} are missing")]
	MissingChild(String),
	/// The pairs do not make the state the header commits to.
	#[error("state root mismatch for #{number}: the header says {header:?}, the downloaded state gives {computed:?}")]
	StateRootMismatch {
		/// The block's number.
		number: BlockNumber,
		/// The header's state root.
		header: Hash,
		/// The root of the downloaded pairs.
		computed: Hash,
	},
	/// The node has already finalized this height (or a later one).
	#[error("block #{number} is not above the finalized block #{finalized}")]
	NotAboveFinalized {
		/// The block's number.
		number: BlockNumber,
		/// The node's finalized block number.
		finalized: BlockNumber,
	},
	/// Computing the trie failed.
	#[error("building the trie: {0}")]
	Trie(String),
	/// Reading the runtime's version or writing failed.
	#[error(transparent)]
	Client(#[from] ClientError),
}

/// The next block the gap below a warp-synced block awaits: blocks are filled in from the warp
/// block down to #1, each the parent of the one before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, codec::Encode, codec::Decode)]
pub struct GapCursor {
	/// Its hash (the parent hash of the lowest block stored whole).
	pub hash: Hash,
	/// Its number.
	pub number: BlockNumber,
}

/// Why blocks for the gap were not stored. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum GapImportError {
	/// The chain has no gap (it was never warp-synced, or the gap is filled).
	#[error("the chain has no gap to fill")]
	NoGap,
	/// A block is not the one the gap awaits next.
	#[error("block #{number} ({hash:?}) is not the awaited #{} ({:?})", expected.number, expected.hash)]
	NotAwaited {
		/// The block's number.
		number: BlockNumber,
		/// Its hash.
		hash: Hash,
		/// The block that was awaited.
		expected: GapCursor,
	},
	/// A block's body does not make the extrinsics root its header commits to.
	#[error("the body of #{0} does not match its header's extrinsics root")]
	BodyMismatch(BlockNumber),
	/// Block #1's parent is not the genesis block.
	#[error("block #1's parent {0:?} is not the genesis block")]
	NotOnGenesis(Hash),
	/// Reading or writing failed.
	#[error(transparent)]
	Client(#[from] ClientError),
}

/// Key-value pairs of one trie.
pub type Pairs = Vec<(Vec<u8>, Vec<u8>)>;

/// Imports blocks from outside (peers, `import-blocks`): checks them, executes them and
/// stores those that are valid.
pub trait BlockImport: Send + Sync {
	/// Check, execute and store `block`.
	fn import_block(
		&self,
		block: Block,
		justifications: Option<Justifications>,
	) -> Result<ImportOutcome, ImportError>;
	/// Store `header`, finalized by `justifications` (a verified warp proof), with the state
	/// downloaded from peers: the main trie's pairs and each child trie's (by its
	/// `:child_storage:default:` key). Refused, with nothing written, unless the pairs make
	/// the header's state root.
	fn import_warp_state(
		&self,
		header: Header,
		justifications: Justifications,
		top: Pairs,
		children: Vec<(Vec<u8>, Pairs)>,
	) -> Result<(), WarpImportError>;
	/// The block the gap below a warp-synced block awaits next, if there is a gap.
	fn gap_cursor(&self) -> Result<Option<GapCursor>, ClientError>;
	/// Store `blocks` (highest first) into the gap without executing them: the first must be
	/// the awaited block, each next one its parent, each body must match its header. Returns
	/// what the gap awaits next (`None` once #1 is stored).
	fn import_gap_blocks(&self, blocks: Vec<Block>) -> Result<Option<GapCursor>, GapImportError>;
}

/// A chain that is read and that blocks are imported into: what the network syncs.
pub trait SyncedChain: ChainApi + BlockImport {}

impl<C: ChainApi + BlockImport + ?Sized> SyncedChain for C {}

/// The chain as the components share it.
pub type SharedChain = Arc<dyn ChainApi>;
