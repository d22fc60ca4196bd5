//! GRANDPA justifications: the commit that finalized a block plus the headers that link every
//! precommit to the finalized block, stored with the block and served to syncing peers.

use codec::{Decode, Encode};
use sci_client::{Client, ClientError};
use sci_network::{warp_verify::verify_justification, JustificationError, JustificationImport};
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
	) -> Result<(), JustificationError> {
		let Some(encoded) = justifications.get(GRANDPA_ENGINE_ID) else { return Ok(()) };
		let justification = GrandpaJustification::<Header>::decode(&mut &encoded[..])
			.map_err(|e| invalid(format!("undecodable GRANDPA justification: {e}")))?;
		let header = self.client.expect_header(hash).map_err(invalid)?;
		let set = match self.client.grandpa_set_for(&header) {
			Ok(set) => set,
			Err(e @ ClientError::AfterSetChange { .. }) => {
				return Err(JustificationError::NotYet(e.to_string()))
			},
			Err(e) => return Err(invalid(e)),
		};
		verify_justification(&justification, hash, number, set.set_id, &set.authorities)
			.map_err(invalid)?;
		self.client
			.finalize(hash, Some((GRANDPA_ENGINE_ID, justification.encode())))
			.map_err(invalid)
	}

	fn must_justify_on(&self, tip: Hash) -> Option<BlockNumber> {
		self.client.grandpa_enacting_on(tip).ok().flatten()
	}
}

fn invalid(e: impl std::fmt::Display) -> JustificationError {
	JustificationError::Invalid(e.to_string())
}
