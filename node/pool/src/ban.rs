//! Transactions the pool threw out, refused unvalidated until their ban ends.

use foldhash::HashMap;
use sci_primitives::Hash;
use std::{
	collections::VecDeque,
	time::{Duration, Instant},
};

/// Banned hashes with the instant each ban ends. Every ban lasts the same time, so bans end
/// in the order they began: the queue's front ends first. Bounded: past `capacity` the oldest
/// ban is lifted early, so a flood of junk costs the node a fixed amount of memory.
pub(crate) struct BanList {
	duration: Duration,
	capacity: usize,
	until: HashMap<Hash, Instant>,
	order: VecDeque<(Instant, Hash)>,
}

impl BanList {
	pub(crate) fn new(duration: Duration, capacity: usize) -> Self {
		Self { duration, capacity, until: HashMap::default(), order: VecDeque::new() }
	}

	/// Ban `hash` from `now` on (again, if it was).
	pub(crate) fn ban(&mut self, hash: Hash, now: Instant) {
		if self.duration.is_zero() || self.capacity == 0 {
			return;
		}
		let until = now + self.duration;
		self.until.insert(hash, until);
		self.order.push_back((until, hash));
		while self.order.len() > self.capacity {
			self.pop_front();
		}
	}

	/// Whether `hash` is banned at `now`.
	pub(crate) fn is_banned(&self, hash: &Hash, now: Instant) -> bool {
		self.until.get(hash).is_some_and(|until| *until > now)
	}

	/// Forget the bans that ended by `now`.
	pub(crate) fn expire(&mut self, now: Instant) {
		while self.order.front().is_some_and(|(until, _)| *until <= now) {
			self.pop_front();
		}
	}

	fn pop_front(&mut self) {
		if let Some((until, hash)) = self.order.pop_front() {
			// A hash banned again has a later entry; only its last one lifts the ban.
			if self.until.get(&hash) == Some(&until) {
				self.until.remove(&hash);
			}
		}
	}

	#[cfg(test)]
	pub(crate) fn len(&self) -> usize {
		self.until.len()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_ban_ends_after_its_duration_and_a_rebanned_hash_stays_banned() {
		let start = Instant::now();
		let mut bans = BanList::new(Duration::from_secs(10), 100);
		let (a, b) = (Hash::repeat_byte(1), Hash::repeat_byte(2));
		bans.ban(a, start);
		bans.ban(b, start + Duration::from_secs(5));
		assert!(bans.is_banned(&a, start + Duration::from_secs(9)));
		assert!(!bans.is_banned(&a, start + Duration::from_secs(10)));
		bans.ban(a, start + Duration::from_secs(8));
		bans.expire(start + Duration::from_secs(12));
		assert!(bans.is_banned(&a, start + Duration::from_secs(12)), "banned again at 8 s");
		assert!(bans.is_banned(&b, start + Duration::from_secs(12)));
		bans.expire(start + Duration::from_secs(20));
		assert_eq!(bans.len(), 0);
	}

	#[test]
	fn a_flood_of_bans_keeps_only_the_newest() {
		let now = Instant::now();
		let mut bans = BanList::new(Duration::from_secs(60), 3);
		for byte in 0..10 {
			bans.ban(Hash::repeat_byte(byte), now);
		}
		assert_eq!(bans.len(), 3);
		assert!(bans.is_banned(&Hash::repeat_byte(9), now));
		assert!(!bans.is_banned(&Hash::repeat_byte(0), now));
	}

	#[test]
	fn a_zero_ban_time_bans_nothing() {
		let now = Instant::now();
		let mut bans = BanList::new(Duration::ZERO, 3);
		bans.ban(Hash::repeat_byte(1), now);
		assert!(!bans.is_banned(&Hash::repeat_byte(1), now));
	}
}
