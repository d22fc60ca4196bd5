//! What a storage read and a storage write cost on SCI's own node (its ParityDB state, its
//! shared trie cache, jemalloc), measured with `cargo bench -p sci-node --bench storage` on
//! SCI's reference machine (2 vCPU Xeon, 24 GiB) at the state size the chain is weighed for:
//! a million accounts (`SCI_BENCH_KEYS=1000000`, account-like entries). Reads of random keys
//! through the trie cache the node always runs; writes of random keys, 4,096 per block
//! (`SCI_BENCH_WRITES`, about a full block of transfers' two each) with one state-root
//! computation and one commit per block, as the node imports, over 64 and 192 blocks
//! (`SCI_BENCH_BLOCKS`: four and twelve or so of ParityDB's log flushes), each write also
//! charged its share of the CPU time ParityDB's background threads then spend.
//! `docs/benchmarks.md` lists every measured figure.

use frame_support::{
	parameter_types,
	weights::{constants::WEIGHT_REF_TIME_PER_NANOS, RuntimeDbWeight},
};

/// Nanoseconds per read: the top of the measured 16.5–16.9 µs (three runs, 2026-11-24: trie
/// nodes keyed by hash alone, the state root not caching the nodes it creates, each block's
/// 4,096 reads at the root of a new block of 4,096 writes, whose rewritten nodes it reads from
/// ParityDB). At this size a read through the trie cache costs more than one straight from
/// ParityDB (6.7–7.1 µs): the node pays the cache's (which a block's writes of what it read
/// repay), so that is charged.
const READ_NS: u64 = 16_900;
/// Nanoseconds per write, state root, commit and ParityDB's background work included: the top
/// of every run of this code, 55.5–59.6 µs over 64 blocks (the same runs) and 63.4–64.9 µs over
/// 192 (ParityDB's background work, 32.6–37.1 µs of it, grows with the database).
const WRITE_NS: u64 = 64_900;

parameter_types! {
	/// The runtime's `DbWeight`: every benchmarked read and write is charged this on top of
	/// the execution time the benchmark measured on an in-memory database.
	pub const NodeDbWeight: RuntimeDbWeight = RuntimeDbWeight {
		read: READ_NS * WEIGHT_REF_TIME_PER_NANOS,
		write: WRITE_NS * WEIGHT_REF_TIME_PER_NANOS,
	};
}
