//! `/<genesis>/sync/2`: block requests and responses, protobuf (`api.v1.proto` in polkadot-sdk's
//! `sc-network-sync`).
//!
//! Two details differ from what the field names suggest:
//! * `fields` carries Substrate's one-byte `BlockAttributes` in its **most significant** byte
//!   (`BlockAttributes::to_be_u32`), so asking for headers is `1 << 24`, not `1`; see [`fields`].
//! * a start `number` is the SCALE encoding of the block number, i.e. its little-endian bytes at
//!   the chain's width (4 bytes for SCI's `u32`; smoldot pads or truncates to the chain spec's
//!   `blockNumberBytes`, 4 by default).

use core::num::NonZeroU32;

use prost::Message as _;
use sci_primitives::{BlockNumber, Hash};

use super::{hash_from_bytes, WireError};

/// Most blocks polkadot-sdk puts in one response; a request asking for more (or for 0, meaning
/// "no limit") is served this many.
pub const MAX_BLOCKS_IN_RESPONSE: u32 = 128;

/// Bits of [`BlockRequest::fields`], already shifted to where they sit on the wire.
///
/// Substrate's `BlockAttributes` flag `1 << n` travels as `1 << (24 + n)`.
pub mod fields {
	/// Include the SCALE-encoded header.
	pub const HEADER: u32 = 1 << 24;
	/// Include the body (each extrinsic SCALE-encoded).
	pub const BODY: u32 = 1 << 25;
	/// Include the receipt (never served by polkadot-sdk).
	pub const RECEIPT: u32 = 1 << 26;
	/// Include the message queue (never served by polkadot-sdk).
	pub const MESSAGE_QUEUE: u32 = 1 << 27;
	/// Include the justifications.
	pub const JUSTIFICATION: u32 = 1 << 28;
	/// Include the indexed transactions (storage chains only).
	pub const INDEXED_BODY: u32 = 1 << 29;
	/// Every bit the protocol defines.
	pub const ALL: u32 = HEADER | BODY | RECEIPT | MESSAGE_QUEUE | JUSTIFICATION | INDEXED_BODY;
}

/// Block enumeration direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum Direction {
	/// From the start block towards its descendants.
	Ascending = 0,
	/// From the start block towards its ancestors.
	Descending = 1,
}

/// `BlockRequest` message of `api.v1.proto`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct BlockRequest {
	/// Requested data, a combination of [`fields`] bits.
	#[prost(uint32, tag = "1")]
	pub fields: u32,
	/// First block to return.
	#[prost(oneof = "FromBlockField", tags = "2, 3")]
	pub from_block: Option<FromBlockField>,
	/// A [`Direction`]; absent means ascending.
	#[prost(enumeration = "Direction", tag = "5")]
	pub direction: i32,
	/// Most blocks to return; 0 lets the responder choose.
	#[prost(uint32, tag = "6")]
	pub max_blocks: u32,
	/// Whether the requester reads `BlockData::justifications` (all engines) instead of the legacy
	/// GRANDPA-only `BlockData::justification`. polkadot-sdk and smoldot always set it.
	#[prost(bool, tag = "7")]
	pub support_multiple_justifications: bool,
}

/// The `from_block` oneof of [`BlockRequest`].
#[derive(Clone, PartialEq, Eq, prost::Oneof)]
pub enum FromBlockField {
	/// Hash of the first block (32 bytes).
	#[prost(bytes, tag = "2")]
	Hash(Vec<u8>),
	/// SCALE-encoded number of the first block.
	#[prost(bytes, tag = "3")]
	Number(Vec<u8>),
}

/// `BlockResponse` message of `api.v1.proto`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct BlockResponse {
	/// The blocks, in the requested direction.
	#[prost(message, repeated, tag = "1")]
	pub blocks: Vec<BlockData>,
}

/// `BlockData` message of `api.v1.proto`. Empty byte fields are "not present".
#[derive(Clone, PartialEq, prost::Message)]
pub struct BlockData {
	/// Block hash.
	#[prost(bytes, tag = "1")]
	pub hash: Vec<u8>,
	/// SCALE-encoded header, if requested.
	#[prost(bytes, tag = "2")]
	pub header: Vec<u8>,
	/// Body, if requested: each extrinsic's SCALE encoding (including its length prefix).
	#[prost(bytes, repeated, tag = "3")]
	pub body: Vec<Vec<u8>>,
	/// Receipt (unused).
	#[prost(bytes, tag = "4")]
	pub receipt: Vec<u8>,
	/// Message queue (unused).
	#[prost(bytes, tag = "5")]
	pub message_queue: Vec<u8>,
	/// Legacy single GRANDPA justification, for requesters without
	/// `support_multiple_justifications`.
	#[prost(bytes, tag = "6")]
	pub justification: Vec<u8>,
	/// Marks `justification` as present but empty, which protobuf cannot otherwise express.
	#[prost(bool, tag = "7")]
	pub is_empty_justification: bool,
	/// SCALE-encoded `sp_runtime::Justifications` (`Vec<([u8; 4], Vec<u8>)>`), if requested and
	/// the block has any.
	#[prost(bytes, tag = "8")]
	pub justifications: Vec<u8>,
	/// Indexed transactions, if requested.
	#[prost(bytes, repeated, tag = "9")]
	pub indexed_body: Vec<Vec<u8>>,
}

/// Where a block request starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FromBlock {
	/// The block with this hash.
	Hash(Hash),
	/// The block with this number on the responder's best chain.
	Number(BlockNumber),
}

/// A validated block request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodedBlockRequest {
	/// First block to return.
	pub from: FromBlock,
	/// `true` to walk towards descendants, `false` towards ancestors.
	pub ascending: bool,
	/// Most blocks to return; after decoding, already capped to [`MAX_BLOCKS_IN_RESPONSE`] (a
	/// wire value of 0, "no limit", becomes that cap).
	pub max_blocks: NonZeroU32,
	/// Include headers.
	pub header: bool,
	/// Include bodies.
	pub body: bool,
	/// Include justifications.
	pub justifications: bool,
	/// Answer in `BlockData::justifications` rather than the legacy `justification` field.
	pub support_multiple_justifications: bool,
}

/// Decodes and validates a block request received from a peer.
///
/// Mirrors polkadot-sdk's server: the low 24 bits of `fields` are ignored, unknown attribute bits
/// are rejected, an unknown direction is rejected. The receipt, message-queue and indexed-body
/// attributes are accepted and dropped, since SCI serves none of them.
pub fn decode_block_request(bytes: &[u8]) -> Result<DecodedBlockRequest, WireError> {
	let request = BlockRequest::decode(bytes)?;
	if request.fields & !fields::ALL & 0xff00_0000 != 0 {
		return Err(WireError::InvalidBlockAttributes(request.fields));
	}
	let from = match request.from_block.ok_or(WireError::MissingStartBlock)? {
		FromBlockField::Hash(hash) => FromBlock::Hash(hash_from_bytes(&hash)?),
		FromBlockField::Number(number) => FromBlock::Number(number_from_bytes(&number)?),
	};
	let ascending = match Direction::try_from(request.direction) {
		Ok(direction) => direction == Direction::Ascending,
		Err(_) => return Err(WireError::InvalidDirection(request.direction)),
	};
	let max_blocks = match request.max_blocks {
		0 => MAX_BLOCKS_IN_RESPONSE,
		n => n.min(MAX_BLOCKS_IN_RESPONSE),
	};
	Ok(DecodedBlockRequest {
		from,
		ascending,
		max_blocks: NonZeroU32::new(max_blocks).unwrap_or(NonZeroU32::MIN),
		header: request.fields & fields::HEADER != 0,
		body: request.fields & fields::BODY != 0,
		justifications: request.fields & fields::JUSTIFICATION != 0,
		support_multiple_justifications: request.support_multiple_justifications,
	})
}

/// Encodes a block request the way polkadot-sdk does (number as its 4 SCALE bytes).
pub fn encode_block_request(request: &DecodedBlockRequest) -> Vec<u8> {
	let mut wanted = 0;
	for (on, bit) in [
		(request.header, fields::HEADER),
		(request.body, fields::BODY),
		(request.justifications, fields::JUSTIFICATION),
	] {
		if on {
			wanted |= bit;
		}
	}
	let direction = if request.ascending { Direction::Ascending } else { Direction::Descending };
	BlockRequest {
		fields: wanted,
		from_block: Some(match request.from {
			FromBlock::Hash(hash) => FromBlockField::Hash(hash.as_bytes().to_vec()),
			FromBlock::Number(number) => FromBlockField::Number(number.to_le_bytes().to_vec()),
		}),
		direction: direction.into(),
		max_blocks: request.max_blocks.get(),
		support_multiple_justifications: request.support_multiple_justifications,
	}
	.encode_to_vec()
}

/// A block number from its little-endian bytes.
///
/// polkadot-sdk SCALE-decodes a `u32` from the first 4 bytes; longer encodings (a requester
/// configured for 8-byte numbers) are accepted only if the extra bytes are zero, i.e. the number
/// fits a `u32`.
fn number_from_bytes(bytes: &[u8]) -> Result<BlockNumber, WireError> {
	let invalid = || WireError::InvalidBlockNumber(bytes.len());
	let (low, high) = bytes.split_first_chunk::<4>().ok_or_else(invalid)?;
	if high.iter().any(|&b| b != 0) {
		return Err(invalid());
	}
	Ok(BlockNumber::from_le_bytes(*low))
}

#[cfg(test)]
mod tests {
	use super::*;

	fn request(from: FromBlock) -> DecodedBlockRequest {
		DecodedBlockRequest {
			from,
			ascending: false,
			max_blocks: NonZeroU32::new(64).unwrap(),
			header: true,
			body: true,
			justifications: false,
			support_multiple_justifications: true,
		}
	}

	#[test]
	fn round_trip() {
		for from in [FromBlock::Hash(Hash::repeat_byte(7)), FromBlock::Number(0xdead_beef)] {
			let original = request(from);
			assert_eq!(decode_block_request(&encode_block_request(&original)).unwrap(), original);
		}
	}

	#[test]
	fn number_is_four_little_endian_bytes() {
		let encoded = encode_block_request(&request(FromBlock::Number(0x0102_0304)));
		let decoded = BlockRequest::decode(&encoded[..]).unwrap();
		assert_eq!(decoded.from_block, Some(FromBlockField::Number(vec![4, 3, 2, 1])));
		assert_eq!(decoded.fields, fields::HEADER | fields::BODY);
		assert_eq!(decoded.direction, Direction::Descending as i32);
	}

	#[test]
	fn decodes_smoldot_request_by_number() {
		// smoldot's regression test 2833: headers + justifications from #2186221, max 1.
		let bytes = [8, 128, 128, 128, 136, 1, 26, 4, 237, 91, 33, 0, 48, 1, 56, 1];
		let decoded = decode_block_request(&bytes).unwrap();
		assert_eq!(
			decoded,
			DecodedBlockRequest {
				from: FromBlock::Number(2_186_221),
				ascending: true,
				max_blocks: NonZeroU32::new(1).unwrap(),
				header: true,
				body: false,
				justifications: true,
				support_multiple_justifications: true,
			}
		);
	}

	#[test]
	fn decodes_smoldot_request_by_hash() {
		// Built field by field as smoldot's `build_block_request` does: fields (1, varint),
		// hash (2, 32 bytes), direction (5, explicit 0), max_blocks (6), multiple just. (7).
		let mut bytes = vec![0x08, 0x80, 0x80, 0x80, 0x98, 0x01]; // HEADER | BODY | JUSTIFICATION
		bytes.extend([0x12, 32]);
		bytes.extend([0x5a; 32]);
		bytes.extend([0x28, 0x00, 0x30, 0x80, 0x01, 0x38, 0x01]); // max_blocks = 128
		let decoded = decode_block_request(&bytes).unwrap();
		assert_eq!(decoded.from, FromBlock::Hash(Hash::repeat_byte(0x5a)));
		assert!(decoded.ascending && decoded.header && decoded.body && decoded.justifications);
		assert_eq!(decoded.max_blocks.get(), 128);
	}

	#[test]
	fn max_blocks_is_capped() {
		for (wire, expected) in [(0, 128), (1, 1), (128, 128), (u32::MAX, 128)] {
			let bytes = BlockRequest {
				fields: fields::HEADER,
				from_block: Some(FromBlockField::Number(vec![0; 4])),
				max_blocks: wire,
				..Default::default()
			}
			.encode_to_vec();
			assert_eq!(decode_block_request(&bytes).unwrap().max_blocks.get(), expected);
		}
	}

	#[test]
	fn wide_numbers_must_fit_u32() {
		let decode = |number: Vec<u8>| {
			decode_block_request(
				&BlockRequest {
					fields: fields::HEADER,
					from_block: Some(FromBlockField::Number(number)),
					..Default::default()
				}
				.encode_to_vec(),
			)
		};
		assert_eq!(decode(vec![5, 0, 0, 0, 0, 0, 0, 0]).unwrap().from, FromBlock::Number(5));
		assert!(matches!(
			decode(vec![5, 0, 0, 0, 1, 0, 0, 0]),
			Err(WireError::InvalidBlockNumber(8))
		));
		assert!(matches!(decode(vec![5, 0, 0]), Err(WireError::InvalidBlockNumber(3))));
		assert!(matches!(decode(vec![]), Err(WireError::InvalidBlockNumber(0))));
	}

	#[test]
	fn malformed_requests_fail() {
		let base = BlockRequest {
			fields: fields::HEADER,
			from_block: Some(FromBlockField::Hash(vec![0; 32])),
			..Default::default()
		};
		let with = |change: fn(&mut BlockRequest)| {
			let mut request = base.clone();
			change(&mut request);
			decode_block_request(&request.encode_to_vec())
		};
		assert!(with(|_| ()).is_ok());
		assert!(matches!(
			with(|r| r.from_block = Some(FromBlockField::Hash(vec![0; 31]))),
			Err(WireError::InvalidHashLength(31))
		));
		assert!(matches!(with(|r| r.from_block = None), Err(WireError::MissingStartBlock)));
		assert!(matches!(with(|r| r.direction = 2), Err(WireError::InvalidDirection(2))));
		assert!(matches!(with(|r| r.fields = 1 << 31), Err(WireError::InvalidBlockAttributes(_))));
		// Low bits are ignored, as polkadot-sdk's `BlockAttributes::from_be_u32` does.
		assert!(with(|r| r.fields = fields::HEADER | 1).is_ok());
		// smoldot's regression test 2339: a length running past the end.
		assert!(matches!(decode_block_request(&[26, 10]), Err(WireError::Protobuf(_))));
		assert!(decode_block_request(&[0xff; 16]).is_err());
	}

	#[test]
	fn response_round_trip() {
		let response = BlockResponse {
			blocks: vec![BlockData {
				hash: vec![1; 32],
				header: vec![2; 10],
				body: vec![vec![4, 9], vec![]],
				justifications: vec![4, b'F', b'R', b'N', b'K', 0],
				..Default::default()
			}],
		};
		let bytes = response.encode_to_vec();
		// Field 1 (blocks, length-delimited) leads; inside it the hash is field 1 again.
		assert_eq!(&bytes[2..4], &[0x0a, 32]);
		assert_eq!(BlockResponse::decode(&bytes[..]).unwrap(), response);
	}
}
