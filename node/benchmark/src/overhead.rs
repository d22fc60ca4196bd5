//! `sci-node benchmark overhead`: what a block and a signed extrinsic cost on this node's
//! executor besides their calls' own weights (`BlockExecutionWeight`, `ExtrinsicBaseWeight`),
//! and what checking a signed extrinsic's signature ahead of execution costs
//! (`SignatureCheckWeight`).
//!
//! As polkadot-sdk's `benchmark overhead` does, it builds two blocks on the genesis preset's
//! state — one with only the inherents, one that also holds as many signed `System::remark`s
//! from the preset's first dev account (Alice) as the block's weight limit admits — and times
//! `Core_execute_block` of each, repeatedly, on that state: execution and the state root, as
//! an importing node pays them, without the database (priced by `DbWeight`). The empty block's
//! time is the block's base; the full block's, less the empty block's average, per remark is
//! the extrinsic's. Before each execution of the full block, its signatures are checked
//! through the runtime's `SignatureCheck` API (timed apart), as this node checks a block's
//! signatures on a spare core while the block executes (`sci_client::signature_check`); the
//! execution then finds them verified. Each execution starts with nothing remembered. The
//! full block's execution verifying its own signatures is timed too, for comparison.

use super::{
	margin::{self, EarlierFileError, Margin},
	underscored, BenchmarkRuntime, Provenance, RuntimeArgs,
};
use anyhow::{bail, Context};
use codec::{Decode, Encode};
use sci_client::consensus;
use sci_client::{decode, empty_trie_root, state_version};
use sci_executor::VerifiedSignatures;
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
	sync::Arc,
	time::{Duration, Instant},
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
	/// Measure this many times over and keep, figure by figure, the largest average: the
	/// weights must hold on the machine's slow runs.
	#[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
	pub runs: u32,
	/// Most remarks in the full block (default: as many as its weight limit admits).
	#[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
	pub max_ext_per_block: Option<u32>,
	/// Write `block_weights.rs`, `extrinsic_weights.rs` and `signature_check_weights.rs` into
	/// this directory.
	#[arg(long)]
	pub weight_path: Option<PathBuf>,
	/// Write each weight this many percent above the measured average (the margin weights
	/// keep on the reference machine, `docs/benchmarks.md`); the files' headers record it.
	#[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=100))]
	pub margin: u32,
	/// Keep each weight `--weight-path` already holds where it is larger than this machine's
	/// average (margins taken off): the larger of the machines the chain runs on.
	#[arg(long, requires = "weight_path")]
	pub keep_larger: bool,
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

/// How a timed block's signatures are verified.
#[derive(Clone, Copy)]
enum Signatures {
	/// By the execution itself.
	InExecution,
	/// Ahead of the execution, through the runtime's `SignatureCheck` API.
	Ahead,
}

/// Nanoseconds per timed run of a block: checking its signatures ahead (zero if they are
/// verified in execution), and its `Core_execute_block`.
struct Timings {
	check: Vec<u64>,
	execution: Vec<u64>,
}

/// Time `block` on the genesis state: `warmup` untimed runs, then `repeat` timed ones, each
/// with `verified` emptied first.
fn time_execution(
	runtime: &BenchmarkRuntime,
	verified: &VerifiedSignatures,
	block: &Block,
	signatures: Signatures,
	warmup: u32,
	repeat: u32,
) -> anyhow::Result<Timings> {
	let encoded = block.encode();
	let check_input = (block.header().parent_hash(), block.extrinsics()).encode();
	let mut timings = Timings {
		check: Vec::with_capacity(repeat as usize),
		execution: Vec::with_capacity(repeat as usize),
	};
	for run in 0..warmup + repeat {
		verified.forget();
		let check = match signatures {
			Signatures::InExecution => Duration::ZERO,
			Signatures::Ahead => {
				let started = Instant::now();
				let out = runtime.call("SignatureCheck_check_signatures", &check_input)?;
				let valid: Vec<bool> = decode("signature check", &out)?;
				if let Some(invalid) = valid.iter().position(|valid| !valid) {
					bail!("extrinsic {invalid} of the block failed its signature check");
				}
				started.elapsed()
			},
		};
		let checked = Instant::now();
		runtime.call_in(&mut OverlayedChanges::default(), "Core_execute_block", &encoded)?;
		if run >= warmup {
			timings.check.push(check.as_nanos() as u64);
			timings.execution.push(checked.elapsed().as_nanos() as u64);
		}
	}
	Ok(timings)
}

/// Per extrinsic: each full block's time less the empty block's average, divided by the
/// number of remarks (rounded up).
fn per_extrinsic(full: &[u64], empty: &Stats, remarks: u32) -> Vec<u64> {
	full.iter().map(|t| t.saturating_sub(empty.average).div_ceil(remarks as u64)).collect()
}

/// A weight the overhead files define: its name, what it measures, and the plausible range
/// (µs) the file's test checks.
struct Figure<'a> {
	name: &'a str,
	what: &'a str,
	sanity: (u64, u64),
}

/// The average (ns, margin taken off) and machine of an earlier file of this weight, kept
/// where larger (`--keep-larger`).
struct Earlier {
	average: u64,
	cpu: String,
}

/// The average an earlier overhead weight file at `path` (`text`) defines, its margin off.
fn earlier_average(path: &str, text: &str) -> Result<Earlier, EarlierFileError> {
	let average = text.lines().find_map(|line| {
		let (_, rest) = line.split_once("WEIGHT_REF_TIME_PER_NANOS.saturating_mul(")?;
		margin::parse_underscored(rest.split_once(')')?.0)
	});
	let average = average.ok_or_else(|| EarlierFileError::Malformed {
		path: path.to_string(),
		line: text.lines().count(),
		what: "a weight `WEIGHT_REF_TIME_PER_NANOS.saturating_mul(…)` in nanoseconds",
	})?;
	let average = u64::try_from(Margin::of_file(text).remove(average)).unwrap_or(u64::MAX);
	let kept = text
		.lines()
		.find_map(|line| margin::kept_cpu(line.strip_prefix("//! The weight is the average ")?));
	Ok(Earlier { average, cpu: kept.unwrap_or_else(|| margin::cpu_of_file(text)) })
}

/// A weight file defining `figure` as `stats`' average, or `earlier`'s where that is larger,
/// written `args.margin` above it.
fn weight_file(
	figure: &Figure<'_>,
	stats: &Stats,
	earlier: Option<&Earlier>,
	provenance: &Provenance,
	args: &OverheadArgs,
) -> String {
	let Figure { name, what, sanity } = *figure;
	let Provenance { date, host, cpu, command } = provenance;
	let margin = Margin(args.margin);
	let (weight, kept) = match earlier {
		Some(earlier) if earlier.average > stats.average => (
			earlier.average,
			format!(
				"//! The weight is the average measured on CPU `{}`, {} ns, larger than this \
				 run's (`--keep-larger`).\n",
				earlier.cpu,
				underscored(earlier.average.into())
			),
		),
		_ => (stats.average, String::new()),
	};
	let mut file = String::new();
	let _ = write!(
		file,
		"//! `{name}`: {what}, measured on SCI's executor by `sci-node benchmark overhead`\n\
		 //! on {date}, host `{host}`, CPU `{cpu}` ({warmup} warm-up and {repeat} timed executions{runs}).\n\
		 //! Regenerate with `scripts/benchmark.sh overhead`.\n\
		 {margin_line}{kept}\
		 //!\n\
		 //! Command: `{command}`\n\
		 \n\
		 use sp_core::parameter_types;\n\
		 use sp_weights::{{constants::WEIGHT_REF_TIME_PER_NANOS, Weight}};\n\
		 \n\
		 parameter_types! {{\n\
		 \t/// {what_capitalised}: the average of the timed executions{above}.\n\
		 \t///\n\
		 \t/// Nanoseconds:\n\
		 {stats}\n\
		 \tpub const {name}: Weight =\n\
		 \t\tWeight::from_parts(WEIGHT_REF_TIME_PER_NANOS.saturating_mul({written}), 0);\n\
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
		runs = match args.runs {
			1 => String::new(),
			n => format!(", the slowest of {n} runs"),
		},
		stats = stats.describe("\t///   "),
		margin_line = margin.header(),
		above = match margin.0 {
			0 => String::new(),
			m => format!(", {m} % above"),
		},
		written = underscored(margin.add(weight.into())),
		low = sanity.0,
		high = sanity.1,
	);
	file
}

fn capitalised(text: &str) -> String {
	let mut chars = text.chars();
	chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The figures `sci-node benchmark overhead` measures, in nanoseconds.
struct Overhead {
	/// An empty block.
	block: Stats,
	/// A signed remark, its signature checked ahead.
	extrinsic: Stats,
	/// Checking a signed remark's signature ahead.
	signature_check: Stats,
	/// A signed remark verifying its own signature (for comparison: not a weight).
	extrinsic_verifying: Stats,
}

impl Overhead {
	/// Figure by figure, the one with the larger average of `self` and `other`.
	fn slower(self, other: Overhead) -> Overhead {
		let slower = |a: Stats, b: Stats| if b.average > a.average { b } else { a };
		Overhead {
			block: slower(self.block, other.block),
			extrinsic: slower(self.extrinsic, other.extrinsic),
			signature_check: slower(self.signature_check, other.signature_check),
			extrinsic_verifying: slower(self.extrinsic_verifying, other.extrinsic_verifying),
		}
	}
}

/// Time the empty and the full block of `runtime`, whose executor answers from `verified`.
fn measure(
	runtime: &BenchmarkRuntime,
	verified: &VerifiedSignatures,
	blocks: &Blocks,
	warmup: u32,
	repeat: u32,
) -> anyhow::Result<Overhead> {
	let time = |block: &Block, signatures| {
		time_execution(runtime, verified, block, signatures, warmup, repeat)
	};
	eprintln!("executing the empty block {} times...", warmup + repeat);
	let block = Stats::new(&time(&blocks.empty, Signatures::InExecution)?.execution);
	eprintln!(
		"checking the full block's signatures, then executing it, {} times...",
		warmup + repeat
	);
	let ahead = time(&blocks.full, Signatures::Ahead)?;
	eprintln!("executing the full block, verifying its signatures, {} times...", warmup + repeat);
	let verifying = time(&blocks.full, Signatures::InExecution)?;
	let per_remark =
		|times: &[u64]| times.iter().map(|t| t.div_ceil(blocks.remarks.into())).collect::<Vec<_>>();
	Ok(Overhead {
		extrinsic: Stats::new(&per_extrinsic(&ahead.execution, &block, blocks.remarks)),
		signature_check: Stats::new(&per_remark(&ahead.check)),
		extrinsic_verifying: Stats::new(&per_extrinsic(
			&verifying.execution,
			&block,
			blocks.remarks,
		)),
		block,
	})
}

/// `sci-node benchmark overhead`.
pub(crate) fn run(args: &OverheadArgs) -> anyhow::Result<()> {
	let verified = Arc::new(VerifiedSignatures::default());
	let runtime = BenchmarkRuntime::load(
		&args.runtime,
		Some((
			"SignatureCheck_check_signatures",
			"the overhead benchmark checks signatures ahead through it",
		)),
		Some(verified.clone()),
	)?;
	let blocks = build_blocks(&runtime, args.max_ext_per_block)?;
	let mut overhead = measure(&runtime, &verified, &blocks, args.warmup, args.repeat)?;
	for run in 2..=args.runs {
		eprintln!("run {run} of {}...", args.runs);
		overhead =
			overhead.slower(measure(&runtime, &verified, &blocks, args.warmup, args.repeat)?);
	}
	let figure = |name: &str, what: &str, stats: &Stats| {
		println!("{name}: {} ns ({what})", underscored(stats.average as u128));
		println!("{}", stats.describe("    "));
	};
	figure("BlockExecutionWeight", "an empty block", &overhead.block);
	let from = format!("from a block of {}", blocks.remarks);
	figure(
		"ExtrinsicBaseWeight",
		&format!("a signed remark, its signature checked ahead, {from}"),
		&overhead.extrinsic,
	);
	figure(
		"SignatureCheckWeight",
		&format!("checking a signed remark's signature ahead, {from}"),
		&overhead.signature_check,
	);
	figure(
		"For comparison",
		&format!("a signed remark verifying its own signature, {from}"),
		&overhead.extrinsic_verifying,
	);
	if let Some(dir) = &args.weight_path {
		write_weights(dir, args, &overhead)?;
	}
	Ok(())
}

/// Write the three weight files into `dir`.
fn write_weights(dir: &Path, args: &OverheadArgs, overhead: &Overhead) -> anyhow::Result<()> {
	let provenance = Provenance::here();
	let files = [
		(
			"block_weights.rs",
			Figure {
				name: "BlockExecutionWeight",
				what: "executing an empty block",
				sanity: (100, 50_000),
			},
			&overhead.block,
		),
		(
			"extrinsic_weights.rs",
			Figure {
				name: "ExtrinsicBaseWeight",
				what:
					"executing a signed `System::remark` whose signature was checked ahead, less \
				       the block's own cost",
				sanity: (5, 1_000),
			},
			&overhead.extrinsic,
		),
		(
			"signature_check_weights.rs",
			Figure {
				name: "SignatureCheckWeight",
				what: "checking a signed `System::remark`'s signature ahead of the block's \
				       execution (through the `SignatureCheck` API, as a node does on a spare core)",
				sanity: (5, 1_000),
			},
			&overhead.signature_check,
		),
	];
	// Every earlier file is read before any is written: a bad one leaves all three as they were.
	let mut texts = Vec::new();
	for (name, figure, stats) in &files {
		let path = dir.join(name);
		let earlier = match args.keep_larger {
			true => margin::read_earlier(&path)?
				.map(|text| earlier_average(&path.display().to_string(), &text))
				.transpose()?,
			false => None,
		};
		if let Some(earlier) = earlier.as_ref().filter(|e| e.average > stats.average) {
			println!(
				"{}: keeping {} ns measured on `{}`",
				figure.name,
				underscored(earlier.average.into()),
				earlier.cpu
			);
		}
		texts.push((path, weight_file(figure, stats, earlier.as_ref(), &provenance, args)));
	}
	for (path, text) in texts {
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

	/// Over several runs each figure is the run with the largest average, on its own.
	#[test]
	fn the_slowest_run_is_kept_figure_by_figure() {
		let of = |averages: [u64; 4]| {
			let [block, extrinsic, signature_check, extrinsic_verifying] =
				averages.map(|a| Stats::new(&[a]));
			Overhead { block, extrinsic, signature_check, extrinsic_verifying }
		};
		let kept =
			of([150, 33, 42, 75]).slower(of([140, 34, 44, 74])).slower(of([155, 31, 43, 76]));
		let averages = [kept.block, kept.extrinsic, kept.signature_check, kept.extrinsic_verifying]
			.map(|stats| stats.average);
		assert_eq!(averages, [155, 34, 44, 76]);
	}

	/// The weight is written the margin above the average, or above an earlier file's larger
	/// average (its own margin taken off), whose machine the header names.
	#[test]
	fn weight_files_keep_the_larger_average_and_add_the_margin() {
		let args = |margin| OverheadArgs {
			runtime: RuntimeArgs::new(PathBuf::new()),
			warmup: 1,
			repeat: 1,
			runs: 1,
			max_ext_per_block: None,
			weight_path: Some(PathBuf::new()),
			margin,
			keep_larger: true,
		};
		let figure =
			Figure { name: "BlockExecutionWeight", what: "an empty block", sanity: (1, 9) };
		let provenance = |cpu: &str| Provenance {
			date: "2026-12-07".into(),
			host: "vm".into(),
			cpu: cpu.into(),
			command: "sci-node benchmark overhead".into(),
		};
		let weight = |text: &str| earlier_average("f.rs", text).unwrap().average;
		let xeon =
			weight_file(&figure, &Stats::new(&[150_000]), None, &provenance("Xeon"), &args(0));
		assert_eq!(weight(&xeon), 150_000);
		assert!(!xeon.contains("Margin"));
		let earlier = earlier_average("f.rs", &xeon).unwrap();
		assert_eq!(earlier.cpu, "Xeon");
		// This machine is slower: its average, plus 10 %.
		let epyc = Stats::new(&[200_000]);
		let file = weight_file(&figure, &epyc, Some(&earlier), &provenance("EPYC"), &args(10));
		assert!(file.contains("saturating_mul(220_000), 0)"), "{file}");
		assert!(file.contains("//! Margin: 10 % above") && !file.contains("--keep-larger"));
		assert_eq!(weight(&file), 200_000, "the margin comes off when read back");
		// This machine is faster: the earlier average, plus 10 %.
		let fast = Stats::new(&[100_000]);
		let file = weight_file(&figure, &fast, Some(&earlier), &provenance("EPYC"), &args(10));
		assert!(file.contains("saturating_mul(165_000), 0)"), "{file}");
		assert!(file.contains("measured on CPU `Xeon`, 150_000 ns, larger than this run's"));
		let error = earlier_average("g.rs", "pub const X: u64 = 1;").err().unwrap().to_string();
		assert!(error.starts_with("g.rs, line 1: a weight"), "{error}");
	}

	#[test]
	fn per_extrinsic_subtracts_the_empty_block() {
		let empty = Stats::new(&[100, 300]);
		assert_eq!(per_extrinsic(&[1_200, 1_201, 150], &empty, 10), vec![100, 101, 0]);
	}

	/// The node's own runtime, end to end: the full block holds the remarks it was allowed,
	/// a remark costs something, checking the signatures ahead leaves them verified for the
	/// execution, and the weight files define the three weights.
	#[test]
	fn measures_the_node_runtime() {
		let dir = tempfile::tempdir().unwrap();
		let runtime = dir.path().join("runtime.wasm");
		std::fs::write(&runtime, sci_runtime::WASM_BINARY.unwrap()).unwrap();
		let args = OverheadArgs {
			runtime: RuntimeArgs::new(runtime.clone()),
			warmup: 1,
			repeat: 3,
			runs: 2,
			max_ext_per_block: Some(50),
			weight_path: Some(dir.path().to_path_buf()),
			margin: 0,
			keep_larger: false,
		};
		let verified = Arc::new(VerifiedSignatures::default());
		let loaded = BenchmarkRuntime::load(&args.runtime, None, Some(verified.clone())).unwrap();
		let blocks = build_blocks(&loaded, Some(50)).unwrap();
		assert_eq!(blocks.remarks, 50);
		assert_eq!(blocks.empty.extrinsics.len(), 1, "only the timestamp");
		assert_eq!(blocks.full.extrinsics.len(), 51);
		let time = |block, signatures| {
			time_execution(&loaded, &verified, block, signatures, 1, 3).unwrap()
		};
		let empty = Stats::new(&time(&blocks.empty, Signatures::InExecution).execution);
		assert_eq!(verified.remembered(), 0, "an empty block verifies no signature");
		let verifying = time(&blocks.full, Signatures::InExecution);
		let full = Stats::new(&verifying.execution);
		assert!(full.min > empty.max, "50 signed remarks cost more than none: {full:?} {empty:?}");
		assert_eq!(verifying.check, [0; 3], "nothing is checked ahead");
		// The check ahead alone leaves the execution all 50 signatures to answer from memory.
		verified.forget();
		let check_input = (blocks.full.header().parent_hash(), blocks.full.extrinsics()).encode();
		let out = loaded.call("SignatureCheck_check_signatures", &check_input).unwrap();
		assert_eq!(decode::<Vec<bool>>("check", &out).unwrap(), [true; 51], "the inherent too");
		assert_eq!(verified.remembered(), 50);
		let ahead = time(&blocks.full, Signatures::Ahead);
		assert_eq!((ahead.check.len(), ahead.execution.len()), (3, 3));

		run(&args).unwrap();
		for (file, name) in [
			("block_weights.rs", "BlockExecutionWeight"),
			("extrinsic_weights.rs", "ExtrinsicBaseWeight"),
			("signature_check_weights.rs", "SignatureCheckWeight"),
		] {
			let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
			assert!(text.contains(&format!("pub const {name}: Weight =")), "{text}");
			assert!(text.contains("timed executions, the slowest of 2 runs)"), "{text}");
		}
	}

	#[test]
	fn a_runtime_without_the_signature_check_is_refused() {
		let dir = tempfile::tempdir().unwrap();
		let runtime = dir.path().join("runtime.wasm");
		// A Wasm module with a runtime's memory and heap base and no runtime API:
		// `(module (memory (export "memory") 1) (global (export "__heap_base") i32 (i32.const 0)))`.
		let module: &[u8] = &[
			b"\0asm\x01\0\0\0".as_slice(),
			b"\x05\x03\x01\x00\x01",             // memory: one, at least 1 page
			b"\x06\x06\x01\x7f\x00\x41\x00\x0b", // global: one immutable i32 = 0
			b"\x07\x18\x02\x06memory\x02\x00\x0b__heap_base\x03\x00", // exports
		]
		.concat();
		std::fs::write(&runtime, module).unwrap();
		let args = OverheadArgs {
			runtime: RuntimeArgs::new(runtime),
			warmup: 1,
			repeat: 1,
			runs: 1,
			max_ext_per_block: None,
			weight_path: None,
			margin: 0,
			keep_larger: false,
		};
		let error = run(&args).unwrap_err().to_string();
		assert!(error.contains("SignatureCheck_check_signatures"), "{error}");
	}
}
