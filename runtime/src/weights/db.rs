//! What a storage read and a storage write cost on SCI's own node (its ParityDB state, its
//! shared trie cache, jemalloc), measured with `cargo bench -p sci-node --bench storage` on
//! SCI's reference machine (2 vCPU Xeon, 24 GiB) at the state size the chain is weighed for:
//! a million accounts (`SCI_BENCH_KEYS=1000000`, account-like entries). Reads of random keys
//! through the trie cache the node always runs; writes of random keys, 4,096 per block
//! (`SCI_BENCH_WRITES`, about a full block of transfers' two each) with one state-root
//! computation and one commit per block, as the node imports, over 64 blocks
//! (`SCI_BENCH_BLOCKS`: three or four of ParityDB's log flushes), each write also charged its
//! share of the CPU time ParityDB's background threads then spend. `docs/benchmarks.md` lists
//! every measured figure.

use frame_support::{
	parameter_types,
	weights::{constants::WEIGHT_REF_TIME_PER_NANOS, RuntimeDbWeight},
};

/// Nanoseconds per read: the top of the measured 13.7–14.2 µs (three runs, 2026-11-24, trie
/// nodes keyed by hash alone, the state root not caching the nodes it creates). At this size a
/// read through the trie cache costs more than one straight from ParityDB (6.0–6.6 µs): the
/// node pays the cache's (which a block's writes of what it read repay), so that is charged.
const READ_NS: u64 = 14_200;
/// Nanoseconds per write, state root, commit and ParityDB's background work included: the
/// top of the measured 44.6–47.3 µs (the same runs; the background work 22.6–24.7 µs of it).
const WRITE_NS: u64 = 47_300;

parameter_types! {
	/// The runtime's `DbWeight`: every benchmarked read and write is charged this on top of
	/// the execution time the benchmark measured on an in-memory database.
	pub const NodeDbWeight: RuntimeDbWeight = RuntimeDbWeight {
		read: READ_NS * WEIGHT_REF_TIME_PER_NANOS,
		write: WRITE_NS * WEIGHT_REF_TIME_PER_NANOS,
	};
}
