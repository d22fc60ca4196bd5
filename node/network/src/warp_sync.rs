//! Warp sync of a fresh full node (`--sync warp`): prove the finalized head with GRANDPA warp
//! proofs (one authority-set change per fragment), download that block's state with
//! `state/2`, and hand both to the client, which stores the block as finalized once the
//! state's root matches its header. Normal sync continues from there.
//!
//! I/O free: the network worker sends what [`WarpSync::next_request`] asks for to a full peer
//! and feeds the responses back. A response that does not check out is the peer's fault (the
//! worker charges it and asks another); the state's root is checked when the client imports
//! it, so a peer that sent wrong pairs costs a new download.

use crate::{
	warp_verify::{verify_warp_proof, AuthoritySet, WarpVerifyError},
	wire::{
		state::{StateRequest, StateResponse},
		warp::{decode_warp_proof, WarpProofRequest},
		WireError,
	},
};
use codec::Encode;
use prost::Message as _;
use sci_client_api::Pairs;
use sci_primitives::{BlockNumber, Hash, Header};
use sp_consensus_grandpa::GRANDPA_ENGINE_ID;
use sp_core::storage::well_known_keys;
use sp_runtime::Justifications;
use std::collections::HashMap;

/// A request for a full peer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WarpRequest {
	/// A warp proof (`sync/warp`).
	Proof(Vec<u8>),
	/// A range of the state (`state/2`).
	State(Vec<u8>),
}

/// Why a peer's response was refused.
#[derive(Debug, thiserror::Error)]
pub enum WarpSyncError {
	/// It did not decode.
	#[error("malformed response: {0}")]
	Malformed(#[from] WireError),
	/// The protobuf did not decode.
	#[error("malformed state response: {0}")]
	MalformedState(#[from] prost::DecodeError),
	/// The proof did not verify.
	#[error("invalid warp proof: {0}")]
	Invalid(#[from] WarpVerifyError),
	/// The proof ends at or below where it started.
	#[error("the warp proof ends at #{0}, not above #{1}")]
	NoProgress(BlockNumber, BlockNumber),
	/// The state response does not continue the download.
	#[error("the state response does not continue from the last key: {0}")]
	BadState(&'static str),
	/// A response came in a phase that does not expect it.
	#[error("unexpected response")]
	Unexpected,
	/// The peer has finalized nothing beyond where we start: not its fault, ask again later.
	#[error("the peer has nothing to prove yet")]
	NothingNew,
}

impl WarpSyncError {
	/// Whether the peer that sent the response is to blame.
	pub fn is_peer_fault(&self) -> bool {
		!matches!(self, WarpSyncError::NothingNew | WarpSyncError::Unexpected)
	}
}

/// The downloaded state, ready for `BlockImport::import_warp_state`.
#[derive(Debug)]
pub struct Downloaded {
	/// The finalized block.
	pub header: Header,
	/// Its GRANDPA justification.
	pub justifications: Justifications,
	/// The main trie.
	pub top: Pairs,
	/// The child tries, by `:child_storage:default:` key.
	pub children: Vec<(Vec<u8>, Pairs)>,
}

struct StateDownload {
	header: Header,
	justifications: Justifications,
	top: Pairs,
	/// Child tries' pairs by their roots: tries with the same contents (so the same root) are
	/// sent once, under the first key that names them.
	children: HashMap<Vec<u8>, Pairs>,
	/// The first storage key naming each child root.
	child_keys: HashMap<Vec<u8>, Vec<u8>>,
	/// Where the next response starts.
	start: Vec<Vec<u8>>,
}

impl StateDownload {
	fn new(header: Header, justifications: Justifications) -> Box<Self> {
		Box::new(Self {
			header,
			justifications,
			top: Vec::new(),
			children: HashMap::new(),
			child_keys: HashMap::new(),
			start: Vec::new(),
		})
	}

	/// The whole state: every child trie the main trie names, under each of its keys.
	fn finish(self) -> Downloaded {
		let children = self
			.top
			.iter()
			.filter(|(key, _)| well_known_keys::is_child_storage_key(key))
			.map(|(key, root)| (key.clone(), self.children.get(root).cloned().unwrap_or_default()))
			.collect();
		Downloaded {
			header: self.header,
			justifications: self.justifications,
			top: self.top,
			children,
		}
	}
}

enum Phase {
	/// Proving from `begin` (trusted, with `set` in force after it).
	Proofs { set: AuthoritySet, begin: Hash, begin_number: BlockNumber },
	/// Downloading the state of the proven block.
	State(Box<StateDownload>),
	/// The state is with the client.
	Importing,
	/// Finished: normal sync has taken over.
	Done,
}

/// The warp-sync state machine.
pub struct WarpSync {
	phase: Phase,
}

impl WarpSync {
	/// Warp from genesis, whose GRANDPA set is `set`.
	pub fn new(genesis: Hash, set: AuthoritySet) -> Self {
		Self { phase: Phase::Proofs { set, begin: genesis, begin_number: 0 } }
	}

	/// Whether it is still running (normal sync waits until it is not).
	pub fn is_active(&self) -> bool {
		!matches!(self.phase, Phase::Done)
	}

	/// Whether the response awaited is a warp proof (else a state range).
	pub fn awaits_proof(&self) -> bool {
		matches!(self.phase, Phase::Proofs { .. })
	}

	/// What to ask a peer next, if anything.
	pub fn next_request(&self) -> Option<WarpRequest> {
		match &self.phase {
			Phase::Proofs { begin, .. } => {
				Some(WarpRequest::Proof(WarpProofRequest { begin: *begin }.encode()))
			},
			Phase::State(download) => Some(WarpRequest::State(
				StateRequest {
					block: download.header.hash().as_bytes().to_vec(),
					start: download.start.clone(),
					no_proof: true,
				}
				.encode_to_vec(),
			)),
			Phase::Importing | Phase::Done => None,
		}
	}

	/// Take a warp proof; a finished one moves on to the state download.
	pub fn on_proof(&mut self, response: &[u8]) -> Result<(), WarpSyncError> {
		let Phase::Proofs { set, begin_number, .. } = &self.phase else {
			return Err(WarpSyncError::Unexpected);
		};
		let proof = decode_warp_proof(response)?;
		if proof.proofs.is_empty() && proof.is_finished {
			return Err(WarpSyncError::NothingNew);
		}
		let verified = verify_warp_proof(set, &proof)?;
		let number = verified.header.number;
		if number <= *begin_number {
			return Err(WarpSyncError::NoProgress(number, *begin_number));
		}
		log::info!(
			target: "sync",
			"⏩ Warping: #{number} proven final ({} authority-set changes)",
			verified.changes
		);
		self.phase = if verified.is_finished {
			let justifications =
				Justifications::from((GRANDPA_ENGINE_ID, verified.justification.encode()));
			Phase::State(StateDownload::new(verified.header, justifications))
		} else {
			Phase::Proofs {
				begin: verified.header.hash(),
				begin_number: number,
				set: verified.next_set,
			}
		};
		Ok(())
	}

	/// Take a state response; returns the whole state once the last one is in.
	pub fn on_state(&mut self, response: &[u8]) -> Result<Option<Downloaded>, WarpSyncError> {
		let Phase::State(download) = &mut self.phase else {
			return Err(WarpSyncError::Unexpected);
		};
		let response = StateResponse::decode(response)?;
		let Some((top, children)) = response.entries.split_first() else {
			return Err(WarpSyncError::BadState("no entries"));
		};
		if !top.state_root.is_empty() {
			return Err(WarpSyncError::BadState("the main trie is not first"));
		}
		// Keys must move forward, or a peer could keep us downloading forever.
		let after = download.top.last().map(|(key, _)| key.clone());
		if let (Some(after), Some(first)) = (&after, top.entries.first()) {
			if first.key <= *after {
				return Err(WarpSyncError::BadState("main trie keys do not ascend"));
			}
		}
		for entry in &top.entries {
			if well_known_keys::is_child_storage_key(&entry.key) {
				download.child_keys.entry(entry.value.clone()).or_insert_with(|| entry.key.clone());
			}
			download.top.push((entry.key.clone(), entry.value.clone()));
		}
		for child in children {
			if !download.child_keys.contains_key(&child.state_root) {
				return Err(WarpSyncError::BadState("a child trie the main trie does not name"));
			}
			let pairs = download.children.entry(child.state_root.clone()).or_default();
			pairs.extend(child.entries.iter().map(|e| (e.key.clone(), e.value.clone())));
		}
		let last = children.last().unwrap_or(top);
		download.start = if !children.is_empty() && !last.complete {
			let key = download.child_keys[&last.state_root].clone();
			let Some(inner) = last.entries.last() else {
				return Err(WarpSyncError::BadState("an incomplete child trie without pairs"));
			};
			vec![key, inner.key.clone()]
		} else if top.complete {
			let Phase::State(download) = std::mem::replace(&mut self.phase, Phase::Importing)
			else {
				return Err(WarpSyncError::Unexpected);
			};
			return Ok(Some(download.finish()));
		} else {
			match download.top.last() {
				Some((key, _)) if Some(key) != after.as_ref() => vec![key.clone()],
				_ => return Err(WarpSyncError::BadState("an incomplete response without pairs")),
			}
		};
		Ok(None)
	}

	/// The client stored the state: warp sync is over.
	pub fn on_imported(&mut self) {
		self.phase = Phase::Done;
	}

	/// The client refused the state (its root is not the header's): download it again.
	pub fn on_import_failed(&mut self, header: Header, justifications: Justifications) {
		self.phase = Phase::State(StateDownload::new(header, justifications));
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::serve_state::{entries, tests::test_state};
	use sci_primitives::Hashing;
	use sp_runtime::{traits::Header as _, Digest};
	use sp_state_machine::{Backend, InMemoryBackend};

	fn downloading() -> WarpSync {
		let header = Header::new(9, Hash::zero(), Hash::zero(), Hash::zero(), Digest::default());
		let mut warp = WarpSync::new(Hash::zero(), AuthoritySet { set_id: 0, authorities: vec![] });
		warp.on_import_failed(header, Justifications::from((GRANDPA_ENGINE_ID, vec![])));
		warp
	}

	/// The next request's `start`.
	fn start(warp: &WarpSync) -> Vec<Vec<u8>> {
		match warp.next_request() {
			Some(WarpRequest::State(bytes)) => StateRequest::decode(&bytes[..]).unwrap().start,
			other => panic!("expected a state request, got {other:?}"),
		}
	}

	fn respond(trie: &InMemoryBackend<Hashing>, start: &[Vec<u8>], limit: usize) -> Vec<u8> {
		StateResponse { entries: entries(trie, start, limit).unwrap(), proof: vec![] }
			.encode_to_vec()
	}

	#[test]
	fn downloads_a_state_in_small_responses_and_rebuilds_its_root() {
		let trie = test_state();
		let mut warp = downloading();
		let mut responses = 0;
		let done = loop {
			responses += 1;
			let response = respond(&trie, &start(&warp), 2_000);
			if let Some(done) = warp.on_state(&response).unwrap() {
				break done;
			}
		};
		assert!(responses > 10, "{responses} responses");
		assert!(warp.next_request().is_none(), "nothing more to ask while importing");
		// Every child trie the main trie names, the twin with the same root included.
		assert_eq!(done.children.len(), 3);
		let storage = sp_core::storage::Storage {
			top: done.top.iter().cloned().collect(),
			children_default: done
				.children
				.iter()
				.map(|(key, pairs)| {
					let name = key.strip_prefix(well_known_keys::DEFAULT_CHILD_STORAGE_KEY_PREFIX);
					let child_info = sp_core::storage::ChildInfo::new_default(name.unwrap());
					let data = pairs.iter().cloned().collect();
					(
						child_info.storage_key().to_vec(),
						sp_core::storage::StorageChild { data, child_info },
					)
				})
				.collect(),
		};
		let rebuilt =
			InMemoryBackend::<Hashing>::from((storage, sp_core::storage::StateVersion::V1));
		assert_eq!(rebuilt.storage_root(std::iter::empty(), Default::default()).0, *trie.root());
	}

	#[test]
	fn a_response_that_does_not_move_on_is_refused() {
		let trie = test_state();
		let mut warp = downloading();
		let first = respond(&trie, &[], 2_000);
		assert!(warp.on_state(&first).unwrap().is_none());
		// The same response again: its keys do not come after the ones we have.
		assert!(matches!(warp.on_state(&first), Err(WarpSyncError::BadState(_))));
		// Garbage, and an empty response.
		assert!(warp.on_state(&[0xff, 0xff]).is_err());
		let empty = StateResponse { entries: vec![], proof: vec![] }.encode_to_vec();
		assert!(matches!(warp.on_state(&empty), Err(WarpSyncError::BadState(_))));
		// A warp proof is not what this phase waits for.
		assert!(matches!(warp.on_proof(&[0, 1]), Err(WarpSyncError::Unexpected)));
	}

	#[test]
	fn a_proof_that_does_not_verify_is_refused() {
		let mut warp = WarpSync::new(Hash::zero(), AuthoritySet { set_id: 0, authorities: vec![] });
		assert!(matches!(warp.next_request(), Some(WarpRequest::Proof(_))));
		// An empty, unfinished proof; an empty finished one is no fault (nothing final yet);
		// bytes that are no proof.
		assert!(matches!(warp.on_proof(&[0, 0]), Err(WarpSyncError::Invalid(_))));
		let nothing = warp.on_proof(&[0, 1]).unwrap_err();
		assert!(!nothing.is_peer_fault());
		assert!(matches!(warp.on_proof(&[0xff]), Err(WarpSyncError::Malformed(_))));
		assert!(warp.is_active());
	}
}
