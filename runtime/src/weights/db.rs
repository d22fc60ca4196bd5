//! What a storage read and a storage write cost on SCI's own node (its ParityDB state, its
//! shared trie cache), measured with `cargo bench -p sci-node --bench storage` on SCI's
//! reference machine (2 vCPU Xeon, 24 GiB) at the state size the chain is weighed for: a
//! million accounts (`SCI_BENCH_KEYS=1000000`, account-like entries). Reads of random keys
//! through the trie cache the node always runs; writes of random keys, 4,096 per block
//! (`SCI_BENCH_WRITES`, about a full block of transfers' two each) with one state-root
//! computation and one commit per block, as the node imports. On a smaller state both cost
//! less (a 200,000-key state: reads 10.8–13.7 µs, writes 32.4–43.3 µs).
//! Uncached writes (the first blocks after a restart) cost about twice as much; the
//! throughput test checks that a fresh node still imports each loaded block within its
//! weight. `docs/benchmarks.md` lists every measured figure.

use frame_support::{
	parameter_types,
	weights::{constants::WEIGHT_REF_TIME_PER_NANOS, RuntimeDbWeight},
};

/// Nanoseconds per read: the top of the measured 30.3–33.5 µs (three runs, 2026-11-23, the
/// node's own state backend). At this size a read through the trie cache costs more than one
/// straight from ParityDB (11.7–15.0 µs): the node pays the cache's, so that is charged.
const READ_NS: u64 = 33_500;
/// Nanoseconds per write, state root and commit included: the top of the measured
/// 54.4–57.6 µs (the same runs).
const WRITE_NS: u64 = 57_600;

parameter_types! {
	/// The runtime's `DbWeight`: every benchmarked read and write is charged this on top of
	/// the execution time the benchmark measured on an in-memory database.
	pub const NodeDbWeight: RuntimeDbWeight = RuntimeDbWeight {
		read: READ_NS * WEIGHT_REF_TIME_PER_NANOS,
		write: WRITE_NS * WEIGHT_REF_TIME_PER_NANOS,
	};
}
