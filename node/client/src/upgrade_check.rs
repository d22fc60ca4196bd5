//! `check-upgrade`: a dry run of a candidate runtime on a copy of the live state.
//!
//! Checks the candidate's version against the running one, then runs its migrations on an
//! in-memory overlay of block `at`'s state with the new `:code`, recording the trie nodes read:
//! through `TryRuntime_on_runtime_upgrade` (pre/post-upgrade checks and `try_state`) when the
//! candidate was built with the `try-runtime` feature, otherwise by initializing the next block
//! on the new code (what the first block after the upgrade does). Nothing is written to the
//! database.

use crate::{state_version, Client, ClientError};
use codec::{Compact, Decode, Encode};
use sci_primitives::{Hash, Hashing, Header};
use sp_core::traits::{CallContext, ReadRuntimeVersionExt, RuntimeCode, WrappedRuntimeCode};
use sp_externalities::Extensions;
use sp_runtime::{traits::Header as _, Digest};
use sp_state_machine::{OverlayedChanges, StateMachine};
use sp_version::RuntimeVersion;
use std::time::{Duration, Instant};

/// How the candidate's migrations were run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
	/// `TryRuntime_on_runtime_upgrade` with all checks.
	TryRuntime,
	/// `Core_initialize_block` of the next block (no pre/post checks, no `try_state`).
	NextBlock,
}

/// What the dry run found.
#[derive(Debug)]
pub struct UpgradeReport {
	/// The runtime version in force.
	pub current: RuntimeVersion,
	/// The new runtime's version.
	pub candidate: RuntimeVersion,
	/// Which check ran.
	pub mode: Mode,
	/// How long it took.
	pub elapsed: Duration,
	/// Weight the upgrade consumed: (ref time in ps, proof size in bytes).
	pub weight: (u64, u64),
	/// Storage keys the upgrade changed, `:code` included.
	pub keys_changed: usize,
	/// Size of the storage proof of everything the upgrade read, in bytes.
	pub proof_size: usize,
}

/// Why the candidate fails.
#[derive(Debug, thiserror::Error)]
pub enum UpgradeError {
	/// The code is not a runtime this node can run.
	#[error("not a runtime: {0}")]
	NotARuntime(String),
	#[error("spec_name `{candidate}` differs from the chain's `{current}`")]
	/// The new runtime is another chain's.
	SpecName {
		/// The runtime in force.
		current: String,
		/// The new runtime.
		candidate: String,
	},
	#[error("spec_version {candidate} does not increase the chain's {current}")]
	/// The new runtime's `spec_version` is not higher.
	SpecVersion {
		/// The runtime in force.
		current: u32,
		/// The new runtime.
		candidate: u32,
	},
	/// The migration or its checks failed; what the runtime logged.
	#[error("migration failed: {0}")]
	Migration(String),
	/// The chain could not be read.
	#[error(transparent)]
	Client(#[from] ClientError),
}

/// `Weight` as SCALE encodes it: compact ref time (ps), compact proof size (bytes).
type EncodedWeight = (Compact<u64>, Compact<u64>);

/// Storage key of `System::BlockWeight`.
fn block_weight_key() -> Vec<u8> {
	[sp_crypto_hashing::twox_128(b"System"), sp_crypto_hashing::twox_128(b"BlockWeight")].concat()
}

/// `message`, followed by the error lines logged while the candidate ran (deduplicated).
fn with_logged_errors(message: String, mut logged: Vec<String>) -> String {
	logged.dedup();
	if logged.is_empty() {
		return message;
	}
	format!("{message}\nerrors logged by the runtime:\n  {}", logged.join("\n  "))
}

/// Dry-run `code` as the runtime of the block after `at`.
pub fn check_upgrade(
	client: &Client,
	at: Hash,
	code: &[u8],
) -> Result<UpgradeReport, UpgradeError> {
	let executor = client.executor();
	let candidate = executor
		.runtime_version(&mut sp_state_machine::BasicExternalities::new_empty(), code)
		.map_err(|e| UpgradeError::NotARuntime(e.to_string()))?;
	let current = client.runtime_version(at)?;
	if candidate.spec_name != current.spec_name {
		return Err(UpgradeError::SpecName {
			current: current.spec_name.into(),
			candidate: candidate.spec_name.into(),
		});
	}
	if candidate.spec_version <= current.spec_version {
		return Err(UpgradeError::SpecVersion {
			current: current.spec_version,
			candidate: candidate.spec_version,
		});
	}
	let code_hash = sp_crypto_hashing::blake2_256(code).to_vec();
	let try_runtime = executor
		.has_export(&code_hash, code, "TryRuntime_on_runtime_upgrade")
		.map_err(|e| UpgradeError::NotARuntime(e.to_string()))?;

	let parent = client.expect_header(at)?;
	let recorder = sp_trie::recorder::Recorder::<Hashing>::default();
	let backend = client.state_at(at)?.recording(recorder.clone());
	let mut overlay = OverlayedChanges::<Hashing>::default();
	overlay.set_storage(sp_core::storage::well_known_keys::CODE.to_vec(), Some(code.to_vec()));
	let fetcher = WrappedRuntimeCode(code.into());
	let runtime_code = RuntimeCode { code_fetcher: &fetcher, heap_pages: None, hash: code_hash };
	let (mode, method, input) = if try_runtime {
		// `UpgradeCheckSelect::All`: pre- and post-upgrade checks and `try_state`.
		(Mode::TryRuntime, "TryRuntime_on_runtime_upgrade", 1u8.encode())
	} else {
		let slot = crate::consensus::slot_of(&parent).map(|s| u64::from(s) + 1).unwrap_or_default();
		let header = Header::new(
			parent.number + 1,
			Default::default(),
			Default::default(),
			at,
			Digest { logs: vec![crate::consensus::pre_digest(slot.into())] },
		);
		(Mode::NextBlock, "Core_initialize_block", header.encode())
	};

	let started = Instant::now();
	// The runtime logs which try-runtime check failed and why; its error only says one did.
	let capture = sci_logging::ErrorCapture::start();
	let mut extensions = Extensions::default();
	extensions.register(ReadRuntimeVersionExt::new(executor.clone()));
	let context = CallContext::Onchain { import: false };
	let output = StateMachine::new(
		&backend,
		&mut overlay,
		executor,
		method,
		&input,
		&mut extensions,
		&runtime_code,
		context,
	)
	.execute()
	.map_err(|e| UpgradeError::Migration(with_logged_errors(e.to_string(), capture.finish())))?;
	let elapsed = started.elapsed();
	let proof_size = recorder.estimate_encoded_size();

	let weight = match mode {
		Mode::TryRuntime => {
			let (used, _max): (EncodedWeight, EncodedWeight) = Decode::decode(&mut &output[..])
				.map_err(|e| UpgradeError::Migration(format!("bad output: {e}")))?;
			(used.0 .0, used.1 .0)
		},
		// Migrations and `on_initialize` book their weight in `System::BlockWeight`.
		Mode::NextBlock => match overlay.storage(&block_weight_key()).flatten() {
			Some(raw) => <[EncodedWeight; 3]>::decode(&mut &raw[..])
				.map(|classes| classes.iter().fold((0, 0), |(r, p), (cr, cp)| (r + cr.0, p + cp.0)))
				.unwrap_or_default(),
			None => (0, 0),
		},
	};
	let changes = overlay
		.drain_storage_changes(&backend, state_version(&candidate))
		.map_err(|e| UpgradeError::Migration(e.to_string()))?;
	Ok(UpgradeReport {
		current,
		candidate,
		mode,
		elapsed,
		weight,
		keys_changed: changes.main_storage_changes.len(),
		proof_size,
	})
}
