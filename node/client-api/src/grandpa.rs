//! GRANDPA authority sets as the host follows them: from the change digests in block headers,
//! not from runtime state, so that every node (full, pruned or light) agrees on the set that
//! finalizes any block whose header it holds.
//!
//! The rules are polkadot-sdk's (`sc-consensus-grandpa`'s authority set):
//! * A `ScheduledChange { next_authorities, delay }` in the digest of block S takes effect at
//!   block S + delay of S's chain, the *enacting* block. The old set finalizes the enacting block,
//!   and finalizes it explicitly (never by finalizing a descendant), so its justification is
//!   stored and a warp proof can show the change. The next set, with id + 1, finalizes the
//!   blocks after it.
//! * One standard change is pending at a time: a second signal before the first is enacted is
//!   ignored, as pallet-grandpa refuses to schedule it.
//! * A `ForcedChange` (pallet-grandpa's `note_stalled`, for a set that cannot finalize) is
//!   reported to the operator and not followed: this host has no forced-change path yet.

use codec::{Decode, Encode};
use sci_primitives::{BlockNumber, Header};
use sp_consensus_grandpa::{
	AuthorityList, ConsensusLog, ScheduledChange, SetId, GRANDPA_ENGINE_ID,
};
use sp_runtime::DigestItem;

/// A GRANDPA authority set: the id and the weighted authorities.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct AuthoritySet {
	/// The set id (0 at genesis, one more at each change).
	pub set_id: SetId,
	/// The authorities and their weights.
	pub authorities: AuthorityList,
}

/// An authority-set change a header's digest signals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignalledChange {
	/// Enacted when the block `delay` after the signal is finalized.
	Standard(ScheduledChange<BlockNumber>),
	/// Enacted when the block `delay` after the signal is imported, with voting restarting
	/// from the block `median` (for a set that stalled).
	Forced {
		/// The block the new set starts voting from.
		median: BlockNumber,
		/// The next set and the delay.
		change: ScheduledChange<BlockNumber>,
	},
}

impl SignalledChange {
	/// The change, standard or forced.
	pub fn change(&self) -> &ScheduledChange<BlockNumber> {
		match self {
			Self::Standard(change) | Self::Forced { change, .. } => change,
		}
	}
}

/// The change `header` signals: its first `ScheduledChange`, else its first `ForcedChange`.
pub fn signalled_change(header: &Header) -> Option<SignalledChange> {
	let logs = || {
		header.digest.logs().iter().filter_map(|item| match item {
			DigestItem::Consensus(engine, data) if *engine == GRANDPA_ENGINE_ID => {
				ConsensusLog::<BlockNumber>::decode(&mut &data[..]).ok()
			},
			_ => None,
		})
	};
	logs().find_map(|log| log.try_into_change().map(SignalledChange::Standard)).or_else(|| {
		logs().find_map(|log| {
			log.try_into_forced_change()
				.map(|(median, change)| SignalledChange::Forced { median, change })
		})
	})
}

/// The standard change `header` signals, if any.
pub fn scheduled_change(header: &Header) -> Option<ScheduledChange<BlockNumber>> {
	match signalled_change(header)? {
		SignalledChange::Standard(change) => Some(change),
		SignalledChange::Forced { .. } => None,
	}
}

/// Whether `authorities` can form a voter set: not empty, and weights that sum without
/// overflow and to more than zero (what `finality_grandpa::VoterSet::new` accepts).
pub fn is_valid_set(authorities: &AuthorityList) -> bool {
	let total = authorities.iter().try_fold(0u64, |sum, (_, weight)| sum.checked_add(*weight));
	!authorities.is_empty() && total.is_some_and(|total| total > 0)
}

/// A standard change signalled in a finalized block and enacted at a later one.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct PendingChange {
	/// The block whose digest signalled it.
	pub signal: BlockNumber,
	/// The enacting block: the last one the current set finalizes.
	pub enacting: BlockNumber,
	/// The next set's authorities.
	pub next_authorities: AuthorityList,
}

/// Why a set change could not be followed. Nothing was changed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SetChangeError {
	/// Finality would pass the block that enacts a change without stopping at it, so the
	/// blocks above it would count as finalized by the old set.
	#[error("finalizing #{target} passes #{enacting}, which enacts GRANDPA set {next}: #{enacting} must be finalized first")]
	PassesEnactment {
		/// The enacting block.
		enacting: BlockNumber,
		/// The block asked to be finalized.
		target: BlockNumber,
		/// The id of the set it enacts.
		next: SetId,
	},
	/// A signalled set is empty or its weights overflow.
	#[error(
		"block #{0} signals an invalid GRANDPA authority set (empty, or weights that overflow)"
	)]
	InvalidSet(BlockNumber),
	/// The enacting block number overflows.
	#[error("block #{0} signals a change with a delay past the last block number")]
	DelayOverflow(BlockNumber),
	/// The blocks to finalize are not consecutive above the last finalized block.
	#[error("the blocks to finalize do not follow #{0} consecutively")]
	NotConsecutive(BlockNumber),
}

/// The GRANDPA authority sets of the finalized chain: the current one, a change pending in a
/// finalized block, and where each earlier set ended (for warp proofs).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct AuthoritySets {
	/// The set that finalizes the blocks after the last finalized one.
	pub current: AuthoritySet,
	/// A change signalled in a finalized block whose enacting block is not finalized yet.
	pub pending: Option<PendingChange>,
	/// The last finalized block these sets reflect.
	pub finalized: BlockNumber,
	/// The first block from which `ended` is complete: 0 for a chain followed from genesis,
	/// the warp block for one that warp-synced.
	pub since: BlockNumber,
	/// Each set that ended above `since`, with the block that enacted the next set (the
	/// last block it finalized), in ascending order.
	pub ended: Vec<(SetId, BlockNumber)>,
}

impl AuthoritySets {
	/// The sets of a chain whose genesis authorities are `authorities` (set 0).
	pub fn genesis(authorities: AuthorityList) -> Self {
		Self::starting_at(0, AuthoritySet { set_id: 0, authorities }, None)
	}

	/// The sets of a chain followed from its finalized block `finalized` (a warp block, or a
	/// database that did not record them), where `current` is in force and `header` is that
	/// block's header (a change it signals with a delay is pending).
	pub fn starting_at(
		finalized: BlockNumber,
		current: AuthoritySet,
		header: Option<&Header>,
	) -> Self {
		let pending = header.and_then(|header| {
			let change = scheduled_change(header).filter(|change| change.delay > 0)?;
			Some(PendingChange {
				signal: header.number,
				enacting: header.number.checked_add(change.delay)?,
				next_authorities: change.next_authorities,
			})
		});
		Self { current, pending, finalized, since: finalized, ended: Vec::new() }
	}

	/// Follow finality over `headers`, the newly finalized blocks in ascending order from the
	/// one after [`Self::finalized`]. Returns the ids of the sets that came into force.
	pub fn finalize(&mut self, headers: &[Header]) -> Result<Vec<SetId>, SetChangeError> {
		let mut next = self.clone();
		let mut enacted = Vec::new();
		let target = headers.last().map_or(self.finalized, |header| header.number);
		for header in headers {
			if Some(header.number) != next.finalized.checked_add(1) {
				return Err(SetChangeError::NotConsecutive(next.finalized));
			}
			next.finalized = header.number;
			if next.pending.is_none() {
				if let Some(change) = scheduled_change(header) {
					if !is_valid_set(&change.next_authorities) {
						return Err(SetChangeError::InvalidSet(header.number));
					}
					let enacting = header
						.number
						.checked_add(change.delay)
						.ok_or(SetChangeError::DelayOverflow(header.number))?;
					next.pending = Some(PendingChange {
						signal: header.number,
						enacting,
						next_authorities: change.next_authorities,
					});
				}
			}
			let Some(pending) = next.pending.take_if(|pending| pending.enacting == header.number)
			else {
				continue;
			};
			let next_id = next.current.set_id + 1;
			if header.number != target {
				return Err(SetChangeError::PassesEnactment {
					enacting: header.number,
					target,
					next: next_id,
				});
			}
			next.ended.push((next.current.set_id, header.number));
			next.current = AuthoritySet { set_id: next_id, authorities: pending.next_authorities };
			enacted.push(next_id);
		}
		*self = next;
		Ok(enacted)
	}

	/// The nearest block that enacts a change on a chain above the finalized block, given the
	/// chain's unfinalized headers from its tip down (`descending`, stopping anywhere above
	/// the finalized block is fine as long as it reaches it).
	pub fn enacting_on<'a>(
		&self,
		descending: impl IntoIterator<Item = &'a Header>,
	) -> Option<BlockNumber> {
		if let Some(pending) = &self.pending {
			return Some(pending.enacting);
		}
		// The lowest signal on the chain is the one that is pending first.
		descending
			.into_iter()
			.take_while(|header| header.number > self.finalized)
			.filter_map(|header| header.number.checked_add(scheduled_change(header)?.delay))
			.last()
	}

	/// The enacting blocks of the changes after block `number`, each with the id of the set
	/// that ends there; `None` if the sets before `since` are unknown and `number` is below it.
	pub fn ended_after(&self, number: BlockNumber) -> Option<&[(SetId, BlockNumber)]> {
		if number < self.since {
			return None;
		}
		let first = self.ended.partition_point(|(_, enacting)| *enacting <= number);
		Some(&self.ended[first..])
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::{ed25519, Pair};
	use sp_runtime::{traits::Header as _, Digest};

	fn authorities(seeds: &[&str]) -> AuthorityList {
		seeds
			.iter()
			.map(|seed| {
				(ed25519::Pair::from_string(&format!("//{seed}"), None).unwrap().public().into(), 1)
			})
			.collect()
	}

	fn header(number: BlockNumber, logs: Vec<ConsensusLog<BlockNumber>>) -> Header {
		let logs = logs
			.into_iter()
			.map(|log| DigestItem::Consensus(GRANDPA_ENGINE_ID, log.encode()))
			.collect();
		Header::new(
			number,
			Default::default(),
			Default::default(),
			Default::default(),
			Digest { logs },
		)
	}

	fn scheduled(seeds: &[&str], delay: BlockNumber) -> ConsensusLog<BlockNumber> {
		ConsensusLog::ScheduledChange(ScheduledChange {
			next_authorities: authorities(seeds),
			delay,
		})
	}

	fn headers(
		range: std::ops::RangeInclusive<BlockNumber>,
		signals: &[(BlockNumber, ConsensusLog<BlockNumber>)],
	) -> Vec<Header> {
		range
			.map(|n| {
				header(
					n,
					signals.iter().filter(|(at, _)| *at == n).map(|(_, log)| log.clone()).collect(),
				)
			})
			.collect()
	}

	#[test]
	fn a_change_without_delay_is_enacted_at_its_signal() {
		let mut sets = AuthoritySets::genesis(authorities(&["Alice"]));
		let chain = headers(1..=5, &[(3, scheduled(&["Bob", "Charlie"], 0))]);
		assert_eq!(sets.enacting_on(chain.iter().rev()), Some(3));
		assert_eq!(sets.finalize(&chain[..2]), Ok(vec![]));
		assert_eq!(sets.finalize(&chain[2..3]), Ok(vec![1]));
		assert_eq!(
			sets.current,
			AuthoritySet { set_id: 1, authorities: authorities(&["Bob", "Charlie"]) }
		);
		assert_eq!(sets.ended, vec![(0, 3)]);
		assert_eq!(sets.finalize(&chain[3..]), Ok(vec![]));
		assert_eq!(sets.enacting_on(chain.iter().rev()), None);
		assert_eq!(sets.finalized, 5);
	}

	#[test]
	fn a_delayed_change_stays_pending_until_its_enacting_block_is_finalized() {
		let mut sets = AuthoritySets::genesis(authorities(&["Alice"]));
		let chain = headers(1..=8, &[(2, scheduled(&["Bob"], 4)), (4, scheduled(&["Dave"], 0))]);
		assert_eq!(sets.enacting_on(chain.iter().rev()), Some(6));
		assert_eq!(sets.finalize(&chain[..4]), Ok(vec![]));
		// The second signal came while the first was pending: ignored.
		assert_eq!(sets.pending.as_ref().map(|p| (p.signal, p.enacting)), Some((2, 6)));
		assert_eq!(sets.enacting_on(chain[4..].iter().rev()), Some(6));
		assert_eq!(sets.finalize(&chain[4..6]), Ok(vec![1]));
		assert_eq!(sets.current.authorities, authorities(&["Bob"]));
		assert_eq!(sets.pending, None);
	}

	#[test]
	fn finality_may_not_pass_an_enacting_block() {
		let mut sets = AuthoritySets::genesis(authorities(&["Alice"]));
		let before = sets.clone();
		let chain = headers(1..=5, &[(3, scheduled(&["Bob"], 0))]);
		assert_eq!(
			sets.finalize(&chain),
			Err(SetChangeError::PassesEnactment { enacting: 3, target: 5, next: 1 })
		);
		assert_eq!(sets, before, "nothing changes on an error");
	}

	#[test]
	fn invalid_signals_are_refused() {
		let mut sets = AuthoritySets::genesis(authorities(&["Alice"]));
		let empty = headers(1..=1, &[(1, scheduled(&[], 0))]);
		assert_eq!(sets.finalize(&empty), Err(SetChangeError::InvalidSet(1)));
		let mut overflowing = authorities(&["Bob", "Charlie"]);
		overflowing.iter_mut().for_each(|(_, weight)| *weight = u64::MAX);
		let log = ConsensusLog::ScheduledChange(ScheduledChange {
			next_authorities: overflowing,
			delay: 0,
		});
		assert_eq!(sets.finalize(&headers(1..=1, &[(1, log)])), Err(SetChangeError::InvalidSet(1)));
		let far = headers(1..=1, &[(1, scheduled(&["Bob"], BlockNumber::MAX))]);
		assert_eq!(sets.finalize(&far), Err(SetChangeError::DelayOverflow(1)));
		assert_eq!(sets.finalize(&headers(2..=2, &[])), Err(SetChangeError::NotConsecutive(0)));
		assert_eq!(sets, AuthoritySets::genesis(authorities(&["Alice"])));
	}

	#[test]
	fn forced_changes_are_not_standard_ones() {
		let forced = ConsensusLog::ForcedChange(
			1,
			ScheduledChange { next_authorities: authorities(&["Eve"]), delay: 0 },
		);
		let chain = headers(1..=2, &[(2, forced)]);
		assert!(matches!(
			signalled_change(&chain[1]),
			Some(SignalledChange::Forced { median: 1, .. })
		));
		let mut sets = AuthoritySets::genesis(authorities(&["Alice"]));
		assert_eq!(sets.enacting_on(chain.iter().rev()), None);
		assert_eq!(sets.finalize(&chain), Ok(vec![]));
		assert_eq!(sets.current.set_id, 0);
	}

	#[test]
	fn ended_sets_after_a_block() {
		let mut sets = AuthoritySets::genesis(authorities(&["Alice"]));
		let chain = headers(1..=9, &[(3, scheduled(&["Bob"], 0)), (6, scheduled(&["Alice"], 0))]);
		sets.finalize(&chain[..3]).unwrap();
		sets.finalize(&chain[3..6]).unwrap();
		sets.finalize(&chain[6..]).unwrap();
		assert_eq!(sets.ended_after(0), Some(&[(0, 3), (1, 6)][..]));
		assert_eq!(sets.ended_after(3), Some(&[(1, 6)][..]));
		assert_eq!(sets.ended_after(6), Some(&[][..]));
		let warped = AuthoritySets::starting_at(6, sets.current.clone(), Some(&chain[5]));
		assert_eq!(warped.ended_after(5), None);
		assert_eq!(warped.ended_after(6), Some(&[][..]));
	}

	#[test]
	fn a_warp_block_with_a_delayed_signal_leaves_it_pending() {
		let chain = headers(4..=4, &[(4, scheduled(&["Bob"], 2))]);
		let sets = AuthoritySets::starting_at(
			4,
			AuthoritySet { set_id: 7, authorities: authorities(&["Alice"]) },
			Some(&chain[0]),
		);
		assert_eq!(sets.pending.map(|p| p.enacting), Some(6));
	}
}
