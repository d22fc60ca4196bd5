//! Checks of GRANDPA's gossip messages (their wire format is `sci_network::wire::grandpa`).

use sci_primitives::{BlockNumber, Hash, Header};
use sp_consensus_grandpa::{
	check_message_signature, AuthorityId, AuthoritySignature, CatchUp, CompactCommit, RoundNumber,
	SetId,
};

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
