//! What the `finality-grandpa` voter needs from the node: the chain, timers, the round's
//! incoming votes and a sink that signs, gossips and loops back our own votes, and the
//! callbacks that finalize blocks and persist the voter's progress.

use super::{
	justification,
	router::{Router, VoteStream},
	voter_state::{VoterState, VoterStateFile},
	AuthoritySet, OwnVotes, VoterProgress,
};
use codec::Encode;
use finality_grandpa::{
	voter::{self, RoundData},
	Chain, HistoricalVotes, Message, Precommit, Prevote, PrimaryPropose,
};
use futures::{future, Future, Sink};
use parking_lot::Mutex;
use sci_client::Client;
use sci_network::wire::grandpa::{FullCommitMessage, GossipMessage, Round, SetId, VoteMessage};
use sci_network::NetworkHandle;
use sci_primitives::{BlockNumber, Hash};
use sp_consensus_grandpa::{AuthorityId, AuthoritySignature, RoundNumber, GRANDPA_ENGINE_ID};
use sp_keystore::KeystorePtr;
use std::{
	pin::Pin,
	sync::Arc,
	task::{Context, Poll},
	time::Duration,
};

/// Why the voter stopped.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
	#[error("GRANDPA: {0}")]
	Grandpa(#[from] finality_grandpa::Error),
	#[error("{0}")]
	Client(String),
}

type Timer = Pin<Box<dyn Future<Output = Result<(), Error>> + Send>>;

fn timer(after: Duration) -> Timer {
	Box::pin(async move {
		tokio::time::sleep(after).await;
		Ok(())
	})
}

/// The voter's view of the node.
pub(crate) struct Environment {
	pub client: Arc<Client>,
	pub network: NetworkHandle,
	pub keystore: KeystorePtr,
	pub set: AuthoritySet,
	/// Our key, if it is in the set.
	pub local_id: Option<AuthorityId>,
	pub router: Arc<Mutex<Router>>,
	/// The time a message takes to reach every voter.
	pub gossip_duration: Duration,
	/// What must survive a crash, and where it is kept.
	pub voter_state: Arc<(Mutex<VoterState>, VoterStateFile)>,
	/// The highest completed round, for Prometheus.
	pub round_metric:
		Option<substrate_prometheus_endpoint::Gauge<substrate_prometheus_endpoint::U64>>,
}

impl Chain<Hash, BlockNumber> for Environment {
	fn ancestry(&self, base: Hash, block: Hash) -> Result<Vec<Hash>, finality_grandpa::Error> {
		let base_number = match self.client.header(base) {
			Ok(Some(h)) => h.number,
			_ => return Err(finality_grandpa::Error::NotDescendent),
		};
		let mut route = Vec::new();
		let mut cursor = block;
		loop {
			let header = match self.client.header(cursor) {
				Ok(Some(h)) => h,
				_ => return Err(finality_grandpa::Error::NotDescendent),
			};
			if header.number <= base_number {
				return Err(finality_grandpa::Error::NotDescendent);
			}
			if header.parent_hash == base {
				return Ok(route);
			}
			route.push(header.parent_hash);
			cursor = header.parent_hash;
		}
	}
}

impl voter::Environment<Hash, BlockNumber> for Environment {
	type Timer = Timer;
	type BestChain = future::Ready<Result<Option<(Hash, BlockNumber)>, Error>>;
	type Id = AuthorityId;
	type Signature = AuthoritySignature;
	type In = VoteStream;
	type Out = OutgoingVotes;
	type Error = Error;

	fn best_chain_containing(&self, base: Hash) -> Self::BestChain {
		let result = (|| {
			let Some(base_header) = self.client.header(base)? else { return Ok(None) };
			let info = self.client.info();
			if self.client.hash(base_header.number)? != Some(base) {
				// Off the best chain: vote for the base itself, which is known to contain it.
				return Ok(Some((base, base_header.number)));
			}
			// This set finalizes no further than the next block that enacts a change.
			match self.client.grandpa_enacting_on(info.best_hash)? {
				Some(enacting) if enacting < info.best_number => {
					let number = enacting.max(base_header.number);
					Ok(self.client.hash(number)?.map(|hash| (hash, number)))
				},
				_ => Ok(Some((info.best_hash, info.best_number))),
			}
		})();
		future::ready(result.map_err(|e: sci_client::ClientError| Error::Client(e.to_string())))
	}

	fn round_data(&self, round: u64) -> RoundData<AuthorityId, Timer, VoteStream, OutgoingVotes> {
		let (incoming, loopback) = self.router.lock().open_round(round);
		RoundData {
			voter_id: self.local_id.clone(),
			prevote_timer: timer(self.gossip_duration * 2),
			precommit_timer: timer(self.gossip_duration * 4),
			incoming,
			outgoing: OutgoingVotes {
				round,
				set_id: self.set.set_id,
				local_id: self.local_id.clone(),
				keystore: self.keystore.clone(),
				network: self.network.clone(),
				router: self.router.clone(),
				voter_state: self.voter_state.clone(),
				loopback,
			},
		}
	}

	fn round_commit_timer(&self) -> Timer {
		// Spread commits out so that not every voter gossips one.
		let jitter = rand_millis(self.gossip_duration.as_millis() as u64 * 4);
		timer(Duration::from_millis(jitter))
	}

	fn proposed(&self, _: u64, _: PrimaryPropose<Hash, BlockNumber>) -> Result<(), Error> {
		Ok(())
	}

	fn prevoted(&self, _: u64, _: Prevote<Hash, BlockNumber>) -> Result<(), Error> {
		Ok(())
	}

	fn precommitted(&self, _: u64, _: Precommit<Hash, BlockNumber>) -> Result<(), Error> {
		Ok(())
	}

	fn completed(
		&self,
		round: u64,
		_state: finality_grandpa::round::State<Hash, BlockNumber>,
		base: (Hash, BlockNumber),
		votes: &HistoricalVotes<Hash, BlockNumber, AuthoritySignature, AuthorityId>,
	) -> Result<(), Error> {
		let progress =
			VoterProgress { set_id: self.set.set_id, round, base, votes: votes.seen().to_vec() };
		self.router.lock().completed(&progress);
		if let Some(metric) = &self.round_metric {
			metric.set(round);
		}
		// On restart the voter resumes after this round.
		let (state, file) = &*self.voter_state;
		let mut state = state.lock();
		state.progress = Some(progress);
		file.save(&state).map_err(|e| Error::Client(e.to_string()))
	}

	fn concluded(
		&self,
		_: u64,
		_: finality_grandpa::round::State<Hash, BlockNumber>,
		_: (Hash, BlockNumber),
		_: &HistoricalVotes<Hash, BlockNumber, AuthoritySignature, AuthorityId>,
	) -> Result<(), Error> {
		Ok(())
	}

	fn finalize_block(
		&self,
		hash: Hash,
		number: BlockNumber,
		round: u64,
		commit: finality_grandpa::Commit<Hash, BlockNumber, AuthoritySignature, AuthorityId>,
	) -> Result<(), Error> {
		let info = self.client.info();
		if number <= info.finalized_number {
			return Ok(());
		}
		let justification = justification::build(&self.client, round, commit)
			.map_err(|e| Error::Client(e.to_string()))?;
		match self.client.finalize(hash, Some((GRANDPA_ENGINE_ID, justification.encode()))) {
			Ok(()) => {
				log::info!(target: "grandpa", "✨ Finalized #{number} ({}) in round {round}", sci_client::short(&hash));
				Ok(())
			},
			// A safety failure must stop the voter, not be skipped.
			Err(e) => Err(Error::Client(format!("cannot finalize #{number}: {e}"))),
		}
	}

	fn prevote_equivocation(
		&self,
		round: u64,
		equivocation: finality_grandpa::Equivocation<
			AuthorityId,
			Prevote<Hash, BlockNumber>,
			AuthoritySignature,
		>,
	) {
		log::warn!(target: "grandpa", "⚠️  Detected prevote equivocation by {:?} in round {round}", equivocation.identity);
	}

	fn precommit_equivocation(
		&self,
		round: u64,
		equivocation: finality_grandpa::Equivocation<
			AuthorityId,
			Precommit<Hash, BlockNumber>,
			AuthoritySignature,
		>,
	) {
		log::warn!(target: "grandpa", "⚠️  Detected precommit equivocation by {:?} in round {round}", equivocation.identity);
	}
}

fn vote_kind(message: &Message<Hash, BlockNumber>) -> &'static str {
	match message {
		Message::Prevote(_) => "prevote",
		Message::Precommit(_) => "precommit",
		Message::PrimaryPropose(_) => "primary proposal",
	}
}

/// A pseudo-random number below `bound` (timing jitter only, not security).
fn rand_millis(bound: u64) -> u64 {
	let nanos = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.subsec_nanos() as u64)
		.unwrap_or_default();
	nanos % bound.max(1)
}

/// Signs what the voter wants to say, gossips it and feeds it back as incoming, so that our own
/// votes count like everyone else's.
pub(crate) struct OutgoingVotes {
	round: RoundNumber,
	set_id: u64,
	local_id: Option<AuthorityId>,
	keystore: KeystorePtr,
	network: NetworkHandle,
	router: Arc<Mutex<Router>>,
	voter_state: Arc<(Mutex<VoterState>, VoterStateFile)>,
	loopback: futures::channel::mpsc::UnboundedSender<
		Result<
			finality_grandpa::SignedMessage<Hash, BlockNumber, AuthoritySignature, AuthorityId>,
			Error,
		>,
	>,
}

impl Sink<Message<Hash, BlockNumber>> for OutgoingVotes {
	type Error = Error;

	fn poll_ready(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Error>> {
		Poll::Ready(Ok(()))
	}

	fn start_send(self: Pin<&mut Self>, message: Message<Hash, BlockNumber>) -> Result<(), Error> {
		let this = self.get_mut();
		let Some(local_id) = this.local_id.clone() else { return Ok(()) };
		let earlier = this.router.lock().own_vote_like(this.round, &message);
		let signed = match earlier {
			Some(earlier) => {
				if earlier.message != message {
					log::warn!(target: "grandpa", "repeating our earlier vote in round {} (cast before a restart) instead of equivocating", this.round);
				}
				earlier
			},
			None => {
				let Some(signed) = sp_consensus_grandpa::sign_message(
					this.keystore.clone(),
					message,
					local_id,
					this.round,
					this.set_id,
				) else {
					log::error!(target: "grandpa", "cannot sign a vote: the GRANDPA key left the keystore");
					return Ok(());
				};
				let mut router = this.router.lock();
				router.note_own_vote(this.round, signed.clone());
				// On disk before it is sent: after a crash we must not vote differently.
				let (state, file) = &*this.voter_state;
				let mut state = state.lock();
				state.own =
					Some(OwnVotes { set_id: this.set_id, votes: router.own_votes().clone() });
				file.save(&state).map_err(|e| Error::Client(e.to_string()))?;
				log::debug!(target: "grandpa", "🗳  {} stored in round {}", vote_kind(&signed.message), this.round);
				signed
			},
		};
		let gossip = GossipMessage::Vote(VoteMessage {
			round: Round(this.round),
			set_id: SetId(this.set_id),
			message: signed.clone(),
		});
		this.network.publish_finality(gossip.encode());
		let _ = this.loopback.unbounded_send(Ok(signed));
		Ok(())
	}

	fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Error>> {
		Poll::Ready(Ok(()))
	}

	fn poll_close(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Error>> {
		Poll::Ready(Ok(()))
	}
}

/// Gossips the commits the voter makes.
pub(crate) struct OutgoingCommits {
	pub set_id: u64,
	pub network: NetworkHandle,
}

impl Sink<voter::CommunicationOut<Hash, BlockNumber, AuthoritySignature, AuthorityId>>
	for OutgoingCommits
{
	type Error = Error;

	fn poll_ready(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Error>> {
		Poll::Ready(Ok(()))
	}

	fn start_send(
		self: Pin<&mut Self>,
		item: voter::CommunicationOut<Hash, BlockNumber, AuthoritySignature, AuthorityId>,
	) -> Result<(), Error> {
		let voter::CommunicationOut::Commit(round, commit) = item;
		let gossip = GossipMessage::Commit(FullCommitMessage {
			round: Round(round),
			set_id: SetId(self.set_id),
			message: commit.into(),
		});
		self.network.publish_finality(gossip.encode());
		Ok(())
	}

	fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Error>> {
		Poll::Ready(Ok(()))
	}

	fn poll_close(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Error>> {
		Poll::Ready(Ok(()))
	}
}
