//! `sci-node benchmark overhead`: what a block and a signed extrinsic cost on this node's
//! executor besides their calls' own weights (`BlockExecutionWeight`, `ExtrinsicBaseWeight`).
//!
//! As polkadot-sdk's `benchmark overhead` does, it builds two blocks on the genesis preset's
//! state — one with only the inherents, one that also holds as many signed `System::remark`s
//! from the preset's first dev account (Alice) as the block's weight limit admits — and times
//! `Core_execute_block` of each, repeatedly, on that state: execution and the state root, as
//! an importing node pays them, without the database (priced by `DbWeight`). The empty block's
//! time is the block's base; the full block's, less the empty block's average, per remark is
//! the extrinsic's. Signatures are verified in full on every execution (the benchmark
//! executor remembers none).

use super::{underscored, BenchmarkRuntime, Provenance, RuntimeArgs};
use crate::{
	client::{decode, empty_trie_root, state_version},
	consensus,
};
use anyhow::{bail, Context};
use codec::{Decode, Encode};
use sci_primitives::{opaque::Block, Header};
use sci_runtime_test_utils::{remark, signed, ChainContext};
use sp_consensus_aura::{Slot, SlotDuration};
use sp_core::{sr25519, Pair};
use sp_inherents::InherentData;
use sp_runtime::{
	traits::{Block as BlockT, Header as HeaderT},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	ApplyExtrinsicResult, Digest, OpaqueExtrinsic,
};
use sp_state_machine::OverlayedChanges;
use std::{
	fmt::Write as _,
	path::{Path, PathBuf},
	time::Instant,
};

/// How often to execute each block, and where the weights go.
#[derive(Debug, clap::Args)]
pub struct OverheadArgs {
	/// The runtime (any build of it) and its genesis.
	#[command(flatten)]
	pub runtime: RuntimeArgs,
	/// Untimed executions of each block first (compiling, warming caches).
	#[arg(long, default_value_t = 10)]
	pub warmup: u32,
	/// Timed executions of each block.
	#[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
	pub repeat: u32,
	/// Most remarks in the full block (default: as many as its weight limit admits).
	#[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
	pub max_ext_per_block: Option<u32>,
	/// Write `block_weights.rs` and `extrinsic_weights.rs` into this directory.
	#[arg(long)]
	pub weight_path: Option<PathBuf>,
}

/// Statistics of a set of timings, in nanoseconds.
#[derive(Debug, PartialEq)]
struct Stats {
	min: u64,
	max: u64,
	average: u64,
	median: u64,
	stddev: u64,
	p75: u64,
	p95: u64,
	p99: u64,
}

impl Stats {
	/// The statistics of `times`, which must not be empty.
	fn new(times: &[u64]) -> Self {
		let mut sorted = times.to_vec();
		sorted.sort_unstable();
		let n = sorted.len() as f64;
		let mean = sorted.iter().map(|t| *t as f64).sum::<f64>() / n;
		let variance = sorted.iter().map(|t| (*t as f64 - mean).powi(2)).sum::<f64>() / n;
		// The smallest value at least this share of the timings do not exceed.
		let percentile = |p: f64| sorted[((n * p).ceil() as usize).clamp(1, sorted.len()) - 1];
		Self {
			min: sorted[0],
			max: sorted[sorted.len() - 1],
			average: mean.round() as u64,
			median: percentile(0.5),
			stddev: variance.sqrt().round() as u64,
			p75: percentile(0.75),
			p95: percentile(0.95),
			p99: percentile(0.99),
		}
	}

	/// One line per figure, each prefixed with `indent`.
	fn describe(&self, indent: &str) -> String {
		let n = |value: u64| underscored(value as u128);
		format!(
			"{indent}min {}, max {}, average {}, median {}, standard deviation {}\n\
			 {indent}75th percentile {}, 95th {}, 99th {}",
			n(self.min),
			n(self.max),
			n(self.average),
			n(self.median),
			n(self.stddev),
			n(self.p75),
			n(self.p95),
			n(self.p99),
		)
	}
}

/// Builds block 1 on the genesis state, as an author would.
struct BlockBuilder<'a> {
	runtime: &'a BenchmarkRuntime,
	overlay: OverlayedChanges<sci_primitives::Hashing>,
	extrinsics: Vec<OpaqueExtrinsic>,
}

impl<'a> BlockBuilder<'a> {
	/// Start block 1 on `parent` (the genesis block) in `slot`, with its inherents applied.
	fn new(
		runtime: &'a BenchmarkRuntime,
		parent: sci_primitives::Hash,
		slot: Slot,
		timestamp_ms: u64,
	) -> anyhow::Result<Self> {
		let mut builder = Self { runtime, overlay: Default::default(), extrinsics: Vec::new() };
		let header = Header::new(
			1,
			Default::default(),
			Default::default(),
			parent,
			Digest { logs: vec![consensus::pre_digest(slot)] },
		);
		builder.call("Core_initialize_block", &header.encode())?;
		let mut inherent_data = InherentData::new();
		inherent_data
			.put_data(sp_timestamp::INHERENT_IDENTIFIER, &timestamp_ms)
			.map_err(|e| anyhow::anyhow!("timestamp inherent: {e}"))?;
		let inherents =
			builder.call("BlockBuilder_inherent_extrinsics", &inherent_data.encode())?;
		for inherent in decode::<Vec<OpaqueExtrinsic>>("inherents", &inherents)? {
			if let Err(e) = builder.apply(inherent)? {
				bail!("the runtime refused its own inherent: {e:?}");
			}
		}
		Ok(builder)
	}

	fn call(&mut self, method: &str, input: &[u8]) -> anyhow::Result<Vec<u8>> {
		self.runtime.call_in(&mut self.overlay, method, input)
	}

	/// Apply `extrinsic`; it is in the block unless the runtime refused it, and then leaves
	/// no trace (the extensions before the one that refused it may have written already).
	fn apply(
		&mut self,
		extrinsic: OpaqueExtrinsic,
	) -> anyhow::Result<Result<(), TransactionValidityError>> {
		self.overlay.start_transaction();
		let outcome = self
			.call("BlockBuilder_apply_extrinsic", &extrinsic.encode())
			.and_then(|out| Ok(decode::<ApplyExtrinsicResult>("apply result", &out)?));
		let applied = matches!(outcome, Ok(Ok(Ok(()))));
		if applied {
			self.overlay.commit_transaction()
		} else {
			self.overlay.rollback_transaction()
		}
		.expect("a transaction was started above");
		match outcome? {
			Ok(Ok(())) => {
				self.extrinsics.push(extrinsic);
				Ok(Ok(()))
			},
			Ok(Err(e)) => bail!("an extrinsic failed: {e:?}"),
			Err(e) => Ok(Err(e)),
		}
	}

	/// Finalize the block: its header carries the state root and extrinsics root.
	fn build(mut self) -> anyhow::Result<Block> {
		let header = self.call("BlockBuilder_finalize_block", &[])?;
		Ok(Block::new(decode("header", &header)?, self.extrinsics))
	}
}

/// The two blocks the benchmark times, and how many remarks the full one holds.
struct Blocks {
	empty: Block,
	full: Block,
	remarks: u32,
}

/// Build the empty block and the block full of remarks on `runtime`'s genesis state.
fn build_blocks(runtime: &BenchmarkRuntime, max_remarks: Option<u32>) -> anyhow::Result<Blocks> {
	let mut probe = OverlayedChanges::default();
	let version = runtime.executor.runtime_version(
		&mut sp_state_machine::Ext::new(&mut probe, &runtime.state, None),
		&runtime.code,
	)?;
	let genesis = Header::new(
		0,
		empty_trie_root(state_version(&version)),
		runtime.state.root(),
		Default::default(),
		Default::default(),
	)
	.hash();
	let slot_duration: SlotDuration =
		decode("slot duration", &runtime.call("AuraApi_slot_duration", &[])?)?;
	// Genesis is in slot 0; block 1 claims the next.
	let (slot, timestamp_ms) = (Slot::from(1), slot_duration.as_millis());

	let empty = BlockBuilder::new(runtime, genesis, slot, timestamp_ms)?.build()?;

	let chain = ChainContext::new(genesis, &version);
	let signer = sr25519::Pair::from_string("//Alice", None).expect("a valid dev seed");
	let mut builder = BlockBuilder::new(runtime, genesis, slot, timestamp_ms)?;
	let started = Instant::now();
	let mut remarks = 0;
	while max_remarks.is_none_or(|max| remarks < max) {
		let extrinsic = signed(remark(Vec::new()), &signer, remarks, &chain);
		let opaque = OpaqueExtrinsic::decode(&mut &extrinsic.encode()[..])
			.context("encoding a signed remark")?;
		match builder.apply(opaque)? {
			Ok(()) => remarks += 1,
			Err(TransactionValidityError::Invalid(InvalidTransaction::ExhaustsResources)) => break,
			Err(e) => bail!("the runtime refused signed remark {remarks} from Alice: {e:?}"),
		}
		if remarks.is_multiple_of(500) {
			eprintln!("building the full block: {remarks} remarks in {:.1?}", started.elapsed());
		}
	}
	if remarks == 0 {
		bail!("not one signed remark fits in a block");
	}
	let full = builder.build()?;
	eprintln!("the full block holds {remarks} remarks (built in {:.1?})", started.elapsed());
	Ok(Blocks { empty, full, remarks })
}

/// Nanoseconds per timed `Core_execute_block` of `block` on the genesis state.
fn time_execution(
	runtime: &BenchmarkRuntime,
	block: &Block,
	warmup: u32,
	repeat: u32,
) -> anyhow::Result<Vec<u64>> {
	let encoded = block.encode();
	let mut times = Vec::with_capacity(repeat as usize);
	for run in 0..warmup + repeat {
		let mut overlay = OverlayedChanges::default();
		let started = Instant::now();
		runtime.call_in(&mut overlay, "Core_execute_block", &encoded)?;
		let elapsed = started.elapsed().as_nanos() as u64;
		if run >= warmup {
			times.push(elapsed);
		}
	}
	Ok(times)
}

/// Per extrinsic: each full block's time less the empty block's average, divided by the
/// number of remarks (rounded up).
fn per_extrinsic(full: &[u64], empty: &Stats, remarks: u32) -> Vec<u64> {
	full.iter().map(|t| t.saturating_sub(empty.average).div_ceil(remarks as u64)).collect()
}

/// A weight file defining `name` as `stats`' average.
fn weight_file(
	name: &str,
	what: &str,
	stats: &Stats,
	provenance: &Provenance,
	args: &OverheadArgs,
	sanity: (u64, u64),
) -> String {
	let Provenance { date, host, cpu, command } = provenance;
	let mut file = String::new();
	let _ = write!(
		file,
		"//! `{name}`: {what}, measured on SCI's executor by `sci-node benchmark overhead`\n\
		 //! on {date}, host `{host}`, CPU `{cpu}` ({warmup} warm-up and {repeat} timed executions).\n\
		 //! Regenerate with `scripts/benchmark.sh overhead`.\n\
		 //!\n\
		 //! Command: `{command}`\n\
		 \n\
		 use sp_core::parameter_types;\n\
		 use sp_weights::{{constants::WEIGHT_REF_TIME_PER_NANOS, Weight}};\n\
		 \n\
		 parameter_types! {{\n\
		 \t/// {what_capitalised}: the average of the timed executions.\n\
		 \t///\n\
		 \t/// Nanoseconds:\n\
		 {stats}\n\
		 \tpub const {name}: Weight =\n\
		 \t\tWeight::from_parts(WEIGHT_REF_TIME_PER_NANOS.saturating_mul({average}), 0);\n\
		 }}\n\
		 \n\
		 #[cfg(test)]\n\
		 mod test_weights {{\n\
		 \tuse sp_weights::constants::WEIGHT_REF_TIME_PER_MICROS;\n\
		 \n\
		 \t/// The measurement is in a plausible range: between {low} and {high} µs.\n\
		 \t#[test]\n\
		 \tfn sane() {{\n\
		 \t\tlet w = super::{name}::get().ref_time();\n\
		 \t\tassert!(w >= {low} * WEIGHT_REF_TIME_PER_MICROS, \"too small: {{w}}\");\n\
		 \t\tassert!(w <= {high} * WEIGHT_REF_TIME_PER_MICROS, \"too large: {{w}}\");\n\
		 \t}}\n\
		 }}\n",
		what_capitalised = capitalised(what),
		warmup = args.warmup,
		repeat = args.repeat,
		stats = stats.describe("\t///   "),
		average = underscored(stats.average as u128),
		low = sanity.0,
		high = sanity.1,
	);
	file
}

fn capitalised(text: &str) -> String {
	let mut chars = text.chars();
	chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `sci-node benchmark overhead`.
pub fn run(args: &OverheadArgs) -> anyhow::Result<()> {
	let runtime = BenchmarkRuntime::load(&args.runtime, None)?;
	let blocks = build_blocks(&runtime, args.max_ext_per_block)?;
	eprintln!("executing the empty block {} times...", args.warmup + args.repeat);
	let empty = Stats::new(&time_execution(&runtime, &blocks.empty, args.warmup, args.repeat)?);
	eprintln!("executing the full block {} times...", args.warmup + args.repeat);
	let full = time_execution(&runtime, &blocks.full, args.warmup, args.repeat)?;
	let extrinsic = Stats::new(&per_extrinsic(&full, &empty, blocks.remarks));
	println!("BlockExecutionWeight: {} ns (an empty block)", underscored(empty.average as u128));
	println!("{}", empty.describe("    "));
	println!(
		"ExtrinsicBaseWeight: {} ns (a signed remark, from a block of {})",
		underscored(extrinsic.average as u128),
		blocks.remarks
	);
	println!("{}", extrinsic.describe("    "));
	if let Some(dir) = &args.weight_path {
		write_weights(dir, args, &empty, &extrinsic)?;
	}
	Ok(())
}

/// Write the two weight files into `dir`.
fn write_weights(
	dir: &Path,
	args: &OverheadArgs,
	block: &Stats,
	extrinsic: &Stats,
) -> anyhow::Result<()> {
	let provenance = Provenance::here();
	let files = [
		(
			"block_weights.rs",
			weight_file(
				"BlockExecutionWeight",
				"executing an empty block",
				block,
				&provenance,
				args,
				(100, 50_000),
			),
		),
		(
			"extrinsic_weights.rs",
			weight_file(
				"ExtrinsicBaseWeight",
				"executing a signed `System::remark`, less the block's own cost",
				extrinsic,
				&provenance,
				args,
				(10, 1_000),
			),
		),
	];
	for (name, text) in files {
		let path = dir.join(name);
		std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
		println!("wrote {}", path.display());
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn statistics_of_timings() {
		let times: Vec<u64> = (1..=100).rev().collect();
		assert_eq!(
			Stats::new(&times),
			Stats {
				min: 1,
				max: 100,
				average: 51,
				median: 50,
				stddev: 29,
				p75: 75,
				p95: 95,
				p99: 99
			}
		);
		let one = Stats::new(&[7]);
		assert_eq!((one.min, one.median, one.p99, one.stddev), (7, 7, 7, 0));
	}

	#[test]
	fn per_extrinsic_subtracts_the_empty_block() {
		let empty = Stats::new(&[100, 300]);
		assert_eq!(per_extrinsic(&[1_200, 1_201, 150], &empty, 10), vec![100, 101, 0]);
	}

	/// The node's own runtime, end to end: the full block holds the remarks it was allowed,
	/// a remark costs something, and the weight files define the two weights.
	#[test]
	fn measures_the_node_runtime() {
		let dir = tempfile::tempdir().unwrap();
		let runtime = dir.path().join("runtime.wasm");
		std::fs::write(&runtime, sci_runtime::WASM_BINARY.unwrap()).unwrap();
		let args = OverheadArgs {
			runtime: RuntimeArgs::new(runtime.clone()),
			warmup: 1,
			repeat: 3,
			max_ext_per_block: Some(50),
			weight_path: Some(dir.path().to_path_buf()),
		};
		let loaded = BenchmarkRuntime::load(&args.runtime, None).unwrap();
		let blocks = build_blocks(&loaded, Some(50)).unwrap();
		assert_eq!(blocks.remarks, 50);
		assert_eq!(blocks.empty.extrinsics.len(), 1, "only the timestamp");
		assert_eq!(blocks.full.extrinsics.len(), 51);
		let empty = Stats::new(&time_execution(&loaded, &blocks.empty, 1, 3).unwrap());
		let full = Stats::new(&time_execution(&loaded, &blocks.full, 1, 3).unwrap());
		assert!(full.min > empty.max, "50 signed remarks cost more than none: {full:?} {empty:?}");

		run(&args).unwrap();
		let block = std::fs::read_to_string(dir.path().join("block_weights.rs")).unwrap();
		assert!(block.contains("pub const BlockExecutionWeight: Weight ="), "{block}");
		let extrinsic = std::fs::read_to_string(dir.path().join("extrinsic_weights.rs")).unwrap();
		assert!(extrinsic.contains("pub const ExtrinsicBaseWeight: Weight ="), "{extrinsic}");
	}
}
