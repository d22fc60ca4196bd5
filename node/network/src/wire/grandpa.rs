//! `/<genesis>/grandpa/1`: GRANDPA gossip, SCALE (polkadot-sdk's
//! `sc-consensus-grandpa::communication::gossip::GossipMessage`).
//!
//! Every notification is one [`GossipMessage`]; the enum index is its first byte (vote 0,
//! commit 1, neighbor 2, catch-up request 3, catch-up 4). Rounds and set ids are `u64`, block
//! numbers SCI's fixed 4-byte `u32`, signatures 64 bytes and authority ids 32 bytes (ed25519).
//! smoldot decodes exactly this layout.

use codec::{Decode, Encode};
use sci_primitives::{BlockNumber, Header};
use sp_consensus_grandpa::{CatchUp, CompactCommit, SignedMessage};

use super::{decode_exact, WireError};

/// A GRANDPA round number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Encode, Decode)]
pub struct Round(pub u64);

/// A GRANDPA authority set id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Encode, Decode)]
pub struct SetId(pub u64);

/// One GRANDPA gossip notification.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub enum GossipMessage {
	/// A signed prevote, precommit or primary proposal.
	#[codec(index = 0)]
	Vote(VoteMessage),
	/// A commit: precommits finalizing a block.
	#[codec(index = 1)]
	Commit(FullCommitMessage),
	/// The sender's view (round, set, finalized height); never re-propagated.
	#[codec(index = 2)]
	Neighbor(VersionedNeighborPacket),
	/// A request for the votes of a round the sender fell behind on.
	#[codec(index = 3)]
	CatchUpRequest(CatchUpRequestMessage),
	/// The answer to a [`GossipMessage::CatchUpRequest`].
	#[codec(index = 4)]
	CatchUp(FullCatchUpMessage),
}

/// A vote with the round and set it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct VoteMessage {
	/// Round of the vote.
	pub round: Round,
	/// Authority set of the vote.
	pub set_id: SetId,
	/// The vote, its signature and its signer.
	pub message: SignedMessage<Header>,
}

/// A compact commit with the round and set it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct FullCommitMessage {
	/// Round that finalized the target.
	pub round: Round,
	/// Authority set that signed.
	pub set_id: SetId,
	/// Target, precommits, and the signatures and signers as a separate list.
	pub message: CompactCommit<Header>,
}

/// A versioned neighbor packet; only version 1 exists, encoded with index 1.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub enum VersionedNeighborPacket {
	/// Version 1.
	#[codec(index = 1)]
	V1(NeighborPacket),
}

/// The sender's GRANDPA view.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct NeighborPacket {
	/// Round the sender is in.
	pub round: Round,
	/// Set the sender is in.
	pub set_id: SetId,
	/// Highest block the sender saw a commit finalize.
	pub commit_finalized_height: BlockNumber,
}

/// A catch-up request.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct CatchUpRequestMessage {
	/// Round to catch up to.
	pub round: Round,
	/// Set the round belongs to.
	pub set_id: SetId,
}

/// A catch-up answer with the set it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct FullCatchUpMessage {
	/// Set of the round.
	pub set_id: SetId,
	/// Round number, its prevotes and precommits, and the base block.
	pub message: CatchUp<Header>,
}

/// Decodes a gossip notification received from a peer; the message must be exactly one
/// [`GossipMessage`], as polkadot-sdk requires.
pub fn decode_gossip_message(bytes: &[u8]) -> Result<GossipMessage, WireError> {
	decode_exact(bytes)
}

#[cfg(test)]
mod tests {
	use super::*;
	use finality_grandpa::{SignedPrecommit, SignedPrevote};
	use sci_primitives::Hash;
	use sp_consensus_grandpa::{AuthorityId, AuthoritySignature, Message, Precommit, Prevote};

	fn signature(byte: u8) -> AuthoritySignature {
		AuthoritySignature::decode(&mut &[byte; 64][..]).unwrap()
	}

	fn authority(byte: u8) -> AuthorityId {
		AuthorityId::decode(&mut &[byte; 32][..]).unwrap()
	}

	fn precommit() -> Precommit<Header> {
		Precommit::<Header> { target_hash: Hash::repeat_byte(0x11), target_number: 7 }
	}

	fn round_trip(message: GossipMessage) -> Vec<u8> {
		let bytes = message.encode();
		assert_eq!(decode_gossip_message(&bytes).unwrap(), message);
		bytes
	}

	#[test]
	fn commit_matches_hand_built_bytes() {
		let bytes = round_trip(GossipMessage::Commit(FullCommitMessage {
			round: Round(5),
			set_id: SetId(2),
			message: CompactCommit::<Header> {
				target_hash: Hash::repeat_byte(0x11),
				target_number: 7,
				precommits: vec![precommit()],
				auth_data: vec![(signature(0x22), authority(0x33))],
			},
		}));

		let mut expected = vec![1];
		expected.extend(5u64.to_le_bytes());
		expected.extend(2u64.to_le_bytes());
		expected.extend([0x11; 32]);
		expected.extend(7u32.to_le_bytes());
		expected.push(1 << 2); // one precommit
		expected.extend([0x11; 32]);
		expected.extend(7u32.to_le_bytes());
		expected.push(1 << 2); // one (signature, id) pair
		expected.extend([0x22; 64]);
		expected.extend([0x33; 32]);
		assert_eq!(bytes, expected);
	}

	#[test]
	fn vote_layout() {
		let bytes = round_trip(GossipMessage::Vote(VoteMessage {
			round: Round(1),
			set_id: SetId(0),
			message: SignedMessage::<Header> {
				message: Message::<Header>::Prevote(Prevote::<Header> {
					target_hash: Hash::repeat_byte(0xab),
					target_number: 3,
				}),
				signature: signature(1),
				id: authority(2),
			},
		}));
		// tag, round, set, message index (prevote 0), hash, number, signature, id.
		assert_eq!(bytes.len(), 1 + 8 + 8 + 1 + 32 + 4 + 64 + 32);
		assert_eq!(&bytes[..18], &[0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
		assert_eq!(&bytes[18 + 32..18 + 36], &3u32.to_le_bytes());
	}

	#[test]
	fn smoldot_neighbor_packet() {
		// smoldot's `basic_decode_neighbor` vector.
		let bytes = [2, 1, 87, 14, 0, 0, 0, 0, 0, 0, 162, 13, 0, 0, 0, 0, 0, 0, 49, 231, 77, 0];
		let expected = GossipMessage::Neighbor(VersionedNeighborPacket::V1(NeighborPacket {
			round: Round(3671),
			set_id: SetId(3490),
			commit_finalized_height: 5_105_457,
		}));
		assert_eq!(decode_gossip_message(&bytes).unwrap(), expected);
		assert_eq!(expected.encode(), bytes);
	}

	#[test]
	fn catch_up_round_trips() {
		let request = round_trip(GossipMessage::CatchUpRequest(CatchUpRequestMessage {
			round: Round(9),
			set_id: SetId(4),
		}));
		assert_eq!(request, [&[3][..], &9u64.to_le_bytes(), &4u64.to_le_bytes()].concat());

		let catch_up = round_trip(GossipMessage::CatchUp(FullCatchUpMessage {
			set_id: SetId(4),
			message: CatchUp::<Header> {
				round_number: 9,
				prevotes: vec![SignedPrevote {
					prevote: Prevote::<Header> {
						target_hash: Hash::repeat_byte(1),
						target_number: 2,
					},
					signature: signature(3),
					id: authority(4),
				}],
				precommits: vec![SignedPrecommit {
					precommit: precommit(),
					signature: signature(5),
					id: authority(6),
				}],
				base_hash: Hash::repeat_byte(7),
				base_number: 1,
			},
		}));
		// tag, set id, then the catch-up's round number.
		assert_eq!(&catch_up[..17], &[&[4][..], &4u64.to_le_bytes(), &9u64.to_le_bytes()].concat());
	}

	#[test]
	fn garbage_fails_without_panic() {
		assert!(decode_gossip_message(&[]).is_err());
		assert!(decode_gossip_message(&[5]).is_err());
		// Neighbor packet version 0 does not exist.
		assert!(decode_gossip_message(&[2, 0]).is_err());
		let neighbor = [2, 1, 87, 14, 0, 0, 0, 0, 0, 0, 162, 13, 0, 0, 0, 0, 0, 0, 49, 231, 77, 0];
		for cut in 0..neighbor.len() {
			assert!(decode_gossip_message(&neighbor[..cut]).is_err());
		}
		let trailing = [&neighbor[..], &[0]].concat();
		assert!(matches!(decode_gossip_message(&trailing), Err(WireError::TrailingBytes(1))));
		for tag in 0..=u8::MAX {
			let _ = decode_gossip_message(&[tag; 200]);
		}
	}
}
