//! Routes checked GRANDPA messages to the voter: votes to the stream of their round (holding
//! those for rounds the voter has not reached yet), commits and catch-ups to its global input,
//! and anything that names a block we have not imported waits until we have.

use super::{environment::Error, VoterProgress};
use finality_grandpa::{
	voter::{Callback, CommunicationIn},
	CatchUp, Message, SignedPrecommit, SignedPrevote,
};
use futures::channel::mpsc;
use sci_primitives::{BlockNumber, Hash, Header};
use sp_consensus_grandpa::{AuthorityId, AuthoritySignature, CompactCommit, RoundNumber};
use std::{
	collections::{BTreeMap, VecDeque},
	time::{Duration, Instant},
};

/// A signed vote.
pub(crate) type SignedVote =
	finality_grandpa::SignedMessage<Hash, BlockNumber, AuthoritySignature, AuthorityId>;
/// A round's incoming votes.
pub(crate) type VoteStream = mpsc::UnboundedReceiver<Result<SignedVote, Error>>;
type VoteSender = mpsc::UnboundedSender<Result<SignedVote, Error>>;
/// What the voter receives outside rounds.
pub(crate) type GlobalIn = CommunicationIn<Hash, BlockNumber, AuthoritySignature, AuthorityId>;

/// How far ahead of the voter's round votes are kept.
pub(crate) const MAX_FUTURE_ROUNDS: RoundNumber = 8;
/// Most messages held: for future rounds, and waiting for blocks.
const MAX_HELD: usize = 4096;

/// A message that can be delivered once its blocks are known.
#[derive(Clone, Debug)]
pub(crate) enum Deliverable {
	Vote(RoundNumber, SignedVote),
	Commit(RoundNumber, CompactCommit<Header>),
	CatchUp(CatchUp<Hash, BlockNumber, AuthoritySignature, AuthorityId>),
}

impl Deliverable {
	/// Every block the message names.
	pub(crate) fn blocks(&self) -> Vec<Hash> {
		match self {
			Deliverable::Vote(_, vote) => vec![*vote.message.target().0],
			Deliverable::Commit(_, commit) => std::iter::once(commit.target_hash)
				.chain(commit.precommits.iter().map(|p| p.target_hash))
				.collect(),
			Deliverable::CatchUp(c) => std::iter::once(c.base_hash)
				.chain(c.prevotes.iter().map(|v| v.prevote.target_hash))
				.chain(c.precommits.iter().map(|v| v.precommit.target_hash))
				.collect(),
		}
	}
}

/// The router of one voter (one authority set).
pub(crate) struct Router {
	rounds: BTreeMap<RoundNumber, VoteSender>,
	future_votes: BTreeMap<RoundNumber, Vec<SignedVote>>,
	held: usize,
	waiting: VecDeque<Deliverable>,
	global: mpsc::UnboundedSender<Result<GlobalIn, Error>>,
	last_completed: Option<CatchUp<Hash, BlockNumber, AuthoritySignature, AuthorityId>>,
	/// Our votes in the rounds still open, to send again while a round stalls.
	own_votes: BTreeMap<RoundNumber, Vec<SignedVote>>,
	/// When the newest round started.
	round_started: Instant,
}

impl Router {
	/// A router feeding `global`.
	pub(crate) fn new(global: mpsc::UnboundedSender<Result<GlobalIn, Error>>) -> Self {
		Self {
			rounds: BTreeMap::new(),
			future_votes: BTreeMap::new(),
			held: 0,
			waiting: VecDeque::new(),
			global,
			last_completed: None,
			own_votes: BTreeMap::new(),
			round_started: Instant::now(),
		}
	}

	/// The voter starts `round`: its incoming stream, and the sender our own votes loop
	/// back through.
	pub(crate) fn open_round(&mut self, round: RoundNumber) -> (VoteStream, VoteSender) {
		let (tx, rx) = mpsc::unbounded();
		for vote in self.future_votes.remove(&round).unwrap_or_default() {
			self.held -= 1;
			let _ = tx.unbounded_send(Ok(vote));
		}
		self.rounds.insert(round, tx.clone());
		self.round_started = Instant::now();
		// The previous round runs on in the background until its estimate is finalized.
		self.rounds.retain(|r, _| r + 2 >= round);
		self.own_votes.retain(|r, _| r + 2 >= round);
		(rx, tx)
	}

	/// The newest round the voter has started.
	pub(crate) fn current_round(&self) -> RoundNumber {
		self.rounds.keys().next_back().copied().unwrap_or_default()
	}

	/// Remember a vote we cast.
	pub(crate) fn note_own_vote(&mut self, round: RoundNumber, vote: SignedVote) {
		self.own_votes.entry(round).or_default().push(vote);
	}

	/// Our vote of the same kind as `message` in `round`, if we cast one (also before a
	/// restart): voting again differently would be an equivocation.
	pub(crate) fn own_vote_like(
		&self,
		round: RoundNumber,
		message: &Message<Hash, BlockNumber>,
	) -> Option<SignedVote> {
		let kind = std::mem::discriminant(message);
		self.own_votes
			.get(&round)?
			.iter()
			.find(|v| std::mem::discriminant(&v.message) == kind)
			.cloned()
	}

	/// Our votes in the open rounds (what is persisted).
	pub(crate) fn own_votes(&self) -> &BTreeMap<RoundNumber, Vec<SignedVote>> {
		&self.own_votes
	}

	/// Our votes from before a restart.
	pub(crate) fn restore_own_votes(&mut self, votes: BTreeMap<RoundNumber, Vec<SignedVote>>) {
		self.own_votes = votes;
	}

	/// Our votes in the open rounds, if the newest round has been running for `stalled_after`.
	pub(crate) fn votes_to_resend(
		&self,
		stalled_after: Duration,
	) -> Vec<(RoundNumber, SignedVote)> {
		if self.round_started.elapsed() < stalled_after {
			return Vec::new();
		}
		self.own_votes
			.iter()
			.flat_map(|(round, votes)| votes.iter().map(|v| (*round, v.clone())))
			.collect()
	}

	/// Deliver `message`, whose blocks are all known.
	pub(crate) fn deliver(&mut self, message: Deliverable) {
		match message {
			Deliverable::Vote(round, vote) => {
				if let Some(tx) = self.rounds.get(&round) {
					let _ = tx.unbounded_send(Ok(vote));
				} else if round > self.current_round()
					&& round <= self.current_round() + MAX_FUTURE_ROUNDS
					&& self.held < MAX_HELD
				{
					self.held += 1;
					self.future_votes.entry(round).or_default().push(vote);
				}
			},
			Deliverable::Commit(round, commit) => {
				let _ = self.global.unbounded_send(Ok(CommunicationIn::Commit(
					round,
					commit,
					Callback::Blank,
				)));
			},
			Deliverable::CatchUp(catch_up) => {
				let _ = self
					.global
					.unbounded_send(Ok(CommunicationIn::CatchUp(catch_up, Callback::Blank)));
			},
		}
	}

	/// Hold `message` until its blocks are imported.
	pub(crate) fn hold(&mut self, message: Deliverable) {
		if self.waiting.len() >= MAX_HELD {
			self.waiting.pop_front();
		}
		self.waiting.push_back(message);
	}

	/// Take the held messages whose blocks are all known now.
	pub(crate) fn take_ready(&mut self, is_known: impl Fn(&Hash) -> bool) -> Vec<Deliverable> {
		let (ready, waiting): (VecDeque<_>, VecDeque<_>) =
			self.waiting.drain(..).partition(|m| m.blocks().iter().all(&is_known));
		self.waiting = waiting;
		ready.into()
	}

	/// Remember a completed round, to help voters that fall behind.
	pub(crate) fn completed(&mut self, progress: &VoterProgress) {
		let mut prevotes = Vec::new();
		let mut precommits = Vec::new();
		for vote in &progress.votes {
			let (id, signature) = (vote.id.clone(), vote.signature.clone());
			match &vote.message {
				Message::Prevote(prevote) => {
					prevotes.push(SignedPrevote { prevote: prevote.clone(), signature, id })
				},
				Message::Precommit(precommit) => {
					precommits.push(SignedPrecommit { precommit: precommit.clone(), signature, id })
				},
				Message::PrimaryPropose(_) => {},
			}
		}
		self.last_completed = Some(CatchUp {
			round_number: progress.round,
			prevotes,
			precommits,
			base_hash: progress.base.0,
			base_number: progress.base.1,
		});
	}

	/// The votes of the last completed round, for a peer that is behind.
	pub(crate) fn catch_up(
		&self,
	) -> Option<&CatchUp<Hash, BlockNumber, AuthoritySignature, AuthorityId>> {
		self.last_completed.as_ref()
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use finality_grandpa::{Precommit, Prevote};
	use sp_core::{ed25519, ByteArray};

	fn vote(message: Message<Hash, BlockNumber>) -> SignedVote {
		SignedVote {
			message,
			signature: ed25519::Signature::from_raw([0; 64]).into(),
			id: AuthorityId::from_slice(&[1; 32]).unwrap(),
		}
	}

	fn prevote(target: u8) -> SignedVote {
		vote(Message::Prevote(Prevote::new(Hash::repeat_byte(target), target.into())))
	}

	fn router() -> (Router, mpsc::UnboundedReceiver<Result<GlobalIn, Error>>) {
		let (tx, rx) = mpsc::unbounded();
		(Router::new(tx), rx)
	}

	#[test]
	fn votes_for_a_future_round_wait_for_it() {
		let (mut router, _global) = router();
		let (mut round1, _) = router.open_round(1);
		router.deliver(Deliverable::Vote(1, prevote(1)));
		router.deliver(Deliverable::Vote(3, prevote(3)));
		// Beyond the window: dropped.
		router.deliver(Deliverable::Vote(1 + MAX_FUTURE_ROUNDS + 1, prevote(9)));
		assert_eq!(round1.try_recv().unwrap().unwrap().message, prevote(1).message);
		assert!(round1.try_recv().is_err(), "nothing else for round 1");
		let (mut round3, _) = router.open_round(3);
		assert_eq!(round3.try_recv().unwrap().unwrap().message, prevote(3).message);
		assert_eq!(router.held, 0);
		assert_eq!(router.current_round(), 3);
	}

	#[test]
	fn held_messages_are_released_once_their_blocks_are_known() {
		let (mut router, _global) = router();
		router.hold(Deliverable::Vote(1, prevote(1)));
		router.hold(Deliverable::Vote(1, prevote(2)));
		let known = Hash::repeat_byte(2);
		let ready = router.take_ready(|h| *h == known);
		assert_eq!(ready.len(), 1);
		assert!(matches!(&ready[0], Deliverable::Vote(1, v) if v.message == prevote(2).message));
		assert_eq!(router.take_ready(|_| true).len(), 1);
		assert!(router.take_ready(|_| true).is_empty());
	}

	#[test]
	fn an_earlier_vote_of_the_same_kind_is_found_again() {
		let (mut router, _global) = router();
		router.open_round(5);
		router.note_own_vote(5, prevote(1));
		let other_prevote = Message::Prevote(Prevote::new(Hash::repeat_byte(2), 2));
		let precommit = Message::Precommit(Precommit::new(Hash::repeat_byte(1), 1));
		assert_eq!(router.own_vote_like(5, &other_prevote).unwrap().message, prevote(1).message);
		assert!(router.own_vote_like(5, &precommit).is_none());
		assert!(router.own_vote_like(6, &other_prevote).is_none());
		// Restored after a restart, the votes are found the same way.
		let saved = router.own_votes().clone();
		let (mut restarted, _global) = super::tests::router();
		restarted.restore_own_votes(saved);
		assert!(restarted.own_vote_like(5, &other_prevote).is_some());
	}
}
