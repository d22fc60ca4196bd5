//! Weights of the polkadot-sdk pallets in this runtime, measured on SCI's reference machine
//! (2 vCPU Xeon) with `scripts/benchmark.sh <pallet>` (frame-omni-bencher on the
//! `runtime-benchmarks` Wasm); each file's header records its steps and repeats. SCI's own
//! pallets keep theirs in `pallets/<name>/src/weights.rs`.

pub mod pallet_collective;
pub mod pallet_conviction_voting;
pub mod pallet_membership;
pub mod pallet_parameters;
pub mod pallet_preimage;
pub mod pallet_referenda;
pub mod pallet_scheduler;
pub mod pallet_whitelist;
