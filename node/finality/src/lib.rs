//! GRANDPA finality: the `finality-grandpa` voter run over the runtime's GRANDPA authority set,
//! its votes and commits gossiped through the network, and justifications stored with the
//! blocks they finalize.
//!
//! The authority set is the one the client follows from the change digests of finalized
//! headers ([`sci_client::grandpa`]): the voter never votes past a block that enacts a change,
//! and when finality reaches one, it restarts with the next set.

mod environment;
mod justification;
mod messages;
mod router;
mod voter_state;

use codec::{Decode, Encode};
use environment::{Environment, Error, OutgoingCommits};
use finality_grandpa::{voter::Voter, voter_set::VoterSet};
use messages::{check_catch_up, check_commit, check_vote};
use parking_lot::Mutex;
use router::{Deliverable, Router, SignedVote};
use sci_client::{grandpa::AuthoritySet, Client};
use sci_network::wire::grandpa::{
	self, FullCatchUpMessage, FullCommitMessage, GossipMessage, NeighborPacket, Round,
	SetId as WireSetId, VersionedNeighborPacket, VoteMessage,
};
use sci_network::{GossipIn, MessageAcceptance, NetworkHandle};
use sci_primitives::{BlockNumber, Hash};
use sp_consensus_grandpa::{AuthorityId, SetId, KEY_TYPE};
use sp_core::crypto::ByteArray;
use sp_keystore::KeystorePtr;
use std::{
	sync::Arc,
	time::{Duration, Instant},
};
use tokio::sync::{broadcast::error::RecvError, mpsc};

pub use justification::GrandpaJustificationImport;
pub use voter_state::{VoterState, VoterStateError, VoterStateFile};
/// Least time between two catch-ups we send.
const CATCH_UP_INTERVAL: Duration = Duration::from_secs(2);
/// The gossip estimate of a set whose only voter is this node (`--dev`): it waits for nobody's
/// votes, so its rounds (a few times this) need only be short. Finality still trails import by
/// at least twice this, so clients see a block in the best chain before they see it finalized.
const LONE_VOTER_GOSSIP: Duration = Duration::from_millis(50);

/// The last round the voter completed, stored so that a restart resumes after it.
#[derive(Clone, Debug, Encode, Decode)]
pub struct VoterProgress {
	/// The authority set the round belongs to.
	pub set_id: SetId,
	/// The round number.
	pub round: u64,
	/// The block the round started from.
	pub base: (Hash, BlockNumber),
	/// Our signed votes in it.
	pub votes: Vec<SignedVote>,
}

/// Our votes in the open rounds, stored before they are sent so that a restarted voter repeats
/// them instead of voting differently.
#[derive(Clone, Debug, Encode, Decode)]
pub struct OwnVotes {
	/// The authority set.
	pub set_id: SetId,
	/// Our votes per round.
	pub votes: std::collections::BTreeMap<u64, Vec<SignedVote>>,
}

/// Everything the finality task needs.
pub struct FinalityParams {
	/// The chain.
	pub client: Arc<Client>,
	/// Gossip out.
	pub network: NetworkHandle,
	/// Gossip in.
	pub messages: mpsc::Receiver<GossipIn>,
	/// Holds our GRANDPA key, if we vote.
	pub keystore: KeystorePtr,
	/// The time a message takes to reach every voter; rounds wait for 2× and 4× of it.
	pub gossip_duration: Duration,
	/// Where the voter keeps its last round and its votes (durably, before they are sent).
	pub voter_state: VoterStateFile,
	/// `substrate_finality_grandpa_round`: the highest completed round.
	pub round_metric:
		Option<substrate_prometheus_endpoint::Gauge<substrate_prometheus_endpoint::U64>>,
}

/// Run GRANDPA until the task is dropped.
pub async fn run(mut params: FinalityParams) {
	loop {
		let set = params.client.grandpa_set();
		if set.authorities.is_empty() {
			log::warn!(target: "grandpa", "the runtime has no GRANDPA authorities: no finality");
			wait_for_finality(&params.client).await;
			continue;
		}
		match run_set(&mut params, set).await {
			Ok(()) => {},
			Err(e) => {
				log::error!(target: "grandpa", "GRANDPA voter stopped: {e}; restarting");
				tokio::time::sleep(Duration::from_secs(1)).await;
			},
		}
	}
}

async fn wait_for_finality(client: &Client) {
	let mut finalized = client.finality_notifications();
	let _ = finalized.recv().await;
}

/// Vote with one authority set until finality moves to a block with another.
async fn run_set(params: &mut FinalityParams, set: AuthoritySet) -> Result<(), Error> {
	let client = params.client.clone();
	let ids: Vec<AuthorityId> = set.authorities.iter().map(|(id, _)| id.clone()).collect();
	let local_id =
		ids.iter().find(|id| params.keystore.has_keys(&[(id.to_raw_vec(), KEY_TYPE)])).cloned();
	log::info!(
		target: "grandpa",
		"👴 GRANDPA authority set {} with {} authorities; {}",
		set.set_id,
		ids.len(),
		if local_id.is_some() { "voting" } else { "observing (no key of the set in the keystore)" }
	);
	let voters = VoterSet::new(set.authorities.iter().cloned())
		.ok_or_else(|| Error::Client("the GRANDPA authority weights are invalid".into()))?;
	let (global_tx, global_rx) = futures::channel::mpsc::unbounded();
	let router = Arc::new(Mutex::new(Router::new(global_tx)));

	let info = client.info();
	let stored =
		params.voter_state.load().map_err(|e| Error::Client(e.to_string()))?.for_set(set.set_id);
	if let Some(own) = &stored.own {
		router.lock().restore_own_votes(own.votes.clone());
	}
	let progress = stored.progress.clone().filter(|p| client.has_block(p.base.0));
	let (last_round, last_votes, last_base) = match progress {
		Some(progress) => {
			log::info!(target: "grandpa", "resuming after round {}", progress.round);
			router.lock().completed(&progress);
			(progress.round, progress.votes, progress.base)
		},
		None => (0, Vec::new(), (info.finalized_hash, info.finalized_number)),
	};
	let lone_voter = ids.len() == 1 && local_id.is_some();
	let env = Arc::new(Environment {
		client: client.clone(),
		network: params.network.clone(),
		keystore: params.keystore.clone(),
		set: set.clone(),
		local_id,
		router: router.clone(),
		gossip_duration: if lone_voter {
			params.gossip_duration.min(LONE_VOTER_GOSSIP)
		} else {
			params.gossip_duration
		},
		voter_state: Arc::new((Mutex::new(stored), params.voter_state.clone())),
		round_metric: params.round_metric.clone(),
	});
	let commits = OutgoingCommits { set_id: set.set_id, network: params.network.clone() };
	let mut voter = Voter::new(
		env,
		voters,
		(global_rx, commits),
		last_round,
		last_votes,
		last_base,
		(info.finalized_hash, info.finalized_number),
	);

	let mut imported = client.import_notifications();
	let mut finalized = client.finality_notifications();
	let mut tick = tokio::time::interval(Duration::from_secs(1));
	let mut gossip = GossipHandler {
		client: client.clone(),
		network: params.network.clone(),
		router: router.clone(),
		set: set.clone(),
		ids,
		last_catch_up: None,
	};
	loop {
		tokio::select! {
			result = &mut voter => return result,
			message = params.messages.recv() => match message {
				Some(message) => gossip.on_message(message),
				None => return Ok(()),
			},
			n = imported.recv() => match n {
				Ok(_) | Err(RecvError::Lagged(_)) => gossip.deliver_held(),
				Err(RecvError::Closed) => return Ok(()),
			},
			n = finalized.recv() => match n {
				// The client applied a change at this block: vote with the next set.
				Ok(_) if client.grandpa_set().set_id != set.set_id => return Ok(()),
				Ok(_) => {},
				Err(RecvError::Lagged(_)) => {},
				Err(RecvError::Closed) => return Ok(()),
			},
			_ = tick.tick() => {
				let stalled = router.lock().votes_to_resend(params.gossip_duration * 8);
				for (round, message) in stalled {
					let vote = GossipMessage::Vote(VoteMessage { round: Round(round), set_id: WireSetId(set.set_id), message });
					params.network.publish_finality(vote.encode());
				}
				let neighbor = GossipMessage::Neighbor(VersionedNeighborPacket::V1(NeighborPacket {
					round: Round(router.lock().current_round()),
					set_id: WireSetId(set.set_id),
					commit_finalized_height: client.info().finalized_number,
				}));
				params.network.publish_finality(neighbor.encode());
			},
		}
	}
}

/// Checks incoming GRANDPA gossip and hands it to the router.
struct GossipHandler {
	client: Arc<Client>,
	network: NetworkHandle,
	router: Arc<Mutex<Router>>,
	set: AuthoritySet,
	ids: Vec<AuthorityId>,
	last_catch_up: Option<Instant>,
}

impl GossipHandler {
	fn on_message(&mut self, GossipIn { source, id, data }: GossipIn) {
		let report = |acceptance| self.network.report_finality(id, source, acceptance);
		let Ok(message) = grandpa::decode_gossip_message(&data) else {
			report(MessageAcceptance::Reject);
			return;
		};
		let set_id = self.set.set_id;
		let message_set = match &message {
			GossipMessage::Vote(m) => m.set_id,
			GossipMessage::Commit(m) => m.set_id,
			GossipMessage::CatchUp(m) => m.set_id,
			GossipMessage::CatchUpRequest(m) => m.set_id,
			GossipMessage::Neighbor(VersionedNeighborPacket::V1(m)) => m.set_id,
		};
		if message_set != WireSetId(set_id) {
			report(MessageAcceptance::Ignore);
			return;
		}
		let (checked, deliverable) = match message {
			GossipMessage::Vote(VoteMessage { round: Round(round), .. })
				if !self.in_vote_window(round) =>
			{
				// Not for a round the voter is in or about to enter: neither checked nor
				// forwarded. Not charged: without the peers' views (neighbor packets), an honest
				// peer that lagged may still forward such votes.
				report(MessageAcceptance::Ignore);
				return;
			},
			GossipMessage::Commit(FullCommitMessage { message, .. })
				if message.auth_data.len() > self.ids.len() =>
			{
				log::debug!(target: "grandpa", "{source} sent a commit of {} signatures for a set of {}", message.auth_data.len(), self.ids.len());
				report(MessageAcceptance::Reject);
				return;
			},
			GossipMessage::Commit(FullCommitMessage { message, .. })
				if message.target_number <= self.client.info().finalized_number =>
			{
				// Old news.
				report(MessageAcceptance::Ignore);
				return;
			},
			GossipMessage::Vote(VoteMessage { round: Round(round), message, .. }) => (
				check_vote(
					&message.message,
					&message.id,
					&message.signature,
					round,
					set_id,
					&self.ids,
				),
				Deliverable::Vote(round, message),
			),
			GossipMessage::Commit(FullCommitMessage { round: Round(round), message, .. }) => (
				check_commit(&message, round, set_id, &self.ids),
				Deliverable::Commit(round, message),
			),
			GossipMessage::CatchUp(FullCatchUpMessage { message: catch_up, .. }) => {
				if catch_up.round_number <= self.router.lock().current_round() {
					report(MessageAcceptance::Ignore);
					return;
				}
				(check_catch_up(&catch_up, set_id, &self.ids), Deliverable::CatchUp(catch_up))
			},
			GossipMessage::Neighbor(VersionedNeighborPacket::V1(NeighborPacket {
				round: Round(round),
				..
			})) => {
				report(MessageAcceptance::Ignore);
				self.maybe_send_catch_up(round);
				return;
			},
			// Catch-ups are offered when a neighbor packet shows a peer behind.
			GossipMessage::CatchUpRequest(_) => {
				report(MessageAcceptance::Ignore);
				return;
			},
		};
		if let Err(e) = checked {
			log::debug!(target: "grandpa", "invalid GRANDPA message from {source}: {e}");
			report(MessageAcceptance::Reject);
			return;
		}
		// Votes and commits travel on; a catch-up is for the peers that asked.
		let forward = !matches!(deliverable, Deliverable::CatchUp(_));
		report(if forward { MessageAcceptance::Accept } else { MessageAcceptance::Ignore });
		let mut router = self.router.lock();
		if deliverable.blocks().iter().all(|h| self.is_known(h)) {
			router.deliver(deliverable);
		} else {
			router.hold(deliverable);
		}
	}

	/// Rounds whose votes are taken: the previous and current ones, and the few ahead that
	/// the router holds votes for.
	fn in_vote_window(&self, round: u64) -> bool {
		let current = self.router.lock().current_round();
		round + 1 >= current && round <= current + router::MAX_FUTURE_ROUNDS
	}

	fn is_known(&self, hash: &Hash) -> bool {
		self.client.has_block(*hash)
	}

	/// Deliver what waited for blocks that are now imported.
	fn deliver_held(&mut self) {
		let mut router = self.router.lock();
		for message in router.take_ready(|h| self.is_known(h)) {
			router.deliver(message);
		}
	}

	/// A peer's voter is at `their_round`: if it is more than a round behind ours, gossip the
	/// votes of our last completed round so that it can jump ahead.
	fn maybe_send_catch_up(&mut self, their_round: u64) {
		let router = self.router.lock();
		let Some(catch_up) = router.catch_up() else { return };
		if their_round + 1 >= catch_up.round_number {
			return;
		}
		if self.last_catch_up.is_some_and(|at| at.elapsed() < CATCH_UP_INTERVAL) {
			return;
		}
		self.last_catch_up = Some(Instant::now());
		log::debug!(target: "grandpa", "sending a catch-up to round {} (a peer is at {their_round})", catch_up.round_number);
		let message = GossipMessage::CatchUp(FullCatchUpMessage {
			set_id: WireSetId(self.set.set_id),
			message: catch_up.clone(),
		});
		self.network.publish_finality(message.encode());
	}
}
