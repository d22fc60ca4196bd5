//! The SCI node host: executes the SCI Wasm runtime with wasmtime, keeps the chain in
//! ParityDB, authors and imports blocks, and serves the Substrate JSON-RPC.
//!
//! No native runtime: every rule of the chain runs in the Wasm code found at `:code`.

pub mod authoring;
pub mod benchmark;
pub mod chain_spec;
pub mod cli;
pub mod client;
pub mod consensus;
pub mod db;
pub mod executor;
pub mod finality;
pub mod identity;
pub mod key;
pub mod logging;
pub mod metrics;
pub mod network;
pub mod pool;
pub mod rpc;
pub mod service;
pub mod signature_check;
pub mod state;
pub mod upgrade_check;

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

/// The runtime Wasm this node was built with: the genesis code of the built-in chain specs.
pub fn runtime_code() -> Result<&'static [u8], String> {
	sci_runtime::WASM_BINARY.ok_or_else(|| {
		"this node was built without the runtime Wasm (SKIP_WASM_BUILD was set); rebuild without it".to_string()
	})
}
