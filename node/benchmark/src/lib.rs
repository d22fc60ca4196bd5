//! `sci-node benchmark`: weights measured on this node's own executor.
//!
//! A weight is what a call costs on the host that executes it. polkadot-sdk's benchmark runner
//! (`frame-omni-bencher`) measures on polkadot-sdk's executor; these commands measure on SCI's:
//! `pallet` runs a runtime's pallet benchmarks ([`pallet`]), `overhead` times an empty block and
//! a block full of signed remarks, and checking their signatures ahead ([`overhead`]). Both
//! start from a genesis preset's state, held in memory ([`BenchmarkState`]): storage accesses
//! are priced separately, by `DbWeight`. Both can write their figures a margin above the
//! measurement and keep an earlier file's larger figures ([`margin`]): SCI's weights are the
//! larger of the machines it runs on, then a margin. `machine` measures this machine against
//! the reference machine those weights hold on ([`machine`]).

mod machine;
mod margin;
mod overhead;
mod pallet;
mod state;
mod weight_file;

pub use machine::{check_at_start as check_hardware_at_start, MachineArgs};
pub use overhead::OverheadArgs;
pub use pallet::PalletArgs;
pub use state::BenchmarkState;

use anyhow::{bail, Context};
use sci_chain_spec as chain_spec;
use sci_executor::{VerifiedSignatures, WasmExecutor};
use sci_primitives::Hashing;
use sp_core::traits::ReadRuntimeVersionExt;
use sp_externalities::Extensions;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_state_machine::{Ext, OverlayedChanges};
use std::{path::PathBuf, sync::Arc};

/// `sci-node benchmark` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum BenchmarkCommand {
	/// Run pallet benchmarks on this node's executor and print the weights they measure.
	Pallet(PalletArgs),
	/// Measure what an empty block and a signed extrinsic cost on this node's executor.
	Overhead(OverheadArgs),
	/// Measure this machine's CPU, memory and disk against SCI's reference validator machine.
	Machine(MachineArgs),
}

impl BenchmarkCommand {
	/// Run the subcommand.
	pub fn run(&self) -> anyhow::Result<()> {
		match self {
			Self::Pallet(args) => {
				sci_logging::init(&args.runtime.log);
				pallet::run(args)
			},
			Self::Overhead(args) => {
				sci_logging::init(&args.runtime.log);
				overhead::run(args)
			},
			Self::Machine(args) => {
				sci_logging::init(&[]);
				machine::run(args)
			},
		}
	}
}

/// The runtime to benchmark and the state it starts from.
#[derive(Debug, clap::Args)]
pub struct RuntimeArgs {
	/// The runtime's Wasm (`.wasm`, compressed or not).
	#[arg(long)]
	pub runtime: PathBuf,
	/// The genesis preset whose state every run starts from.
	#[arg(long, default_value = "development")]
	pub genesis_builder_preset: String,
	/// Log filter, e.g. `info` or `runtime=debug`.
	#[arg(long, short = 'l', value_name = "LOG_PATTERN", value_delimiter = ',')]
	pub log: Vec<String>,
}

impl RuntimeArgs {
	/// `runtime` from the development preset, logging at the default level.
	#[cfg(test)]
	fn new(runtime: PathBuf) -> Self {
		Self { runtime, genesis_builder_preset: "development".into(), log: vec![] }
	}
}

/// The runtime under benchmark and the state it runs on.
struct BenchmarkRuntime {
	executor: WasmExecutor,
	code: Vec<u8>,
	code_hash: [u8; 32],
	state: BenchmarkState,
}

impl BenchmarkRuntime {
	/// Read the runtime `args` names and build its preset's genesis state. `required`: an
	/// export the command needs and what to tell the user whose runtime lacks it (checked
	/// before genesis is built). `verified`: signatures the executor answers `sr25519_verify`
	/// from (none: each is verified in full).
	fn load(
		args: &RuntimeArgs,
		required: Option<(&str, &str)>,
		verified: Option<Arc<VerifiedSignatures>>,
	) -> anyhow::Result<Self> {
		let code = std::fs::read(&args.runtime)
			.with_context(|| format!("reading the runtime {}", args.runtime.display()))?;
		let executor = WasmExecutor::for_benchmarks(verified)?;
		let code_hash = sp_crypto_hashing::blake2_256(&code);
		if let Some((export, hint)) = required {
			if !executor.has_export(&code_hash, &code, export)? {
				bail!("the runtime has no `{export}`: {hint}");
			}
		}
		let genesis = chain_spec::preset_storage(&executor, &code, &args.genesis_builder_preset)?;
		Ok(Self { executor, code_hash, code, state: BenchmarkState::new(genesis) })
	}

	/// Call the runtime on the benchmark state, keeping its changes in `overlay`, with the
	/// extensions benchmarks may use (a keystore for benchmarks that sign, the version reader
	/// for `set_code`).
	fn call_in(
		&self,
		overlay: &mut OverlayedChanges<Hashing>,
		method: &str,
		input: &[u8],
	) -> anyhow::Result<Vec<u8>> {
		let mut extensions = Extensions::default();
		extensions.register(KeystoreExt(Arc::new(MemoryKeystore::new())));
		extensions.register(ReadRuntimeVersionExt::new(self.executor.clone()));
		let mut ext = Ext::new(overlay, &self.state, Some(&mut extensions));
		self.executor
			.call_with_code(&mut ext, &self.code_hash, &self.code, None, method, input)
			.with_context(|| format!("runtime call {method}"))
	}

	/// Call the runtime on the benchmark state, discarding its changes.
	fn call(&self, method: &str, input: &[u8]) -> anyhow::Result<Vec<u8>> {
		self.call_in(&mut OverlayedChanges::default(), method, input)
	}
}

/// What a generated weight file records about the machine and the run.
struct Provenance {
	date: String,
	host: String,
	cpu: String,
	command: String,
}

impl Provenance {
	fn here() -> Self {
		let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
		let cpu = read("/proc/cpuinfo")
			.lines()
			.find_map(|line| line.strip_prefix("model name")?.split_once(':'))
			.map(|(_, name)| name.trim().to_string())
			.unwrap_or_else(|| "unknown".into());
		let host = read("/proc/sys/kernel/hostname").trim().to_string();
		Self {
			date: chrono::Utc::now().format("%Y-%m-%d").to_string(),
			host,
			cpu,
			command: std::env::args().collect::<Vec<_>>().join(" "),
		}
	}
}

/// `1234567` as `1_234_567`, as weight files write numbers.
fn underscored(value: u128) -> String {
	let digits = value.to_string();
	let mut out = String::new();
	for (i, digit) in digits.chars().enumerate() {
		if i > 0 && (digits.len() - i).is_multiple_of(3) {
			out.push('_');
		}
		out.push(digit);
	}
	out
}

#[cfg(test)]
mod tests {
	#[test]
	fn numbers_are_grouped_by_thousands() {
		use super::underscored;
		assert_eq!(underscored(395_932), "395_932");
		assert_eq!(underscored(1_000), "1_000");
		assert_eq!(underscored(999), "999");
		assert_eq!(underscored(0), "0");
	}
}
