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

/// The runtime Wasm this node was built with: the genesis code of the built-in chain specs.
pub fn runtime_code() -> Result<&'static [u8], String> {
	sci_runtime::WASM_BINARY.ok_or_else(|| {
		"this node was built without the runtime Wasm (SKIP_WASM_BUILD was set); rebuild without it".to_string()
	})
}
