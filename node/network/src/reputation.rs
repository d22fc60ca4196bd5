//! What peers' behaviour has cost them, in the spirit of sc-network's peer store: each
//! misbehaviour lowers a peer's score, the score decays back towards zero over time, and a
//! peer whose score falls below [`BAN_THRESHOLD`] is disconnected and refused for a while.
//! Scores outlive connections (within a bounded table), so reconnecting does not reset them.

use libp2p::PeerId;
use schnellru::{ByLength, LruMap};
use std::time::{Duration, Instant};

/// Below this score a peer is banned.
pub const BAN_THRESHOLD: i32 = -100;
/// Peers whose scores are remembered.
const REMEMBERED: u32 = 4096;
/// The score halves at this interval, so a peer that misbehaved long ago is forgiven.
const HALF_LIFE: Duration = Duration::from_secs(10);

/// What a misbehaviour costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cost {
	/// Undecodable or wrongly shaped data, an invalid block or vote, another chain: banned at
	/// once.
	Fatal,
	/// A claim that did not check out: a block range it said it had and did not send, or a
	/// request it left unanswered.
	BrokenClaim,
	/// A transaction that is invalid on our best block.
	InvalidTransaction,
	/// Traffic past its rate limit, or a message we already had from it.
	Spam,
}

impl Cost {
	fn value(self) -> i32 {
		match self {
			Cost::Fatal => BAN_THRESHOLD * 2,
			Cost::BrokenClaim => -25,
			Cost::InvalidTransaction => -4,
			Cost::Spam => -2,
		}
	}
}

struct Score {
	value: i32,
	updated: Instant,
}

/// The scores of the peers seen lately.
pub struct Reputations {
	scores: LruMap<PeerId, Score>,
}

impl Default for Reputations {
	fn default() -> Self {
		Self { scores: LruMap::new(ByLength::new(REMEMBERED)) }
	}
}

impl Reputations {
	/// Charge `peer` `cost` at `now`; returns whether it is now to be banned.
	pub fn charge(&mut self, peer: PeerId, cost: Cost, now: Instant) -> bool {
		let score = self.scores.get_or_insert(peer, || Score { value: 0, updated: now });
		let Some(score) = score else { return cost == Cost::Fatal };
		score.value = decayed(score.value, now.saturating_duration_since(score.updated));
		score.updated = now;
		score.value = score.value.saturating_add(cost.value());
		score.value < BAN_THRESHOLD
	}

	/// `peer`'s score at `now`.
	#[cfg(test)]
	fn score(&mut self, peer: &PeerId, now: Instant) -> i32 {
		self.scores
			.get(peer)
			.map(|s| decayed(s.value, now.saturating_duration_since(s.updated)))
			.unwrap_or(0)
	}

	/// Forget a banned peer's score: it serves its ban and starts afresh.
	pub fn forget(&mut self, peer: &PeerId) {
		self.scores.remove(peer);
	}
}

/// `value` after `elapsed` of halving every [`HALF_LIFE`].
fn decayed(value: i32, elapsed: Duration) -> i32 {
	let halvings = (elapsed.as_millis() / HALF_LIFE.as_millis()).min(31) as u32;
	value >> halvings
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn fatal_costs_ban_at_once_and_small_ones_add_up() {
		let now = Instant::now();
		let mut reputations = Reputations::default();
		let (liar, spammer) = (PeerId::random(), PeerId::random());
		assert!(reputations.charge(liar, Cost::Fatal, now));
		// Four broken claims in a row are tolerated, the fifth is not.
		for _ in 0..4 {
			assert!(!reputations.charge(spammer, Cost::BrokenClaim, now));
		}
		assert!(reputations.charge(spammer, Cost::BrokenClaim, now));
	}

	#[test]
	fn scores_decay_so_rare_misbehaviour_is_forgiven() {
		let start = Instant::now();
		let mut reputations = Reputations::default();
		let peer = PeerId::random();
		for _ in 0..3 {
			reputations.charge(peer, Cost::BrokenClaim, start);
		}
		assert_eq!(reputations.score(&peer, start), -75);
		assert_eq!(reputations.score(&peer, start + HALF_LIFE), -38);
		// One broken claim a minute never adds up to a ban.
		let mut now = start;
		for _ in 0..100 {
			now += Duration::from_secs(60);
			assert!(!reputations.charge(peer, Cost::BrokenClaim, now));
		}
		// An invalid-transaction flood does: 26 in a burst.
		let flooder = PeerId::random();
		let banned = (0..26).any(|_| reputations.charge(flooder, Cost::InvalidTransaction, now));
		assert!(banned);
		reputations.forget(&flooder);
		assert_eq!(reputations.score(&flooder, now), 0);
	}
}
