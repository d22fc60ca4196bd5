//! Which blocks to ask which peer for: the catch-up state machine, free of I/O so that it can be
//! tested on its own.
//!
//! Peers report their best blocks in their handshakes and announcements ([`Status`]). While a peer is ahead of us we ask
//! it for its canonical blocks, one range at a time, from just above our best block. When the
//! first block of a range does not attach to our chain we are on a fork: the next range starts
//! just above our finalized block, which every honest peer shares, and continues from there.

use crate::serve::MAX_BLOCKS_IN_RESPONSE as MAX_BLOCKS_PER_RESPONSE;
use libp2p::PeerId;
use sci_client_api::ChainInfo;
use sci_primitives::{BlockNumber, Hash};
use std::collections::HashMap;

/// What a peer says of its chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Status {
	/// Its best block's number.
	pub best_number: BlockNumber,
	/// Its best block.
	pub best_hash: Hash,
	/// It says it authors blocks.
	pub authority: bool,
}

/// What became of a range of blocks we asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RangeOutcome {
	/// Blocks up to this height are now known.
	Imported(BlockNumber),
	/// The first block's parent is unknown: the peer's chain forks below our best block.
	Detached,
	/// The peer sent nothing useful (an empty range or a refusal).
	Empty,
	/// The peer sent an invalid block: it must be dropped.
	Invalid,
}

/// A range request to send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RangeRequest {
	/// The peer to ask.
	pub peer: PeerId,
	/// The first block wanted.
	pub from: BlockNumber,
	/// Most blocks wanted.
	pub max: u32,
}

#[derive(Clone, Copy, Debug)]
struct Catchup {
	peer: PeerId,
	/// The next height to ask for.
	next: BlockNumber,
	/// Already restarted from above the finalized block once.
	from_finalized: bool,
}

/// The sync state.
#[derive(Debug, Default)]
pub struct SyncState {
	peers: HashMap<PeerId, Status>,
	catchup: Option<Catchup>,
	in_flight: bool,
}

impl SyncState {
	/// A peer's latest status.
	pub fn on_status(&mut self, peer: PeerId, status: Status) {
		self.peers.insert(peer, status);
	}

	/// A peer announced `hash` at `number` as its best block.
	pub fn on_announced(&mut self, peer: PeerId, number: BlockNumber, hash: Hash) {
		if let Some(status) = self.peers.get_mut(&peer) {
			status.best_number = number;
			status.best_hash = hash;
		}
	}

	/// A peer went away.
	pub fn on_disconnected(&mut self, peer: &PeerId) {
		self.peers.remove(peer);
		if self.catchup.is_some_and(|c| &c.peer == peer) {
			self.catchup = None;
			self.in_flight = false;
		}
	}

	/// What `peer` last told us.
	pub fn status_of(&self, peer: &PeerId) -> Option<&Status> {
		self.peers.get(peer)
	}

	/// The highest block any peer has.
	pub fn highest_known(&self) -> Option<BlockNumber> {
		self.peers.values().map(|s| s.best_number).max()
	}

	/// Whether we are far enough behind a peer to call it syncing (more than a few slots).
	pub fn is_major_syncing(&self, ours: &ChainInfo) -> bool {
		self.highest_known().is_some_and(|h| h > ours.best_number + 5)
	}

	/// The next range to request, if we are behind and no request is out.
	pub fn next_request(&mut self, ours: &ChainInfo) -> Option<RangeRequest> {
		if self.in_flight {
			return None;
		}
		// Keep following the peer we are catching up with while it is ahead.
		if let Some(c) = self.catchup {
			match self.peers.get(&c.peer) {
				Some(status) if status.best_number >= c.next => {
					self.in_flight = true;
					return Some(RangeRequest {
						peer: c.peer,
						from: c.next,
						max: self.max(c.next, status),
					});
				},
				_ => self.catchup = None,
			}
		}
		let (peer, status) = self
			.peers
			.iter()
			.filter(|(_, s)| s.best_number > ours.best_number)
			.max_by_key(|(_, s)| s.best_number)?;
		let from = ours.best_number + 1;
		self.catchup = Some(Catchup { peer: *peer, next: from, from_finalized: false });
		self.in_flight = true;
		Some(RangeRequest { peer: *peer, from, max: self.max(from, status) })
	}

	fn max(&self, from: BlockNumber, status: &Status) -> u32 {
		(status.best_number - from + 1).min(MAX_BLOCKS_PER_RESPONSE)
	}

	/// Record the outcome of the request sent to `peer`. Returns whether the peer misbehaved
	/// (sent invalid blocks, or a chain that does not include our finalized block).
	pub fn on_range(&mut self, peer: PeerId, outcome: RangeOutcome, ours: &ChainInfo) -> bool {
		let Some(mut c) = self.catchup.filter(|c| c.peer == peer) else { return false };
		self.in_flight = false;
		match outcome {
			RangeOutcome::Imported(last) => {
				c.next = last + 1;
				self.catchup = Some(c);
				false
			},
			RangeOutcome::Detached if !c.from_finalized => {
				c.next = ours.finalized_number + 1;
				c.from_finalized = true;
				self.catchup = Some(c);
				false
			},
			RangeOutcome::Detached | RangeOutcome::Invalid => {
				self.catchup = None;
				self.peers.remove(&peer);
				true
			},
			RangeOutcome::Empty => {
				// Its status was stale; ask others until it reports again.
				self.catchup = None;
				self.peers.remove(&peer);
				false
			},
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn info(best: BlockNumber, finalized: BlockNumber) -> ChainInfo {
		ChainInfo {
			genesis_hash: Hash::zero(),
			best_hash: Hash::repeat_byte(1),
			best_number: best,
			finalized_hash: Hash::repeat_byte(2),
			finalized_number: finalized,
		}
	}

	fn status(best: BlockNumber) -> Status {
		Status { best_number: best, best_hash: Hash::repeat_byte(3), authority: false }
	}

	#[test]
	fn nothing_to_do_when_no_peer_is_ahead() {
		let mut sync = SyncState::default();
		sync.on_status(PeerId::random(), status(10));
		assert_eq!(sync.next_request(&info(10, 0)), None);
		assert!(!sync.is_major_syncing(&info(10, 0)));
	}

	#[test]
	fn catches_up_with_the_highest_peer_in_ranges() {
		let (low, high) = (PeerId::random(), PeerId::random());
		let mut sync = SyncState::default();
		sync.on_status(low, status(20));
		sync.on_status(high, status(300));
		let ours = info(10, 5);
		assert!(sync.is_major_syncing(&ours));
		let first = sync.next_request(&ours).unwrap();
		assert_eq!(first, RangeRequest { peer: high, from: 11, max: MAX_BLOCKS_PER_RESPONSE });
		// One request at a time.
		assert_eq!(sync.next_request(&ours), None);
		assert!(!sync.on_range(high, RangeOutcome::Imported(138), &info(138, 5)));
		let second = sync.next_request(&info(138, 5)).unwrap();
		assert_eq!(second.from, 139);
		assert!(!sync.on_range(high, RangeOutcome::Imported(266), &info(266, 5)));
		// The last range asks for exactly what is left.
		let third = sync.next_request(&info(266, 5)).unwrap();
		assert_eq!((third.from, third.max), (267, 34));
		assert!(!sync.on_range(high, RangeOutcome::Imported(300), &info(300, 5)));
		assert_eq!(sync.next_request(&info(300, 5)), None);
	}

	#[test]
	fn a_fork_restarts_above_the_finalized_block_once_then_drops_the_peer() {
		let peer = PeerId::random();
		let mut sync = SyncState::default();
		sync.on_status(peer, status(50));
		let ours = info(40, 30);
		assert_eq!(sync.next_request(&ours).unwrap().from, 41);
		assert!(!sync.on_range(peer, RangeOutcome::Detached, &ours));
		assert_eq!(sync.next_request(&ours).unwrap().from, 31);
		// Still detached above our finalized block: the peer is on another finalized chain.
		assert!(sync.on_range(peer, RangeOutcome::Detached, &ours));
		assert_eq!(sync.next_request(&ours), None);
	}

	#[test]
	fn an_invalid_range_drops_the_peer_and_moves_on() {
		let (bad, good) = (PeerId::random(), PeerId::random());
		let mut sync = SyncState::default();
		sync.on_status(bad, status(90));
		sync.on_status(good, status(80));
		let ours = info(10, 0);
		assert_eq!(sync.next_request(&ours).unwrap().peer, bad);
		assert!(sync.on_range(bad, RangeOutcome::Invalid, &ours));
		assert_eq!(sync.next_request(&ours).unwrap().peer, good);
	}

	#[test]
	fn a_disconnect_frees_the_request_slot() {
		let (a, b) = (PeerId::random(), PeerId::random());
		let mut sync = SyncState::default();
		sync.on_status(a, status(90));
		sync.on_status(b, status(80));
		let ours = info(10, 0);
		assert_eq!(sync.next_request(&ours).unwrap().peer, a);
		sync.on_disconnected(&a);
		assert_eq!(sync.next_request(&ours).unwrap().peer, b);
		// A late answer from the gone peer changes nothing.
		assert!(!sync.on_range(a, RangeOutcome::Invalid, &ours));
	}

	#[test]
	fn announcements_raise_a_peers_height() {
		let peer = PeerId::random();
		let mut sync = SyncState::default();
		sync.on_status(peer, status(10));
		sync.on_announced(peer, 12, Hash::repeat_byte(4));
		assert_eq!(sync.highest_known(), Some(12));
		assert_eq!(sync.next_request(&info(10, 0)).unwrap().max, 2);
	}
}
