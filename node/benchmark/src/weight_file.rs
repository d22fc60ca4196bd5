//! Weight files from `sci-node benchmark pallet`'s measurements.
//!
//! Two shapes: a pallet's own `src/weights.rs` ([`Shape::Pallet`]: its `WeightInfo` trait,
//! `SubstrateWeight<T>` pricing storage with the runtime's `DbWeight`, and `()` with RocksDB's
//! for tests and mock runtimes), and a runtime's file for a polkadot-sdk pallet
//! ([`Shape::Runtime`]: a `WeightInfo<T>` implementing the pallet's trait). A function's weight
//! is the fitted time, the fitted reads and writes (priced by `DbWeight`), and an estimated
//! proof size.
//!
//! The proof size is estimated as polkadot-sdk's benchmark CLI estimates it, so files from both
//! runners compare: a storage item with a maximum encoded size costs, per key read, that size
//! plus 495 bytes (a branch node's 15 other child hashes) per trie level its item count implies
//! (a million for an unbounded map); an item without one costs only the levels (upstream adds
//! the recorded proof, which SCI's runner does not record); each item read adds two levels for
//! its prefix. Each item's cost is fitted over the runs, and the benchmark's estimate is the
//! largest item's.

use super::{
	margin::{self, EarlierFileError, Margin},
	underscored, Provenance,
};
use anyhow::anyhow;
use frame_benchmarking::{Analysis, BenchmarkMetadata, BenchmarkResult, BenchmarkSelector};
use frame_support::traits::StorageInfo;
use std::{
	collections::{BTreeMap, HashMap, HashSet},
	fmt::Write as _,
};

/// Bytes a proof needs per trie level above a value: the 15 other children's hashes of a
/// branch node, each with its compact length prefix.
const BYTES_PER_TRIE_LEVEL: u32 = 15 * 33;
/// Items assumed in a map that declares no maximum.
const WORST_CASE_MAP_VALUES: u32 = 1_000_000;
/// Trie levels above every storage item's own prefix.
const PREFIX_TRIE_LEVELS: u32 = 2;

/// Which weight file to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Shape {
	/// A pallet's `src/weights.rs`: its `WeightInfo` trait, `SubstrateWeight<T>` and `()`.
	Pallet,
	/// A runtime's `weights/<pallet>.rs`: `WeightInfo<T>` implementing the pallet's trait.
	Runtime,
}

/// A term of a weight formula: a base and a slope per component (non-zero slopes only).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Term {
	base: u128,
	slopes: Vec<(String, u128)>,
}

impl Term {
	fn from_analysis(analysis: Analysis) -> Self {
		let slopes = analysis.names.into_iter().zip(analysis.slopes).filter(|(_, s)| *s != 0);
		Self { base: analysis.base, slopes: slopes.collect() }
	}
}

/// One benchmark's weight formula and what the file says about it.
#[derive(Debug)]
pub(crate) struct Formula {
	name: String,
	/// Every component with its range, and whether the formula uses it.
	components: Vec<(String, u32, u32, bool)>,
	/// Picoseconds.
	time: Term,
	/// Nanoseconds.
	min_time: u128,
	reads: Term,
	writes: Term,
	/// Bytes.
	proof: Term,
	/// The storage items read and written, and how each adds to the proof.
	comments: Vec<String>,
	/// The machine whose earlier, larger time this formula keeps (`--keep-larger`).
	kept_from: Option<String>,
}

/// How the figures of a weight file were arrived at.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
	/// Values per component.
	pub steps: u32,
	/// Timed runs per set of values.
	pub repeat: u32,
	/// Measurements of each benchmark, the slowest kept.
	pub runs: u32,
	/// How far above the measurement the file's times are written.
	pub margin: Margin,
}

/// Fit `selector` over `results` as upstream's runner does (least squares, outliers cut).
#[allow(clippy::ptr_arg)] // `Analysis` takes a `&Vec`.
fn fit(results: &Vec<BenchmarkResult>, selector: BenchmarkSelector) -> anyhow::Result<Term> {
	analyse(results, selector).map(Term::from_analysis)
}

#[allow(clippy::ptr_arg)] // `Analysis` takes a `&Vec`.
fn analyse(
	results: &Vec<BenchmarkResult>,
	selector: BenchmarkSelector,
) -> anyhow::Result<Analysis> {
	let what = match selector {
		BenchmarkSelector::ExtrinsicTime => "time",
		BenchmarkSelector::StorageRootTime => "state root time",
		BenchmarkSelector::Reads => "reads",
		BenchmarkSelector::Writes => "writes",
		BenchmarkSelector::ProofSize => "proof size",
	};
	Analysis::min_squares_iqr(results, selector).map_err(|e| anyhow!("fitting its {what}: {e}"))
}

/// Trie levels above a value in a map of `max_values` items: log16, at least one, at most 8.
fn trie_levels(max_values: u32) -> u32 {
	if max_values == 0 {
		return 0;
	}
	let (mut levels, mut capacity) = (1, 16u64);
	while capacity < max_values as u64 && levels < 8 {
		capacity *= 16;
		levels += 1;
	}
	levels
}

impl Formula {
	/// The formula of `benchmark` from its runs' `results`; `storage` names the storage items.
	pub(crate) fn new(
		benchmark: &BenchmarkMetadata,
		results: Vec<BenchmarkResult>,
		storage: &[StorageInfo],
	) -> anyhow::Result<Self> {
		let name = String::from_utf8_lossy(&benchmark.name).into_owned();
		let context = |e: anyhow::Error| e.context(format!("benchmark `{name}`"));
		let time = analyse(&results, BenchmarkSelector::ExtrinsicTime).map_err(context)?;
		let min_time = time.minimum;
		let time = Term::from_analysis(time);
		let reads = fit(&results, BenchmarkSelector::Reads).map_err(context)?;
		let writes = fit(&results, BenchmarkSelector::Writes).map_err(context)?;
		let (proof, comments) = estimate_proof(&results, storage).map_err(context)?;
		let used = |component: &str| {
			[&time, &reads, &writes, &proof]
				.iter()
				.any(|term| term.slopes.iter().any(|(c, _)| c == component))
		};
		let components = benchmark
			.components
			.iter()
			.map(|(c, low, high)| (c.to_string(), *low, *high, used(&c.to_string())))
			.collect();
		Ok(Self {
			name,
			components,
			time,
			min_time,
			reads,
			writes,
			proof,
			comments,
			kept_from: None,
		})
	}

	/// Picoseconds with every component at its highest: how runs of a benchmark compare.
	pub(crate) fn time_at_highest(&self) -> u128 {
		self.at_highest(&self.time)
	}

	/// `term` with every component at its highest.
	fn at_highest(&self, term: &Term) -> u128 {
		let high = |name: &str| self.components.iter().find(|(c, ..)| c == name).map(|c| c.2);
		term.slopes.iter().fold(term.base, |time, (name, slope)| {
			time.saturating_add(slope.saturating_mul(high(name).unwrap_or(0).into()))
		})
	}

	/// Keep `earlier`, a time measured on the machine `cpu`, if it is larger than this one's
	/// with every component at its highest (how runs compare): the weights must hold on both
	/// machines. The reads, writes and proof are this run's (they do not depend on the
	/// machine). Whether it was kept.
	pub(crate) fn keep_larger(&mut self, earlier: &Term, cpu: &str) -> bool {
		if self.at_highest(earlier) <= self.time_at_highest() {
			return false;
		}
		for (component, ..) in &earlier.slopes {
			if let Some(c) = self.components.iter_mut().find(|(c, ..)| c == component) {
				c.3 = true;
			}
		}
		self.time = earlier.clone();
		self.kept_from = Some(cpu.to_string());
		true
	}

	/// The benchmark's name.
	pub(crate) fn name(&self) -> &str {
		&self.name
	}

	/// One line for the terminal: time (fastest run), reads, writes, proof, and per component.
	pub(crate) fn summary(&self) -> String {
		let micros = |picos: u128| format!("{:.2} µs", picos as f64 / 1e6);
		let mut line = format!(
			"{} (fastest run {}), reads {}, writes {}, proof {} B",
			micros(self.time.base),
			micros(self.min_time * 1_000),
			self.reads.base,
			self.writes.base,
			self.proof.base
		);
		for (c, ..) in self.components.iter().filter(|(.., used)| *used) {
			let slope = |term: &Term| {
				term.slopes.iter().find(|(name, _)| name == c).map_or(0, |(_, slope)| *slope)
			};
			let _ = write!(
				line,
				"\n    per `{c}`: {}, reads {}, writes {}, proof {} B",
				micros(slope(&self.time)),
				slope(&self.reads),
				slope(&self.writes),
				slope(&self.proof)
			);
		}
		line
	}
}

/// Storage items the benchmark framework reports without pallet metadata.
fn framework_items() -> [StorageInfo; 2] {
	let item = |pallet: &[u8], storage: &[u8], prefix: &[u8]| StorageInfo {
		pallet_name: pallet.to_vec(),
		storage_name: storage.to_vec(),
		prefix: prefix.to_vec(),
		max_values: None,
		max_size: None,
	};
	[
		item(b"Skipped", b"Metadata", b"Skipped Metadata"),
		item(b"Benchmark", b"Override", b"Benchmark Override"),
	]
}

/// The estimated proof size of each run, fitted per storage item, the largest item's fit; and
/// one comment pair per item: its reads and writes, and what it adds to the proof.
fn estimate_proof(
	results: &[BenchmarkResult],
	storage: &[StorageInfo],
) -> anyhow::Result<(Term, Vec<String>)> {
	let extra = framework_items();
	let items: HashMap<&[u8], &StorageInfo> =
		storage.iter().chain(&extra).map(|info| (&info.prefix[..], info)).collect();
	let mut per_item = BTreeMap::<Vec<u8>, Vec<BenchmarkResult>>::new();
	let mut seen = HashSet::new();
	let mut comments = Vec::new();
	// The runs with the most components come last: their counts name each item first.
	for result in results.iter().rev() {
		for (key, reads, writes, whitelisted) in &result.keys {
			if *whitelisted {
				continue;
			}
			let prefix = &key[..key.len().min(32)];
			let info = items.get(prefix);
			let max_values = info.and_then(|i| i.max_values).unwrap_or(WORST_CASE_MAP_VALUES);
			let levels = trie_levels(max_values) * BYTES_PER_TRIE_LEVEL;
			let max_size = info.and_then(|i| i.max_size);
			let mut estimate = (levels + max_size.unwrap_or(0)) * reads;
			if *reads > 0 {
				estimate += PREFIX_TRIE_LEVELS * BYTES_PER_TRIE_LEVEL;
			}
			per_item
				.entry(prefix.to_vec())
				.or_default()
				.push(BenchmarkResult { proof_size: estimate, ..result.clone() });
			if !seen.insert(prefix.to_vec()) {
				continue;
			}
			match info {
				Some(info) => {
					let item = format!(
						"`{}::{}`",
						String::from_utf8_lossy(&info.pallet_name),
						String::from_utf8_lossy(&info.storage_name)
					);
					comments.push(format!("Storage: {item} (r:{reads} w:{writes})"));
					let bounds = format!(
						"`max_values`: {:?}, `max_size`: {:?}",
						info.max_values, info.max_size
					);
					comments.push(match max_size {
						Some(size) => format!(
							"Proof: {item} ({bounds}, added: {}, mode: `MaxEncodedLen`)",
							levels + size
						),
						None => format!("Proof: {item} ({bounds}, mode: `Measured`)"),
					});
				},
				None => {
					let item =
						format!("UNKNOWN KEY `0x{}` (r:{reads} w:{writes})", hex::encode(key));
					comments.push(format!("Storage: {item}"));
					comments.push(format!("Proof: {item}"));
				},
			}
		}
	}
	let mut proof = Term::default();
	for runs in per_item.values() {
		let item = fit(runs, BenchmarkSelector::ProofSize)?;
		proof.base = proof.base.max(item.base);
		for (component, slope) in item.slopes {
			match proof.slopes.iter_mut().find(|(c, _)| *c == component) {
				Some((_, largest)) => *largest = (*largest).max(slope),
				None => proof.slopes.push((component, slope)),
			}
		}
	}
	proof.slopes.sort();
	Ok((proof, comments))
}

/// The weight file of `pallet` with `formulas`, in `shape`.
pub(crate) fn render(
	pallet: &str,
	shape: Shape,
	formulas: &[Formula],
	provenance: &Provenance,
	settings: Settings,
) -> String {
	let Provenance { date, host, cpu, command } = provenance;
	let Settings { steps, repeat, runs, margin } = settings;
	let slowest = match runs {
		1 => String::new(),
		n => format!(" Each function is the slowest of {n} runs (`--runs`)."),
	};
	let margin_line = margin.header();
	let mut kept = String::new();
	for f in formulas {
		if let Some(from) = &f.kept_from {
			let _ = writeln!(
				kept,
				"//! `{}`: the time measured on CPU `{from}`, larger than this run's (`--keep-larger`).",
				f.name
			);
		}
	}
	let mut file = format!(
		"//! Weights for `{pallet}`, measured on SCI's executor by `sci-node benchmark pallet`.\n\
		 //! Generated: rerun `scripts/benchmark.sh` instead of editing.{slowest}\n\
		 //!\n\
		 //! DATE: {date}, STEPS: `{steps}`, REPEAT: `{repeat}`, HOST: `{host}`, CPU: `{cpu}`\n\
		 {margin_line}{kept}\
		 //!\n\
		 //! Command: `{command}`\n\
		 \n\
		 #![cfg_attr(rustfmt, rustfmt_skip)]\n\
		 #![allow(unused_parens)]\n\
		 #![allow(unused_imports)]\n\
		 #![allow(missing_docs)]\n\
		 \n\
		 use frame_support::{{traits::Get, weights::{{Weight, constants::RocksDbWeight}}}};\n\
		 use core::marker::PhantomData;\n\
		 \n"
	);
	match shape {
		Shape::Pallet => {
			let _ = writeln!(
				file,
				"/// Weight functions needed for `{pallet}`.\npub trait WeightInfo {{"
			);
			for formula in formulas {
				let _ = writeln!(
					file,
					"\tfn {}({}) -> Weight;",
					formula.name,
					formula.parameters(false)
				);
			}
			file += "}\n\n/// Measured weights, with the runtime's database weights for storage access.\n\
			         pub struct SubstrateWeight<T>(PhantomData<T>);\n\
			         impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {\n";
			formulas
				.iter()
				.for_each(|f| f.render_fn(&mut file, "T::DbWeight::get()", true, margin));
			file += "}\n\n/// The same figures with RocksDB's database weights, for tests and mock runtimes.\n\
			         impl WeightInfo for () {\n";
			formulas
				.iter()
				.for_each(|f| f.render_fn(&mut file, "RocksDbWeight::get()", false, margin));
		},
		Shape::Runtime => {
			let _ = write!(
				file,
				"/// Weight functions for `{pallet}`.\n\
				 pub struct WeightInfo<T>(PhantomData<T>);\n\
				 impl<T: frame_system::Config> {} for WeightInfo<T> {{\n",
				weight_trait(pallet)
			);
			formulas
				.iter()
				.for_each(|f| f.render_fn(&mut file, "T::DbWeight::get()", true, margin));
		},
	}
	file += "}\n";
	file
}

/// The trait a runtime's weights for `pallet` implement: the pallet's `WeightInfo`, except for
/// the benchmarks of `frame_system`'s transaction extensions.
fn weight_trait(pallet: &str) -> String {
	match pallet {
		"frame_system_extensions" => "frame_system::ExtensionsWeightInfo".into(),
		_ => format!("{pallet}::WeightInfo"),
	}
}

impl Formula {
	/// `c: u32, d: u32, ` (`_d` if the formula does not use `d` and `mark_unused`).
	fn parameters(&self, mark_unused: bool) -> String {
		self.components
			.iter()
			.map(|(c, _, _, used)| {
				format!("{}{c}: u32, ", if mark_unused && !used { "_" } else { "" })
			})
			.collect()
	}

	/// The function, pricing storage with `db`, its times `margin` above the measurement;
	/// `documented`: with its comments.
	fn render_fn(&self, file: &mut String, db: &str, documented: bool, margin: Margin) {
		if documented {
			for comment in &self.comments {
				let _ = writeln!(file, "\t/// {comment}");
			}
			for (c, low, high, _) in &self.components {
				let _ = writeln!(file, "\t/// The range of component `{c}` is `[{low}, {high}]`.");
			}
		}
		let _ = writeln!(file, "\tfn {}({}) -> Weight {{", self.name, self.parameters(true));
		if documented {
			let mut proof = underscored(self.proof.base);
			for (c, slope) in &self.proof.slopes {
				let _ = write!(proof, " + {c} × {}", underscored(*slope));
			}
			let _ = writeln!(
				file,
				"\t\t// Estimated proof size: {proof} bytes. Minimum execution time: {}_000 ps.",
				underscored(self.min_time)
			);
		}
		let _ = writeln!(
			file,
			"\t\tWeight::from_parts({}, {})",
			underscored(margin.add(self.time.base)),
			underscored(self.proof.base)
		);
		let per = |file: &mut String, c: &str, what: String| {
			let _ = writeln!(file, "\t\t\t.saturating_add({what}.saturating_mul({c}.into()))");
		};
		for (c, slope) in &self.time.slopes {
			per(file, c, format!("Weight::from_parts({}, 0)", underscored(margin.add(*slope))));
		}
		for (term, access) in [(&self.reads, "reads"), (&self.writes, "writes")] {
			if term.base != 0 {
				let _ = writeln!(file, "\t\t\t.saturating_add({db}.{access}({}_u64))", term.base);
			}
			for (c, slope) in &term.slopes {
				let _ = writeln!(
					file,
					"\t\t\t.saturating_add({db}.{access}(({slope}_u64).saturating_mul({c}.into())))"
				);
			}
		}
		for (c, slope) in &self.proof.slopes {
			per(file, c, format!("Weight::from_parts(0, {})", underscored(*slope)));
		}
		file.push_str("\t}\n");
	}
}

/// The times of an earlier weight file at `path` (`text`), in either shape, by function, its
/// margin taken off: what `--keep-larger` compares this run's with.
pub(crate) fn earlier_times(
	path: &str,
	text: &str,
) -> Result<BTreeMap<String, Term>, EarlierFileError> {
	let margin = Margin::of_file(text);
	let malformed = |line: usize, what| EarlierFileError::Malformed {
		path: path.to_string(),
		line: line + 1,
		what,
	};
	let mut times = BTreeMap::new();
	let mut current: Option<(String, Option<Term>)> = None;
	for (i, line) in text.lines().enumerate() {
		let line = line.trim();
		if let Some(rest) = line.strip_prefix("fn ") {
			if line.ends_with("-> Weight {") {
				let name = rest.split_once('(').ok_or_else(|| malformed(i, "a function name"))?.0;
				current = Some((name.to_string(), None));
			}
			continue;
		}
		let Some((name, term)) = current.as_mut() else { continue };
		if line == "}" {
			let term = term.take().ok_or_else(|| malformed(i, "a `Weight::from_parts` base"))?;
			times.entry(std::mem::take(name)).or_insert(term);
			current = None;
		} else if let Some(rest) = line.strip_prefix("Weight::from_parts(") {
			let base = rest.split_once(',').and_then(|(base, _)| margin::parse_underscored(base));
			let base = base.ok_or_else(|| malformed(i, "a base time in picoseconds"))?;
			*term = Some(Term { base: margin.remove(base), slopes: vec![] });
		} else if let Some(rest) = line.strip_prefix(".saturating_add(Weight::from_parts(") {
			// `S, 0).saturating_mul(c.into()))`: a time slope; `0, S)…` is the proof's.
			let parsed = rest.split_once(").saturating_mul(").and_then(|(parts, rest)| {
				let (time, proof) = parts.split_once(',')?;
				let component = rest.split_once(".into()")?.0;
				Some((margin::parse_underscored(time)?, proof.trim() == "0", component))
			});
			let (slope, is_time, component) = parsed.ok_or_else(|| {
				malformed(i, "a slope `Weight::from_parts(…).saturating_mul(c.into())`")
			})?;
			let term = term.as_mut().ok_or_else(|| malformed(i, "the base before a slope"))?;
			if is_time && slope != 0 {
				term.slopes.push((component.to_string(), margin.remove(slope)));
			}
		}
	}
	Ok(times)
}

#[cfg(test)]
mod tests {
	use super::*;
	use frame_benchmarking::BenchmarkParameter::{n, u};

	#[test]
	fn trie_levels_are_log16_rounded_up() {
		assert_eq!(
			[0, 1, 16, 17, 256, 257, 1_000_000, 1_048_577, u32::MAX].map(trie_levels),
			[0, 1, 1, 2, 2, 3, 5, 6, 8]
		);
	}

	fn account() -> StorageInfo {
		StorageInfo {
			pallet_name: b"System".to_vec(),
			storage_name: b"Account".to_vec(),
			prefix: [1u8; 32].to_vec(),
			max_values: None,
			max_size: Some(128),
		}
	}

	fn members() -> StorageInfo {
		StorageInfo {
			pallet_name: b"Council".to_vec(),
			storage_name: b"Members".to_vec(),
			prefix: [2u8; 32].to_vec(),
			max_values: Some(1),
			max_size: None,
		}
	}

	/// A run with `n` accounts read and written, the members read once, and a whitelisted
	/// key; `n` microseconds plus 10, whatever `u`.
	fn run(value: u32, u_value: u32) -> BenchmarkResult {
		BenchmarkResult {
			components: vec![(n, value), (u, u_value)],
			extrinsic_time: 10_000 + 1_000 * value as u128,
			reads: value + 1,
			writes: value,
			keys: vec![
				([1u8; 32].to_vec(), value, value, false),
				([2u8; 32].to_vec(), 1, 0, false),
				([3u8; 32].to_vec(), 1, 1, true),
			],
			..Default::default()
		}
	}

	fn formula() -> Formula {
		let benchmark = BenchmarkMetadata {
			name: b"pay".to_vec(),
			components: vec![(n, 1, 10), (u, 0, 7)],
			pov_modes: vec![],
		};
		// Stepped as the runner steps them: each component in turn, the other at its highest.
		let results: Vec<_> = (1..=10)
			.map(|v| run(v, 7))
			.chain((0..7).map(|v| run(10, v)))
			.flat_map(|r| [r.clone(), r])
			.collect();
		Formula::new(&benchmark, results, &[account(), members()]).unwrap()
	}

	/// Time, reads and writes are fitted per component; a bounded item adds its size and trie
	/// levels per key read, an unbounded one its levels, and the largest item's fit is the
	/// estimate; components no term depends on are marked unused.
	#[test]
	fn formulas_fit_time_storage_and_proof() {
		let f = formula();
		assert_eq!(f.time, Term { base: 10_000_000, slopes: vec![("n".into(), 1_000_000)] });
		assert_eq!(f.min_time, 11_000);
		assert_eq!(f.reads, Term { base: 1, slopes: vec![("n".into(), 1)] });
		assert_eq!(f.writes, Term { base: 0, slopes: vec![("n".into(), 1)] });
		// Accounts: (5 levels × 495 + 128) per key read + 2 × 495 for the prefix, so 990 +
		// n × 2,603; members: 1 level and the prefix's 2, 1,485 once. The larger base wins.
		assert_eq!(f.proof, Term { base: 1_485, slopes: vec![("n".into(), 2_603)] });
		assert_eq!(f.components, vec![("n".into(), 1, 10, true), ("u".into(), 0, 7, false)]);
		// Runs compare at the highest components: 10 µs + 10 × 1 µs.
		assert_eq!(f.time_at_highest(), 20_000_000);
		assert_eq!(
			f.comments,
			vec![
				"Storage: `System::Account` (r:10 w:10)",
				"Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)",
				"Storage: `Council::Members` (r:1 w:0)",
				"Proof: `Council::Members` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)",
			]
		);
	}

	/// Both shapes carry the formula; only the pallet shape declares the trait and prices the
	/// `()` implementation with RocksDB's weights.
	#[test]
	fn files_in_both_shapes() {
		let provenance = Provenance {
			date: "2026-11-23".into(),
			host: "vm".into(),
			cpu: "AMD EPYC".into(),
			command: "sci-node benchmark pallet".into(),
		};
		let formulas = [formula()];
		let settings = |runs| Settings { steps: 50, repeat: 20, runs, margin: Margin(0) };
		let pallet = render("pallet_x", Shape::Pallet, &formulas, &provenance, settings(1));
		let body = "\tfn pay(n: u32, _u: u32, ) -> Weight {\n\
		            \t\t// Estimated proof size: 1_485 + n × 2_603 bytes. Minimum execution time: 11_000_000 ps.\n\
		            \t\tWeight::from_parts(10_000_000, 1_485)\n\
		            \t\t\t.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(n.into()))\n\
		            \t\t\t.saturating_add(T::DbWeight::get().reads(1_u64))\n\
		            \t\t\t.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))\n\
		            \t\t\t.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))\n\
		            \t\t\t.saturating_add(Weight::from_parts(0, 2_603).saturating_mul(n.into()))\n\
		            \t}\n";
		assert!(pallet.contains(body), "{pallet}");
		assert!(pallet.contains("pub trait WeightInfo {\n\tfn pay(n: u32, u: u32, ) -> Weight;\n}"));
		assert!(pallet.contains("impl WeightInfo for () {"));
		assert!(pallet.contains("RocksDbWeight::get().reads(1_u64)"));
		assert!(pallet.contains("STEPS: `50`, REPEAT: `20`, HOST: `vm`, CPU: `AMD EPYC`"));
		assert!(!pallet.contains("slowest"));
		let of_three = render("pallet_x", Shape::Pallet, &formulas, &provenance, settings(3));
		assert!(of_three.contains("instead of editing. Each function is the slowest of 3 runs"));
		let runtime = render("pallet_x", Shape::Runtime, &formulas, &provenance, settings(1));
		assert!(runtime
			.contains("impl<T: frame_system::Config> pallet_x::WeightInfo for WeightInfo<T> {"));
		assert!(runtime.contains(body));
		assert!(!runtime.contains("pub trait") && !runtime.contains("for ()"));
		let extensions =
			render("frame_system_extensions", Shape::Runtime, &formulas, &provenance, settings(1));
		assert!(extensions.contains("frame_system::ExtensionsWeightInfo for WeightInfo<T> {"));
		assert!(!pallet.contains("Margin") && !pallet.contains("--keep-larger"));
	}

	fn provenance(cpu: &str) -> Provenance {
		Provenance {
			date: "2026-12-07".into(),
			host: "vm".into(),
			cpu: cpu.into(),
			command: "sci-node benchmark pallet".into(),
		}
	}

	/// Times (base and slopes, not reads, writes or proof) are written the margin above the
	/// measurement, the header says so, and reading the file back takes the margin off again.
	#[test]
	fn a_margin_raises_the_times_and_reads_back_off() {
		let settings = Settings { steps: 50, repeat: 20, runs: 1, margin: Margin(10) };
		for shape in [Shape::Pallet, Shape::Runtime] {
			let file = render("pallet_x", shape, &[formula()], &provenance("AMD EPYC"), settings);
			assert!(file.contains("//! Margin: 10 % above the measured figures"), "{file}");
			assert!(file.contains("\t\tWeight::from_parts(11_000_000, 1_485)\n"), "{file}");
			assert!(file.contains("Weight::from_parts(1_100_000, 0).saturating_mul(n.into())"));
			assert!(file.contains("Weight::from_parts(0, 2_603).saturating_mul(n.into())"));
			assert!(file.contains(".reads(1_u64)"), "reads are counts, no margin");
			let times = earlier_times("x.rs", &file).unwrap();
			assert_eq!(times.len(), 1, "the `()` implementation repeats the same function");
			assert_eq!(
				times["pay"],
				Term { base: 10_000_000, slopes: vec![("n".into(), 1_000_000)] }
			);
		}
	}

	/// `--keep-larger`: an earlier, larger time from another machine replaces this run's, the
	/// header names that machine; a smaller one changes nothing.
	#[test]
	fn the_larger_of_two_machines_is_kept() {
		let settings = Settings { steps: 50, repeat: 20, runs: 1, margin: Margin(0) };
		let earlier =
			render("pallet_x", Shape::Runtime, &[formula()], &provenance("Xeon"), settings);
		let mut faster = formula();
		faster.time = Term { base: 9_000_000, slopes: vec![("n".into(), 900_000)] };
		let times = earlier_times("x.rs", &earlier).unwrap();
		assert!(faster.keep_larger(&times["pay"], "Xeon"));
		assert_eq!(faster.time, formula().time);
		let margin = Settings { margin: Margin(10), ..settings };
		let file = render("pallet_x", Shape::Runtime, &[faster], &provenance("AMD EPYC"), margin);
		assert!(file.contains("//! `pay`: the time measured on CPU `Xeon`, larger than this run's (`--keep-larger`)."), "{file}");
		assert!(file.contains("\t\tWeight::from_parts(11_000_000, 1_485)\n"), "{file}");

		// Larger at the highest component though its base is smaller: the whole term counts.
		let mut slower = formula();
		slower.time = Term { base: 9_000_000, slopes: vec![("n".into(), 1_200_000)] };
		assert!(!slower.keep_larger(&times["pay"], "Xeon"));
		assert_eq!(slower.time.base, 9_000_000);
		assert!(slower.kept_from.is_none());
	}

	/// A file that is not one of the runner's is refused with the line at fault, not misread.
	#[test]
	fn a_foreign_weight_file_is_refused() {
		let text = "impl X {\n\tfn pay() -> Weight {\n\t\tWeight::from_parts(lots, 0)\n\t}\n}\n";
		let error = earlier_times("x.rs", text).unwrap_err().to_string();
		assert!(error.contains("x.rs, line 3: a base time in picoseconds"), "{error}");
		let no_base = "\tfn pay() -> Weight {\n\t\tT::DbWeight::get().reads(1)\n\t}\n";
		let error = earlier_times("y.rs", no_base).unwrap_err().to_string();
		assert!(error.contains("y.rs, line 3: a `Weight::from_parts` base"), "{error}");
	}
}
