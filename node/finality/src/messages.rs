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

/// The signers a round needs: more than two thirds of the set (every authority weighs one).
pub(crate) fn threshold(authorities: usize) -> usize {
	authorities - authorities.saturating_sub(1) / 3
}

/// Check that `signers` are distinct members of the set and reach its threshold: cheap checks,
/// made before any signature is, so that an oversized message of one repeated vote, or of
/// strangers' votes, costs no signature verification.
fn check_signers<'a>(
	signers: impl ExactSizeIterator<Item = &'a AuthorityId>,
	authorities: &[AuthorityId],
) -> Result<(), String> {
	if signers.len() > authorities.len() {
		return Err(format!("{} signatures for a set of {}", signers.len(), authorities.len()));
	}
	let mut seen = std::collections::BTreeSet::new();
	for id in signers {
		if !authorities.contains(id) {
			return Err(format!("{id:?} is not in the set"));
		}
		if !seen.insert(id) {
			return Err(format!("{id:?} signed twice"));
		}
	}
	if seen.len() < threshold(authorities.len()) {
		return Err(format!(
			"{} signers, below the threshold of {}",
			seen.len(),
			threshold(authorities.len())
		));
	}
	Ok(())
}

/// Check a commit: its signers first (cheap), then every precommit's signature.
pub(crate) fn check_commit(
	commit: &CompactCommit<Header>,
	round: RoundNumber,
	set_id: SetId,
	authorities: &[AuthorityId],
) -> Result<(), String> {
	if commit.precommits.len() != commit.auth_data.len() {
		return Err("precommits and signatures differ in number".into());
	}
	check_signers(commit.auth_data.iter().map(|(_, id)| id), authorities)?;
	for (precommit, (signature, id)) in commit.precommits.iter().zip(&commit.auth_data) {
		let message = finality_grandpa::Message::Precommit(precommit.clone());
		check_vote(&message, id, signature, round, set_id, authorities)?;
	}
	Ok(())
}

/// Check a catch-up: its signers first (cheap), then every vote's signature.
pub(crate) fn check_catch_up(
	catch_up: &CatchUp<Header>,
	set_id: SetId,
	authorities: &[AuthorityId],
) -> Result<(), String> {
	check_signers(catch_up.prevotes.iter().map(|v| &v.id), authorities)?;
	check_signers(catch_up.precommits.iter().map(|v| &v.id), authorities)?;
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
