//! GRANDPA justifications: the commit that finalized a block plus the headers that link every
//! precommit to the finalized block, stored with the block and served to syncing peers.

use super::{authority_set_at, messages::check_vote};
use codec::{Decode, Encode};
use finality_grandpa::{voter_set::VoterSet, Chain};
use sci_client::{Client, ClientError};
use sci_network::JustificationImport;
use sci_primitives::{BlockNumber, Hash, Header};
use sp_consensus_grandpa::{
	AuthorityId, Commit, GrandpaJustification, RoundNumber, SetId, GRANDPA_ENGINE_ID,
};
use sp_runtime::Justifications;
use std::{
	collections::{BTreeMap, HashMap},
	sync::Arc,
};

/// The justification of `commit`, reading the linking headers from `client`.
pub(crate) fn build(
	client: &Client,
	round: RoundNumber,
	commit: Commit<Header>,
) -> Result<GrandpaJustification<Header>, ClientError> {
	let mut ancestries = BTreeMap::new();
	for precommit in &commit.precommits {
		let mut cursor = precommit.precommit.target_hash;
		while cursor != commit.target_hash && !ancestries.contains_key(&cursor) {
			let header = client.expect_header(cursor)?;
			if header.number <= commit.target_number {
				break;
			}
			cursor = header.parent_hash;
			ancestries.insert(header.hash(), header);
		}
	}
	Ok(GrandpaJustification { round, commit, votes_ancestries: ancestries.into_values().collect() })
}

/// The headers a justification carries, as a chain to check precommit targets against.
struct AncestryChain {
	headers: HashMap<Hash, Header>,
}

impl Chain<Hash, BlockNumber> for AncestryChain {
	fn ancestry(&self, base: Hash, block: Hash) -> Result<Vec<Hash>, finality_grandpa::Error> {
		let mut route = Vec::new();
		let mut cursor = block;
		while cursor != base {
			let header = self.headers.get(&cursor).ok_or(finality_grandpa::Error::NotDescendent)?;
			cursor = header.parent_hash;
			route.push(cursor);
		}
		// The route excludes `base` itself.
		route.pop();
		Ok(route)
	}
}

/// Check that `justification` finalizes `hash` at `number` under the authority set `set_id`.
pub(crate) fn verify(
	justification: &GrandpaJustification<Header>,
	hash: Hash,
	number: BlockNumber,
	set_id: SetId,
	authorities: &[(AuthorityId, u64)],
) -> Result<(), String> {
	let commit = &justification.commit;
	if (commit.target_hash, commit.target_number) != (hash, number) {
		return Err(format!(
			"justification is for #{} ({:?}), not #{number} ({hash:?})",
			commit.target_number, commit.target_hash
		));
	}
	let voters = VoterSet::new(authorities.iter().cloned()).ok_or("no GRANDPA authorities")?;
	let chain = AncestryChain {
		headers: justification.votes_ancestries.iter().map(|h| (h.hash(), h.clone())).collect(),
	};
	if chain.headers.len() != justification.votes_ancestries.len() {
		return Err("duplicate ancestry headers".into());
	}
	let result = finality_grandpa::validate_commit(commit, &voters, &chain)
		.map_err(|e| format!("invalid commit: {e}"))?;
	if !result.is_valid() {
		return Err(format!(
			"the commit's precommits do not reach the threshold ({} precommits, {} invalid voters)",
			result.num_precommits(),
			result.num_invalid_voters()
		));
	}
	let ids: Vec<AuthorityId> = authorities.iter().map(|(id, _)| id.clone()).collect();
	for signed in &commit.precommits {
		let message = finality_grandpa::Message::Precommit(signed.precommit.clone());
		check_vote(&message, &signed.id, &signed.signature, justification.round, set_id, &ids)?;
	}
	Ok(())
}

/// Imports the GRANDPA justifications that come with synced blocks.
pub struct GrandpaJustificationImport {
	/// The chain justifications are imported into.
	pub client: Arc<Client>,
}

impl JustificationImport for GrandpaJustificationImport {
	fn import_justifications(
		&self,
		hash: Hash,
		number: BlockNumber,
		justifications: &Justifications,
	) -> Result<(), String> {
		let Some(encoded) = justifications.get(GRANDPA_ENGINE_ID) else { return Ok(()) };
		let justification = GrandpaJustification::<Header>::decode(&mut &encoded[..])
			.map_err(|e| format!("undecodable GRANDPA justification: {e}"))?;
		let header = self.client.expect_header(hash).map_err(|e| e.to_string())?;
		// Votes on a block are cast by the set in force at its parent.
		let set = authority_set_at(&self.client, header.parent_hash).map_err(|e| e.to_string())?;
		verify(&justification, hash, number, set.set_id, &set.authorities)?;
		self.client
			.finalize(hash, Some((GRANDPA_ENGINE_ID, justification.encode())))
			.map_err(|e| e.to_string())
	}
}
