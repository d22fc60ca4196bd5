//! `sci-node benchmark pallet`: a runtime's pallet benchmarks, run on this node's own executor.
//!
//! It runs the benchmarks polkadot-sdk's runner (`frame-omni-bencher`) runs (the runtime's
//! `Benchmark_dispatch_benchmark`, in a runtime built with the `runtime-benchmarks` feature),
//! over an in-memory state that counts the keys each benchmark reads and writes
//! ([`super::BenchmarkState`]). It steps each component through its range as the runner does
//! and fits the results the same way (`frame_benchmarking::Analysis`): a base time, a time per
//! unit of each component, the reads and writes the runtime's `DbWeight` prices, and a proof
//! size; `--output` writes them as the pallet's weight file ([`super::weight_file`]).

use super::{
	margin::{self, Margin},
	weight_file::{self, Formula, Settings, Shape},
	BenchmarkRuntime, Provenance, RuntimeArgs,
};
use anyhow::{anyhow, bail, Context};
use codec::{Decode, Encode};
use frame_benchmarking::{
	BenchmarkBatch, BenchmarkConfig, BenchmarkList, BenchmarkMetadata, BenchmarkParameter,
	BenchmarkResult,
};
use frame_support::traits::StorageInfo;
use std::{path::PathBuf, time::Instant};

/// What to benchmark, and how often.
#[derive(Debug, clap::Args)]
pub struct PalletArgs {
	/// The runtime (built with the `runtime-benchmarks` feature) and its genesis.
	#[command(flatten)]
	pub runtime: RuntimeArgs,
	/// The pallet, as the runtime's benchmark list names it (`pallet_balances`), or `*`.
	#[arg(long, default_value = "*")]
	pub pallet: String,
	/// The benchmarks to run, comma separated, or `*` for all of the pallet's.
	#[arg(long, default_value = "*")]
	pub extrinsic: String,
	/// Values per component, evenly spread over its range (the other components at their
	/// highest).
	#[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
	pub steps: u32,
	/// Timed runs per set of component values.
	#[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
	pub repeat: u32,
	/// Measure each benchmark this many times over and keep the slowest fit (its time with
	/// every component at its highest): the weights must hold on the machine's slow runs.
	#[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
	pub runs: u32,
	/// List the runtime's benchmarks instead of running them.
	#[arg(long)]
	pub list: bool,
	/// Write the pallet's weight file here (needs one `--pallet` and all its benchmarks).
	#[arg(long)]
	pub output: Option<PathBuf>,
	/// The weight file's shape: a pallet's own `src/weights.rs`, or a runtime's file for a
	/// pallet that defines its own `WeightInfo` trait (polkadot-sdk's).
	#[arg(long, value_enum, default_value_t = Shape::Pallet)]
	pub output_shape: Shape,
	/// Write each time this many percent above the measurement (the margin weights keep on
	/// the reference machine, `docs/benchmarks.md`); the file's header records it.
	#[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=100))]
	pub margin: u32,
	/// Keep, function by function, the time `--output` already holds where it is larger than
	/// this machine's (margins taken off): the larger of the figures measured on the machines
	/// the chain runs on.
	#[arg(long, requires = "output")]
	pub keep_larger: bool,
}

/// One benchmark of the runtime: its pallet, the pallet's instance name, and its components.
struct Selected {
	pallet: Vec<u8>,
	instance: Vec<u8>,
	benchmark: BenchmarkMetadata,
}

impl Selected {
	fn name(&self) -> String {
		format!(
			"{}::{}",
			String::from_utf8_lossy(&self.pallet),
			String::from_utf8_lossy(&self.benchmark.name)
		)
	}
}

impl BenchmarkRuntime {
	/// Every benchmark the runtime has, and its storage items (names and bounds).
	fn benchmarks(&self) -> anyhow::Result<(Vec<BenchmarkList>, Vec<StorageInfo>)> {
		let output = self.call("Benchmark_benchmark_metadata", &false.encode())?;
		Decode::decode(&mut &output[..]).context("decoding Benchmark_benchmark_metadata")
	}

	/// One run of `selected` with the component values `components`.
	fn run(
		&self,
		selected: &Selected,
		components: &[(BenchmarkParameter, u32)],
		verify: bool,
	) -> anyhow::Result<Vec<BenchmarkResult>> {
		let config = BenchmarkConfig {
			pallet: selected.pallet.clone(),
			instance: selected.instance.clone(),
			benchmark: selected.benchmark.name.clone(),
			selected_components: components.to_vec(),
			verify,
			internal_repeats: 1,
		};
		let output = self.call("Benchmark_dispatch_benchmark", &config.encode())?;
		let batches = Result::<Vec<BenchmarkBatch>, String>::decode(&mut &output[..])
			.context("decoding Benchmark_dispatch_benchmark")?
			.map_err(|e| anyhow!("{}: {e}", selected.name()))?;
		Ok(batches.into_iter().flat_map(|batch| batch.results).collect())
	}

	/// For each set of component values: one run that checks the benchmark's outcome (its
	/// verification counts and costs, so it is neither counted nor timed), one that counts
	/// reads and writes, then `repeat` timed runs without counting (which costs time), given
	/// the counted run's reads and writes.
	fn measure(
		&self,
		selected: &Selected,
		steps: u32,
		repeat: u32,
	) -> anyhow::Result<Vec<BenchmarkResult>> {
		let mut results = Vec::new();
		// A set that repeats is checked and counted once: only its timed runs repeat.
		let mut counted_sets: Vec<(Vec<(BenchmarkParameter, u32)>, BenchmarkResult)> = Vec::new();
		for components in component_values(&selected.benchmark.components, steps) {
			let counted = match counted_sets.iter().find(|(set, _)| *set == components) {
				Some((_, counted)) => counted.clone(),
				None => {
					self.state.set_tracking(false);
					self.run(selected, &components, true)?;
					self.state.set_tracking(true);
					let counted = self.run(selected, &components, false)?.pop();
					self.state.set_tracking(false);
					let counted =
						counted.ok_or_else(|| anyhow!("{}: no result", selected.name()))?;
					counted_sets.push((components.clone(), counted.clone()));
					counted
				},
			};
			for _ in 0..repeat {
				results.extend(self.run(selected, &components, false)?.into_iter().map(|timed| {
					BenchmarkResult {
						reads: counted.reads,
						repeat_reads: counted.repeat_reads,
						writes: counted.writes,
						repeat_writes: counted.repeat_writes,
						keys: counted.keys.clone(),
						..timed
					}
				}));
			}
		}
		Ok(results)
	}
}

/// The sets of component values a benchmark runs with, as polkadot-sdk's runner steps them:
/// each component in turn at `steps` values evenly spread from its lowest to its highest, the
/// others at their highest. Sets that repeat (a range narrower than the steps, the all-highest
/// set ending each component's steps) are run again, as upstream runs them: the fit weighs
/// each set by how often it ran, and a fit that saw each only once can differ from upstream's
/// where a count jumps (`pallet_collective::set_members` has no proposals without members).
fn component_values(
	components: &[(BenchmarkParameter, u32, u32)],
	steps: u32,
) -> Vec<Vec<(BenchmarkParameter, u32)>> {
	let highest: Vec<_> = components.iter().map(|(name, _, high)| (*name, *high)).collect();
	if components.is_empty() {
		return vec![highest];
	}
	let mut sets = Vec::new();
	for (i, (_, low, high)) in components.iter().enumerate() {
		for step in 0..steps {
			let value = match steps {
				1 => *high,
				// A range the runtime declares upside down yields its lowest value.
				_ => {
					low + (high.saturating_sub(*low) as u64 * step as u64 / (steps - 1) as u64)
						as u32
				},
			};
			let mut set = highest.clone();
			set[i].1 = value;
			sets.push(set);
		}
	}
	sets
}

/// The benchmarks `args` names, in the runtime's order.
fn select(lists: &[BenchmarkList], args: &PalletArgs) -> anyhow::Result<Vec<Selected>> {
	let pallets: Vec<String> =
		lists.iter().map(|l| String::from_utf8_lossy(&l.pallet).into_owned()).collect();
	if args.pallet != "*" && !pallets.contains(&args.pallet) {
		bail!(
			"the runtime has no benchmarks for `{}`; it has: {}",
			args.pallet,
			pallets.join(", ")
		);
	}
	let wanted: Option<Vec<&str>> =
		(args.extrinsic != "*").then(|| args.extrinsic.split(',').map(str::trim).collect());
	let mut selected = Vec::new();
	for (list, pallet) in lists.iter().zip(&pallets) {
		if args.pallet != "*" && *pallet != args.pallet {
			continue;
		}
		for benchmark in &list.benchmarks {
			let name = String::from_utf8_lossy(&benchmark.name);
			if wanted.as_ref().is_none_or(|w| w.contains(&name.as_ref())) {
				selected.push(Selected {
					pallet: list.pallet.clone(),
					instance: list.instance.clone(),
					benchmark: benchmark.clone(),
				});
			}
		}
	}
	if let Some(wanted) = wanted {
		let found: Vec<String> = selected.iter().map(|s| s.name()).collect();
		if let Some(missing) =
			wanted.iter().find(|w| !found.iter().any(|f| f.ends_with(&format!("::{w}"))))
		{
			bail!("`{}` has no benchmark `{missing}`", args.pallet);
		}
	}
	Ok(selected)
}

/// `sci-node benchmark pallet`.
pub(crate) fn run(args: &PalletArgs) -> anyhow::Result<()> {
	let runtime = BenchmarkRuntime::load(
		&args.runtime,
		Some(("Benchmark_dispatch_benchmark", "build it with the `runtime-benchmarks` feature")),
		None,
	)?;
	let (lists, storage) = runtime.benchmarks()?;
	let selected = select(&lists, args)?;
	if args.list {
		for s in &selected {
			let components: Vec<String> = s
				.benchmark
				.components
				.iter()
				.map(|(name, low, high)| format!("{name:?} {low}..={high}"))
				.collect();
			println!("{} {}", s.name(), components.join(", "));
		}
		return Ok(());
	}
	if args.output.is_some() {
		check_writable(args, &selected)?;
	}
	// Read before measuring: a file that cannot be kept from fails at once, not after the runs.
	let earlier = match (&args.output, args.keep_larger) {
		(Some(path), true) => margin::read_earlier(path)?
			.map(|text| -> anyhow::Result<_> {
				let times = weight_file::earlier_times(&path.display().to_string(), &text)?;
				Ok((times, text))
			})
			.transpose()?,
		_ => None,
	};
	let mut formulas = Vec::new();
	for (i, s) in selected.iter().enumerate() {
		let mut slowest: Option<Formula> = None;
		for run in 1..=args.runs {
			let started = Instant::now();
			let results = runtime.measure(s, args.steps, args.repeat)?;
			let executions = results.len();
			let formula = Formula::new(&s.benchmark, results, &storage)?;
			eprintln!(
				"[{}/{}] run {run}/{}: {executions} executions in {:.1?}, {:.2} µs at the highest components",
				i + 1,
				selected.len(),
				args.runs,
				started.elapsed(),
				formula.time_at_highest() as f64 / 1e6
			);
			if slowest
				.as_ref()
				.is_none_or(|kept| formula.time_at_highest() > kept.time_at_highest())
			{
				slowest = Some(formula);
			}
		}
		let mut formula = slowest.expect("at least one run");
		if let Some((times, text)) = &earlier {
			if let Some(time) = times.get(formula.name()) {
				let cpu = margin::cpu_of_figure(text, formula.name());
				if formula.keep_larger(time, &cpu) {
					println!("{}: keeping the larger time measured on `{cpu}`", s.name());
				}
			}
		}
		println!("{}: {}", s.name(), formula.summary());
		formulas.push(formula);
	}
	if let Some(path) = &args.output {
		let file = weight_file::render(
			&args.pallet,
			args.output_shape,
			&formulas,
			&Provenance::here(),
			Settings {
				steps: args.steps,
				repeat: args.repeat,
				runs: args.runs,
				margin: Margin(args.margin),
			},
		);
		std::fs::write(path, file).with_context(|| format!("writing {}", path.display()))?;
		println!("wrote {}", path.display());
	}
	Ok(())
}

/// A weight file covers one pallet and all its benchmarks, estimated as [`weight_file`] does.
fn check_writable(args: &PalletArgs, selected: &[Selected]) -> anyhow::Result<()> {
	if args.pallet == "*" || args.extrinsic != "*" {
		bail!("--output writes one pallet's weight file: name the pallet and run all of its benchmarks (--extrinsic '*')");
	}
	if let Some(s) = selected.iter().find(|s| !s.benchmark.pov_modes.is_empty()) {
		bail!(
			"{} declares proof-size estimation modes, which SCI's weight files do not apply yet: write this pallet's weights with frame-omni-bencher",
			s.name()
		);
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;
	use frame_benchmarking::BenchmarkParameter::{n, u};

	/// Each component steps through its range while the others stay at their highest.
	#[test]
	fn components_step_one_at_a_time() {
		assert_eq!(component_values(&[], 50), vec![vec![]]);
		assert_eq!(
			component_values(&[(u, 1, 1000), (n, 0, 4)], 3),
			vec![
				vec![(u, 1), (n, 4)],
				vec![(u, 500), (n, 4)],
				vec![(u, 1000), (n, 4)],
				vec![(u, 1000), (n, 0)],
				vec![(u, 1000), (n, 2)],
				vec![(u, 1000), (n, 4)],
			]
		);
		assert_eq!(component_values(&[(u, 3, 7)], 1), vec![vec![(u, 7)]]);
		// A range narrower than the steps repeats its values, as upstream's runner does.
		let narrow = component_values(&[(u, 0, 2)], 50);
		let count = |value| narrow.iter().filter(|set| set[0].1 == value).count();
		assert_eq!((narrow.len(), count(0), count(1), count(2)), (50, 25, 24, 1));
		assert_eq!(component_values(&[(u, 5, 3)], 2), vec![vec![(u, 5)], vec![(u, 5)]]);
	}

	fn lists() -> Vec<BenchmarkList> {
		let benchmark = |name: &str| BenchmarkMetadata {
			name: name.as_bytes().to_vec(),
			components: vec![],
			pov_modes: vec![],
		};
		vec![
			BenchmarkList {
				pallet: b"pallet_balances".to_vec(),
				instance: b"Balances".to_vec(),
				benchmarks: vec![
					benchmark("transfer_allow_death"),
					benchmark("transfer_keep_alive"),
				],
			},
			BenchmarkList {
				pallet: b"pallet_sudo".to_vec(),
				instance: b"Sudo".to_vec(),
				benchmarks: vec![benchmark("sudo")],
			},
		]
	}

	fn args(pallet: &str, extrinsic: &str) -> PalletArgs {
		PalletArgs {
			runtime: RuntimeArgs::new(std::path::PathBuf::new()),
			pallet: pallet.into(),
			extrinsic: extrinsic.into(),
			steps: 2,
			repeat: 1,
			runs: 1,
			list: false,
			output: None,
			output_shape: Shape::Pallet,
			margin: 0,
			keep_larger: false,
		}
	}

	/// A weight file covers one whole pallet without proof-size modes.
	#[test]
	fn weight_files_cover_one_whole_pallet() {
		let lists = lists();
		let output = |pallet: &str, extrinsic: &str| PalletArgs {
			output: Some("weights.rs".into()),
			..args(pallet, extrinsic)
		};
		let writable = |args: &PalletArgs| check_writable(args, &select(&lists, args).unwrap());
		assert!(writable(&output("pallet_balances", "*")).is_ok());
		for args in [output("*", "*"), output("pallet_balances", "transfer_keep_alive")] {
			assert!(writable(&args).unwrap_err().to_string().contains("one pallet's weight file"));
		}
		let mut with_modes = select(&lists, &args("pallet_sudo", "*")).unwrap();
		with_modes[0].benchmark.pov_modes = vec![(b"ALL".to_vec(), b"Measured".to_vec())];
		let error = check_writable(&output("pallet_sudo", "*"), &with_modes).unwrap_err();
		assert!(error.to_string().contains("pallet_sudo::sudo declares proof-size"), "{error}");
	}

	fn names(selected: anyhow::Result<Vec<Selected>>) -> Vec<String> {
		selected.unwrap().iter().map(Selected::name).collect()
	}

	/// Pallets and benchmarks are chosen by name; a name the runtime does not have is an error
	/// that says what it has.
	#[test]
	fn selects_benchmarks_by_pallet_and_name() {
		let lists = lists();
		assert_eq!(names(select(&lists, &args("*", "*"))).len(), 3);
		assert_eq!(
			names(select(&lists, &args("pallet_balances", "transfer_keep_alive"))),
			vec!["pallet_balances::transfer_keep_alive"]
		);
		assert_eq!(names(select(&lists, &args("pallet_sudo", "*"))), vec!["pallet_sudo::sudo"]);
		let error = select(&lists, &args("pallet_nope", "*")).err().unwrap().to_string();
		assert!(error.contains("pallet_balances, pallet_sudo"), "{error}");
		let error = select(&lists, &args("pallet_balances", "transfer,sudo")).err().unwrap();
		assert!(error.to_string().contains("no benchmark `transfer`"), "{error}");
	}

	/// The node's own runtime is built without `runtime-benchmarks`: the command says so.
	#[test]
	fn a_runtime_without_benchmarks_is_refused() {
		let dir = tempfile::tempdir().unwrap();
		let runtime = dir.path().join("runtime.wasm");
		std::fs::write(&runtime, sci_runtime::WASM_BINARY.unwrap()).unwrap();
		let runtime = RuntimeArgs::new(runtime);
		let error = run(&PalletArgs { runtime, ..args("*", "*") }).unwrap_err().to_string();
		assert!(error.contains("build it with the `runtime-benchmarks` feature"), "{error}");
		let missing = RuntimeArgs::new(dir.path().join("missing.wasm"));
		let missing = PalletArgs { runtime: missing, ..args("*", "*") };
		assert!(run(&missing).unwrap_err().to_string().contains("reading the runtime"));
	}
}
