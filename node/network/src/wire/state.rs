//! `/<genesis>/state/2`: state download for state sync, protobuf (`api.v1.proto` in
//! polkadot-sdk's `sc-network-sync`).
//!
//! The requester names a block and the key to resume after; the responder sends either a proof
//! (the SCALE encoding of an `sp_trie::CompactProof`, i.e. a `Vec<Vec<u8>>` of compact trie
//! nodes, what smoldot always asks for) or, with `no_proof`, the raw key-value pairs. A
//! response is filled up to a size limit and the requester continues from its last key. Child
//! tries appear as entries under `:child_storage:default:<name>`; `start` has a second key when
//! resuming inside a child trie.

use prost::Message as _;
use sci_primitives::Hash;

use super::{hash_from_bytes, WireError};

/// `StateRequest` message.
#[derive(Clone, PartialEq, prost::Message)]
pub struct StateRequest {
	/// Hash of the block whose state is requested.
	#[prost(bytes, tag = "1")]
	pub block: Vec<u8>,
	/// Key to resume after: empty to start, one key in the main trie, or the child trie's key
	/// then a key inside it.
	#[prost(bytes, repeated, tag = "2")]
	pub start: Vec<Vec<u8>>,
	/// `true` asks for raw [`StateResponse::entries`] instead of a [`StateResponse::proof`].
	#[prost(bool, tag = "3")]
	pub no_proof: bool,
}

/// `StateResponse` message.
#[derive(Clone, PartialEq, prost::Message)]
pub struct StateResponse {
	/// Key-value pairs, one entry per trie; only when `no_proof` was requested.
	#[prost(message, repeated, tag = "1")]
	pub entries: Vec<KeyValueStateEntry>,
	/// SCALE-encoded compact proof; only when `no_proof` was not requested.
	#[prost(bytes, tag = "2")]
	pub proof: Vec<u8>,
}

/// `KeyValueStateEntry` message: the pairs of one trie.
#[derive(Clone, PartialEq, prost::Message)]
pub struct KeyValueStateEntry {
	/// Root of the child trie these pairs belong to; empty for the main trie.
	#[prost(bytes, tag = "1")]
	pub state_root: Vec<u8>,
	/// The pairs, in key order.
	#[prost(message, repeated, tag = "2")]
	pub entries: Vec<StateEntry>,
	/// `true` once this trie has no more keys to send.
	#[prost(bool, tag = "3")]
	pub complete: bool,
}

/// `StateEntry` message: one key-value pair.
#[derive(Clone, PartialEq, prost::Message)]
pub struct StateEntry {
	/// Storage key.
	#[prost(bytes, tag = "1")]
	pub key: Vec<u8>,
	/// Storage value.
	#[prost(bytes, tag = "2")]
	pub value: Vec<u8>,
}

/// A validated state request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedStateRequest {
	/// Block whose state is requested.
	pub block: Hash,
	/// Key path to resume after, as in [`StateRequest::start`].
	pub start: Vec<Vec<u8>>,
	/// Whether raw pairs rather than a proof are wanted.
	pub no_proof: bool,
}

/// Decodes a state request received from a peer; the block hash must be 32 bytes.
pub fn decode_state_request(bytes: &[u8]) -> Result<DecodedStateRequest, WireError> {
	let request = StateRequest::decode(bytes)?;
	Ok(DecodedStateRequest {
		block: hash_from_bytes(&request.block)?,
		start: request.start,
		no_proof: request.no_proof,
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn decodes_smoldot_request() {
		// smoldot's `build_state_request`: block (1), start key (2), no_proof = false (3).
		let mut bytes = vec![0x0a, 32];
		bytes.extend([0x44; 32]);
		bytes.extend([0x12, 2, 0xab, 0xcd, 0x18, 0x00]);
		assert_eq!(
			decode_state_request(&bytes).unwrap(),
			DecodedStateRequest {
				block: Hash::repeat_byte(0x44),
				start: vec![vec![0xab, 0xcd]],
				no_proof: false,
			}
		);
	}

	#[test]
	fn request_round_trip() {
		let request = StateRequest {
			block: vec![1; 32],
			start: vec![b":child_storage:default:a".to_vec(), vec![7]],
			no_proof: true,
		};
		let decoded = decode_state_request(&request.encode_to_vec()).unwrap();
		assert_eq!(decoded.block, Hash::repeat_byte(1));
		assert_eq!(decoded.start, request.start);
		assert!(decoded.no_proof);
	}

	#[test]
	fn response_layout_and_round_trip() {
		let proof_only = StateResponse { entries: vec![], proof: vec![0] };
		assert_eq!(proof_only.encode_to_vec(), vec![0x12, 1, 0]);

		let entries = StateResponse {
			entries: vec![KeyValueStateEntry {
				state_root: vec![],
				entries: vec![StateEntry { key: vec![1], value: vec![2, 3] }],
				complete: true,
			}],
			proof: vec![],
		};
		let bytes = entries.encode_to_vec();
		// entries(1) { entries(2) { key(1), value(2) }, complete(3) }
		assert_eq!(bytes, vec![0x0a, 11, 0x12, 7, 0x0a, 1, 1, 0x12, 2, 2, 3, 0x18, 1]);
		assert_eq!(StateResponse::decode(&bytes[..]).unwrap(), entries);
	}

	#[test]
	fn malformed_requests_fail() {
		let short = StateRequest { block: vec![0; 4], ..Default::default() }.encode_to_vec();
		assert!(matches!(decode_state_request(&short), Err(WireError::InvalidHashLength(4))));
		assert!(matches!(decode_state_request(&[]), Err(WireError::InvalidHashLength(0))));
		assert!(matches!(decode_state_request(&[0x0a, 40, 1]), Err(WireError::Protobuf(_))));
	}
}
