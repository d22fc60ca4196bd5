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
pub type SignedVote =
	finality_grandpa::SignedMessage<Hash, BlockNumber, AuthoritySignature, AuthorityId>;
/// A round's incoming votes.
pub type VoteStream = mpsc::UnboundedReceiver<Result<SignedVote, Error>>;
type VoteSender = mpsc::UnboundedSender<Result<SignedVote, Error>>;
/// What the voter receives outside rounds.
pub type GlobalIn = CommunicationIn<Hash, BlockNumber, AuthoritySignature, AuthorityId>;

/// How far ahead of the voter's round votes are kept.
const MAX_FUTURE_ROUNDS: RoundNumber = 8;
/// Most messages held: for future rounds, and waiting for blocks.
const MAX_HELD: usize = 4096;

/// A message that can be delivered once its blocks are known.
#[derive(Clone, Debug)]
pub enum Deliverable {
	Vote(RoundNumber, SignedVote),
	Commit(RoundNumber, CompactCommit<Header>),
	CatchUp(CatchUp<Hash, BlockNumber, AuthoritySignature, AuthorityId>),
}

impl Deliverable {
	/// Every block the message names.
	pub fn blocks(&self) -> Vec<Hash> {
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
pub struct Router {
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
	pub fn new(global: mpsc::UnboundedSender<Result<GlobalIn, Error>>) -> Self {
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
	pub fn open_round(&mut self, round: RoundNumber) -> (VoteStream, VoteSender) {
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
	pub fn current_round(&self) -> RoundNumber {
		self.rounds.keys().next_back().copied().unwrap_or_default()
	}

	/// Remember a vote we cast.
	pub fn note_own_vote(&mut self, round: RoundNumber, vote: SignedVote) {
		self.own_votes.entry(round).or_default().push(vote);
	}

	/// Our votes in the open rounds, if the newest round has been running for `stalled_after`.
	pub fn votes_to_resend(&self, stalled_after: Duration) -> Vec<(RoundNumber, SignedVote)> {
		if self.round_started.elapsed() < stalled_after {
			return Vec::new();
		}
		self.own_votes
			.iter()
			.flat_map(|(round, votes)| votes.iter().map(|v| (*round, v.clone())))
			.collect()
	}

	/// Deliver `message`, whose blocks are all known.
	pub fn deliver(&mut self, message: Deliverable) {
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
	pub fn hold(&mut self, message: Deliverable) {
		if self.waiting.len() >= MAX_HELD {
			self.waiting.pop_front();
		}
		self.waiting.push_back(message);
	}

	/// Take the held messages whose blocks are all known now.
	pub fn take_ready(&mut self, is_known: impl Fn(&Hash) -> bool) -> Vec<Deliverable> {
		let (ready, waiting): (VecDeque<_>, VecDeque<_>) =
			self.waiting.drain(..).partition(|m| m.blocks().iter().all(&is_known));
		self.waiting = waiting;
		ready.into()
	}

	/// Remember a completed round, to help voters that fall behind.
	pub fn completed(&mut self, progress: &VoterProgress) {
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
	pub fn catch_up(&self) -> Option<&CatchUp<Hash, BlockNumber, AuthoritySignature, AuthorityId>> {
		self.last_completed.as_ref()
	}
}
