//! `/<genesis>/sync/warp`: GRANDPA warp-sync proofs, SCALE (polkadot-sdk's
//! `sc-consensus-grandpa::warp_proof`).
//!
//! The request is the SCALE encoding of the hash to start from (32 bytes). The response is a
//! [`WarpSyncProof`]: one fragment per authority-set change after that block (the header that
//! enacts the change plus its justification), then, if complete, a last fragment for the latest
//! finalized block. A chain whose authority set never changed answers with that single
//! fragment. smoldot starts every sync this way, so a node must serve it.

use codec::{Decode, Encode};
use sci_primitives::{Hash, Header};
use sp_consensus_grandpa::GrandpaJustification;

use super::{decode_exact, WireError};

/// Largest encoded [`WarpSyncProof`] polkadot-sdk sends (8 MiB). Its generator stops adding
/// fragments (and clears `is_finished`) once the fragments reach this size minus 50 bytes, the
/// margin left for the vector length and the flag.
pub const MAX_WARP_SYNC_PROOF_SIZE: usize = 8 * 1024 * 1024;

/// A warp-sync request: the block to prove finality from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub struct WarpProofRequest {
	/// Hash of the first block, one the requester already trusts (genesis at first).
	pub begin: Hash,
}

/// Decodes a warp-sync request received from a peer; it must be exactly one hash.
pub fn decode_warp_request(bytes: &[u8]) -> Result<WarpProofRequest, WireError> {
	decode_exact(bytes)
}

/// One step of a warp-sync proof.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct WarpSyncFragment {
	/// Last block of an authority set (it carries the scheduled change), or the latest finalized
	/// block in the final fragment.
	pub header: Header,
	/// GRANDPA justification finalizing `header`, signed by the set it closes.
	pub justification: GrandpaJustification<Header>,
}

/// A warp-sync response.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct WarpSyncProof {
	/// Fragments in ascending block order.
	pub proofs: Vec<WarpSyncFragment>,
	/// `false` if the size limit cut the proof short; the requester then asks again from the
	/// last fragment.
	pub is_finished: bool,
}

/// Decodes a warp-sync proof received from a peer, rejecting anything above
/// [`MAX_WARP_SYNC_PROOF_SIZE`].
pub fn decode_warp_proof(bytes: &[u8]) -> Result<WarpSyncProof, WireError> {
	if bytes.len() > MAX_WARP_SYNC_PROOF_SIZE {
		return Err(WireError::TooLarge { size: bytes.len(), max: MAX_WARP_SYNC_PROOF_SIZE });
	}
	decode_exact(bytes)
}

#[cfg(test)]
mod tests {
	use super::*;
	use finality_grandpa::SignedPrecommit;
	use sp_consensus_grandpa::{AuthorityId, AuthoritySignature, Commit, Precommit};
	use sp_runtime::generic::Digest;

	fn header(number: u32) -> Header {
		Header {
			parent_hash: Hash::repeat_byte(number as u8),
			number,
			state_root: Hash::zero(),
			extrinsics_root: Hash::zero(),
			digest: Digest::default(),
		}
	}

	fn fragment(number: u32) -> WarpSyncFragment {
		let target = header(number);
		let precommit = SignedPrecommit {
			precommit: Precommit::<Header> { target_hash: target.hash(), target_number: number },
			signature: AuthoritySignature::decode(&mut &[5; 64][..]).unwrap(),
			id: AuthorityId::decode(&mut &[6; 32][..]).unwrap(),
		};
		WarpSyncFragment {
			justification: GrandpaJustification {
				round: 3,
				commit: Commit::<Header> {
					target_hash: target.hash(),
					target_number: number,
					precommits: vec![precommit],
				},
				votes_ancestries: vec![header(number - 1)],
			},
			header: target,
		}
	}

	#[test]
	fn empty_proof_layout() {
		let proof = WarpSyncProof { proofs: vec![], is_finished: true };
		assert_eq!(proof.encode(), vec![0, 1]);
		assert!(!decode_warp_proof(&[0, 0]).unwrap().is_finished);
	}

	#[test]
	fn proof_round_trip() {
		let proof = WarpSyncProof { proofs: vec![fragment(10), fragment(20)], is_finished: true };
		let bytes = proof.encode();
		assert_eq!(decode_warp_proof(&bytes).unwrap(), proof);
		// Vec length, then the first header, then its justification (round first).
		let header_len = proof.proofs[0].header.encoded_size();
		assert_eq!(bytes[0], 2 << 2);
		assert_eq!(&bytes[1..1 + header_len], &proof.proofs[0].header.encode()[..]);
		assert_eq!(&bytes[1 + header_len..9 + header_len], &3u64.to_le_bytes());
		assert_eq!(bytes.last(), Some(&1));
	}

	#[test]
	fn request_is_a_bare_hash() {
		let request = WarpProofRequest { begin: Hash::repeat_byte(0x77) };
		assert_eq!(request.encode(), vec![0x77; 32]);
		assert_eq!(decode_warp_request(&[0x77; 32]).unwrap(), request);
		assert!(decode_warp_request(&[0x77; 31]).is_err());
		assert!(matches!(decode_warp_request(&[0x77; 33]), Err(WireError::TrailingBytes(1))));
	}

	#[test]
	fn malformed_proofs_fail() {
		let bytes = WarpSyncProof { proofs: vec![fragment(10)], is_finished: true }.encode();
		for cut in 0..bytes.len() {
			assert!(decode_warp_proof(&bytes[..cut]).is_err());
		}
		assert!(decode_warp_proof(&[0xff; 64]).is_err());
		let huge = vec![0; MAX_WARP_SYNC_PROOF_SIZE + 1];
		assert!(matches!(decode_warp_proof(&huge), Err(WireError::TooLarge { .. })));
	}
}
