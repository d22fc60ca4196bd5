//! Measures what a storage read and a storage write cost on this host's database, the
//! `DbWeight` the runtime charges per read and write (`runtime/src/weights/db.rs`).
//!
//! The state holds `SCI_BENCH_KEYS` (default 200,000) account-like entries: 80-byte keys
//! (`System::Account`'s prefix and a `Blake2_128Concat` account) with 80-byte values.
//! * write: `SCI_BENCH_BLOCKS` (default 20) blocks of `SCI_BENCH_WRITES` (default 1,000)
//!   random keys changed, each block's new state root computed and its trie nodes committed
//!   to ParityDB in one commit, as the node does per block; the cost per write is the blocks'
//!   time, plus the CPU time ParityDB's background threads spend on them until they go quiet
//!   (moving its log into its tables, about every 64 MiB of log: enough blocks must be run to
//!   span several of those for a stable share), divided by the writes. A block with a single
//!   write is measured too (the per-block share of a commit);
//! * read: one value of each of 20 × `SCI_BENCH_WRITES` random keys, `SCI_BENCH_WRITES` per
//!   state as in a block (a transfer reads what it writes), each state the root of a new block
//!   of as many writes whose background work is done.
//!
//! Both are measured twice: with no cache (every node from ParityDB: the first blocks after a
//! restart) and through the node's shared trie cache once it has seen the state (the steady
//! state while the state fits in `TRIE_CACHE_BYTES`). Values are cached per state root, so a
//! read in a new block walks the trie nodes again: from the cache, but for those the previous
//! block rewrote, which the state root leaves out of it.
//!
//! State roots are computed by the node's state backend (`node/storage/src/state.rs`); with
//! `SCI_BENCH_ROOT=sp-state-machine` by sp-state-machine's own trie backend, to compare.
//!
//! `cargo bench -p sci-node --bench storage`

sci_node::global_allocator!();

use sci_node::{
	client::TRIE_CACHE_BYTES,
	db::{trie_node_changes, Db},
	state::StateBackend,
};
use sci_primitives::{Hash, Hashing};
use sp_runtime::StateVersion;
use sp_state_machine::{Backend, OverlayedChanges, StorageChanges, TrieBackendBuilder};
use sp_trie::cache::{CacheSize, SharedTrieCache};
use std::{
	sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed},
	time::{Duration, Instant},
};

/// A deterministic stream of pseudo-random 64-bit numbers (xorshift), so runs are comparable.
struct Random(u64);

impl Random {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 << 13;
		self.0 ^= self.0 >> 7;
		self.0 ^= self.0 << 17;
		self.0
	}
}

/// The storage key of account `i`: a fixed 32-byte prefix, then `Blake2_128Concat` of it.
fn key(i: u64) -> Vec<u8> {
	let account = sp_crypto_hashing::blake2_256(&i.to_le_bytes());
	let mut key = sp_crypto_hashing::twox_128(b"System").to_vec();
	key.extend(sp_crypto_hashing::twox_128(b"Account"));
	key.extend(sp_crypto_hashing::blake2_128(&account));
	key.extend(account);
	key
}

fn value(i: u64, round: u64) -> Vec<u8> {
	let mut value = vec![0u8; 80];
	value[..8].copy_from_slice(&i.to_le_bytes());
	value[8..16].copy_from_slice(&round.to_le_bytes());
	value
}

/// The state at `root`, through a local cache of `cache` (merged into it when dropped, as the
/// node's block building does) or uncached.
fn state(db: &Db, root: Hash, cache: Option<&SharedTrieCache<Hashing>>) -> StateBackend {
	StateBackend::new(db.state(), root, cache.map(|c| c.local_cache_trusted()))
}

/// Whether state roots are computed by sp-state-machine's trie backend, not the node's.
static SP_STATE_MACHINE_ROOT: AtomicBool = AtomicBool::new(false);

/// The changes in `overlay` over the state at `root`, with the new state root.
fn drain_changes(
	db: &Db,
	cache: Option<&SharedTrieCache<Hashing>>,
	root: Hash,
	overlay: &mut OverlayedChanges<Hashing>,
) -> StorageChanges<Hashing> {
	if SP_STATE_MACHINE_ROOT.load(Relaxed) {
		let local = cache.map(|c| c.local_cache_trusted());
		let backend = TrieBackendBuilder::new(db.state(), root).with_optional_cache(local).build();
		overlay.drain_storage_changes(&backend, StateVersion::V1).unwrap()
	} else {
		overlay.drain_storage_changes(&state(db, root, cache), StateVersion::V1).unwrap()
	}
}

/// Apply `changes` to the state at `root`, commit the new trie nodes, return the new root.
fn commit(
	db: &Db,
	cache: Option<&SharedTrieCache<Hashing>>,
	root: Hash,
	changes: impl Iterator<Item = (Vec<u8>, Vec<u8>)>,
) -> Hash {
	let mut overlay = OverlayedChanges::<Hashing>::default();
	for (k, v) in changes {
		overlay.set_storage(k, Some(v));
	}
	let started = Instant::now();
	let changes = drain_changes(db, cache, root, &mut overlay);
	ROOT_NS.fetch_add(started.elapsed().as_nanos() as u64, Relaxed);
	let started = Instant::now();
	db.commit(trie_node_changes(changes.transaction).insertions()).unwrap();
	COMMIT_NS.fetch_add(started.elapsed().as_nanos() as u64, Relaxed);
	changes.transaction_storage_root
}

/// CPU time the process's other threads (ParityDB's commit, log and flush workers) spend
/// from `start` until they go quiet: writes are charged for it, as if it ran on their core,
/// and reads are measured only once it is done. While a commit waits for those threads its
/// wall time counts too (erring high); the log ParityDB has not yet moved into its tables (it
/// does so past about 64 MiB) is left to the next phase, so how many of its flushes a phase
/// meets (three or four in 64 blocks of 4,096 writes) moves the figure either way.
struct Background {
	process: Duration,
	this_thread: Duration,
}

impl Background {
	fn start() -> Self {
		Background {
			process: cpu_time(libc::CLOCK_PROCESS_CPUTIME_ID),
			this_thread: cpu_time(libc::CLOCK_THREAD_CPUTIME_ID),
		}
	}

	/// Wait (up to a minute) until the process uses under 1 % of a core over 200 ms; the
	/// other threads' CPU time since `start`.
	fn settle(self) -> Duration {
		let this_thread = cpu_time(libc::CLOCK_THREAD_CPUTIME_ID) - self.this_thread;
		let started = Instant::now();
		let mut last = cpu_time(libc::CLOCK_PROCESS_CPUTIME_ID);
		loop {
			std::thread::sleep(Duration::from_millis(200));
			let now = cpu_time(libc::CLOCK_PROCESS_CPUTIME_ID);
			let quiet = now - last < Duration::from_millis(2);
			if quiet || started.elapsed() > Duration::from_secs(60) {
				if !quiet {
					eprintln!(
						"warning: ParityDB's threads still busy after a minute; counted so far"
					);
				}
				return (now - self.process).saturating_sub(this_thread);
			}
			last = now;
		}
	}
}

/// CPU time (user and system) of `clock`: the whole process or the calling thread.
fn cpu_time(clock: libc::clockid_t) -> Duration {
	let mut time = libc::timespec { tv_sec: 0, tv_nsec: 0 };
	// SAFETY: `time` is a valid, writable timespec; both clocks exist on every Linux.
	assert_eq!(unsafe { libc::clock_gettime(clock, &mut time) }, 0, "clock_gettime");
	Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
}

/// Blocks whose reads are timed, each at a new root.
const READ_BLOCKS: u64 = 20;

/// Time spent computing state roots and committing to ParityDB, in nanoseconds.
static ROOT_NS: AtomicU64 = AtomicU64::new(0);
static COMMIT_NS: AtomicU64 = AtomicU64::new(0);

fn micros(d: Duration, n: u64) -> f64 {
	d.as_secs_f64() * 1e6 / n as f64
}

/// Reads and writes on a state of `keys` keys at `root`; returns the new root and the costs.
fn measure(
	db: &Db,
	cache: Option<&SharedTrieCache<Hashing>>,
	mut root: Hash,
	keys: u64,
	writes: u64,
	blocks: u64,
	random: &mut Random,
) -> (Hash, Costs) {
	let mut round = u64::from(cache.is_some()) * 1_000_000;
	// Keys are hashed before the clock starts: the runtime's hashing is part of its own
	// (benchmarked) execution, not of the database's cost.
	let mut timed = |root: &mut Hash, writes: u64, blocks: u64| {
		let blocks: Vec<Vec<_>> = (0..blocks)
			.map(|_| {
				round += 1;
				(0..writes)
					.map(|_| random.next() % keys)
					.map(|i| (key(i), value(i, round)))
					.collect()
			})
			.collect();
		let count = writes * blocks.len() as u64;
		let (started, background) = (Instant::now(), Background::start());
		for changes in blocks {
			*root = commit(db, cache, *root, changes.into_iter());
		}
		let elapsed = started.elapsed();
		let background = background.settle();
		(micros(elapsed + background, count), micros(background, count))
	};
	ROOT_NS.store(0, Relaxed);
	COMMIT_NS.store(0, Relaxed);
	let (write, write_background) = timed(&mut root, writes, blocks);
	let per_write = |total: &AtomicU64| total.load(Relaxed) as f64 / 1e3 / (writes * blocks) as f64;
	let (write_root, write_commit) = (per_write(&ROOT_NS), per_write(&COMMIT_NS));
	let (single_write_block, _) = timed(&mut root, 1, 200);
	// Reads a block's worth per local cache, as block building does: as many as a block
	// writes (a transfer reads the two accounts it writes), each block's at the root of a new
	// block of `writes` writes (untimed, its background work done). As in a block after a full
	// one, they find the nodes that block rewrote only in ParityDB, since the state root does
	// not cache the nodes it creates.
	let (blocks_read, per_block) = (READ_BLOCKS, writes);
	let reads = blocks_read * per_block;
	let mut picker = Random(keys ^ 0x5eed);
	let (mut elapsed, mut merge) = (Duration::ZERO, Duration::ZERO);
	for _ in 0..blocks_read {
		timed(&mut root, writes, 1);
		let block: Vec<(u64, Vec<u8>)> =
			(0..per_block).map(|_| picker.next() % keys).map(|i| (i, key(i))).collect();
		let started = Instant::now();
		let backend = state(db, root, cache);
		for (i, key) in &block {
			let read = backend.storage(key).unwrap().expect("key is in the state");
			assert_eq!(read[..8], i.to_le_bytes());
		}
		// Dropping the state merges its local trie cache into the shared one.
		let merging = Instant::now();
		drop(backend);
		merge += merging.elapsed();
		elapsed += started.elapsed();
	}
	let read = micros(elapsed, reads);
	let read_merge = micros(merge, reads);
	let costs = Costs {
		read,
		read_merge,
		write,
		write_root,
		write_commit,
		write_background,
		single_write_block,
	};
	(root, costs)
}

/// Microseconds per read, per write in a block of many (and its state-root and commit
/// shares), and for a block of one write.
struct Costs {
	read: f64,
	read_merge: f64,
	write: f64,
	write_root: f64,
	write_commit: f64,
	write_background: f64,
	single_write_block: f64,
}

impl Costs {
	fn print(&self, label: &str, writes: u64) {
		println!("{label}:");
		println!(
			"  read: {:.1} µs ({} random keys, {writes} per block; merging local trie caches \
			 {:.1} µs)",
			self.read,
			READ_BLOCKS * writes,
			self.read_merge
		);
		println!(
			"  write, {writes} per block, one commit each: {:.1} µs per write \
			 (state root {:.1} µs, ParityDB commit {:.1} µs, ParityDB's background work {:.1} µs)",
			self.write, self.write_root, self.write_commit, self.write_background
		);
		println!(
			"  write, one per block, one commit each: {:.1} µs per block",
			self.single_write_block
		);
	}
}

fn main() {
	let env = |name: &str, default: u64| {
		std::env::var(name).ok().and_then(|n| n.parse().ok()).unwrap_or(default)
	};
	let keys = env("SCI_BENCH_KEYS", 200_000);
	let writes = env("SCI_BENCH_WRITES", 1_000);
	let blocks = env("SCI_BENCH_BLOCKS", 20);
	let sp_state_machine_root =
		std::env::var("SCI_BENCH_ROOT").is_ok_and(|by| by == "sp-state-machine");
	SP_STATE_MACHINE_ROOT.store(sp_state_machine_root, Relaxed);
	let root_by = if sp_state_machine_root {
		"sp-state-machine's trie backend"
	} else {
		"the node's state backend"
	};
	println!("state roots by {root_by}");
	let dir = tempfile::tempdir().unwrap();
	let db = Db::open(dir.path()).unwrap();

	let started = Instant::now();
	let empty = sp_trie::empty_trie_root::<sp_trie::LayoutV1<Hashing>>();
	let background = Background::start();
	let root = commit(&db, None, empty, (0..keys).map(|i| (key(i), value(i, 0))));
	let elapsed = started.elapsed();
	let background = background.settle();
	println!(
		"state: {keys} keys written in {elapsed:?}, and ParityDB's background work {background:?}"
	);
	let mut random = Random(0x5c1_5c1_5c1);

	let (root, uncached) = measure(&db, None, root, keys, writes, blocks, &mut random);
	uncached.print("uncached (every trie node from ParityDB)", writes);

	let cache = SharedTrieCache::new(CacheSize::new(TRIE_CACHE_BYTES), None);
	let started = Instant::now();
	{
		let warm = state(&db, root, Some(&cache));
		for i in 0..keys {
			warm.storage(&key(i)).unwrap();
		}
	}
	println!("trie cache warmed with every key in {:?}", started.elapsed());
	let (_, cached) = measure(&db, Some(&cache), root, keys, writes, blocks, &mut random);
	cached.print("through the node's trie cache", writes);
	println!(
		"DbWeight (ns): uncached read {:.0}, write {:.0}; cached read {:.0}, write {:.0}",
		uncached.read * 1e3,
		uncached.write * 1e3,
		cached.read * 1e3,
		cached.write * 1e3
	);
}
