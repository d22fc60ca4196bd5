//! Wire formats of the peer-to-peer protocols a polkadot-sdk node speaks.
//!
//! Pure codecs, no I/O: each submodule turns the bytes of one protocol's messages into typed
//! values and back, byte-for-byte compatible with polkadot-sdk and smoldot. Everything that
//! decodes takes untrusted bytes from the network, so decoding never panics and reports failures
//! as a [`WireError`].
//!
//! | Protocol (`/<genesis hex>/...`) | Kind | Module |
//! |---|---|---|
//! | `block-announces/1` | notifications, SCALE | [`announce`] |
//! | `sync/2` | request-response, protobuf | [`block_request`] |
//! | `light/2` | request-response, protobuf | [`light`] |
//! | `state/2` | request-response, protobuf | [`state`] |
//! | `sync/warp` | request-response, SCALE | [`warp`] |
//! | `transactions/1` | notifications, SCALE | [`transactions`] |
//! | `grandpa/1` | notifications, SCALE | [`grandpa`] |

pub mod announce;
pub mod block_request;
pub mod grandpa;
pub mod light;
pub mod state;
pub mod transactions;
pub mod warp;

use sci_primitives::Hash;

/// Why bytes received from a peer could not be decoded.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
	/// The SCALE encoding is invalid (truncated, bad enum index, trailing bytes, ...).
	#[error("invalid SCALE encoding: {0}")]
	Scale(#[from] codec::Error),
	/// The protobuf encoding is invalid.
	#[error("invalid protobuf encoding: {0}")]
	Protobuf(#[from] prost::DecodeError),
	/// A block hash does not have the 32 bytes of a `Hash`.
	#[error("block hash has {0} bytes, expected 32")]
	InvalidHashLength(usize),
	/// A block number is not the little-endian encoding of a `BlockNumber` (`u32`).
	#[error("invalid block number encoding ({0} bytes)")]
	InvalidBlockNumber(usize),
	/// A block request names neither a start hash nor a start number.
	#[error("block request without a start block")]
	MissingStartBlock,
	/// A block request has a direction other than ascending (0) or descending (1).
	#[error("unknown block request direction {0}")]
	InvalidDirection(i32),
	/// A block request asks for block attributes this protocol version does not define.
	#[error("unknown block attribute bits in {0:#010x}")]
	InvalidBlockAttributes(u32),
	/// A light-client request carries none of the known request kinds.
	#[error("light-client request of no known kind")]
	MissingLightRequest,
	/// A light-client read request lists no keys (polkadot-sdk rejects those too).
	#[error("light-client read request without keys")]
	NoKeys,
	/// Bytes are left over after a complete SCALE message.
	#[error("{0} trailing bytes after the message")]
	TrailingBytes(usize),
	/// A message is larger than the protocol allows.
	#[error("message of {size} bytes, at most {max} allowed")]
	TooLarge {
		/// Size of the message.
		size: usize,
		/// Limit of the protocol.
		max: usize,
	},
	/// A batch holds more items than the caller accepts.
	#[error("{count} items, at most {max} accepted")]
	TooManyItems {
		/// Number of items the message announces.
		count: u32,
		/// Bound the caller set.
		max: usize,
	},
}

/// Decodes exactly one SCALE-encoded `T` from `bytes`, rejecting anything left over.
fn decode_exact<T: codec::Decode>(mut bytes: &[u8]) -> Result<T, WireError> {
	let value = T::decode(&mut bytes)?;
	if bytes.is_empty() {
		Ok(value)
	} else {
		Err(WireError::TrailingBytes(bytes.len()))
	}
}

/// A 32-byte block hash from a protobuf `bytes` field.
fn hash_from_bytes(bytes: &[u8]) -> Result<Hash, WireError> {
	<[u8; 32]>::try_from(bytes)
		.map(Hash::from)
		.map_err(|_| WireError::InvalidHashLength(bytes.len()))
}
