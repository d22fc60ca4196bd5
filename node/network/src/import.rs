//! Importing blocks that peers sent, one job at a time on a blocking thread.

use super::{sync::RangeOutcome, wire::block_request::BlockData};
use codec::Decode;
use libp2p::PeerId;
use sci_client_api::{ImportError, ImportOutcome, SyncedChain};
use sci_primitives::{opaque::Block, BlockNumber, Hash, Header};
use sp_consensus_grandpa::GRANDPA_ENGINE_ID;
use sp_runtime::{Justifications, OpaqueExtrinsic};
use std::sync::Arc;
use substrate_prometheus_endpoint::Histogram;
use tokio::sync::mpsc;

/// A block with the proofs of its finality.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyncedBlock {
	/// The block.
	pub block: Block,
	/// Its justifications, if any.
	pub justifications: Option<Justifications>,
}

/// The blocks of a block response, checked to be whole: a header and body each, the hash each
/// claims being the header's.
pub(crate) fn synced_blocks(blocks: Vec<BlockData>) -> Result<Vec<SyncedBlock>, codec::Error> {
	blocks
		.into_iter()
		.map(|data| {
			let header = Header::decode(&mut &data.header[..])?;
			if header.hash().as_bytes() != data.hash.as_slice() {
				return Err("the block hash is not its header's".into());
			}
			let extrinsics = data
				.body
				.iter()
				.map(|x| OpaqueExtrinsic::decode(&mut &x[..]))
				.collect::<Result<Vec<_>, _>>()?;
			let justifications = if !data.justifications.is_empty() {
				Some(Justifications::decode(&mut &data.justifications[..])?)
			} else if !data.justification.is_empty() {
				Some(Justifications::from((GRANDPA_ENGINE_ID, data.justification)))
			} else {
				None
			};
			Ok(SyncedBlock { block: Block { header, extrinsics }, justifications })
		})
		.collect()
}

/// Why a justification was not imported.
#[derive(Debug, thiserror::Error)]
pub enum JustificationError {
	/// It is invalid: the peer that sent it is charged.
	#[error("{0}")]
	Invalid(String),
	/// It cannot be checked before an earlier block is finalized (one that enacts a change of
	/// the set that signs justifications).
	#[error("{0}")]
	NotYet(String),
}

/// Verifies and applies finality proofs that arrive with synced blocks (the finality gadget).
pub trait JustificationImport: Send + Sync {
	/// Check `justifications` for the stored block `hash` at `number` and finalize it.
	fn import_justifications(
		&self,
		hash: Hash,
		number: BlockNumber,
		justifications: &Justifications,
	) -> Result<(), JustificationError>;
	/// The nearest unfinalized block on the chain of `tip` that must be finalized by its own
	/// justification (it enacts a change of the signing set), if any.
	fn must_justify_on(&self, tip: Hash) -> Option<BlockNumber>;
}

/// Where the blocks of a job came from.
#[derive(Debug)]
pub(crate) enum JobKind {
	/// One announced block.
	Announced,
	/// A range we asked for.
	Range,
}

/// Blocks from `peer` to import in order.
pub(crate) struct ImportJob {
	pub peer: PeerId,
	pub blocks: Vec<SyncedBlock>,
	pub kind: JobKind,
}

/// What a job did.
pub(crate) struct ImportResult {
	pub peer: PeerId,
	pub kind: JobKind,
	pub outcome: RangeOutcome,
	/// The hashes of the job's blocks.
	pub hashes: Vec<Hash>,
}

/// Import jobs until the channel closes.
pub(crate) async fn worker(
	client: Arc<dyn SyncedChain>,
	justifications: Option<Arc<dyn JustificationImport>>,
	import_time: Option<Histogram>,
	mut jobs: mpsc::UnboundedReceiver<ImportJob>,
	results: mpsc::UnboundedSender<ImportResult>,
) {
	while let Some(job) = jobs.recv().await {
		let (client, justifications, import_time) =
			(client.clone(), justifications.clone(), import_time.clone());
		let ImportJob { peer, blocks, kind } = job;
		let hashes = blocks.iter().map(|b| b.block.header.hash()).collect();
		let outcome = tokio::task::spawn_blocking(move || {
			import_blocks(&*client, justifications.as_deref(), import_time.as_ref(), peer, blocks)
		})
		.await
		.unwrap_or(RangeOutcome::Empty);
		if results.send(ImportResult { peer, kind, outcome, hashes }).is_err() {
			return;
		}
	}
}

fn import_blocks(
	client: &dyn SyncedChain,
	justification_import: Option<&dyn JustificationImport>,
	import_time: Option<&Histogram>,
	peer: PeerId,
	blocks: Vec<SyncedBlock>,
) -> RangeOutcome {
	let started = std::time::Instant::now();
	let count = blocks.len();
	let mut imported = Imported::default();
	for (index, SyncedBlock { block, justifications }) in blocks.into_iter().enumerate() {
		let number = block.header.number;
		let hash = block.header.hash();
		let block_started = std::time::Instant::now();
		let result = client.import_block(block, None);
		if let (Some(histogram), Ok(ImportOutcome::Imported { .. })) = (import_time, &result) {
			histogram.observe(block_started.elapsed().as_secs_f64());
		}
		match result {
			Ok(ImportOutcome::Imported { .. } | ImportOutcome::AlreadyInChain(_)) => {
				imported.last = Some(number);
				imported.last_hash = Some(hash);
				if let Some(justifications) = justifications {
					imported.justified.push((hash, number, justifications));
				}
			},
			Err(ImportError::UnknownParent(_)) if index == 0 => return RangeOutcome::Detached,
			Err(ImportError::BelowFinalized(_)) => continue,
			// An honest author whose clock runs a little ahead: not worth a ban.
			Err(ImportError::Seal(sci_client_api::SealError::FutureSlot { .. })) => break,
			Err(ImportError::Client(e)) => {
				log::error!(target: "sync", "cannot import block #{number} from {peer}: {e}");
				break;
			},
			Err(e) => {
				log::warn!(target: "sync", "invalid block #{number} ({hash:?}) from {peer}: {e}");
				return RangeOutcome::Invalid;
			},
		}
	}
	if let Some(importer) = justification_import {
		if let Err(e) = import_justifications(client, importer, &imported) {
			log::warn!(target: "sync", "bad justification from {peer}: {e}");
			return RangeOutcome::Invalid;
		}
	}
	if count > 1 {
		log::debug!(target: "sync", "imported {count} blocks from {peer} in {:?}", started.elapsed());
	}
	imported.last.map_or(RangeOutcome::Empty, RangeOutcome::Imported)
}

/// What a job imported so far.
#[derive(Default)]
struct Imported {
	/// The highest block imported.
	last: Option<BlockNumber>,
	/// The hash of the highest block imported.
	last_hash: Option<Hash>,
	/// The imported blocks that came with justifications, in ascending order.
	justified: Vec<(Hash, BlockNumber, Justifications)>,
}

/// Apply the justifications of a range: those of blocks that must be finalized by their own
/// (each enacts a set change; the next set signs the blocks after it), then the newest, which
/// finalizes the blocks below it. Only an invalid justification is an error: one that cannot be
/// checked yet (a block enacting a change below it came without one) is left.
fn import_justifications(
	client: &dyn SyncedChain,
	importer: &dyn JustificationImport,
	imported: &Imported,
) -> Result<(), JustificationError> {
	let Some(tip) = imported.last_hash else { return Ok(()) };
	let mut enacting = importer.must_justify_on(tip);
	while let Some(number) = enacting {
		let Some((hash, _, justifications)) =
			imported.justified.iter().find(|(_, justified, _)| *justified == number)
		else {
			break;
		};
		importer.import_justifications(*hash, number, justifications)?;
		enacting = importer.must_justify_on(tip).filter(|next| *next > number);
	}
	let Some((hash, number, justifications)) = imported.justified.last() else { return Ok(()) };
	if *number <= client.info().finalized_number {
		return Ok(());
	}
	match importer.import_justifications(*hash, *number, justifications) {
		Err(JustificationError::NotYet(reason)) => {
			log::debug!(target: "sync", "justification for #{number} left: {reason}");
			Ok(())
		},
		result => result,
	}
}
