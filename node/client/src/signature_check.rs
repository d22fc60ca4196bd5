//! A block's signatures checked on a spare core while the block executes.
//!
//! Importing a block re-executes every transaction, and verifying its signature is the
//! largest single part of that. The checks are independent of each other and of the block's
//! state changes, so while one core executes the block, another runs the runtime's
//! [`SignatureCheck`] API over the block's extrinsics, in order and ahead of execution; the
//! executor's signature host functions then answer execution's identical checks from what
//! they remember (`executor::signatures`). Execution still makes every check: a signature not
//! yet checked ahead is checked in full, and a failure ahead is not remembered. The runtime's
//! `ExtrinsicBaseWeight` leaves the check out (`SignatureCheckWeight` bounds it, on this
//! core): a block imported without it (a runtime without the API, a block of fewer than
//! [`MIN_EXTRINSICS`], an error here) costs up to its signatures' checks more than its
//! weight, and the import log says how many were checked ahead.

use crate::{decode, Client, ClientError, StateBackend};
use codec::Encode;
use sci_primitives::{opaque::Block, signature_check::SignatureCheck, Hash};
use sp_api::RuntimeApiInfo;
use sp_core::traits::CallContext;
use sp_runtime::OpaqueExtrinsic;
use sp_state_machine::OverlayedChanges;
use sp_version::RuntimeVersion;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

/// Extrinsics per runtime call: small enough that the check soon runs ahead of execution (a
/// transfer's check, 43 µs, takes about half of its execution at import), large enough that
/// the call's own cost is a few percent.
const CHUNK: usize = 16;
/// Blocks with fewer extrinsics (inherents and a few transactions) execute before a second
/// thread would be of use.
const MIN_EXTRINSICS: usize = 8;

/// What a check ahead of one block's execution did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CheckedAhead {
	/// Extrinsics checked before execution finished.
	pub checked: usize,
	/// Of those, how many carried a valid signature (or none).
	pub valid: usize,
}

/// Whether `version`'s runtime offers the [`SignatureCheck`] API this node calls.
pub fn runtime_has_api(version: &RuntimeVersion) -> bool {
	version.has_api_with(&<dyn SignatureCheck<Block>>::ID, |v| v == 1)
}

impl Client {
	/// Check the signatures of `extrinsics` as in a block built on `parent`, through the
	/// runtime's [`SignatureCheck`] API; each successful signature check is remembered
	/// by this node's executor.
	pub fn check_signatures(
		&self,
		parent: Hash,
		extrinsics: &[OpaqueExtrinsic],
	) -> Result<Vec<bool>, ClientError> {
		self.check_signatures_on(&self.state_at(parent)?, parent, extrinsics)
	}

	/// [`Client::check_signatures`] on `parent`'s state, opened once by the caller.
	fn check_signatures_on(
		&self,
		state: &StateBackend,
		parent: Hash,
		extrinsics: &[OpaqueExtrinsic],
	) -> Result<Vec<bool>, ClientError> {
		let out = self.execute(
			state,
			&mut OverlayedChanges::default(),
			"SignatureCheck_check_signatures",
			&(parent, extrinsics).encode(),
			CallContext::Onchain { import: true },
		)?;
		decode("signature check result", &out)
	}

	/// Run `execute` (a block on `parent` holding `extrinsics`, under a runtime of `version`)
	/// while another thread checks the extrinsics' signatures ahead of it, until they are all
	/// checked or `execute` has returned.
	pub fn execute_with_signatures_checked_ahead<R>(
		&self,
		parent: Hash,
		version: &RuntimeVersion,
		extrinsics: &[OpaqueExtrinsic],
		execute: impl FnOnce() -> R,
	) -> (R, CheckedAhead) {
		if extrinsics.len() < MIN_EXTRINSICS || !runtime_has_api(version) {
			return (execute(), CheckedAhead::default());
		}
		let executed = AtomicBool::new(false);
		std::thread::scope(|scope| {
			let checker = std::thread::Builder::new()
				.name("sig-check".into())
				.spawn_scoped(scope, || self.check_until(parent, extrinsics, &executed));
			let result = execute();
			executed.store(true, Relaxed);
			let checked = match checker {
				Ok(checker) => checker.join().unwrap_or_default(),
				Err(error) => {
					log::debug!(target: "import", "no thread to check signatures ahead: {error}");
					CheckedAhead::default()
				},
			};
			(result, checked)
		})
	}

	fn check_until(
		&self,
		parent: Hash,
		extrinsics: &[OpaqueExtrinsic],
		executed: &AtomicBool,
	) -> CheckedAhead {
		let mut outcome = CheckedAhead::default();
		let state = match self.state_at(parent) {
			Ok(state) => state,
			Err(error) => {
				log::debug!(target: "import", "no state to check signatures ahead on: {error}");
				return outcome;
			},
		};
		for chunk in extrinsics.chunks(CHUNK) {
			if executed.load(Relaxed) {
				break;
			}
			match self.check_signatures_on(&state, parent, chunk) {
				Ok(valid) => {
					outcome.checked += chunk.len();
					outcome.valid += valid.iter().filter(|v| **v).count();
				},
				Err(error) => {
					log::debug!(target: "import", "checking signatures ahead stopped: {error}");
					break;
				},
			}
		}
		outcome
	}
}
