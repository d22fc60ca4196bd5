//! What a storage read and a storage write cost on SCI's own node (its ParityDB state, its
//! shared trie cache, jemalloc), measured with `cargo bench -p sci-node --bench storage` on the
//! machines SCI runs on (2-vCPU, 24 GiB VMs: an Intel Xeon and an AMD EPYC) at the state size
//! the chain is weighed for: a million accounts (`SCI_BENCH_KEYS=1000000`, account-like
//! entries). Reads of random keys through the trie cache the node always runs; writes of random
//! keys, 4,096 per block (`SCI_BENCH_WRITES`, about a full block of transfers' two each) with
//! one state-root computation and one commit per block, as the node imports, over 64 and 192
//! blocks (`SCI_BENCH_BLOCKS`: four and twelve or so of ParityDB's log flushes), each write
//! also charged its share of the CPU time ParityDB's background threads then spend. Each
//! figure is the top of every run on either machine, charged [`super::WEIGHT_MARGIN_PERCENT`]
//! above. `docs/benchmarks.md` lists the current figures, `docs/log/performance-log.md` the
//! earlier ones.

use frame_support::{
	parameter_types,
	weights::{constants::WEIGHT_REF_TIME_PER_NANOS, RuntimeDbWeight},
};

/// Nanoseconds per read: the top of every run, 20.8 µs (the EPYC, 2026-12-07: 15.7, 16.5 and
/// 20.8 µs over 64 blocks; the Xeon, 2026-11-24: 16.5–16.9 µs), each block's 4,096 reads at the
/// root of a new block of 4,096 writes, whose rewritten nodes it reads from ParityDB. At this
/// size a read through the trie cache costs more than one straight from ParityDB (6.7–8.8 µs):
/// the node pays the cache's (which a block's writes of what it read repay), so that is charged.
const READ_NS: u64 = 20_800;
/// Nanoseconds per write, state root, commit and ParityDB's background work included: the top
/// of every run, 74.7 µs (the EPYC over 64 blocks: 53.4, 55.7 and 74.7 µs; the Xeon 55.5–59.6 µs
/// over 64 blocks and 63.4–64.9 µs over 192: ParityDB's background work, 28–43 µs of it, grows
/// with the database and varies from run to run).
const WRITE_NS: u64 = 74_800;

parameter_types! {
	/// The runtime's `DbWeight`: every benchmarked read and write is charged this on top of
	/// the execution time the benchmark measured on an in-memory database, the chain's margin
	/// above the measurement.
	pub const NodeDbWeight: RuntimeDbWeight = RuntimeDbWeight {
		read: super::with_margin(READ_NS) * WEIGHT_REF_TIME_PER_NANOS,
		write: super::with_margin(WRITE_NS) * WEIGHT_REF_TIME_PER_NANOS,
	};
}
