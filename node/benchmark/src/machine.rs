//! `sci-node benchmark machine`: does this machine meet SCI's reference validator machine?
//!
//! SCI's weights are measured on a reference machine and written with a margin above it
//! (`docs/benchmarks.md`, "Reference machine"): a validator slower than the reference may take
//! longer to import a block than the block's weight allows, and fall behind the chain. This
//! command measures what the weights depend on, with polkadot-sdk's hardware benchmarks
//! (`sc-sysinfo`, as its own `benchmark machine` does): BLAKE2-256 hashing on one core and on
//! two (the node checks a block's signatures on a second core while the first executes it),
//! sr25519 signature verification, memory copying, and sequential and random disk writes with
//! `fsync`, in the directory the database lives in. Each is compared with the reference's
//! figure: within `--tolerance` below it passes.
//!
//! A validator runs the same measurements, shorter, when it starts ([`check_at_start`]) and
//! logs a warning if the machine falls short.

use sc_sysinfo::{ExecutionLimit, Metric, Throughput};
use std::{
	fmt::Write as _,
	path::{Path, PathBuf},
	time::Duration,
};

/// SCI's reference validator machine, metric by metric, in MiB/s: the 2-vCPU, 24 GiB AMD EPYC
/// VM (KVM, virtio disk) the weights' slower figures come from, measured with this command on
/// 2026-12-07, the slowest of three runs of 5 s per metric, rounded down (`docs/benchmarks.md`,
/// "Reference machine", lists the runs). Hashing on two cores is the average per core, as
/// polkadot-sdk reports it: about the one-core figure on a machine with two free cores.
pub(crate) const REFERENCE: [(Metric, f64); 6] = [
	(Metric::Blake2256, 710.0),
	(Metric::Blake2256Parallel { num_cores: 2 }, 690.0),
	(Metric::Sr25519Verify, 0.76),
	(Metric::MemCopy, 12_000.0),
	(Metric::DiskSeqWrite, 2_500.0),
	(Metric::DiskRndWrite, 280.0),
];

/// How far below the reference a figure may fall and still pass, in percent, unless told
/// otherwise (polkadot-sdk's default).
pub(crate) const DEFAULT_TOLERANCE: u32 = 10;

/// `sci-node benchmark machine`'s options.
#[derive(Debug, clap::Args)]
pub struct MachineArgs {
	/// The directory to measure disk writes in: the one the node's database will live in
	/// (a temporary file is written there and removed). Default: the system's temporary
	/// directory.
	#[arg(long, short = 'd')]
	pub base_path: Option<PathBuf>,
	/// How far below the reference a figure may fall and still pass, in percent.
	#[arg(long, default_value_t = DEFAULT_TOLERANCE, value_parser = clap::value_parser!(u32).range(0..=100))]
	pub tolerance: u32,
	/// Seconds to measure hashing for (each of one and two cores).
	#[arg(long, default_value_t = 5.0, value_parser = seconds)]
	pub hash_duration: f32,
	/// Seconds to measure signature verification for.
	#[arg(long, default_value_t = 5.0, value_parser = seconds)]
	pub verify_duration: f32,
	/// Seconds to measure memory copying for.
	#[arg(long, default_value_t = 5.0, value_parser = seconds)]
	pub memory_duration: f32,
	/// Seconds to measure each kind of disk write for.
	#[arg(long, default_value_t = 5.0, value_parser = seconds)]
	pub disk_duration: f32,
	/// Exit successfully even if the machine falls short of the reference.
	#[arg(long)]
	pub allow_fail: bool,
}

/// A duration in seconds, between a millisecond and an hour.
fn seconds(text: &str) -> Result<f32, String> {
	let value: f32 = text.parse().map_err(|e| format!("{text}: {e}"))?;
	if !(0.001..=3_600.0).contains(&value) {
		return Err(format!("{value} s: give between 0.001 and 3600 seconds"));
	}
	Ok(value)
}

/// How long to measure each kind of metric.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
	/// Hashing, on one core and on two.
	pub hash: ExecutionLimit,
	/// Signature verification.
	pub verify: ExecutionLimit,
	/// Memory copying.
	pub memory: ExecutionLimit,
	/// Each kind of disk write.
	pub disk: ExecutionLimit,
}

impl Limits {
	/// The short measurements a validator makes when it starts, about a second in all: the
	/// limits polkadot-sdk's node uses for its start-up benchmarks (which `sc-sysinfo` keeps
	/// private), the CPU's for signatures too.
	pub(crate) fn at_start() -> Self {
		let limit = |max_iterations, millis| ExecutionLimit::Both {
			max_iterations,
			max_duration: Duration::from_millis(millis),
		};
		Self {
			hash: limit(4 * 1024, 100),
			verify: limit(4 * 1024, 100),
			memory: limit(32, 100),
			disk: limit(32, 300),
		}
	}
}

/// One metric: the reference's figure and this machine's.
#[derive(Clone, Debug)]
pub(crate) struct Outcome {
	/// What was measured.
	pub metric: Metric,
	/// The reference machine's figure.
	pub reference: Throughput,
	/// This machine's figure, or why it could not be measured.
	pub measured: Result<Throughput, String>,
}

impl Outcome {
	/// This machine's figure as a share of the reference's, in percent.
	pub(crate) fn percent(&self) -> Option<f64> {
		self.measured.as_ref().ok().map(|measured| self.share(measured))
	}

	/// `measured` as a share of the reference's figure, in percent.
	fn share(&self, measured: &Throughput) -> f64 {
		100.0 * measured.as_bytes() / self.reference.as_bytes()
	}

	/// Whether the figure is at most `tolerance` percent below the reference (a figure that
	/// could not be measured does not pass).
	pub(crate) fn passes(&self, tolerance: u32) -> bool {
		self.percent().is_some_and(|p| p + f64::from(tolerance) >= 100.0)
	}
}

/// Measure every metric of [`REFERENCE`] on this machine, disk writes in `dir`.
pub(crate) fn measure(dir: &Path, limits: Limits) -> Vec<Outcome> {
	REFERENCE
		.iter()
		.map(|&(metric, reference)| {
			let measured = match metric {
				Metric::Blake2256 => Ok(sc_sysinfo::benchmark_cpu(limits.hash)),
				Metric::Blake2256Parallel { num_cores } => {
					Ok(sc_sysinfo::benchmark_cpu_parallelism(limits.hash, num_cores))
				},
				Metric::Sr25519Verify => Ok(sc_sysinfo::benchmark_sr25519_verify(limits.verify)),
				Metric::MemCopy => Ok(sc_sysinfo::benchmark_memory(limits.memory)),
				Metric::DiskSeqWrite => {
					sc_sysinfo::benchmark_disk_sequential_writes(limits.disk, dir)
				},
				Metric::DiskRndWrite => sc_sysinfo::benchmark_disk_random_writes(limits.disk, dir),
			};
			Outcome { metric, reference: Throughput::from_mibs(reference), measured }
		})
		.collect()
}

/// A throughput in the unit that reads best (signature checks are a few MiB/s at most).
fn show(throughput: &Throughput) -> String {
	match throughput.as_mibs() {
		mibs if mibs < 10.0 => format!("{:.2} KiB/s", throughput.as_kibs()),
		mibs if mibs < 1_024.0 => format!("{mibs:.1} MiB/s"),
		_ => format!("{:.2} GiB/s", throughput.as_gibs()),
	}
}

/// The outcomes as a table: metric, this machine's figure, the reference's, and the verdict.
pub(crate) fn table(outcomes: &[Outcome], tolerance: u32) -> String {
	let mut out = format!(
		"{:<8} {:<22} {:>14} {:>14}  result (tolerance {tolerance} %)\n",
		"category", "metric", "this machine", "reference"
	);
	for outcome in outcomes {
		let (measured, verdict) = match &outcome.measured {
			Ok(measured) => {
				let verdict = if outcome.passes(tolerance) { "pass" } else { "FAIL" };
				let percent = outcome.share(measured);
				(show(measured), format!("{verdict} ({percent:.1} % of the reference)"))
			},
			Err(e) => ("-".into(), format!("FAIL (not measured: {e})")),
		};
		let _ = writeln!(
			out,
			"{:<8} {:<22} {:>14} {:>14}  {verdict}",
			outcome.metric.category(),
			outcome.metric.name(),
			measured,
			show(&outcome.reference),
		);
	}
	out
}

/// `sci-node benchmark machine`.
pub(crate) fn run(args: &MachineArgs) -> anyhow::Result<()> {
	let scratch;
	let dir = match &args.base_path {
		Some(dir) => {
			std::fs::create_dir_all(dir).map_err(|e| {
				anyhow::anyhow!(
					"creating the directory to measure disk writes in, {}: {e}",
					dir.display()
				)
			})?;
			dir.clone()
		},
		None => {
			scratch = tempfile::tempdir()?;
			scratch.path().to_path_buf()
		},
	};
	let limit = |secs: f32| ExecutionLimit::MaxDuration(Duration::from_secs_f32(secs));
	let limits = Limits {
		hash: limit(args.hash_duration),
		verify: limit(args.verify_duration),
		memory: limit(args.memory_duration),
		disk: limit(args.disk_duration),
	};
	eprintln!(
		"measuring this machine against SCI's reference validator machine (disk writes in {})...",
		dir.display()
	);
	let outcomes = measure(&dir, limits);
	print!("{}", table(&outcomes, args.tolerance));
	let failed: Vec<_> = outcomes
		.iter()
		.filter(|o| !o.passes(args.tolerance))
		.map(|o| format!("{} {}", o.metric.category(), o.metric.name()))
		.collect();
	if failed.is_empty() {
		println!("This machine meets SCI's reference validator machine.");
		return Ok(());
	}
	let message = format!(
		"this machine falls short of SCI's reference validator machine ({}): as a validator it \
		 may import blocks more slowly than their weights allow and fall behind the chain \
		 (docs/benchmarks.md, \"Reference machine\")",
		failed.join(", ")
	);
	if args.allow_fail {
		println!("Warning: {message}.");
		return Ok(());
	}
	anyhow::bail!(message)
}

/// A validator's start-up check: measure briefly (about a second), log the figures, and warn
/// if the machine falls short of the reference. `dir` is where the database lives.
pub fn check_at_start(dir: &Path) {
	let outcomes = measure(dir, Limits::at_start());
	let figures: Vec<_> = outcomes
		.iter()
		.map(|o| match &o.measured {
			Ok(m) => format!("{} {} {}", o.metric.category(), o.metric.name(), show(m)),
			Err(e) => format!("{} {} not measured ({e})", o.metric.category(), o.metric.name()),
		})
		.collect();
	log::info!("🏁 Hardware: {}", figures.join(", "));
	let short: Vec<_> = outcomes
		.iter()
		.filter(|o| !o.passes(DEFAULT_TOLERANCE))
		.map(|o| match o.percent() {
			Some(p) => format!("{} {} at {p:.0} %", o.metric.category(), o.metric.name()),
			None => format!("{} {} not measured", o.metric.category(), o.metric.name()),
		})
		.collect();
	if short.is_empty() {
		log::info!("✅ The hardware meets SCI's reference validator machine");
	} else {
		log::warn!(
			"⚠️  The hardware falls short of SCI's reference validator machine ({}): this \
			 validator may import blocks more slowly than their weights allow and fall behind. \
			 Run `sci-node benchmark machine` for the full measurement",
			short.join(", ")
		);
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn outcome(metric: Metric, reference: f64, measured: Result<f64, &str>) -> Outcome {
		Outcome {
			metric,
			reference: Throughput::from_mibs(reference),
			measured: measured.map(Throughput::from_mibs).map_err(str::to_string),
		}
	}

	/// Within the tolerance below the reference passes, further below fails, and a figure that
	/// could not be measured fails whatever the tolerance.
	#[test]
	fn figures_pass_within_the_tolerance() {
		let at = |measured| outcome(Metric::Blake2256, 1_000.0, Ok(measured));
		assert!(at(1_500.0).passes(0));
		assert!(at(1_000.0).passes(0));
		assert!(!at(999.0).passes(0));
		assert!(at(900.0).passes(10));
		assert!(!at(899.0).passes(10));
		assert_eq!(at(900.0).percent(), Some(90.0));
		let disk = outcome(Metric::DiskRndWrite, 200.0, Err("read-only file system"));
		assert!(!disk.passes(100));
		assert_eq!(disk.percent(), None);
	}

	#[test]
	fn the_table_shows_each_figure_and_verdict() {
		let outcomes = [
			outcome(Metric::Sr25519Verify, 1.0, Ok(1.2)),
			outcome(Metric::MemCopy, 12_000.0, Ok(6_000.0)),
			outcome(Metric::DiskSeqWrite, 500.0, Err("no space left on device")),
		];
		let table = table(&outcomes, 10);
		let lines: Vec<_> = table.lines().collect();
		assert_eq!(lines.len(), 4, "{table}");
		assert!(lines[0].contains("tolerance 10 %"));
		assert!(lines[1].contains("SR25519-Verify") && lines[1].contains("1228.80 KiB/s"));
		assert!(lines[1].ends_with("pass (120.0 % of the reference)"), "{table}");
		assert!(
			lines[2].contains("5.86 GiB/s") && lines[2].ends_with("FAIL (50.0 % of the reference)")
		);
		assert!(lines[3].ends_with("FAIL (not measured: no space left on device)"), "{table}");
	}

	/// Every metric of the reference is measured, and measures something, in a few tenths of
	/// a second each.
	#[test]
	fn every_reference_metric_is_measured() {
		let dir = tempfile::tempdir().unwrap();
		let outcomes = measure(dir.path(), Limits::at_start());
		assert_eq!(outcomes.len(), REFERENCE.len());
		for (outcome, (metric, _)) in outcomes.iter().zip(REFERENCE) {
			assert_eq!(outcome.metric, metric);
			let measured = outcome.measured.as_ref().unwrap();
			assert!(measured.as_bytes() > 0.0, "{metric:?}: {measured}");
		}
		assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "scratch files removed");
	}

	/// A disk that cannot be written to is reported as not measured, not as a panic.
	#[test]
	fn an_unwritable_directory_is_reported() {
		let outcomes = measure(Path::new("/proc/sci-no-such-dir"), Limits::at_start());
		let disk: Vec<_> = outcomes
			.iter()
			.filter(|o| matches!(o.metric, Metric::DiskSeqWrite | Metric::DiskRndWrite))
			.collect();
		assert_eq!(disk.len(), 2);
		assert!(disk.iter().all(|o| o.measured.is_err() && !o.passes(100)));
	}

	#[test]
	fn durations_are_bounded() {
		assert_eq!(seconds("0.5"), Ok(0.5));
		assert!(seconds("0").is_err());
		assert!(seconds("1e9").is_err());
		assert!(seconds("NaN").is_err());
		assert!(seconds("five").is_err());
	}
}
