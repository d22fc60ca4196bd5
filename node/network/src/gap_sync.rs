//! Filling the gap a warp sync leaves, in the background: block requests walking down from the
//! warp block (`sync/2`, descending, headers and bodies), each response stored by the client
//! without execution (`BlockImport::import_gap_blocks`: every block must be the parent of the
//! one above it, every body its header's). One request at a time; a peer that does not have
//! the blocks (an empty answer, e.g. a warp-synced peer with a gap of its own) is not asked
//! again for a while, a peer that sends other blocks pays for it.

use super::import::SyncedBlock;
use libp2p::PeerId;
use sci_client_api::{GapCursor, GapImportError};
use sci_primitives::{opaque::Block, BlockNumber};
use std::{
	collections::HashMap,
	time::{Duration, Instant},
};

/// Blocks per request: what one `sync/2` response carries at most.
pub(crate) const BLOCKS_PER_REQUEST: u32 = 128;
/// How long a peer that lacked the blocks is not asked again.
const LACKING_BACKOFF: Duration = Duration::from_secs(30);
/// Least time between two progress lines.
const PROGRESS_EVERY: Duration = Duration::from_secs(5);

/// What to do with a block response.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Answer {
	/// Hand these to the client.
	Store(Vec<Block>),
	/// The peer does not have them: ask another.
	Lacking,
}

/// The gap filler's state.
pub(crate) struct GapSync {
	/// What the gap awaits next.
	cursor: GapCursor,
	/// The warp block's number: the gap's top, for progress.
	top: BlockNumber,
	/// The peer asked, while a request or the storing of its answer is out.
	busy: Option<PeerId>,
	/// Peers that lacked the blocks, and until when they are not asked.
	lacking: HashMap<PeerId, Instant>,
	started: Instant,
	last_progress: Instant,
}

impl GapSync {
	/// Fill the gap from `cursor` (the warp block at first) down to #1.
	pub(crate) fn new(cursor: GapCursor) -> Self {
		let now = Instant::now();
		log::info!(target: "sync", "⏮  Filling in blocks #1..#{} below the warp block in the background", cursor.number);
		Self {
			cursor,
			top: cursor.number,
			busy: None,
			lacking: HashMap::new(),
			started: now,
			last_progress: now,
		}
	}

	/// The peer to ask next and the request's first block and size, unless a request is out:
	/// among `peers` (full peers and their best block numbers), one that has the awaited
	/// height and has not lacked the blocks recently, the highest first.
	pub(crate) fn next_request(
		&mut self,
		peers: impl Iterator<Item = (PeerId, BlockNumber)>,
	) -> Option<(PeerId, GapCursor, u32)> {
		if self.busy.is_some() {
			return None;
		}
		let now = Instant::now();
		self.lacking.retain(|_, until| *until > now);
		let (peer, _) = peers
			.filter(|(peer, best)| *best >= self.cursor.number && !self.lacking.contains_key(peer))
			.max_by_key(|(_, best)| *best)?;
		self.busy = Some(peer);
		Some((peer, self.cursor, BLOCKS_PER_REQUEST.min(self.cursor.number)))
	}

	/// Whether `peer` holds the request out.
	pub(crate) fn is_asking(&self, peer: &PeerId) -> bool {
		self.busy.as_ref() == Some(peer)
	}

	/// `peer`'s answer. Blocks go to the client (which checks them all); an empty answer marks
	/// the peer as lacking them.
	pub(crate) fn on_response(&mut self, peer: PeerId, blocks: Vec<SyncedBlock>) -> Answer {
		if blocks.is_empty() {
			self.lacking.insert(peer, Instant::now() + LACKING_BACKOFF);
			self.busy = None;
			return Answer::Lacking;
		}
		// Justifications of old blocks cannot be checked without their authority sets.
		Answer::Store(blocks.into_iter().map(|b| b.block).collect())
	}

	/// The request failed (timeout, disconnection): ask again, elsewhere if need be.
	pub(crate) fn on_failure(&mut self, peer: PeerId) {
		if self.is_asking(&peer) {
			self.busy = None;
			self.lacking.insert(peer, Instant::now() + LACKING_BACKOFF);
		}
	}

	/// What the client made of the stored answer: `Ok(None)` closes the gap (returns `true`).
	/// `Err` is the sender's fault unless the client itself failed (the caller charges it).
	pub(crate) fn on_stored(&mut self, stored: &Result<Option<GapCursor>, GapImportError>) -> bool {
		self.busy = None;
		match stored {
			Ok(Some(cursor)) => {
				self.cursor = *cursor;
				if self.last_progress.elapsed() >= PROGRESS_EVERY {
					self.last_progress = Instant::now();
					let done = self.top - cursor.number;
					let rate = f64::from(done) / self.started.elapsed().as_secs_f64().max(1e-3);
					log::info!(
						target: "sync",
						"⏮  Filling in old blocks: {done} of {} stored, down to #{} ({rate:.0} blocks/s)",
						self.top,
						cursor.number + 1,
					);
				}
				false
			},
			Ok(None) => {
				log::info!(
					target: "sync",
					"⏮  Filled in blocks #1..#{} in {:.1} s: the chain is whole",
					self.top,
					self.started.elapsed().as_secs_f64()
				);
				true
			},
			Err(_) => false,
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sci_primitives::{Hash, Header};
	use sp_runtime::traits::{Block as _, Header as _};

	fn cursor(number: BlockNumber) -> GapCursor {
		GapCursor { hash: Hash::repeat_byte(number as u8), number }
	}

	fn block(number: BlockNumber) -> SyncedBlock {
		let header = Header::new(
			number,
			Default::default(),
			Default::default(),
			Default::default(),
			Default::default(),
		);
		SyncedBlock { block: Block::new(header, vec![]), justifications: None }
	}

	#[test]
	fn asks_one_peer_at_a_time_that_has_the_height() {
		let (low, high, other) = (PeerId::random(), PeerId::random(), PeerId::random());
		let mut gap = GapSync::new(cursor(300));
		// A peer below the awaited height has nothing to give.
		assert_eq!(gap.next_request([(low, 299)].into_iter()), None);
		let peers = [(low, 299), (high, 1000), (other, 900)];
		assert_eq!(gap.next_request(peers.into_iter()), Some((high, cursor(300), 128)));
		assert!(gap.is_asking(&high));
		assert_eq!(gap.next_request(peers.into_iter()), None, "one request at a time");

		// Stored: the next request starts at the new cursor, and is no longer than the gap.
		assert!(!gap.on_stored(&Ok(Some(cursor(100)))));
		assert_eq!(gap.next_request(peers.into_iter()), Some((high, cursor(100), 100)));
		assert!(gap.on_stored(&Ok(None)), "the gap is closed");
	}

	#[test]
	fn a_peer_that_lacks_the_blocks_or_fails_is_not_asked_again_soon() {
		let (a, b) = (PeerId::random(), PeerId::random());
		let mut gap = GapSync::new(cursor(50));
		let peers = [(a, 100), (b, 90)];
		assert_eq!(gap.next_request(peers.into_iter()).map(|r| r.0), Some(a));
		assert_eq!(gap.on_response(a, vec![]), Answer::Lacking);
		assert_eq!(gap.next_request(peers.into_iter()).map(|r| r.0), Some(b));
		gap.on_failure(b);
		assert_eq!(gap.next_request(peers.into_iter()), None, "both wait out their back-off");

		// A failure of a peer not asked changes nothing.
		let mut gap = GapSync::new(cursor(50));
		assert_eq!(gap.next_request(peers.into_iter()).map(|r| r.0), Some(a));
		gap.on_failure(b);
		assert!(gap.is_asking(&a));
		// Blocks go to the client; a refused batch frees the filler to ask again.
		let answer = gap.on_response(a, vec![block(50), block(49)]);
		assert!(matches!(answer, Answer::Store(ref blocks) if blocks.len() == 2));
		assert!(!gap.on_stored(&Err(GapImportError::BodyMismatch(50))));
		assert!(gap.next_request(peers.into_iter()).is_some());
	}
}
