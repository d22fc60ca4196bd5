//! Verification of GRANDPA warp-sync proofs (`sync/warp`) and of GRANDPA justifications: pure
//! functions of the proof and the authority set the verifier trusts.
//!
//! [`verify_warp_proof`] follows polkadot-sdk's `WarpSyncProof::verify`: each fragment's
//! justification must be signed by the set in force (starting from the one given), and each
//! fragment but the last of a finished proof must carry the GRANDPA authority-set change
//! (`ScheduledChange`, or a `ForcedChange`, which the signed header vouches for just the same)
//! that gives the next set, whose id is one more. The result is the last header with its
//! justification and the set that follows it.
//!
//! Every fragment gets the cheap checks first (count, ascending numbers, justification target
//! = header, precommits at most two per authority (one equivocation each, as
//! `finality_grandpa::validate_commit` allows), signers in the set, signers' weight reaching
//! the threshold, a change digest where one is needed), so a hostile proof costs no signature
//! check unless all of it is well formed. Then [`verify_justification`] checks each commit
//! (`validate_commit`), every precommit's signature for `(round, set_id)`, that each precommit
//! targets the commit's target or a descendant linked by `votes_ancestries`, and that no
//! ancestry header goes unused, as polkadot-sdk's `GrandpaJustification::verify` does.

use crate::wire::warp::{WarpSyncFragment, WarpSyncProof, MAX_WARP_SYNC_PROOF_SIZE};
use finality_grandpa::{voter_set::VoterSet, Chain};
use sci_client_api::grandpa::signalled_change;
use sci_primitives::{BlockNumber, Hash, Header};
use sp_consensus_grandpa::{
	check_message_signature_with_buffer, AuthorityId, AuthorityList, GrandpaJustification, SetId,
};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Fragments a proof may have: more than an 8 MiB proof can hold (a fragment that can pass,
/// a header with a change digest and a justification with one precommit, encodes to more than
/// 300 bytes).
pub const MAX_FRAGMENTS: usize = MAX_WARP_SYNC_PROOF_SIZE / 256;

pub use sci_client_api::grandpa::AuthoritySet;

/// What a verified warp proof proves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedWarp {
	/// The last fragment's header: a finalized block.
	pub header: Header,
	/// Its justification.
	pub justification: GrandpaJustification<Header>,
	/// The authority set in force after `header` (its children are finalized by it).
	pub next_set: AuthoritySet,
	/// The proof's `is_finished`: if `false`, ask again from `header`'s hash with `next_set`.
	pub is_finished: bool,
	/// Authority-set changes the proof went through.
	pub changes: usize,
}

/// Why a warp proof was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum WarpVerifyError {
	/// The proof has no fragment.
	#[error("the warp proof has no fragments")]
	Empty,
	/// The proof has more fragments than one can hold.
	#[error("the warp proof has {0} fragments, at most {MAX_FRAGMENTS} accepted")]
	TooManyFragments(usize),
	/// The trusted set (`index` = `None`) or a fragment's next set is empty or its weights
	/// overflow.
	#[error(
		"invalid authority set {set_id} (after fragment {index:?}): empty, or weights overflow"
	)]
	InvalidSet {
		/// The fragment whose change gives the set; `None` for the set verification started
		/// from.
		index: Option<usize>,
		/// The set's id.
		set_id: SetId,
	},
	/// A fragment is not above the one before.
	#[error("fragment {index}: block #{number} does not follow block #{previous}")]
	NotAscending {
		/// The fragment.
		index: usize,
		/// The previous fragment's block number.
		previous: BlockNumber,
		/// This fragment's block number.
		number: BlockNumber,
	},
	/// A fragment other than the last of a finished proof changes no authority set.
	#[error("fragment {index} (block #{number}) has no GRANDPA authority-set change")]
	MissingChange {
		/// The fragment.
		index: usize,
		/// Its block number.
		number: BlockNumber,
	},
	/// A fragment's justification is invalid for the set in force.
	#[error("fragment {index} (set {set_id}): {error}")]
	Justification {
		/// The fragment.
		index: usize,
		/// The set it was checked against.
		set_id: SetId,
		/// What is wrong with it.
		#[source]
		error: JustificationError,
	},
}

/// Why a GRANDPA justification does not prove a block final.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum JustificationError {
	/// The authority set is empty or its weights overflow.
	#[error("the authority set is empty or its weights overflow")]
	InvalidSet,
	/// The commit is for another block.
	#[error("the justification is for #{got_number} ({got:?}), not #{number} ({hash:?})")]
	WrongTarget {
		/// The block it should finalize.
		hash: Hash,
		/// Its number.
		number: BlockNumber,
		/// The commit's target.
		got: Hash,
		/// The commit target's number.
		got_number: BlockNumber,
	},
	/// More precommits than the set can sign (two per authority, one of them an equivocation).
	#[error("{count} precommits for a set of {authorities} authorities")]
	TooManyPrecommits {
		/// Precommits in the commit.
		count: usize,
		/// Authorities in the set.
		authorities: usize,
	},
	/// A precommit's signer is not in the set.
	#[error("precommit {index} is by {id:?}, not an authority of the set")]
	NotAnAuthority {
		/// The precommit.
		index: usize,
		/// Its signer.
		id: AuthorityId,
	},
	/// The signers' weight is below the supermajority threshold.
	#[error("the precommits' signers weigh {weight}, below the threshold {threshold}")]
	BelowThreshold {
		/// Weight of the distinct signers.
		weight: u64,
		/// The set's threshold.
		threshold: u64,
	},
	/// A precommit is for a block below the commit's target.
	#[error("precommit {0} is not for the target or a descendant of it")]
	BadAncestry(usize),
	/// More ancestry headers than the precommits can use.
	#[error("{count} ancestry headers, the precommits can use at most {max}")]
	TooManyAncestries {
		/// Headers in `votes_ancestries`.
		count: usize,
		/// Most the precommits' routes to the target can visit.
		max: u64,
	},
	/// An ancestry header is given twice.
	#[error("an ancestry header is given twice")]
	DuplicateAncestry,
	/// The precommits do not finalize the commit's target (`validate_commit`).
	#[error("the precommits do not finalize the target")]
	InvalidCommit,
	/// A precommit's signature is not its signer's for this round and set.
	#[error("precommit {0} has a bad signature for this round and set")]
	BadSignature(usize),
	/// Ancestry headers no precommit's route uses.
	#[error("ancestry headers that no precommit uses")]
	UnusedAncestry,
}

/// The headers a justification carries, as a chain to check precommit targets against.
struct AncestryChain<'a> {
	headers: HashMap<Hash, &'a Header>,
}

impl Chain<Hash, BlockNumber> for AncestryChain<'_> {
	/// The blocks between `base` and `block`, excluding `base`, from `block`'s parent down (as
	/// polkadot-sdk's `AncestryChain`).
	fn ancestry(&self, base: Hash, block: Hash) -> Result<Vec<Hash>, finality_grandpa::Error> {
		let mut route = Vec::new();
		let mut cursor = block;
		while cursor != base {
			let header = self.headers.get(&cursor).ok_or(finality_grandpa::Error::NotDescendent)?;
			cursor = header.parent_hash;
			route.push(cursor);
		}
		route.pop();
		Ok(route)
	}
}

fn voter_set(authorities: &AuthorityList) -> Option<VoterSet<AuthorityId>> {
	VoterSet::new(authorities.iter().cloned())
}

/// The checks of a justification that need no signature and no hashing of its ancestry.
fn precheck(
	justification: &GrandpaJustification<Header>,
	(hash, number): (Hash, BlockNumber),
	voters: &VoterSet<AuthorityId>,
) -> Result<(), JustificationError> {
	let commit = &justification.commit;
	if (commit.target_hash, commit.target_number) != (hash, number) {
		return Err(JustificationError::WrongTarget {
			hash,
			number,
			got: commit.target_hash,
			got_number: commit.target_number,
		});
	}
	let authorities = voters.len().get();
	if commit.precommits.len() > 2 * authorities {
		return Err(JustificationError::TooManyPrecommits {
			count: commit.precommits.len(),
			authorities,
		});
	}
	let mut signers = BTreeSet::new();
	let mut weight = 0u64;
	let mut route_lengths = 0u64;
	for (index, signed) in commit.precommits.iter().enumerate() {
		let info = voters
			.get(&signed.id)
			.ok_or_else(|| JustificationError::NotAnAuthority { index, id: signed.id.clone() })?;
		if signers.insert(&signed.id) {
			weight = weight.saturating_add(info.weight().get());
		}
		let above = signed
			.precommit
			.target_number
			.checked_sub(number)
			.ok_or(JustificationError::BadAncestry(index))?;
		route_lengths += u64::from(above);
	}
	let threshold = voters.threshold().get();
	if weight < threshold {
		return Err(JustificationError::BelowThreshold { weight, threshold });
	}
	// Each ancestry header is on some precommit's route down to the target.
	if justification.votes_ancestries.len() as u64 > route_lengths {
		return Err(JustificationError::TooManyAncestries {
			count: justification.votes_ancestries.len(),
			max: route_lengths,
		});
	}
	Ok(())
}

/// The commit, signatures and ancestry of a justification that passed [`precheck`].
fn check_votes(
	justification: &GrandpaJustification<Header>,
	set_id: SetId,
	voters: &VoterSet<AuthorityId>,
) -> Result<(), JustificationError> {
	let commit = &justification.commit;
	let headers: HashMap<Hash, &Header> =
		justification.votes_ancestries.iter().map(|header| (header.hash(), header)).collect();
	if headers.len() != justification.votes_ancestries.len() {
		return Err(JustificationError::DuplicateAncestry);
	}
	let chain = AncestryChain { headers };
	match finality_grandpa::validate_commit(commit, voters, &chain) {
		Ok(result) if result.is_valid() => {},
		_ => return Err(JustificationError::InvalidCommit),
	}
	let mut buffer = Vec::new();
	let mut visited = HashSet::new();
	for (index, signed) in commit.precommits.iter().enumerate() {
		let message = finality_grandpa::Message::Precommit(signed.precommit.clone());
		let signature = check_message_signature_with_buffer(
			&message,
			&signed.id,
			&signed.signature,
			justification.round,
			set_id,
			&mut buffer,
		);
		if !signature.is_valid() {
			return Err(JustificationError::BadSignature(index));
		}
		if signed.precommit.target_hash == commit.target_hash {
			continue;
		}
		let route = chain
			.ancestry(commit.target_hash, signed.precommit.target_hash)
			.map_err(|_| JustificationError::BadAncestry(index))?;
		visited.insert(signed.precommit.target_hash);
		visited.extend(route);
	}
	if visited.len() != chain.headers.len()
		|| !visited.iter().all(|h| chain.headers.contains_key(h))
	{
		return Err(JustificationError::UnusedAncestry);
	}
	Ok(())
}

/// Check that `justification` finalizes block `hash` at `number` under the authority set
/// `set_id` with `authorities`: the cheap checks, then the commit, every signature and the
/// ancestry (see the module documentation).
pub fn verify_justification(
	justification: &GrandpaJustification<Header>,
	hash: Hash,
	number: BlockNumber,
	set_id: SetId,
	authorities: &AuthorityList,
) -> Result<(), JustificationError> {
	let voters = voter_set(authorities).ok_or(JustificationError::InvalidSet)?;
	precheck(justification, (hash, number), &voters)?;
	check_votes(justification, set_id, &voters)
}

/// Verify `proof` starting from the trusted authority set `set`: see the module
/// documentation. The caller checks that the result is above the block it trusts.
pub fn verify_warp_proof(
	set: &AuthoritySet,
	proof: &WarpSyncProof,
) -> Result<VerifiedWarp, WarpVerifyError> {
	let fragments = &proof.proofs;
	let Some(last) = fragments.last() else { return Err(WarpVerifyError::Empty) };
	if fragments.len() > MAX_FRAGMENTS {
		return Err(WarpVerifyError::TooManyFragments(fragments.len()));
	}
	let mut set_id = set.set_id;
	let mut authorities = set.authorities.clone();
	let mut voters = voter_set(&authorities)
		.ok_or(WarpVerifyError::InvalidSet { index: None, set_id: set.set_id })?;
	// The set that signs each fragment, found with the cheap checks before any signature.
	let mut signers: Vec<(SetId, VoterSet<AuthorityId>)> = Vec::with_capacity(fragments.len());
	let mut previous: Option<BlockNumber> = None;
	for (index, WarpSyncFragment { header, justification }) in fragments.iter().enumerate() {
		let number = header.number;
		if let Some(previous) = previous.filter(|previous| number <= *previous) {
			return Err(WarpVerifyError::NotAscending { index, previous, number });
		}
		previous = Some(number);
		precheck(justification, (header.hash(), number), &voters)
			.map_err(|error| WarpVerifyError::Justification { index, set_id, error })?;
		signers.push((set_id, voters.clone()));
		match signalled_change(header).map(|signal| signal.change().clone()) {
			Some(change) => {
				let next_id = set_id
					.checked_add(1)
					.ok_or(WarpVerifyError::InvalidSet { index: Some(index), set_id })?;
				voters = voter_set(&change.next_authorities)
					.ok_or(WarpVerifyError::InvalidSet { index: Some(index), set_id: next_id })?;
				authorities = change.next_authorities;
				set_id = next_id;
			},
			None if index + 1 == fragments.len() && proof.is_finished => {},
			None => return Err(WarpVerifyError::MissingChange { index, number }),
		}
	}
	for (index, (fragment, (signer_set, voters))) in fragments.iter().zip(&signers).enumerate() {
		check_votes(&fragment.justification, *signer_set, voters).map_err(|error| {
			WarpVerifyError::Justification { index, set_id: *signer_set, error }
		})?;
	}
	Ok(VerifiedWarp {
		header: last.header.clone(),
		justification: last.justification.clone(),
		next_set: AuthoritySet { set_id, authorities },
		is_finished: proof.is_finished,
		changes: usize::try_from(set_id - set.set_id).unwrap_or(usize::MAX),
	})
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;
	use finality_grandpa::SignedPrecommit;
	use sp_consensus_grandpa::{Commit, Precommit};
	use sp_consensus_grandpa::{ConsensusLog, ScheduledChange, GRANDPA_ENGINE_ID};
	use sp_keyring::Ed25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
	use sp_runtime::{traits::Header as _, Digest, DigestItem};

	fn authorities(keys: &[Ed25519Keyring]) -> AuthorityList {
		keys.iter().map(|key| (key.public().into(), 1)).collect()
	}

	fn set(set_id: SetId, keys: &[Ed25519Keyring]) -> AuthoritySet {
		AuthoritySet { set_id, authorities: authorities(keys) }
	}

	fn header(
		parent: Hash,
		number: BlockNumber,
		change: Option<ConsensusLog<BlockNumber>>,
	) -> Header {
		let logs = change
			.into_iter()
			.map(|log| DigestItem::Consensus(GRANDPA_ENGINE_ID, log.encode()))
			.collect();
		Header::new(number, Hash::zero(), Hash::zero(), parent, Digest { logs })
	}

	fn scheduled(keys: &[Ed25519Keyring]) -> Option<ConsensusLog<BlockNumber>> {
		Some(ConsensusLog::ScheduledChange(ScheduledChange {
			next_authorities: authorities(keys),
			delay: 0,
		}))
	}

	const ROUND: u64 = 42;

	/// `key`'s precommit for `target` in round [`ROUND`] of set `set_id`.
	fn precommit(
		key: Ed25519Keyring,
		target: &Header,
		set_id: SetId,
	) -> SignedPrecommit<Hash, BlockNumber, sp_consensus_grandpa::AuthoritySignature, AuthorityId>
	{
		let precommit =
			Precommit::<Header> { target_hash: target.hash(), target_number: target.number };
		let message = finality_grandpa::Message::Precommit(precommit.clone());
		let payload = sp_consensus_grandpa::localized_payload(ROUND, set_id, &message);
		SignedPrecommit { precommit, signature: key.sign(&payload).into(), id: key.public().into() }
	}

	/// A justification of `target` by `keys`, all precommitting `target` itself.
	fn justification(
		target: &Header,
		set_id: SetId,
		keys: &[Ed25519Keyring],
	) -> GrandpaJustification<Header> {
		GrandpaJustification {
			round: ROUND,
			commit: Commit::<Header> {
				target_hash: target.hash(),
				target_number: target.number,
				precommits: keys.iter().map(|key| precommit(*key, target, set_id)).collect(),
			},
			votes_ancestries: vec![],
		}
	}

	/// Sets 0 {Alice}, 1 {Alice, Bob, Charlie, Dave}, 2 {Bob, Charlie, Eve}: the changes at
	/// blocks 10 and 20 (signed by the set they end), then block 25 finalized by set 2.
	fn proof() -> WarpSyncProof {
		let first = header(Hash::repeat_byte(9), 10, scheduled(&[Alice, Bob, Charlie, Dave]));
		let second = header(Hash::repeat_byte(19), 20, scheduled(&[Bob, Charlie, Eve]));
		let last = header(Hash::repeat_byte(24), 25, None);
		WarpSyncProof {
			proofs: vec![
				WarpSyncFragment {
					justification: justification(&first, 0, &[Alice]),
					header: first,
				},
				WarpSyncFragment {
					justification: justification(&second, 1, &[Alice, Bob, Dave]),
					header: second,
				},
				WarpSyncFragment {
					justification: justification(&last, 2, &[Bob, Charlie, Eve]),
					header: last,
				},
			],
			is_finished: true,
		}
	}

	fn fragment_error(
		result: Result<VerifiedWarp, WarpVerifyError>,
	) -> (usize, JustificationError) {
		match result {
			Err(WarpVerifyError::Justification { index, error, .. }) => (index, error),
			other => panic!("expected a justification error, got {other:?}"),
		}
	}

	#[test]
	fn a_valid_proof_gives_the_last_header_and_the_set_after_it() {
		let proof = proof();
		let verified = verify_warp_proof(&set(0, &[Alice]), &proof).unwrap();
		assert_eq!(verified.header, proof.proofs[2].header);
		assert_eq!(verified.justification, proof.proofs[2].justification);
		assert_eq!(verified.next_set, set(2, &[Bob, Charlie, Eve]));
		assert_eq!(verified.changes, 2);
		assert!(verified.is_finished);

		// Cut short (not finished): the last fragment must be a change, and the set after it is
		// the one to continue with.
		let mut partial = proof.clone();
		partial.proofs.pop();
		partial.is_finished = false;
		let verified = verify_warp_proof(&set(0, &[Alice]), &partial).unwrap();
		assert_eq!(verified.header.number, 20);
		assert_eq!(verified.next_set, set(2, &[Bob, Charlie, Eve]));
		assert!(!verified.is_finished);
		// And continuing from there verifies the rest.
		let rest = WarpSyncProof { proofs: vec![proof.proofs[2].clone()], is_finished: true };
		assert_eq!(verify_warp_proof(&verified.next_set, &rest).unwrap().header.number, 25);
	}

	#[test]
	fn a_forced_change_gives_the_next_set_too() {
		let target = header(
			Hash::zero(),
			5,
			Some(ConsensusLog::ForcedChange(
				3,
				ScheduledChange { next_authorities: authorities(&[Ferdie]), delay: 0 },
			)),
		);
		let proof = WarpSyncProof {
			proofs: vec![WarpSyncFragment {
				justification: justification(&target, 7, &[Alice]),
				header: target,
			}],
			is_finished: true,
		};
		assert_eq!(
			verify_warp_proof(&set(7, &[Alice]), &proof).unwrap().next_set,
			set(8, &[Ferdie])
		);
	}

	#[test]
	fn the_wrong_set_is_refused() {
		let proof = proof();
		// Another set id: the signatures are for set 0.
		assert_eq!(
			fragment_error(verify_warp_proof(&set(1, &[Alice]), &proof)),
			(0, JustificationError::BadSignature(0))
		);
		// Other authorities: refused before any signature is checked.
		let (index, error) = fragment_error(verify_warp_proof(&set(0, &[Bob]), &proof));
		assert_eq!(index, 0);
		assert!(matches!(error, JustificationError::NotAnAuthority { index: 0, .. }));
		assert!(matches!(
			verify_warp_proof(&set(0, &[]), &proof),
			Err(WarpVerifyError::InvalidSet { index: None, set_id: 0 })
		));
	}

	#[test]
	fn a_forged_signature_is_refused() {
		let mut proof = proof();
		let precommit = &mut proof.proofs[1].justification.commit.precommits[2];
		let mut bytes = precommit.signature.encode();
		bytes[10] ^= 1;
		precommit.signature = codec::Decode::decode(&mut &bytes[..]).unwrap();
		assert_eq!(
			fragment_error(verify_warp_proof(&set(0, &[Alice]), &proof)),
			(1, JustificationError::BadSignature(2))
		);
		// A precommit signed for another round.
		let mut proof = self::proof();
		proof.proofs[0].justification.round += 1;
		assert_eq!(
			fragment_error(verify_warp_proof(&set(0, &[Alice]), &proof)),
			(0, JustificationError::BadSignature(0))
		);
	}

	#[test]
	fn a_fragment_without_a_change_in_the_middle_is_refused() {
		let mut proof = proof();
		let plain = header(Hash::repeat_byte(19), 20, None);
		proof.proofs[1] = WarpSyncFragment {
			justification: justification(&plain, 1, &[Alice, Bob, Dave]),
			header: plain,
		};
		assert_eq!(
			verify_warp_proof(&set(0, &[Alice]), &proof),
			Err(WarpVerifyError::MissingChange { index: 1, number: 20 })
		);
		// The last fragment of an unfinished proof must be a change too.
		let mut proof = self::proof();
		proof.is_finished = false;
		assert_eq!(
			verify_warp_proof(&set(0, &[Alice]), &proof),
			Err(WarpVerifyError::MissingChange { index: 2, number: 25 })
		);
	}

	#[test]
	fn too_few_precommits_are_refused_before_signatures() {
		let mut proof = proof();
		// Two of four: the threshold is three.
		proof.proofs[1].justification.commit.precommits.truncate(2);
		// A forged signature elsewhere is not even looked at.
		proof.proofs[2].justification.commit.precommits[0].signature =
			codec::Decode::decode(&mut &[0u8; 64][..]).unwrap();
		assert_eq!(
			fragment_error(verify_warp_proof(&set(0, &[Alice]), &proof)),
			(1, JustificationError::BelowThreshold { weight: 2, threshold: 3 })
		);
		// A signer counted twice still weighs once.
		let mut proof = self::proof();
		let repeated = proof.proofs[1].justification.commit.precommits[0].clone();
		proof.proofs[1].justification.commit.precommits[2] = repeated;
		assert_eq!(
			fragment_error(verify_warp_proof(&set(0, &[Alice]), &proof)),
			(1, JustificationError::BelowThreshold { weight: 2, threshold: 3 })
		);
		// More than two precommits per authority.
		let mut proof = self::proof();
		let repeated = proof.proofs[0].justification.commit.precommits[0].clone();
		proof.proofs[0].justification.commit.precommits = vec![repeated; 3];
		assert_eq!(
			fragment_error(verify_warp_proof(&set(0, &[Alice]), &proof)),
			(0, JustificationError::TooManyPrecommits { count: 3, authorities: 1 })
		);
		let mut proof = self::proof();
		proof.proofs[0].justification.commit.precommits.clear();
		assert!(matches!(
			fragment_error(verify_warp_proof(&set(0, &[Alice]), &proof)).1,
			JustificationError::BelowThreshold { weight: 0, .. }
		));
	}

	#[test]
	fn malformed_proofs_are_refused() {
		let empty = WarpSyncProof { proofs: vec![], is_finished: true };
		assert_eq!(verify_warp_proof(&set(0, &[Alice]), &empty), Err(WarpVerifyError::Empty));

		let mut proof = proof();
		let again = proof.proofs[0].clone();
		proof.proofs.insert(1, again);
		assert_eq!(
			verify_warp_proof(&set(0, &[Alice]), &proof),
			Err(WarpVerifyError::NotAscending { index: 1, previous: 10, number: 10 })
		);

		// A justification of another block than the fragment's header.
		let mut proof = self::proof();
		proof.proofs[1].header.state_root = Hash::repeat_byte(1);
		assert!(matches!(
			fragment_error(verify_warp_proof(&set(0, &[Alice]), &proof)),
			(1, JustificationError::WrongTarget { number: 20, got_number: 20, .. })
		));

		// A change to an empty set.
		let target = header(Hash::zero(), 5, scheduled(&[]));
		let proof = WarpSyncProof {
			proofs: vec![WarpSyncFragment {
				justification: justification(&target, 0, &[Alice]),
				header: target,
			}],
			is_finished: true,
		};
		assert_eq!(
			verify_warp_proof(&set(0, &[Alice]), &proof),
			Err(WarpVerifyError::InvalidSet { index: Some(0), set_id: 1 })
		);
	}

	/// Precommits for descendants of the target, linked by the ancestry headers.
	#[test]
	fn justification_ancestry() {
		let keys = [Alice, Bob, Charlie, Dave];
		let target = header(Hash::repeat_byte(1), 10, None);
		let child = header(target.hash(), 11, None);
		let grandchild = header(child.hash(), 12, None);
		let set = authorities(&keys);
		let build = |targets: [&Header; 4], ancestries: Vec<Header>| GrandpaJustification {
			round: ROUND,
			commit: Commit::<Header> {
				target_hash: target.hash(),
				target_number: 10,
				precommits: keys
					.iter()
					.zip(targets)
					.map(|(key, target)| precommit(*key, target, 3))
					.collect(),
			},
			votes_ancestries: ancestries,
		};
		let verify = |justification: &GrandpaJustification<Header>| {
			verify_justification(justification, target.hash(), 10, 3, &set)
		};
		let valid =
			build([&target, &child, &grandchild, &target], vec![child.clone(), grandchild.clone()]);
		verify(&valid).unwrap();

		// A header no precommit needs. (Three precommits on the child would make it the
		// precommits' GHOST, and the commit for the target invalid.)
		let extra = header(child.hash(), 12, Some(ConsensusLog::Pause(1)));
		let unused = build(
			[&target, &child, &grandchild, &target],
			vec![child.clone(), grandchild.clone(), extra],
		);
		assert_eq!(verify(&unused), Err(JustificationError::UnusedAncestry));
		// More headers than the routes are long.
		let too_many =
			build([&target, &child, &target, &target], vec![child.clone(), grandchild.clone()]);
		assert!(matches!(
			verify(&too_many),
			Err(JustificationError::TooManyAncestries { count: 2, max: 1 })
		));
		// A missing link: the precommit for the grandchild cannot be traced to the target.
		let missing = build([&target, &grandchild, &grandchild, &target], vec![grandchild.clone()]);
		assert!(matches!(
			verify(&missing),
			Err(JustificationError::InvalidCommit | JustificationError::BadAncestry(_))
		));
		let duplicated =
			build([&target, &child, &child, &target], vec![child.clone(), child.clone()]);
		assert_eq!(verify(&duplicated), Err(JustificationError::DuplicateAncestry));
		// A precommit below the target.
		let parent = header(Hash::zero(), 9, None);
		let below = build([&target, &target, &parent, &target], vec![]);
		assert_eq!(verify(&below), Err(JustificationError::BadAncestry(2)));
		// A justification for another block.
		assert!(matches!(
			verify_justification(&valid, child.hash(), 11, 3, &set),
			Err(JustificationError::WrongTarget { .. })
		));
	}
}
