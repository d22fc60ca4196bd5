//! Answers to peers' requests: blocks (`sync/2`), proofs for light clients (`light/2`) and
//! GRANDPA warp-sync proofs (`sync/warp`). Each runs on a blocking thread, bounded by the
//! response limits polkadot-sdk keeps.

use crate::wire::{
	block_request::{self, BlockData, BlockResponse, FromBlock},
	light::{self, LightRequest},
	warp::{self, WarpSyncFragment, WarpSyncProof},
	WireError,
};
pub use block_request::MAX_BLOCKS_IN_RESPONSE;
use codec::{Decode, Encode};
use prost::Message;
use sci_client_api::{ChainApiExt, ClientError, SyncedChain};
use sci_primitives::{BlockNumber, Hash, Header};
use sp_consensus_grandpa::{GrandpaJustification, GRANDPA_ENGINE_ID};
use sp_core::storage::ChildInfo;
/// Bodies and justifications past this size end a block response early (at least one block
/// is always sent).
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// How far below the finalized block a warp proof looks for the newest justification.
const JUSTIFICATION_SEARCH: BlockNumber = 1024;

/// Why a request was not answered. The requester sees its substream close.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
	/// The request did not decode.
	#[error("malformed request: {0}")]
	Malformed(#[from] WireError),
	/// It names a block this node does not have.
	#[error("unknown block {0:?}")]
	UnknownBlock(Hash),
	/// No block at this height on our chain, below our finalized block (a damaged database).
	#[error("no finalized block #{0}")]
	NoBlockAt(BlockNumber),
	/// The node does not know the set changes from that block (it warp-synced past it).
	#[error(
		"warp proof from #{begin}: this node knows the GRANDPA set changes only from #{since}"
	)]
	NoSetHistory {
		/// The block the proof was asked from.
		begin: BlockNumber,
		/// The first block the node knows the changes from.
		since: BlockNumber,
	},
	/// A warp proof must start at a finalized block.
	#[error("warp proof from {0:?}, which is not a finalized block")]
	NotFinalized(Hash),
	/// The proof would not fit in a response.
	#[error("the proof is larger than a response may be")]
	TooLarge,
	/// Reading the chain failed.
	#[error(transparent)]
	Client(#[from] ClientError),
	/// Building a proof failed.
	#[error("proof: {0}")]
	Proof(String),
}

impl ServeError {
	/// Whether the requester is to blame (a malformed request), rather than our chain.
	pub fn is_malformed(&self) -> bool {
		matches!(self, ServeError::Malformed(_))
	}
}

/// Answer a `sync/2` block request.
pub fn blocks(client: &dyn SyncedChain, request: &[u8]) -> Result<Vec<u8>, ServeError> {
	let request = block_request::decode_block_request(request)?;
	let max = request.max_blocks.get();
	let mut next = match request.from {
		FromBlock::Hash(hash) => client.header(hash)?.map(|h| (hash, h)),
		FromBlock::Number(number) => match client.hash(number)? {
			Some(hash) => client.header(hash)?.map(|h| (hash, h)),
			None => None,
		},
	};
	let mut blocks = Vec::new();
	let mut size = 0;
	while let Some((hash, header)) = next.take() {
		if blocks.len() as u32 >= max || (size > MAX_BODY_BYTES && !blocks.is_empty()) {
			break;
		}
		let mut data = BlockData { hash: hash.as_bytes().to_vec(), ..Default::default() };
		if request.header {
			data.header = header.encode();
		}
		if request.body {
			// A block stored without its body (the block a node warp-synced to) ends the
			// response, as in polkadot-sdk: an empty body would read as a block without
			// extrinsics.
			let Some(body) = client.body(hash)? else { break };
			data.body = body.iter().map(|x| x.encode()).collect();
		}
		if request.justifications {
			if let Some(justifications) = client.justifications(hash)? {
				if request.support_multiple_justifications {
					data.justifications = justifications.encode();
				} else if let Some(grandpa) = justifications.into_justification(GRANDPA_ENGINE_ID) {
					data.is_empty_justification = grandpa.is_empty();
					data.justification = grandpa;
				}
			}
		}
		size += data.encoded_len();
		blocks.push(data);
		next = if request.ascending {
			match client.hash(header.number.saturating_add(1))? {
				Some(hash) => client.header(hash)?.map(|h| (hash, h)),
				None => None,
			}
		} else if header.number == 0 {
			None
		} else {
			client.header(header.parent_hash)?.map(|h| (header.parent_hash, h))
		};
	}
	Ok(BlockResponse { blocks }.encode_to_vec())
}

/// Answer a `light/2` request: a storage read or runtime call proof. A request this node cannot
/// prove (an unknown block, a key of no default child trie) gets the answer without a proof, as
/// polkadot-sdk gives it, so that the client asks elsewhere at once.
pub fn light(client: &dyn SyncedChain, request: &[u8]) -> Result<Vec<u8>, ServeError> {
	let request = light::decode_light_request(request)?;
	match prove(client, &request) {
		Ok(Some(proof)) => Ok(match request {
			LightRequest::Call { .. } => light::encode_call_response(proof.into_iter_nodes()),
			_ => light::encode_read_response(proof.into_iter_nodes()),
		}),
		Ok(None) | Err(ServeError::UnknownBlock(_)) => {
			Ok(light::encode_unavailable_response(&request))
		},
		Err(e) => Err(e),
	}
}

fn prove(
	client: &dyn SyncedChain,
	request: &LightRequest,
) -> Result<Option<sp_trie::StorageProof>, ServeError> {
	let proof_error = |e: Box<dyn sp_state_machine::Error>| ServeError::Proof(e.to_string());
	Ok(Some(match request {
		LightRequest::Read { block, keys } => {
			let state = state_of(client, *block)?;
			sp_state_machine::prove_read(state.uncached(), keys.iter()).map_err(proof_error)?
		},
		LightRequest::ReadChild { block, storage_key, keys } => {
			let Some(name) = light::default_child_trie_name(storage_key) else { return Ok(None) };
			let state = state_of(client, *block)?;
			let child = ChildInfo::new_default(name);
			sp_state_machine::prove_child_read(state.uncached(), &child, keys.iter())
				.map_err(proof_error)?
		},
		LightRequest::Call { block, method, data } => {
			if client.header(*block)?.is_none() {
				return Err(ServeError::UnknownBlock(*block));
			}
			client.call_proof(*block, method, data)?.1
		},
	}))
}

fn state_of(
	client: &dyn SyncedChain,
	block: Hash,
) -> Result<sci_storage::state::StateBackend, ServeError> {
	if client.header(block)?.is_none() {
		return Err(ServeError::UnknownBlock(block));
	}
	Ok(client.state_at(block)?)
}

/// Answer a `sync/warp` request: the proof that takes a client from the finalized block
/// `begin` to our latest finalized block, one authority-set change at a time.
pub fn warp(client: &dyn SyncedChain, request: &[u8]) -> Result<Vec<u8>, ServeError> {
	let begin = warp::decode_warp_request(request)?.begin;
	Ok(warp_proof(client, begin)?.encode())
}

fn grandpa_justification(
	client: &dyn SyncedChain,
	hash: Hash,
) -> Result<Option<GrandpaJustification<Header>>, ClientError> {
	let Some(justifications) = client.justifications(hash)? else { return Ok(None) };
	Ok(justifications
		.get(GRANDPA_ENGINE_ID)
		.and_then(|bytes| GrandpaJustification::<Header>::decode(&mut &bytes[..]).ok()))
}

/// A finalized block's hash and header by number.
fn finalized_header(
	client: &dyn SyncedChain,
	number: BlockNumber,
) -> Result<(Hash, Header), ServeError> {
	let hash = client.hash(number)?.ok_or(ServeError::NoBlockAt(number))?;
	Ok((hash, client.expect_header(hash)?))
}

/// The warp proof from `begin`: a fragment for each block that enacted a GRANDPA set change
/// after it (as the node recorded them when finalizing), each with the justification of the
/// set that finalized it, then the newest finalized block that has a justification.
pub fn warp_proof(client: &dyn SyncedChain, begin: Hash) -> Result<WarpSyncProof, ServeError> {
	let info = client.info();
	let begin_header = client.header(begin)?.ok_or(ServeError::UnknownBlock(begin))?;
	if begin_header.number > info.finalized_number
		|| client.hash(begin_header.number)? != Some(begin)
	{
		return Err(ServeError::NotFinalized(begin));
	}
	let sets = client.grandpa_sets();
	let changes = sets
		.ended_after(begin_header.number)
		.ok_or(ServeError::NoSetHistory { begin: begin_header.number, since: sets.since })?;
	let mut proofs = Vec::new();
	let mut size = 0;
	let mut from = begin_header.number;
	for &(_, enacting) in changes {
		let (hash, header) = finalized_header(client, enacting)?;
		let Some(justification) = grandpa_justification(client, hash)? else {
			log::warn!(target: "sync", "no justification for set change #{enacting}: warp proof ends");
			return Ok(WarpSyncProof { proofs, is_finished: false });
		};
		let fragment = WarpSyncFragment { header, justification };
		size += fragment.encoded_size();
		if size > warp::MAX_WARP_SYNC_PROOF_SIZE - 1024 {
			return Ok(WarpSyncProof { proofs, is_finished: false });
		}
		proofs.push(fragment);
		from = enacting;
	}
	let lowest = from.max(info.finalized_number.saturating_sub(JUSTIFICATION_SEARCH)) + 1;
	for number in (lowest..=info.finalized_number).rev() {
		// Below the block a node warp-synced to, it has no blocks.
		let Some(hash) = client.hash(number)? else { break };
		let header = client.expect_header(hash)?;
		if let Some(justification) = grandpa_justification(client, hash)? {
			let fragment = WarpSyncFragment { header, justification };
			if size + fragment.encoded_size() > warp::MAX_WARP_SYNC_PROOF_SIZE - 1024 {
				return Ok(WarpSyncProof { proofs, is_finished: false });
			}
			proofs.push(fragment);
			break;
		}
	}
	Ok(WarpSyncProof { proofs, is_finished: true })
}
