//! The GRANDPA authority sets of the chain, followed from header digests at each finality
//! ([`sci_client_api::grandpa`]) and stored with the finalized pointer, so that the voter, the
//! justification import and the warp proofs agree on the set that finalizes each block
//! whatever states the node kept.

use crate::{aux_key, columns, Client, ClientError};
use codec::Encode;
use sci_client_api::grandpa::{AuthoritySet, AuthoritySets};
use sci_primitives::{BlockNumber, Hash, Header};
use sci_storage::db::Change;

/// The `aux` key of the stored [`AuthoritySets`]. Written when a change is signalled or
/// enacted (not at every finality): its `finalized` field is the finalized block when it
/// was written, and the blocks finalized since signalled nothing.
pub(crate) const GRANDPA_SETS_KEY: &[u8] = b"grandpa:sets";

impl Client {
	/// The stored sets, brought up to the finalized block; rebuilt from the runtime state of
	/// the finalized block when the database has none (a new database, one written before
	/// sets were stored, or a warp sync that stopped before they were).
	pub(crate) fn load_grandpa_sets(&self) -> Result<AuthoritySets, ClientError> {
		let info = self.info();
		if let Some(bytes) = self.aux(GRANDPA_SETS_KEY)? {
			let mut sets: AuthoritySets = crate::decode("GRANDPA authority sets", &bytes)?;
			sets.finalized = info.finalized_number;
			return Ok(sets);
		}
		let sets = self.grandpa_sets_from_state(info.finalized_hash)?;
		self.db.commit(vec![self.grandpa_sets_change(&sets)])?;
		log::info!(
			target: "grandpa",
			"👴 GRANDPA authority set {} ({} authorities) read from the state of #{}",
			sets.current.set_id,
			sets.current.authorities.len(),
			info.finalized_number
		);
		Ok(sets)
	}

	/// The sets in force after the finalized block `hash`, from its runtime state. Set 0 has no
	/// history to miss, so its sets count as followed from genesis.
	pub(crate) fn grandpa_sets_from_state(&self, hash: Hash) -> Result<AuthoritySets, ClientError> {
		let header = self.expect_header(hash)?;
		let current = AuthoritySet {
			set_id: self.call_decode(hash, "GrandpaApi_current_set_id", &[])?,
			authorities: self.call_decode(hash, "GrandpaApi_grandpa_authorities", &[])?,
		};
		let mut sets = AuthoritySets::starting_at(header.number, current, Some(&header));
		if sets.current.set_id == 0 {
			sets.since = 0;
		}
		Ok(sets)
	}

	/// The database write that stores `sets`.
	pub(crate) fn grandpa_sets_change(&self, sets: &AuthoritySets) -> Change {
		(columns::META, aux_key(GRANDPA_SETS_KEY), Some(sets.encode()))
	}

	/// Follow the sets over the blocks from the finalized one up to `header` (which descends
	/// from it): the new sets, and the write that stores them if a change was signalled or
	/// enacted. Refused if finality would pass a block that enacts a change.
	pub(crate) fn grandpa_sets_finalizing(
		&self,
		header: &Header,
	) -> Result<(AuthoritySets, Option<Change>), ClientError> {
		let mut sets = self.grandpa_sets.read().clone();
		let mut headers = self.unfinalized_ancestry(header.clone())?;
		headers.reverse();
		let before = (sets.pending.clone(), sets.current.set_id);
		sets.finalize(&headers)?;
		let write = (before != (sets.pending.clone(), sets.current.set_id))
			.then(|| self.grandpa_sets_change(&sets));
		Ok((sets, write))
	}

	/// `header` and its ancestors above the finalized block, from `header` down.
	fn unfinalized_ancestry(&self, header: Header) -> Result<Vec<Header>, ClientError> {
		let finalized = self.info().finalized_number;
		let mut headers = Vec::new();
		let mut cursor = header;
		while cursor.number > finalized {
			let parent = cursor.parent_hash;
			headers.push(cursor);
			cursor = self.expect_header(parent)?;
		}
		Ok(headers)
	}

	/// The GRANDPA set that finalizes the blocks after the finalized one.
	pub fn grandpa_set(&self) -> AuthoritySet {
		self.grandpa_sets.read().current.clone()
	}

	/// The GRANDPA sets of the finalized chain.
	pub fn grandpa_sets(&self) -> AuthoritySets {
		self.grandpa_sets.read().clone()
	}

	/// The nearest block on the chain of `tip` (above the finalized block) that enacts a
	/// GRANDPA set change: the highest block the current set may finalize on that chain.
	pub fn grandpa_enacting_on(&self, tip: Hash) -> Result<Option<BlockNumber>, ClientError> {
		let sets = self.grandpa_sets.read().clone();
		if let Some(pending) = &sets.pending {
			return Ok(Some(pending.enacting));
		}
		let headers = self.unfinalized_ancestry(self.expect_header(tip)?)?;
		Ok(sets.enacting_on(&headers))
	}

	/// The set whose justification finalizes the unfinalized block `header`: the current one,
	/// unless a block below it enacts a change that is not finalized yet.
	pub fn grandpa_set_for(&self, header: &Header) -> Result<AuthoritySet, ClientError> {
		match self.grandpa_enacting_on(header.hash())? {
			Some(enacting) if enacting < header.number => {
				Err(ClientError::AfterSetChange { number: header.number, enacting })
			},
			_ => Ok(self.grandpa_set()),
		}
	}
}
