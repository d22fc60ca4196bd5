//! Block authoring through the runtime's BlockBuilder API: initialize the block with the slot
//! digest, apply the inherents (timestamp) and ready pool transactions until the block is full or
//! the time budget is spent, finalize, check the state root, and seal. Pool transactions are
//! applied many per runtime call when the runtime has the `BatchApply` API (each call's fixed
//! cost is a fifth of a transfer's), in batches of about 5 ms so the deadline still holds.

use crate::{
	client::{decode, state_version, Client, ClientError, ExecutedBlock, StateBackend},
	consensus,
	pool::TransactionPool,
};
use codec::{Decode, Encode};
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
	/// Finalize the block when it is committed.
	pub finalize: bool,
}

/// Build and seal a block for `claim`.
pub fn propose(
	client: &Client,
	pool: &TransactionPool,
	claim: SlotClaim,
) -> Result<Proposal, ClientError> {
	let SlotClaim { parent, slot, timestamp_ms, key, deadline, finalize } = claim;
	let _work = client.block_work();
	let started = Instant::now();
	let parent_header = client.expect_header(parent)?;
	let backend = client.state_to_build_on(parent)?;
	let version = client.runtime_version(parent)?;
	let mut overlay = OverlayedChanges::default();
	let onchain = CallContext::Onchain { import: false };
	let decode_err = |what: &'static str| {
		move |e: codec::Error| ClientError::Decode { what, error: e.to_string() }
	};

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
	let mode =
		ExtrinsicInclusionMode::decode(&mut &mode[..]).map_err(decode_err("inclusion mode"))?;

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
	let inherents =
		Vec::<OpaqueExtrinsic>::decode(&mut &inherents[..]).map_err(decode_err("inherents"))?;

	let mut extrinsics = Vec::new();
	for inherent in inherents {
		let result = client.execute(
			&backend,
			&mut overlay,
			"BlockBuilder_apply_extrinsic",
			&inherent.encode(),
			onchain,
		)?;
		match ApplyExtrinsicResult::decode(&mut &result[..]).map_err(decode_err("apply result"))? {
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
			let batch: Vec<_> = ready.by_ref().take(batch_size).collect();
			if batch.is_empty() {
				break;
			}
			let started = Instant::now();
			let tried = batch.len();
			let results = applier.apply(batch.iter().map(|tx| &tx.extrinsic))?;
			let mut block_full = false;
			for (tx, result) in batch.into_iter().zip(results) {
				match result {
					Ok(_) => {
						extrinsics.push(tx.extrinsic);
						included.push(tx.hash);
					},
					Err(TransactionValidityError::Invalid(
						InvalidTransaction::ExhaustsResources,
					)) => block_full = true,
					Err(e) => invalid.push((tx.hash, e)),
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
	let header = Header::decode(&mut &header[..]).map_err(decode_err("header"))?;
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
	fn apply<'x>(
		&mut self,
		extrinsics: impl ExactSizeIterator<Item = &'x OpaqueExtrinsic>,
	) -> Result<Vec<ApplyExtrinsicResult>, ClientError> {
		let extrinsics: Vec<_> = extrinsics.collect();
		if self.batched && extrinsics.len() > 1 {
			match self.apply_batch(&extrinsics) {
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
			let block_full = result
				== Err(TransactionValidityError::Invalid(InvalidTransaction::ExhaustsResources));
			results.push(result);
			if block_full {
				break;
			}
		}
		Ok(results)
	}

	/// One `BatchApply_apply_extrinsics` call, in a storage transaction of the node's that
	/// keeps its changes only if the call succeeded as a whole.
	fn apply_batch(
		&mut self,
		extrinsics: &[&OpaqueExtrinsic],
	) -> Result<Vec<ApplyExtrinsicResult>, ClientError> {
		self.overlay.start_transaction();
		let results = self
			.client
			.execute(
				self.backend,
				self.overlay,
				"BatchApply_apply_extrinsics",
				&extrinsics.encode(),
				CallContext::Onchain { import: false },
			)
			.and_then(|out| decode::<Vec<ApplyExtrinsicResult>>("batch apply results", &out))
			.and_then(|results| {
				let ends_right = results.len() == extrinsics.len()
					|| results.last()
						== Some(&Err(TransactionValidityError::Invalid(
							InvalidTransaction::ExhaustsResources,
						)));
				if results.is_empty() || results.len() > extrinsics.len() || !ends_right {
					return Err(ClientError::Call {
						method: "BatchApply_apply_extrinsics".into(),
						error: format!(
							"{} results for {} extrinsics",
							results.len(),
							extrinsics.len()
						),
					});
				}
				Ok(results)
			});
		match results {
			Ok(_) => self.overlay.commit_transaction(),
			Err(_) => self.overlay.rollback_transaction(),
		}
		.expect("a transaction was started above");
		results
	}

	/// One `BlockBuilder_apply_extrinsic` call, in a storage transaction of its own: a
	/// rejected transaction leaves no trace. A call that fails as a whole counts as invalid.
	fn apply_one(&mut self, extrinsic: &OpaqueExtrinsic) -> ApplyExtrinsicResult {
		self.overlay.start_transaction();
		let result = self
			.client
			.execute(
				self.backend,
				self.overlay,
				"BlockBuilder_apply_extrinsic",
				&extrinsic.encode(),
				CallContext::Onchain { import: false },
			)
			.and_then(|out| decode::<ApplyExtrinsicResult>("apply result", &out))
			.unwrap_or_else(|error| {
				let hash = <Hashing as sp_runtime::traits::Hash>::hash_of(extrinsic);
				log::warn!(target: "authoring", "applying {hash:?} failed: {error}");
				Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(255)))
			});
		match result {
			Ok(_) => self.overlay.commit_transaction(),
			Err(_) => self.overlay.rollback_transaction(),
		}
		.expect("a transaction was started above");
		result
	}
}
