//! GRANDPA's gossip messages and their checks.

use codec::{Decode, Encode};
use sci_primitives::{BlockNumber, Hash, Header};
use sp_consensus_grandpa::{
	check_message_signature, AuthorityId, AuthoritySignature, CatchUp, CompactCommit, RoundNumber,
	SetId, SignedMessage,
};

/// A message on the finality gossip topic.
#[derive(Clone, Debug, Encode, Decode)]
pub(crate) enum GossipMessage {
	/// A signed prevote, precommit or primary proposal. Votes are sent again while a round
	/// stalls (a peer may have connected after the first send); `sent_at` (ms) keeps gossip
	/// from dropping the repeat as a duplicate.
	Vote { set_id: SetId, round: RoundNumber, message: SignedMessage<Header>, sent_at: u64 },
	/// Proof that a round finalized a block.
	Commit { set_id: SetId, round: RoundNumber, commit: CompactCommit<Header> },
	/// Where the sender's voter is; lets peers that are ahead send a catch-up.
	Neighbor { set_id: SetId, round: RoundNumber, finalized: BlockNumber, nonce: u64 },
	/// The votes of a completed round, for voters left behind.
	CatchUp { set_id: SetId, catch_up: CatchUp<Header> },
}

/// Check a vote's or precommit's signature and that its signer is in the set.
pub(crate) fn check_vote(
	message: &finality_grandpa::Message<Hash, BlockNumber>,
	id: &AuthorityId,
	signature: &AuthoritySignature,
	round: RoundNumber,
	set_id: SetId,
	authorities: &[AuthorityId],
) -> Result<(), String> {
	if !authorities.contains(id) {
		return Err(format!("{id:?} is not a GRANDPA authority of set {set_id}"));
	}
	if !check_message_signature(message, id, signature, round, set_id).is_valid() {
		return Err(format!("bad signature by {id:?} in round {round}"));
	}
	Ok(())
}

/// Check every precommit of a commit.
pub(crate) fn check_commit(
	commit: &CompactCommit<Header>,
	round: RoundNumber,
	set_id: SetId,
	authorities: &[AuthorityId],
) -> Result<(), String> {
	if commit.precommits.len() != commit.auth_data.len() {
		return Err("precommits and signatures differ in number".into());
	}
	for (precommit, (signature, id)) in commit.precommits.iter().zip(&commit.auth_data) {
		let message = finality_grandpa::Message::Precommit(precommit.clone());
		check_vote(&message, id, signature, round, set_id, authorities)?;
	}
	Ok(())
}

/// Check every vote of a catch-up.
pub(crate) fn check_catch_up(
	catch_up: &CatchUp<Header>,
	set_id: SetId,
	authorities: &[AuthorityId],
) -> Result<(), String> {
	let round = catch_up.round_number;
	for vote in &catch_up.prevotes {
		let message = finality_grandpa::Message::Prevote(vote.prevote.clone());
		check_vote(&message, &vote.id, &vote.signature, round, set_id, authorities)?;
	}
	for vote in &catch_up.precommits {
		let message = finality_grandpa::Message::Precommit(vote.precommit.clone());
		check_vote(&message, &vote.id, &vote.signature, round, set_id, authorities)?;
	}
	Ok(())
}
