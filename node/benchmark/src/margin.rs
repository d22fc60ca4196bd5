//! What a weight file writes besides this run's measurement: a margin above it, and, across
//! machines, the larger of this machine's figure and the file's earlier one.
//!
//! SCI weighs on reference hardware as polkadot-sdk does (`docs/benchmarks.md`, "Reference
//! machine"): every figure is the larger of those measured on the machines the chain runs on,
//! then a margin above it. `--margin` writes each figure that many percent above the
//! measurement and says so in the file's header; `--keep-larger` reads the file about to be
//! overwritten (measured on another machine) and keeps, figure by figure, whichever is larger
//! once both margins are taken off, so the rule needs no hand-editing of generated files.

use thiserror::Error;

/// The header line that records a file's margin.
const HEADER: &str = "//! Margin: ";

/// A weight file that `--keep-larger` cannot read its figures from.
#[derive(Debug, Error)]
pub(crate) enum EarlierFileError {
	/// The file could not be read.
	#[error("reading the earlier weight file {path}")]
	Read {
		/// The file.
		path: String,
		/// Why.
		#[source]
		source: std::io::Error,
	},
	/// A line did not have the shape `sci-node benchmark` writes.
	#[error("{path}, line {line}: {what}; keep figures only from files SCI's runner wrote")]
	Malformed {
		/// The file.
		path: String,
		/// The line, counted from 1.
		line: usize,
		/// What was expected there.
		what: &'static str,
	},
}

/// How far above the measurement a weight file's figures are written, in percent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Margin(pub u32);

impl Margin {
	/// `measured` with the margin added, rounded up.
	pub(crate) fn add(self, measured: u128) -> u128 {
		measured.checked_mul(100 + u128::from(self.0)).map_or(u128::MAX, |v| v.div_ceil(100))
	}

	/// The measurement a figure written with this margin came from (rounded down).
	pub(crate) fn remove(self, written: u128) -> u128 {
		written.saturating_mul(100) / (100 + u128::from(self.0))
	}

	/// The header line recording the margin (empty for none, as files without one read).
	pub(crate) fn header(self) -> String {
		match self.0 {
			0 => String::new(),
			m => format!("{HEADER}{m} % above the measured figures (`--margin`).\n"),
		}
	}

	/// The margin a file's header records (none if it records none).
	pub(crate) fn of_file(text: &str) -> Self {
		let margin = text
			.lines()
			.find_map(|line| line.strip_prefix(HEADER)?.split_once(" %")?.0.trim().parse().ok());
		Self(margin.unwrap_or(0))
	}
}

/// The machine a weight file was measured on, as its header names it (`CPU: `…`` or
/// ``CPU `…` ``).
pub(crate) fn cpu_of_file(text: &str) -> String {
	text.lines()
		.find_map(|line| {
			let (_, rest) = line.strip_prefix("//!")?.split_once("CPU")?;
			let (_, rest) = rest.split_once('`')?;
			Some(rest.split_once('`')?.0.to_string())
		})
		.unwrap_or_else(|| "unknown".into())
}

/// The machine `earlier`'s figure for `name` was measured on: the one its header names as
/// kept from another file (`--keep-larger`), or else the file's own.
pub(crate) fn cpu_of_figure(earlier: &str, name: &str) -> String {
	let kept = earlier.lines().find_map(|line| {
		let rest = line.strip_prefix(&format!("//! `{name}`: "))?;
		kept_cpu(rest)
	});
	kept.unwrap_or_else(|| cpu_of_file(earlier))
}

/// `… measured on CPU `X`, …` → `X`.
pub(crate) fn kept_cpu(line: &str) -> Option<String> {
	let (_, rest) = line.split_once("measured on CPU `")?;
	Some(rest.split_once('`')?.0.to_string())
}

/// `1_234_567` (as weight files write numbers) as a number.
pub(crate) fn parse_underscored(text: &str) -> Option<u128> {
	let digits: String = text.trim().chars().filter(|c| *c != '_').collect();
	if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
		return None;
	}
	digits.parse().ok()
}

/// Read an earlier weight file, `None` if there is none yet.
pub(crate) fn read_earlier(path: &std::path::Path) -> Result<Option<String>, EarlierFileError> {
	match std::fs::read_to_string(path) {
		Ok(text) => Ok(Some(text)),
		Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
		Err(source) => Err(EarlierFileError::Read { path: path.display().to_string(), source }),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_margin_is_added_rounding_up_and_removed_rounding_down() {
		assert_eq!(Margin(10).add(1_000), 1_100);
		assert_eq!(Margin(10).add(1_001), 1_102);
		assert_eq!(Margin(0).add(1_001), 1_001);
		assert_eq!(Margin(10).remove(1_100), 1_000);
		assert_eq!(Margin(10).remove(Margin(10).add(123_456_789)), 123_456_789);
		assert_eq!(Margin(15).add(u128::MAX / 2), u128::MAX, "saturates, never wraps");
	}

	#[test]
	fn the_header_records_the_margin_and_files_without_one_have_none() {
		let header = Margin(12).header();
		assert_eq!(header, "//! Margin: 12 % above the measured figures (`--margin`).\n");
		assert_eq!(Margin::of_file(&format!("//! Weights\n{header}//!\n")), Margin(12));
		assert_eq!(Margin::of_file("//! Weights for `pallet_x`\n"), Margin(0));
		assert_eq!(Margin(0).header(), "");
		// A garbled figure reads as none rather than a wrong one.
		assert_eq!(Margin::of_file("//! Margin: ten % above"), Margin(0));
	}

	#[test]
	fn the_machine_is_read_from_either_header_shape() {
		assert_eq!(
			cpu_of_file("//! DATE: 2026-11-24, STEPS: `50`, REPEAT: `20`, HOST: `vm`, CPU: `Intel(R) Xeon(R) Processor`\n"),
			"Intel(R) Xeon(R) Processor"
		);
		assert_eq!(
			cpu_of_file("//! x\n//! on 2026-11-24, host `vm`, CPU `AMD EPYC` (10 warm-up)\n"),
			"AMD EPYC"
		);
		assert_eq!(cpu_of_file("//! nothing here\n"), "unknown");
	}

	/// A figure kept from a third machine keeps that machine's name through later runs.
	#[test]
	fn a_kept_figure_keeps_its_machine() {
		let file = "//! DATE: x, CPU: `AMD EPYC`\n\
		            //! `pay`: the time measured on CPU `Xeon`, larger than this run's (`--keep-larger`).\n";
		assert_eq!(cpu_of_figure(file, "pay"), "Xeon");
		assert_eq!(cpu_of_figure(file, "burn"), "AMD EPYC");
	}

	#[test]
	fn numbers_are_read_with_or_without_underscores() {
		assert_eq!(parse_underscored("1_234_567"), Some(1_234_567));
		assert_eq!(parse_underscored(" 42 "), Some(42));
		assert_eq!(parse_underscored("_"), None);
		assert_eq!(parse_underscored("12a"), None);
		assert_eq!(parse_underscored(""), None);
	}

	#[test]
	fn a_missing_earlier_file_is_none_and_an_unreadable_one_an_error() {
		let dir = tempfile::tempdir().unwrap();
		assert!(read_earlier(&dir.path().join("absent.rs")).unwrap().is_none());
		let error = read_earlier(dir.path()).unwrap_err();
		assert!(matches!(error, EarlierFileError::Read { .. }), "{error}");
	}
}
