//! What a storage read and a storage write cost on SCI's own node (its ParityDB state, its
//! shared trie cache), measured with `cargo bench -p sci-node --bench storage` on SCI's
//! reference machine (2 vCPU Xeon, 24 GiB): a state of 200,000 account-like entries, reads of
//! random keys through the trie cache the node always runs, writes of random keys 1,000 and
//! 2,882 per block (`SCI_BENCH_WRITES`) with one state-root computation and one commit per
//! block, as the node imports.
//! Uncached reads (the first blocks after a restart) cost about twice as much; the
//! throughput test checks that a fresh node still imports each loaded block within its
//! weight. `docs/performance.md` lists every measured figure.

use frame_support::{
	parameter_types,
	weights::{constants::WEIGHT_REF_TIME_PER_NANOS, RuntimeDbWeight},
};

/// Nanoseconds per read: the top of the measured 10.8–13.7 µs (six runs, 2026-11-23, the
/// node's own state backend).
const READ_NS: u64 = 13_700;
/// Nanoseconds per write, state root and commit included: the top of the measured
/// 32.4–43.3 µs (the same runs; 1,000 writes per block cost 32.4–38.2 µs each, 2,882, a full
/// block of transfers, 41.7–43.3 µs).
const WRITE_NS: u64 = 43_300;

parameter_types! {
	/// The runtime's `DbWeight`: every benchmarked read and write is charged this on top of
	/// the execution time the benchmark measured on an in-memory database.
	pub const NodeDbWeight: RuntimeDbWeight = RuntimeDbWeight {
		read: READ_NS * WEIGHT_REF_TIME_PER_NANOS,
		write: WRITE_NS * WEIGHT_REF_TIME_PER_NANOS,
	};
}
