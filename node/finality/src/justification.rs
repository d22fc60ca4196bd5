//! GRANDPA justifications: the commit that finalized a block plus the headers that link every
//! precommit to the finalized block, stored with the block and served to syncing peers.

use super::authority_set_at;
use codec::{Decode, Encode};
use sci_client::{Client, ClientError};
use sci_network::{warp_verify::verify_justification, JustificationImport};
use sci_primitives::{BlockNumber, Hash, Header};
use sp_consensus_grandpa::{Commit, GrandpaJustification, RoundNumber, GRANDPA_ENGINE_ID};
use sp_runtime::Justifications;
use std::{collections::BTreeMap, sync::Arc};

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
		verify_justification(&justification, hash, number, set.set_id, &set.authorities)
			.map_err(|e| e.to_string())?;
		self.client
			.finalize(hash, Some((GRANDPA_ENGINE_ID, justification.encode())))
			.map_err(|e| e.to_string())
	}
}
