//! Block authoring through the runtime's BlockBuilder API: initialize the block with the slot
//! digest, apply the inherents (timestamp) and ready pool transactions until the block is full or
//! the time budget is spent, finalize, check the state root, and seal.

use crate::{
	client::{state_version, Client, ClientError, ExecutedBlock},
	consensus,
	pool::TransactionPool,
};
use codec::{Decode, Encode};
use sci_primitives::{opaque::Block, Hash, Header};
use sp_consensus_aura::{sr25519::AuthorityPair, Slot};
use sp_core::traits::CallContext;
use sp_inherents::InherentData;
use sp_runtime::{
	traits::{Block as BlockT, Header as HeaderT},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	ApplyExtrinsicResult, Digest, ExtrinsicInclusionMode, OpaqueExtrinsic,
};
use sp_state_machine::OverlayedChanges;
use std::time::Instant;

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
		for tx in pool.ready() {
			if Instant::now() >= deadline {
				break;
			}
			// Each transaction in its own storage transaction: a rejected one leaves no trace.
			overlay.start_transaction();
			let result = client.execute(
				&backend,
				&mut overlay,
				"BlockBuilder_apply_extrinsic",
				&tx.extrinsic.encode(),
				onchain,
			);
			let outcome = result.and_then(|r| {
				ApplyExtrinsicResult::decode(&mut &r[..]).map_err(decode_err("apply result"))
			});
			match outcome {
				Ok(Ok(_)) => {
					overlay.commit_transaction().expect("a transaction was started above");
					extrinsics.push(tx.extrinsic);
					included.push(tx.hash);
				},
				Ok(Err(TransactionValidityError::Invalid(
					InvalidTransaction::ExhaustsResources,
				))) => {
					overlay.rollback_transaction().expect("a transaction was started above");
					break;
				},
				Ok(Err(e)) => {
					overlay.rollback_transaction().expect("a transaction was started above");
					invalid.push((tx.hash, e));
				},
				Err(e) => {
					overlay.rollback_transaction().expect("a transaction was started above");
					log::warn!(target: "authoring", "applying {:?} failed: {e}", tx.hash);
					invalid.push((
						tx.hash,
						TransactionValidityError::Invalid(InvalidTransaction::Custom(255)),
					));
				},
			}
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
