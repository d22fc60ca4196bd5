//! Block authoring through the runtime's BlockBuilder API: initialize the block with the slot
//! digest, apply the inherents (timestamp) and ready pool transactions until the block is full or
//! the time budget is spent, finalize, check the state root, and seal. Pool transactions are
//! applied many per runtime call when the runtime has the `BatchApply` API (each call's fixed
//! cost is a fifth of a transfer's), in batches of about 5 ms so the deadline still holds.

use codec::Encode;
use sci_client::consensus;
use sci_client::{decode, state_version, Client, ClientError, ExecutedBlock, StateBackend};
use sci_pool::TransactionPool;
use sci_primitives::{block_building::BatchApply, opaque::Block, Hash, Hashing, Header};
use sp_api::RuntimeApiInfo;
use sp_consensus_aura::{sr25519::AuthorityPair, Slot};
use sp_core::traits::CallContext;
use sp_inherents::InherentData;
use sp_runtime::{
	traits::{Block as BlockT, Header as HeaderT},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	ApplyExtrinsicResult, Digest, ExtrinsicInclusionMode, OpaqueExtrinsic,
};
use sp_state_machine::OverlayedChanges;
use sp_version::RuntimeVersion;
use std::time::{Duration, Instant};

/// Most pool transactions applied in one runtime call.
const MAX_BATCH: usize = 64;
/// About how long one batch should take: the deadline is checked between batches.
const BATCH_TIME: Duration = Duration::from_millis(5);

/// A built, sealed block and what it did to the pool.
pub struct Proposal {
	/// The executed block, ready to commit.
	pub executed: ExecutedBlock,
	/// Pool transactions included, in block order.
	pub included: Vec<Hash>,
	/// Pool transactions the runtime rejected.
	pub invalid: Vec<(Hash, TransactionValidityError)>,
	/// Time spent building.
	pub build_time: std::time::Duration,
}

/// What to build a block for.
pub struct SlotClaim<'a> {
	/// The block to build on.
	pub parent: Hash,
	/// The slot, which `key` must own.
	pub slot: Slot,
	/// The timestamp inherent; must fall in `slot`.
	pub timestamp_ms: u64,
	/// The author's key, which seals the block.
	pub key: &'a AuthorityPair,
	/// Stop adding pool transactions at this instant.
	pub deadline: Instant,
	/// Finalize the block when it is committed: for chains built without a finality gadget
	/// (tests). A node leaves finality to GRANDPA, which finalizes after import.
	pub finalize: bool,
}

/// Build and seal a block for `claim`.
pub fn propose(
	client: &Client,
	pool: &TransactionPool,
	claim: SlotClaim<'_>,
) -> Result<Proposal, ClientError> {
	let SlotClaim { parent, slot, timestamp_ms, key, deadline, finalize } = claim;
	let _work = client.block_work();
	let started = Instant::now();
	let parent_header = client.expect_header(parent)?;
	let backend = client.state_to_build_on(parent)?;
	let version = client.runtime_version(parent)?;
	let mut overlay = OverlayedChanges::default();
	let onchain = CallContext::Onchain { import: false };

	let header = Header::new(
		parent_header.number + 1,
		Default::default(),
		Default::default(),
		parent,
		Digest { logs: vec![consensus::pre_digest(slot)] },
	);
	let mode = client.execute(
		&backend,
		&mut overlay,
		"Core_initialize_block",
		&header.encode(),
		onchain,
	)?;
	let mode: ExtrinsicInclusionMode = decode("inclusion mode", &mode)?;

	let mut inherent_data = InherentData::new();
	inherent_data
		.put_data(sp_timestamp::INHERENT_IDENTIFIER, &timestamp_ms)
		.map_err(|e| ClientError::Call { method: "inherent data".into(), error: e.to_string() })?;
	let inherents = client.execute(
		&backend,
		&mut overlay,
		"BlockBuilder_inherent_extrinsics",
		&inherent_data.encode(),
		onchain,
	)?;
	let inherents: Vec<OpaqueExtrinsic> = decode("inherents", &inherents)?;

	let mut extrinsics = Vec::new();
	for inherent in inherents {
		let result = client.execute(
			&backend,
			&mut overlay,
			"BlockBuilder_apply_extrinsic",
			&inherent.encode(),
			onchain,
		)?;
		match decode::<ApplyExtrinsicResult>("apply result", &result)? {
			Ok(_) => extrinsics.push(inherent),
			Err(e) => {
				return Err(ClientError::Call {
					method: "apply inherent".into(),
					error: format!("{e:?}"),
				});
			},
		}
	}

	let mut included = Vec::new();
	let mut invalid = Vec::new();
	if mode == ExtrinsicInclusionMode::AllExtrinsics {
		let mut applier = Applier {
			client,
			backend: &backend,
			overlay: &mut overlay,
			batched: runtime_has_batch_apply(&version),
		};
		let mut ready = pool.ready().into_iter();
		let mut batch_size = 1;
		while Instant::now() < deadline {
			let hashes: Vec<_> = ready.by_ref().take(batch_size).collect();
			if hashes.is_empty() {
				break;
			}
			// Those that left the pool since it was ordered (pruned by an import) are skipped.
			let batch = pool.extrinsics(&hashes);
			let started = Instant::now();
			let tried = batch.len().max(1);
			let results = applier.apply(&batch.iter().map(|(_, xt)| xt).collect::<Vec<_>>())?;
			let mut block_full = false;
			for ((hash, extrinsic), result) in batch.into_iter().zip(results) {
				match result {
					Ok(_) => {
						extrinsics.push(extrinsic);
						included.push(hash);
					},
					Err(_) if is_block_full(&result) => block_full = true,
					Err(e) => invalid.push((hash, e)),
				}
			}
			if block_full {
				break;
			}
			batch_size = next_batch_size(started.elapsed(), tried);
		}
	}

	let header =
		client.execute(&backend, &mut overlay, "BlockBuilder_finalize_block", &[], onchain)?;
	let header: Header = decode("header", &header)?;
	let changes =
		overlay.drain_storage_changes(&backend, state_version(&version)).map_err(|e| {
			ClientError::Call { method: "storage changes".into(), error: e.to_string() }
		})?;
	if changes.transaction_storage_root != *header.state_root() {
		return Err(ClientError::Call {
			method: "BlockBuilder_finalize_block".into(),
			error: format!(
				"runtime state root {:?} differs from the host's {:?}",
				header.state_root(),
				changes.transaction_storage_root
			),
		});
	}
	let sealed = consensus::seal(header, key);
	let block = Block::new(sealed, extrinsics);
	debug_assert_eq!(block.header().number, parent_header.number + 1);
	Ok(Proposal {
		executed: ExecutedBlock { block, changes, justifications: None, finalize },
		included,
		invalid,
		build_time: started.elapsed(),
	})
}

/// Whether a runtime of `version` has the [`BatchApply`] API, at the version this node calls.
fn runtime_has_batch_apply(version: &RuntimeVersion) -> bool {
	version.has_api_with(&<dyn BatchApply<Block>>::ID, |v| v == 1)
}

/// Whether `result` says the block has no room left for the transaction.
fn is_block_full(result: &ApplyExtrinsicResult) -> bool {
	*result == Err(TransactionValidityError::Invalid(InvalidTransaction::ExhaustsResources))
}

/// How many transactions to apply in the next call, the last `tried` having taken `took`: as
/// many as take about [`BATCH_TIME`], at least one and at most [`MAX_BATCH`].
fn next_batch_size(took: Duration, tried: usize) -> usize {
	let each = took.as_nanos() / tried.max(1) as u128;
	(BATCH_TIME.as_nanos() / each.max(1)).clamp(1, MAX_BATCH as u128) as usize
}

/// Applies pool transactions to the block being built: in batches through the runtime's
/// [`BatchApply`](sci_primitives::block_building::BatchApply) API when it has one, else one
/// `BlockBuilder_apply_extrinsic` call each.
struct Applier<'a> {
	client: &'a Client,
	backend: &'a StateBackend,
	overlay: &'a mut OverlayedChanges<Hashing>,
	batched: bool,
}

impl Applier<'_> {
	/// The results of `extrinsics` applied in order, up to and including the first the block
	/// has no room for. Applied ones are kept in the overlay, rejected ones leave no trace.
	fn apply(
		&mut self,
		extrinsics: &[&OpaqueExtrinsic],
	) -> Result<Vec<ApplyExtrinsicResult>, ClientError> {
		if self.batched && extrinsics.len() > 1 {
			match self.apply_batch(extrinsics) {
				Ok(results) => return Ok(results),
				// A call that failed as a whole (a runtime panic) left no trace: apply the
				// batch again one call each, so that only the failing transaction is dropped.
				Err(error) => {
					log::debug!(target: "authoring", "batch failed ({error}), retrying one by one")
				},
			}
		}
		let mut results = Vec::with_capacity(extrinsics.len());
		for extrinsic in extrinsics {
			let result = self.apply_one(extrinsic);
			let block_full = is_block_full(&result);
			results.push(result);
			if block_full {
				break;
			}
		}
		Ok(results)
	}

	/// One `BatchApply_apply_extrinsics` call, kept only if it succeeded as a whole.
	fn apply_batch(
		&mut self,
		extrinsics: &[&OpaqueExtrinsic],
	) -> Result<Vec<ApplyExtrinsicResult>, ClientError> {
		let method = "BatchApply_apply_extrinsics";
		self.in_transaction(Result::is_ok, |this| {
			let results: Vec<ApplyExtrinsicResult> =
				decode("batch apply results", &this.execute(method, &extrinsics.encode())?)?;
			// Every extrinsic's result, or those up to the first the block had no room for.
			let complete = results.len() == extrinsics.len()
				|| (results.len() < extrinsics.len() && results.last().is_some_and(is_block_full));
			if !complete {
				return Err(ClientError::Call {
					method: method.into(),
					error: format!("{} results for {} extrinsics", results.len(), extrinsics.len()),
				});
			}
			Ok(results)
		})
	}

	/// One `BlockBuilder_apply_extrinsic` call, kept only if the transaction was applied. A
	/// call that fails as a whole counts as invalid.
	fn apply_one(&mut self, extrinsic: &OpaqueExtrinsic) -> ApplyExtrinsicResult {
		self.in_transaction(Result::is_ok, |this| {
			this.execute("BlockBuilder_apply_extrinsic", &extrinsic.encode())
				.and_then(|out| decode::<ApplyExtrinsicResult>("apply result", &out))
				.unwrap_or_else(|error| {
					let hash = <Hashing as sp_runtime::traits::Hash>::hash_of(extrinsic);
					log::warn!(target: "authoring", "applying {hash:?} failed: {error}");
					Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(255)))
				})
		})
	}

	/// Run `body` in a storage transaction of its own, whose changes stay if `keep` says so.
	fn in_transaction<T>(
		&mut self,
		keep: impl FnOnce(&T) -> bool,
		body: impl FnOnce(&mut Self) -> T,
	) -> T {
		self.overlay.start_transaction();
		let outcome = body(self);
		if keep(&outcome) {
			self.overlay.commit_transaction()
		} else {
			self.overlay.rollback_transaction()
		}
		.expect("a transaction was started above");
		outcome
	}

	/// A block-building call of the runtime on the block's state and changes so far.
	fn execute(&mut self, method: &str, input: &[u8]) -> Result<Vec<u8>, ClientError> {
		let onchain = CallContext::Onchain { import: false };
		self.client.execute(self.backend, self.overlay, method, input, onchain)
	}
}

#[cfg(test)]
mod tests;
