//! `/<genesis>/light/2`: light-client call and storage proofs, protobuf (`light.v1.proto` in
//! polkadot-sdk's `sc-network-light`, a proto2 schema).
//!
//! A proof travels as the SCALE encoding of `sp_trie::StorageProof`, a set of trie nodes:
//! compact count, then each node as a length-prefixed byte string, sorted and without duplicates
//! (the proof is a `BTreeSet<Vec<u8>>`). The `proof` field is `optional`: leaving it out tells
//! the requester the block could not be served (pruned, unknown, call failed), and smoldot reads
//! a missing proof as exactly that.
//!
//! Not modelled: `RemoteReadRequestV2` (oneof tag 6, RFC-0009), which recent polkadot-sdk added;
//! such requests decode as [`WireError::MissingLightRequest`].

use std::collections::BTreeSet;

use codec::Encode;
use prost::Message as _;
use sci_primitives::Hash;

use super::{hash_from_bytes, WireError};

/// Prefix polkadot-sdk expects on [`RemoteReadChildRequest::storage_key`] for a default child trie.
pub const DEFAULT_CHILD_STORAGE_KEY_PREFIX: &[u8] = b":child_storage:default:";

/// `Request` message: one light-client request.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Request {
	/// The request.
	#[prost(oneof = "RequestKind", tags = "1, 2, 4")]
	pub request: Option<RequestKind>,
}

/// The `request` oneof of [`Request`].
#[derive(Clone, PartialEq, prost::Oneof)]
pub enum RequestKind {
	/// Execute a runtime call and prove it.
	#[prost(message, tag = "1")]
	RemoteCallRequest(RemoteCallRequest),
	/// Prove main-trie storage values.
	#[prost(message, tag = "2")]
	RemoteReadRequest(RemoteReadRequest),
	/// Prove child-trie storage values.
	#[prost(message, tag = "4")]
	RemoteReadChildRequest(RemoteReadChildRequest),
}

/// `RemoteCallRequest` message.
#[derive(Clone, PartialEq, prost::Message)]
pub struct RemoteCallRequest {
	/// Hash of the block to call at.
	#[prost(bytes, required, tag = "2")]
	pub block: Vec<u8>,
	/// Runtime API function, e.g. `Core_version`.
	#[prost(string, required, tag = "3")]
	pub method: String,
	/// SCALE-encoded call arguments.
	#[prost(bytes, required, tag = "4")]
	pub data: Vec<u8>,
}

/// `RemoteReadRequest` message.
#[derive(Clone, PartialEq, prost::Message)]
pub struct RemoteReadRequest {
	/// Hash of the block to read at.
	#[prost(bytes, required, tag = "2")]
	pub block: Vec<u8>,
	/// Storage keys to prove.
	#[prost(bytes, repeated, tag = "3")]
	pub keys: Vec<Vec<u8>>,
}

/// `RemoteReadChildRequest` message.
#[derive(Clone, PartialEq, prost::Message)]
pub struct RemoteReadChildRequest {
	/// Hash of the block to read at.
	#[prost(bytes, required, tag = "2")]
	pub block: Vec<u8>,
	/// Prefixed child trie key: [`DEFAULT_CHILD_STORAGE_KEY_PREFIX`] then the child trie name.
	#[prost(bytes, required, tag = "3")]
	pub storage_key: Vec<u8>,
	/// Keys to prove within the child trie.
	#[prost(bytes, repeated, tag = "6")]
	pub keys: Vec<Vec<u8>>,
}

/// `Response` message: the answer to a [`Request`].
#[derive(Clone, PartialEq, prost::Message)]
pub struct Response {
	/// The response, of the kind matching the request.
	#[prost(oneof = "ResponseKind", tags = "1, 2")]
	pub response: Option<ResponseKind>,
}

/// The `response` oneof of [`Response`].
#[derive(Clone, PartialEq, prost::Oneof)]
pub enum ResponseKind {
	/// Answer to a [`RemoteCallRequest`].
	#[prost(message, tag = "1")]
	RemoteCallResponse(RemoteCallResponse),
	/// Answer to a [`RemoteReadRequest`] or a [`RemoteReadChildRequest`].
	#[prost(message, tag = "2")]
	RemoteReadResponse(RemoteReadResponse),
}

/// `RemoteCallResponse` message.
#[derive(Clone, PartialEq, prost::Message)]
pub struct RemoteCallResponse {
	/// SCALE-encoded execution proof; `None` if the call could not be served.
	#[prost(bytes, optional, tag = "2")]
	pub proof: Option<Vec<u8>>,
}

/// `RemoteReadResponse` message.
#[derive(Clone, PartialEq, prost::Message)]
pub struct RemoteReadResponse {
	/// SCALE-encoded read proof; `None` if the read could not be served.
	#[prost(bytes, optional, tag = "2")]
	pub proof: Option<Vec<u8>>,
}

/// A validated light-client request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LightRequest {
	/// Run `method` with `data` at `block`, answer with the proof of the storage it touched.
	Call {
		/// Block to call at.
		block: Hash,
		/// Runtime API function.
		method: String,
		/// SCALE-encoded arguments.
		data: Vec<u8>,
	},
	/// Prove the values of `keys` in the main trie at `block`.
	Read {
		/// Block to read at.
		block: Hash,
		/// Keys to prove, never empty.
		keys: Vec<Vec<u8>>,
	},
	/// Prove the values of `keys` in a child trie at `block`.
	ReadChild {
		/// Block to read at.
		block: Hash,
		/// Prefixed child trie key, see [`default_child_trie_name`].
		storage_key: Vec<u8>,
		/// Keys to prove, never empty.
		keys: Vec<Vec<u8>>,
	},
}

/// Decodes and validates a light-client request received from a peer.
///
/// Read requests without keys are rejected, as polkadot-sdk does.
pub fn decode_light_request(bytes: &[u8]) -> Result<LightRequest, WireError> {
	let non_empty =
		|keys: Vec<Vec<u8>>| if keys.is_empty() { Err(WireError::NoKeys) } else { Ok(keys) };
	Ok(match Request::decode(bytes)?.request.ok_or(WireError::MissingLightRequest)? {
		RequestKind::RemoteCallRequest(r) => {
			LightRequest::Call { block: hash_from_bytes(&r.block)?, method: r.method, data: r.data }
		},
		RequestKind::RemoteReadRequest(r) => {
			LightRequest::Read { block: hash_from_bytes(&r.block)?, keys: non_empty(r.keys)? }
		},
		RequestKind::RemoteReadChildRequest(r) => LightRequest::ReadChild {
			block: hash_from_bytes(&r.block)?,
			storage_key: r.storage_key,
			keys: non_empty(r.keys)?,
		},
	})
}

/// The child trie name in a [`LightRequest::ReadChild`] storage key, or `None` if the key is not
/// a default child trie key (polkadot-sdk then answers without a proof).
pub fn default_child_trie_name(storage_key: &[u8]) -> Option<&[u8]> {
	storage_key.strip_prefix(DEFAULT_CHILD_STORAGE_KEY_PREFIX)
}

/// Encodes the answer to a read or child-read request, proving with `proof_nodes` (the trie
/// nodes of the `StorageProof`, in any order, duplicates allowed).
pub fn encode_read_response(proof_nodes: impl IntoIterator<Item = Vec<u8>>) -> Vec<u8> {
	let proof = Some(encode_storage_proof(proof_nodes));
	encode_response(ResponseKind::RemoteReadResponse(RemoteReadResponse { proof }))
}

/// Encodes the answer to a call request, proving with `proof_nodes` (the trie nodes of the
/// execution proof, in any order, duplicates allowed).
pub fn encode_call_response(proof_nodes: impl IntoIterator<Item = Vec<u8>>) -> Vec<u8> {
	let proof = Some(encode_storage_proof(proof_nodes));
	encode_response(ResponseKind::RemoteCallResponse(RemoteCallResponse { proof }))
}

/// Encodes the "cannot serve this" answer to `request`: the matching response without a proof.
pub fn encode_unavailable_response(request: &LightRequest) -> Vec<u8> {
	encode_response(match request {
		LightRequest::Call { .. } => {
			ResponseKind::RemoteCallResponse(RemoteCallResponse { proof: None })
		},
		LightRequest::Read { .. } | LightRequest::ReadChild { .. } => {
			ResponseKind::RemoteReadResponse(RemoteReadResponse { proof: None })
		},
	})
}

fn encode_response(response: ResponseKind) -> Vec<u8> {
	Response { response: Some(response) }.encode_to_vec()
}

/// SCALE encoding of `sp_trie::StorageProof { trie_nodes: BTreeSet<Vec<u8>> }`.
fn encode_storage_proof(proof_nodes: impl IntoIterator<Item = Vec<u8>>) -> Vec<u8> {
	proof_nodes.into_iter().collect::<BTreeSet<_>>().encode()
}

#[cfg(test)]
mod tests {
	use super::*;

	fn length_delimited(tag: u8, payload: &[u8]) -> Vec<u8> {
		assert!(payload.len() < 128, "test helper only does one-byte lengths");
		[&[(tag << 3) | 2, payload.len() as u8][..], payload].concat()
	}

	#[test]
	fn decodes_smoldot_read_request() {
		// smoldot's `build_storage_proof_request`: oneof field 2 { block = 2, keys = 3 }.
		let inner = [
			length_delimited(2, &[0x11; 32]),
			length_delimited(3, b"k1"),
			length_delimited(3, b""),
		]
		.concat();
		let bytes = length_delimited(2, &inner);
		assert_eq!(
			decode_light_request(&bytes).unwrap(),
			LightRequest::Read {
				block: Hash::repeat_byte(0x11),
				keys: vec![b"k1".to_vec(), vec![]]
			}
		);
	}

	#[test]
	fn decodes_smoldot_call_request() {
		// smoldot's `build_call_proof_request`: oneof field 1 { block = 2, method = 3, data = 4 }.
		let inner = [
			length_delimited(2, &[0x22; 32]),
			length_delimited(3, b"Core_version"),
			length_delimited(4, &[]),
		]
		.concat();
		assert_eq!(
			decode_light_request(&length_delimited(1, &inner)).unwrap(),
			LightRequest::Call {
				block: Hash::repeat_byte(0x22),
				method: "Core_version".into(),
				data: vec![],
			}
		);
	}

	#[test]
	fn decodes_smoldot_child_read_request() {
		// smoldot's `build_child_storage_proof_request`: oneof field 4 { 2, 3, keys = 6 }.
		let storage_key = [DEFAULT_CHILD_STORAGE_KEY_PREFIX, b"abc"].concat();
		let inner = [
			length_delimited(2, &[0x33; 32]),
			length_delimited(3, &storage_key),
			length_delimited(6, b"key"),
		]
		.concat();
		let request = decode_light_request(&length_delimited(4, &inner)).unwrap();
		let LightRequest::ReadChild { block, storage_key, keys } = request else {
			panic!("not a child read: {request:?}");
		};
		assert_eq!(block, Hash::repeat_byte(0x33));
		assert_eq!(default_child_trie_name(&storage_key), Some(&b"abc"[..]));
		assert_eq!(keys, vec![b"key".to_vec()]);
		assert_eq!(default_child_trie_name(b"abc"), None);
	}

	#[test]
	fn read_response_layout() {
		// Response field 2 { proof = 2 }, proof = SCALE set: sorted, deduplicated.
		let bytes = encode_read_response([b"b".to_vec(), b"a".to_vec(), b"b".to_vec()]);
		let proof = [0x08, 0x04, b'a', 0x04, b'b'];
		assert_eq!(bytes, length_delimited(2, &length_delimited(2, &proof)));

		let empty = encode_call_response(std::iter::empty());
		assert_eq!(empty, length_delimited(1, &length_delimited(2, &[0])));
	}

	#[test]
	fn unavailable_responses_have_no_proof() {
		let call = LightRequest::Call { block: Hash::zero(), method: String::new(), data: vec![] };
		let read = LightRequest::Read { block: Hash::zero(), keys: vec![vec![1]] };
		// The oneof is present, its message empty: smoldot reads that as "no proof".
		assert_eq!(encode_unavailable_response(&call), vec![0x0a, 0]);
		assert_eq!(encode_unavailable_response(&read), vec![0x12, 0]);
		let decoded = Response::decode(&encode_unavailable_response(&read)[..]).unwrap();
		assert_eq!(
			decoded.response,
			Some(ResponseKind::RemoteReadResponse(RemoteReadResponse { proof: None }))
		);
	}

	#[test]
	fn round_trip_through_prost() {
		let request = Request {
			request: Some(RequestKind::RemoteReadChildRequest(RemoteReadChildRequest {
				block: vec![9; 32],
				storage_key: b":child_storage:default:x".to_vec(),
				keys: vec![vec![1], vec![2]],
			})),
		};
		let decoded = decode_light_request(&request.encode_to_vec()).unwrap();
		assert_eq!(
			decoded,
			LightRequest::ReadChild {
				block: Hash::repeat_byte(9),
				storage_key: b":child_storage:default:x".to_vec(),
				keys: vec![vec![1], vec![2]],
			}
		);
	}

	#[test]
	fn malformed_requests_fail() {
		let read = |block: Vec<u8>, keys: Vec<Vec<u8>>| {
			Request {
				request: Some(RequestKind::RemoteReadRequest(RemoteReadRequest { block, keys })),
			}
			.encode_to_vec()
		};
		assert!(matches!(
			decode_light_request(&read(vec![0; 33], vec![vec![1]])),
			Err(WireError::InvalidHashLength(33))
		));
		assert!(matches!(decode_light_request(&read(vec![0; 32], vec![])), Err(WireError::NoKeys)));
		assert!(matches!(decode_light_request(&[]), Err(WireError::MissingLightRequest)));
		// RFC-0009 `RemoteReadRequestV2` (tag 6) is unknown here.
		assert!(matches!(
			decode_light_request(&length_delimited(6, &[])),
			Err(WireError::MissingLightRequest)
		));
		// Invalid UTF-8 method name.
		let inner = [length_delimited(2, &[0; 32]), length_delimited(3, &[0xff, 0xfe])].concat();
		assert!(matches!(
			decode_light_request(&length_delimited(1, &inner)),
			Err(WireError::Protobuf(_))
		));
		assert!(decode_light_request(&[0x0a, 0x05, 0x12]).is_err());
	}
}
