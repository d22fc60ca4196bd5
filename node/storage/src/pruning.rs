//! State and blocks pruning, as polkadot-sdk's `--state-pruning` and `--blocks-pruning`.
//!
//! Every block's commit adds a reference in [`columns::STATE`] to each trie node its state
//! adds (once per place in the trie) and writes a journal entry ([`columns::JOURNAL`]): the
//! nodes it added and, when old states are pruned, the nodes of its parent's state it no
//! longer holds. When a block is finalized ([`Pruner::finalized`]):
//!
//! 1. *Canonicalization*: every other block at the heights just finalized is on an abandoned
//!    fork. Its added nodes lose their reference (so its state goes, unless
//!    `--state-pruning archive`) and, unless `--blocks-pruning archive`, its body goes. The
//!    finalized blocks' lists of added nodes are dropped.
//! 2. *State pruning* (`--state-pruning N`): the states of the last `N` finalized blocks are
//!    kept. Block `n`'s removed nodes lose their reference once the state of block `n - 1`
//!    leaves that window; a node goes with its last reference.
//! 3. *Blocks pruning* (`--blocks-pruning N`): the bodies of the last `N` finalized blocks are
//!    kept; headers and justifications stay.
//!
//! Each step is written in ParityDB commits that move its cursor ([`meta`] keys) together
//! with the deletions they cover, at most [`MAX_BATCH_BYTES`] of journal each: a crash leaves
//! every step at a block boundary, and the next finality (or the node's start) resumes it.
//! Nothing is counted twice and nothing leaks: a journal entry is deleted in the commit that
//! applies it.

use crate::db::{columns, Change, Db, DbError, TrieNodeChanges};
use codec::{Decode, Encode};
use sci_primitives::{BlockNumber, Hash};
use std::{fmt, num::NonZeroU32, str::FromStr};

/// What a node keeps of the states (`--state-pruning`) or of the block bodies
/// (`--blocks-pruning`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum PruningMode {
	/// Everything, of abandoned forks too (`archive`).
	Archive,
	/// What belongs to finalized blocks (`archive-canonical`); abandoned forks' go.
	ArchiveCanonical,
	/// What belongs to the last `N` finalized blocks and to the unfinalized ones (`N`).
	Keep(NonZeroU32),
}

/// The states a node keeps (`--state-pruning`).
pub type StatePruning = PruningMode;

/// The bodies a node keeps (`--blocks-pruning`).
pub type BlocksPruning = PruningMode;

/// States kept by default: polkadot-sdk's default.
pub const DEFAULT_STATE_PRUNING: StatePruning = PruningMode::Keep(NonZeroU32::new(256).unwrap());

/// Bodies kept by default: polkadot-sdk's default (every finalized block).
pub const DEFAULT_BLOCKS_PRUNING: BlocksPruning = PruningMode::ArchiveCanonical;

/// A pruning mode that does not parse.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not a pruning mode: use `archive`, `archive-canonical` or a number of blocks (1 or more)")]
pub struct InvalidMode(String);

impl FromStr for PruningMode {
	type Err = InvalidMode;
	fn from_str(text: &str) -> Result<Self, InvalidMode> {
		Ok(match text {
			"archive" => Self::Archive,
			"archive-canonical" => Self::ArchiveCanonical,
			n => Self::Keep(n.parse().map_err(|_| InvalidMode(n.into()))?),
		})
	}
}

impl fmt::Display for PruningMode {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::Archive => f.write_str("archive"),
			Self::ArchiveCanonical => f.write_str("archive-canonical"),
			Self::Keep(n) => write!(f, "{n}"),
		}
	}
}

/// Why the pruner cannot run.
#[derive(Debug, thiserror::Error)]
pub enum PruningError {
	/// The database was created with a state pruning mode that cannot change to the one asked
	/// for (polkadot-sdk's rule: only the number of kept states can change).
	#[error(
		"the database was created with --state-pruning {stored} and cannot be opened with \
		 --state-pruning {requested} (only the number of kept states can change); omit the \
		 flag, or purge the chain (`sci-node purge-chain`) and sync again"
	)]
	IncompatibleModes {
		/// The mode the database was created with.
		stored: StatePruning,
		/// The mode asked for.
		requested: StatePruning,
	},
	/// The database failed.
	#[error(transparent)]
	Db(#[from] DbError),
}

/// Keys of the pruner's META entries.
mod meta {
	/// SCALE [`super::StatePruning`]: the mode the database was created with.
	pub(super) const MODE: &[u8] = b"pruning:mode";
	/// SCALE block number: the highest height canonicalized.
	pub(super) const CANONICAL: &[u8] = b"pruning:canonical";
	/// SCALE block number: the highest height whose removed nodes were released.
	pub(super) const STATE: &[u8] = b"pruning:state";
	/// SCALE block number: the highest height whose body was pruned.
	pub(super) const BODIES: &[u8] = b"pruning:bodies";
}

/// The journal entry of a block's added nodes.
const INSERTED: u8 = 0;
/// The journal entry of a block's removed nodes.
const REMOVED: u8 = 1;

/// The key of a block's journal entry: its number (big-endian, so entries sort by height),
/// hash and kind.
fn journal_key(number: BlockNumber, hash: &Hash, kind: u8) -> Vec<u8> {
	let mut key = Vec::with_capacity(4 + 32 + 1);
	key.extend_from_slice(&number.to_be_bytes());
	key.extend_from_slice(hash.as_ref());
	key.push(kind);
	key
}

/// Number, hash and kind of a journal key.
fn parse_journal_key(key: &[u8]) -> Option<(BlockNumber, Hash, u8)> {
	let (number, rest) = key.split_first_chunk::<4>()?;
	let (hash, kind) = rest.split_first_chunk::<32>()?;
	match kind {
		[kind] => Some((BlockNumber::from_be_bytes(*number), Hash::from(*hash), *kind)),
		_ => None,
	}
}

/// A journal entry: block number, block hash, kind and the SCALE list of node hashes.
type JournalEntry = (BlockNumber, Hash, u8, Vec<u8>);

/// Most journal bytes one pruning commit covers: bounds the commit's size and the memory it
/// holds whatever the distance finality jumped.
pub const MAX_BATCH_BYTES: usize = 16 * 1024 * 1024;

/// What one call to [`Pruner::finalized`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pruned {
	/// Blocks of abandoned forks discarded.
	pub discarded_blocks: usize,
	/// Trie node references released (added nodes of discarded blocks, removed nodes of
	/// blocks whose parent's state left the window).
	pub released_nodes: usize,
	/// Bodies deleted.
	pub pruned_bodies: usize,
}

/// The pruning cursors, each a height up to which its step is done.
#[derive(Clone, Copy, Debug)]
struct Cursors {
	canonical: BlockNumber,
	state: BlockNumber,
	bodies: BlockNumber,
}

/// Applies the pruning modes to the database as blocks are committed and finalized.
pub struct Pruner {
	db: Db,
	state: StatePruning,
	blocks: BlocksPruning,
	/// The cursors as last committed (the database's removals show in reads only once
	/// ParityDB has written them: availability is decided from these).
	cursors: std::sync::RwLock<Cursors>,
}

impl Pruner {
	/// The pruner of `db`, with `state` pruning (`None`: the mode the database was created
	/// with, or the default for a new one) and `blocks` pruning, for a chain finalized up to
	/// `finalized`. A database without cursors (new, or upgraded from layout 1) starts
	/// pruning at `finalized`.
	pub fn open(
		db: Db,
		state: Option<StatePruning>,
		blocks: BlocksPruning,
		finalized: BlockNumber,
	) -> Result<Self, PruningError> {
		let stored = db.meta::<StatePruning>(meta::MODE)?;
		let mode = match (stored, state) {
			(None, requested) => requested.unwrap_or(DEFAULT_STATE_PRUNING),
			(Some(stored), None) => stored,
			(Some(PruningMode::Keep(_)), Some(requested @ PruningMode::Keep(_))) => requested,
			(Some(stored), Some(requested)) if stored == requested => stored,
			(Some(stored), Some(requested)) => {
				return Err(PruningError::IncompatibleModes { stored, requested })
			},
		};
		let mut changes = Vec::new();
		if stored != Some(mode) {
			changes.push((columns::META, meta::MODE.to_vec(), Some(mode.encode())));
		}
		for key in [meta::CANONICAL, meta::STATE, meta::BODIES] {
			if db.meta::<BlockNumber>(key)?.is_none() {
				changes.push((columns::META, key.to_vec(), Some(finalized.encode())));
			}
		}
		if !changes.is_empty() {
			db.commit(changes)?;
		}
		let cursors = Self::read_cursors(&db)?.into();
		Ok(Self { db, state: mode, blocks, cursors })
	}

	/// Whether the state of block `hash` at `number` was pruned. Reads the canonical index
	/// only for a block at a finalized height: the states of recent blocks are decided from the
	/// cursors alone.
	pub fn is_discarded(&self, number: BlockNumber, hash: &Hash) -> Result<bool, DbError> {
		let cursors = self.cursors();
		Ok(match self.state {
			PruningMode::Archive => false,
			// Block `n`'s removals released the state of block `n - 1`.
			PruningMode::Keep(_) if number < cursors.state => true,
			_ if number <= cursors.canonical => self.canonical_hash(number)? != Some(*hash),
			_ => false,
		})
	}

	/// The state pruning mode in force.
	pub fn state_mode(&self) -> StatePruning {
		self.state
	}

	/// The database changes that store a block's trie node changes: a reference per added
	/// node and the block's journal entries. Committed with the block.
	pub fn block_changes(
		&self,
		number: BlockNumber,
		hash: &Hash,
		nodes: TrieNodeChanges,
	) -> Vec<Change> {
		let mut changes = nodes.insertions();
		// Archive nodes keep fork states, but the entry still records the block for
		// canonicalization to find (blocks pruning).
		let inserted: Vec<Hash> = match self.state {
			PruningMode::Archive => Vec::new(),
			_ => nodes.inserted.into_iter().map(|(hash, _)| hash).collect(),
		};
		changes.push((
			columns::JOURNAL,
			journal_key(number, hash, INSERTED),
			Some(inserted.encode()),
		));
		if matches!(self.state, PruningMode::Keep(_)) && !nodes.removed.is_empty() {
			changes.push((
				columns::JOURNAL,
				journal_key(number, hash, REMOVED),
				Some(nodes.removed.encode()),
			));
		}
		changes
	}

	/// The changes that take an unfinalized block's state and journal away (`revert`).
	pub fn discard_changes(
		&self,
		number: BlockNumber,
		hash: &Hash,
	) -> Result<Vec<Change>, DbError> {
		let mut changes = Vec::new();
		self.discard(number, hash, &mut changes)?;
		Ok(changes)
	}

	fn discard(
		&self,
		number: BlockNumber,
		hash: &Hash,
		changes: &mut Vec<Change>,
	) -> Result<usize, DbError> {
		let key = journal_key(number, hash, INSERTED);
		let inserted = match self.db.get(columns::JOURNAL, &key)? {
			Some(bytes) => decode_hashes(&key, &bytes)?,
			None => Vec::new(),
		};
		let released = inserted.len();
		changes.extend(
			inserted.into_iter().map(|node| (columns::STATE, node.as_ref().to_vec(), None)),
		);
		changes.push((columns::JOURNAL, key, None));
		changes.push((columns::JOURNAL, journal_key(number, hash, REMOVED), None));
		Ok(released)
	}

	/// Prune what finalizing up to `finalized` lets go: the canonical index must already hold
	/// the finalized chain. Called after each finality and when the node starts (to finish
	/// what a crash interrupted).
	pub fn finalized(&self, finalized: BlockNumber) -> Result<Pruned, DbError> {
		let mut pruned = Pruned::default();
		self.canonicalize(finalized, &mut pruned)?;
		if let PruningMode::Keep(keep) = self.state {
			// The state of block `n - 1` leaves the window with block `n`'s removed nodes.
			let target = finalized.saturating_sub(keep.get() - 1);
			self.release_removed(target, &mut pruned)?;
		}
		if let PruningMode::Keep(keep) = self.blocks {
			self.prune_bodies(finalized.saturating_sub(keep.get()), &mut pruned)?;
		}
		if pruned != Pruned::default() {
			log::debug!(target: "pruning", "Finalized #{finalized}: {pruned:?}");
		}
		Ok(pruned)
	}

	/// The cursors as last committed.
	fn cursors(&self) -> Cursors {
		*self.cursors.read().unwrap_or_else(|poisoned| poisoned.into_inner())
	}

	/// Commit `changes` with cursor `key` moved to `to`.
	fn commit_step(
		&self,
		mut changes: Vec<Change>,
		key: &[u8],
		to: BlockNumber,
	) -> Result<(), DbError> {
		changes.push((columns::META, key.to_vec(), Some(to.encode())));
		self.db.commit(changes)?;
		let mut cursors = self.cursors.write().unwrap_or_else(|poisoned| poisoned.into_inner());
		match key {
			meta::CANONICAL => cursors.canonical = to,
			meta::STATE => cursors.state = to,
			_ => cursors.bodies = to,
		}
		Ok(())
	}

	fn read_cursors(db: &Db) -> Result<Cursors, DbError> {
		let read = |key| Ok::<_, DbError>(db.meta::<BlockNumber>(key)?.unwrap_or(0));
		Ok(Cursors {
			canonical: read(meta::CANONICAL)?,
			state: read(meta::STATE)?,
			bodies: read(meta::BODIES)?,
		})
	}

	/// Journal entries above height `after` up to `to`, ending at a height boundary once they
	/// exceed [`MAX_BATCH_BYTES`]. Returns them and the height they cover up to.
	fn journal_batch(
		&self,
		after: BlockNumber,
		to: BlockNumber,
	) -> Result<(Vec<JournalEntry>, BlockNumber), DbError> {
		let mut entries: Vec<JournalEntry> = Vec::new();
		let (mut bytes, mut covered) = (0, to);
		let from = (after + 1).to_be_bytes();
		self.db.iter_from(columns::JOURNAL, &from, |key, value| {
			let Some((number, hash, kind)) = parse_journal_key(key) else {
				return Err(DbError::Corrupt {
					key: format!("journal {}", hex(key)),
					error: "not a journal key".into(),
				});
			};
			if number > to {
				return Ok(false);
			}
			if bytes >= MAX_BATCH_BYTES && entries.last().is_some_and(|(n, ..)| *n != number) {
				covered = number - 1;
				return Ok(false);
			}
			bytes += value.len();
			entries.push((number, hash, kind, value));
			Ok(true)
		})?;
		Ok((entries, covered))
	}

	/// Step 1: discard the other blocks at the heights up to `finalized`.
	fn canonicalize(&self, finalized: BlockNumber, pruned: &mut Pruned) -> Result<(), DbError> {
		let mut cursor = self.cursors().canonical;
		while cursor < finalized {
			let (entries, covered) = self.journal_batch(cursor, finalized)?;
			let mut changes = Vec::new();
			let mut canonical: Option<(BlockNumber, Option<Hash>)> = None;
			for (number, hash, kind, _) in entries {
				let canonical_hash = match canonical {
					Some((n, hash)) if n == number => hash,
					_ => {
						let hash = self.canonical_hash(number)?;
						canonical = Some((number, hash));
						hash
					},
				};
				if canonical_hash == Some(hash) {
					if kind == INSERTED {
						changes.push((
							columns::JOURNAL,
							journal_key(number, &hash, INSERTED),
							None,
						));
					}
				} else if kind == INSERTED {
					pruned.released_nodes += self.discard(number, &hash, &mut changes)?;
					pruned.discarded_blocks += 1;
					if self.blocks != PruningMode::Archive {
						changes.push((columns::BODY, hash.encode(), None));
						changes.push((columns::JUSTIFICATION, hash.encode(), None));
					}
				}
			}
			self.commit_step(changes, meta::CANONICAL, covered)?;
			cursor = covered;
		}
		Ok(())
	}

	/// Step 2: release the removed nodes of the finalized blocks up to `target`.
	fn release_removed(&self, target: BlockNumber, pruned: &mut Pruned) -> Result<(), DbError> {
		let mut cursor = self.cursors().state;
		while cursor < target {
			let (entries, covered) = self.journal_batch(cursor, target)?;
			let mut changes = Vec::new();
			for (number, hash, kind, value) in entries {
				let key = journal_key(number, &hash, kind);
				if kind == REMOVED {
					let removed = decode_hashes(&key, &value)?;
					pruned.released_nodes += removed.len();
					changes.extend(
						removed
							.into_iter()
							.map(|node| (columns::STATE, node.as_ref().to_vec(), None)),
					);
				}
				changes.push((columns::JOURNAL, key, None));
			}
			self.commit_step(changes, meta::STATE, covered)?;
			cursor = covered;
		}
		Ok(())
	}

	/// Step 3: delete the bodies of the finalized blocks up to `target`.
	fn prune_bodies(&self, target: BlockNumber, pruned: &mut Pruned) -> Result<(), DbError> {
		/// Heights per commit.
		const HEIGHTS: BlockNumber = 4096;
		let mut cursor = self.cursors().bodies;
		while cursor < target {
			let covered = target.min(cursor.saturating_add(HEIGHTS));
			let mut changes = Vec::new();
			for number in cursor + 1..=covered {
				if let Some(hash) = self.canonical_hash(number)? {
					changes.push((columns::BODY, hash.encode(), None));
					pruned.pruned_bodies += 1;
				}
			}
			self.commit_step(changes, meta::BODIES, covered)?;
			cursor = covered;
		}
		Ok(())
	}

	fn canonical_hash(&self, number: BlockNumber) -> Result<Option<Hash>, DbError> {
		let key = number.to_be_bytes();
		self.db
			.get(columns::CANONICAL, &key)?
			.map(|bytes| {
				Hash::decode(&mut &bytes[..]).map_err(|error| DbError::Corrupt {
					key: format!("canonical #{number}"),
					error,
				})
			})
			.transpose()
	}
}

fn decode_hashes(key: &[u8], bytes: &[u8]) -> Result<Vec<Hash>, DbError> {
	Vec::<Hash>::decode(&mut &bytes[..])
		.map_err(|error| DbError::Corrupt { key: format!("journal {}", hex(key)), error })
}

fn hex(bytes: &[u8]) -> String {
	sp_core::hexdisplay::HexDisplay::from(&bytes).to_string()
}
