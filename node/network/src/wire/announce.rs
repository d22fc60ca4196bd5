//! `/<genesis>/block-announces/1`: the handshake and the block announcement, both SCALE.
//!
//! Each side opens the notifications substream with a [`BlockAnnouncesHandshake`] (roles, best
//! block, genesis hash); afterwards every notification is one [`BlockAnnounce`]. Layouts follow
//! polkadot-sdk's `sc-network-sync` (`BlockAnnouncesHandshake`, `message::BlockAnnounce`).

use codec::{Decode, Encode, Input, Output};
use sci_primitives::{BlockNumber, Hash, Header};

use super::{decode_exact, WireError};

/// The roles a node claims in its handshake: one byte of bit flags.
///
/// Only a hint, never to be trusted. Unknown bits are kept as received rather than rejected:
/// polkadot-sdk refuses them, but a newer peer setting a new flag should not be cut off. Note
/// that smoldot only accepts a byte of exactly [`Roles::FULL`], [`Roles::LIGHT`] or
/// [`Roles::AUTHORITY`], so a node must send one of those alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Roles(u8);

impl Roles {
	/// A full node: stores the chain, does not take part in consensus.
	pub const FULL: Self = Self(0b001);
	/// A light client.
	pub const LIGHT: Self = Self(0b010);
	/// An authority (block author / GRANDPA voter); also a full node.
	pub const AUTHORITY: Self = Self(0b100);

	/// The roles byte as received or to be sent, unknown bits included.
	pub const fn from_bits(bits: u8) -> Self {
		Self(bits)
	}

	/// The raw byte.
	pub const fn bits(self) -> u8 {
		self.0
	}

	/// Whether the node holds the full chain: it claims [`Roles::FULL`] or [`Roles::AUTHORITY`].
	pub const fn is_full(self) -> bool {
		self.0 & (Self::FULL.0 | Self::AUTHORITY.0) != 0
	}

	/// Whether the node is a light client, which polkadot-sdk defines as "not full".
	pub const fn is_light(self) -> bool {
		!self.is_full()
	}

	/// Whether the node claims the [`Roles::AUTHORITY`] bit.
	pub const fn is_authority(self) -> bool {
		self.0 & Self::AUTHORITY.0 != 0
	}
}

impl Encode for Roles {
	fn size_hint(&self) -> usize {
		1
	}

	fn encode_to<T: Output + ?Sized>(&self, dest: &mut T) {
		dest.push_byte(self.0);
	}
}

impl Decode for Roles {
	fn decode<I: Input>(input: &mut I) -> Result<Self, codec::Error> {
		input.read_byte().map(Self)
	}
}

/// Handshake exchanged when a block-announces substream opens.
///
/// SCALE: roles byte, best number as a fixed 4-byte little-endian `u32`, best hash, genesis hash
/// (1 + 4 + 32 + 32 = 69 bytes). Encode with [`Encode::encode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub struct BlockAnnouncesHandshake {
	/// Roles the node claims.
	pub roles: Roles,
	/// Number of the node's best block.
	pub best_number: BlockNumber,
	/// Hash of the node's best block.
	pub best_hash: Hash,
	/// Genesis hash; a peer on another chain must be dropped.
	pub genesis_hash: Hash,
}

/// Decodes a handshake received from a peer; the message must be exactly one handshake.
pub fn decode_handshake(bytes: &[u8]) -> Result<BlockAnnouncesHandshake, WireError> {
	decode_exact(bytes)
}

/// Whether an announced block is the announcer's new best block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub enum BlockState {
	/// Not the best block.
	Normal,
	/// The announcer's new best block.
	Best,
}

/// A block announcement notification.
///
/// SCALE: the header, then the [`BlockState`] byte if any, then the data as a length-prefixed
/// byte string if any. Both tails are optional on the wire (older peers send a bare header), so
/// `data` can only be present after a `state`; encoding a `data` without a `state` would be read
/// back as garbage by polkadot-sdk. smoldot always sends a state and an empty data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockAnnounce {
	/// Header of the announced block.
	pub header: Header,
	/// Whether the block is the announcer's best; `None` from peers that omit it.
	pub state: Option<BlockState>,
	/// Opaque extra data (parachain collators put a candidate here); usually empty or absent.
	pub data: Option<Vec<u8>>,
}

impl Encode for BlockAnnounce {
	fn encode_to<T: Output + ?Sized>(&self, dest: &mut T) {
		self.header.encode_to(dest);
		if let Some(state) = &self.state {
			state.encode_to(dest);
		}
		if let Some(data) = &self.data {
			data.encode_to(dest);
		}
	}
}

/// Decodes a block announcement received from a peer.
///
/// Unlike polkadot-sdk, which silently drops an undecodable tail, a present but malformed state
/// or data and any bytes after the data are errors.
pub fn decode_announce(mut bytes: &[u8]) -> Result<BlockAnnounce, WireError> {
	let input = &mut bytes;
	let header = Header::decode(input)?;
	let state = if input.is_empty() { None } else { Some(BlockState::decode(input)?) };
	let data = if input.is_empty() { None } else { Some(Vec::<u8>::decode(input)?) };
	if !input.is_empty() {
		return Err(WireError::TrailingBytes(input.len()));
	}
	Ok(BlockAnnounce { header, state, data })
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_runtime::generic::{Digest, DigestItem};

	fn header() -> Header {
		Header {
			parent_hash: Hash::repeat_byte(1),
			number: 42,
			state_root: Hash::repeat_byte(2),
			extrinsics_root: Hash::repeat_byte(3),
			digest: Digest { logs: vec![DigestItem::Other(vec![9, 9])] },
		}
	}

	#[test]
	fn handshake_byte_layout() {
		let handshake = BlockAnnouncesHandshake {
			roles: Roles::AUTHORITY,
			best_number: 0x0102_0304,
			best_hash: Hash::repeat_byte(0xaa),
			genesis_hash: Hash::repeat_byte(0xbb),
		};
		let bytes = handshake.encode();

		let mut expected = vec![4, 4, 3, 2, 1];
		expected.extend([0xaa; 32]);
		expected.extend([0xbb; 32]);
		assert_eq!(bytes.len(), 1 + 4 + 32 + 32);
		assert_eq!(bytes, expected);
		assert_eq!(decode_handshake(&bytes).unwrap(), handshake);
	}

	#[test]
	fn handshake_rejects_wrong_length() {
		let bytes = BlockAnnouncesHandshake {
			roles: Roles::FULL,
			best_number: 7,
			best_hash: Hash::zero(),
			genesis_hash: Hash::zero(),
		}
		.encode();
		assert!(decode_handshake(&bytes[..68]).is_err());
		let mut longer = bytes.clone();
		longer.push(0);
		assert!(matches!(decode_handshake(&longer), Err(WireError::TrailingBytes(1))));
		assert!(decode_handshake(&[]).is_err());
	}

	#[test]
	fn roles_accept_any_byte() {
		for byte in 0..=u8::MAX {
			let roles = Roles::decode(&mut &[byte][..]).unwrap();
			assert_eq!(roles.bits(), byte);
			assert_eq!(roles.encode(), vec![byte]);
		}
		assert!(Roles::FULL.is_full() && !Roles::FULL.is_light() && !Roles::FULL.is_authority());
		assert!(Roles::LIGHT.is_light() && !Roles::LIGHT.is_authority());
		assert!(Roles::AUTHORITY.is_full() && Roles::AUTHORITY.is_authority());
		// Unknown bits alone make a light node, as `!is_full()` in polkadot-sdk.
		assert!(Roles::from_bits(0b1000_0000).is_light());
		assert!(Roles::from_bits(0b1000_0100).is_authority());
	}

	#[test]
	fn announce_round_trip() {
		for (state, data) in [
			(None, None),
			(Some(BlockState::Normal), None),
			(Some(BlockState::Best), Some(vec![])),
			(Some(BlockState::Best), Some(vec![1, 2, 3])),
		] {
			let announce = BlockAnnounce { header: header(), state, data };
			assert_eq!(decode_announce(&announce.encode()).unwrap(), announce);
		}
	}

	#[test]
	fn header_only_announce_decodes() {
		let announce = decode_announce(&header().encode()).unwrap();
		assert_eq!(announce, BlockAnnounce { header: header(), state: None, data: None });
	}

	#[test]
	fn smoldot_announce_decodes() {
		// smoldot sends the header, `is_best` as one byte, then an empty data (compact 0).
		let mut bytes = header().encode();
		bytes.extend([1, 0]);
		let announce = decode_announce(&bytes).unwrap();
		assert_eq!(announce.state, Some(BlockState::Best));
		assert_eq!(announce.data, Some(vec![]));
	}

	#[test]
	fn garbage_fails_without_panic() {
		let encoded = header().encode();
		let bad_state = [&encoded[..], &[2]].concat();
		let truncated_data = [&encoded[..], &[1, 8, 0]].concat();
		let trailing = [&encoded[..], &[0, 0, 7]].concat();
		for bytes in [
			&[][..],
			&[0xff; 3][..],
			&encoded[..encoded.len() - 1],
			&bad_state,
			&truncated_data,
			&trailing,
		] {
			assert!(decode_announce(bytes).is_err(), "{bytes:?}");
		}
		assert!(matches!(decode_announce(&trailing), Err(WireError::TrailingBytes(1))));
		// Exhaustive short inputs must not panic either.
		for a in 0..=u8::MAX {
			let _ = decode_announce(&[a; 40]);
			let _ = decode_handshake(&[a; 69]);
		}
	}
}
