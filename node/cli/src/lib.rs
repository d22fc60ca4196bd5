//! `sci-node`: the command line and the service that wires the node's crates together.
//!
//! The node is a workspace of crates, each with one job (see `docs/architecture.md`); this
//! crate parses the command line ([`cli`]), starts a node ([`service`]) and re-exports the
//! other crates under their module names for the end-to-end tests and benches.

pub mod blocks;
pub mod cli;
pub mod identity;
pub mod key;
pub mod metrics;
pub mod service;

pub use sci_authoring as authoring;
pub use sci_benchmark as benchmark;
pub use sci_chain_spec as chain_spec;
pub use sci_chain_spec::runtime_code;
pub use sci_client as client;
pub use sci_client::{consensus, signature_check, upgrade_check};
pub use sci_executor as executor;
pub use sci_logging as logging;
pub use sci_network as network;
pub use sci_pool as pool;
pub use sci_rpc as rpc;
pub use sci_storage::{db, pruning, state};

#[cfg(not(target_env = "msvc"))]
#[doc(hidden)]
pub use tikv_jemallocator::Jemalloc;

/// Makes jemalloc the global allocator of the binary it is invoked in, as polkadot's node
/// does: the node and its benchmarks (which must measure what the node pays). With glibc's
/// malloc a quarter of a trie-cache read at a million keys went to `_int_malloc` sorting the
/// chunks the previous block's cache freed, and a written key's state root cost 40 % more.
#[macro_export]
macro_rules! global_allocator {
	() => {
		#[cfg(not(target_env = "msvc"))]
		#[global_allocator]
		static ALLOCATOR: $crate::Jemalloc = $crate::Jemalloc;
	};
}
