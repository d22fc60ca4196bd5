//! Peer-to-peer networking: connects to peers over libp2p, gossips blocks, transactions and
//! finality votes, and catches up with peers that are ahead.
//!
//! One task owns the libp2p swarm; the rest of the node talks to it through a
//! [`NetworkHandle`]. Blocks from peers are imported one at a time by a second task so that a
//! slow import never stalls the swarm.
//!
//! `behaviour.rs` builds the swarm (TCP and WebSocket, Noise, Yamux; gossipsub,
//! request-response, Kademlia, identify, ping); `protocol.rs` is the wire format (SCALE,
//! length-prefixed; names carry the genesis hash); `sync.rs` the I/O-free catch-up state
//! machine; `import.rs` the task that imports peers' blocks through `sci_client_api::BlockImport`
//! and reads the ranges peers ask for. The chain is held as an `Arc<dyn SyncedChain>`. Gossip is
//! only published when some peer subscribes to the topic: gossipsub signs a message before it
//! looks for recipients.

// The `NetworkBehaviour` derive generates an event enum that cannot carry docs.
#[allow(missing_docs)]
pub mod behaviour;
mod import;
pub mod protocol;
pub mod sync;

use behaviour::{Behaviour, BehaviourEvent};
use codec::{Decode, Encode};
use futures::StreamExt;
use import::{ImportJob, ImportResult, JobKind};
pub use libp2p::gossipsub::{MessageAcceptance, MessageId};
use libp2p::{
	gossipsub, identify, kad,
	multiaddr::Protocol,
	request_response::{self, ResponseChannel},
	swarm::SwarmEvent,
	Multiaddr, PeerId, Swarm,
};
use parking_lot::RwLock;
use protocol::{ProtocolNames, Request, Response, Status, SyncedBlock};
use sci_client_api::SyncedChain;
use sci_pool::TransactionPool;
use sci_primitives::{opaque::Block, BlockNumber, Hash};
use std::{
	collections::{HashMap, HashSet},
	sync::Arc,
	time::{Duration, Instant},
};
use sync::{RangeOutcome, SyncState};
use tokio::sync::mpsc;

pub use import::JustificationImport;

/// How long a misbehaving peer stays disconnected.
const BAN_DURATION: Duration = Duration::from_secs(60);
/// How often peers are asked for their status, discovery runs and lost peers are redialled.
const TICK: Duration = Duration::from_secs(1);

/// Network settings (the `--port`, `--listen-addr`, `--bootnodes`… flags).
#[derive(Clone, Debug, Default)]
pub struct NetworkConfig {
	/// Addresses to listen on.
	pub listen_addrs: Vec<Multiaddr>,
	/// Addresses to tell peers about, besides the listen addresses.
	pub public_addrs: Vec<Multiaddr>,
	/// `/…/p2p/<peer id>` addresses to connect to at start.
	pub boot_nodes: Vec<Multiaddr>,
	/// Peers to stay connected to.
	pub reserved_nodes: Vec<Multiaddr>,
	/// Accept only the reserved peers.
	pub reserved_only: bool,
	/// Most inbound peers.
	pub in_peers: usize,
	/// Most outbound peers we dial ourselves.
	pub out_peers: usize,
	/// The node's name, sent to peers in identify's agent string.
	pub node_name: String,
	/// The node authors blocks (told to peers in its status).
	pub is_authority: bool,
}

/// A connected peer, as `system_peers` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeerSummary {
	/// The peer's id.
	pub peer_id: PeerId,
	/// The best block it announced.
	pub best_hash: Hash,
	/// Its number.
	pub best_number: BlockNumber,
	/// Whether it says it authors blocks.
	pub authority: bool,
}

/// What the network reports to RPC and the informant.
#[derive(Clone, Debug, Default)]
pub struct NetworkState {
	/// Addresses the swarm listens on.
	pub listen_addrs: Vec<Multiaddr>,
	/// Connected peers.
	pub peers: Vec<PeerSummary>,
	/// Whether a peer is ahead of us.
	pub is_syncing: bool,
	/// The highest block a peer announced.
	pub highest_block: Option<BlockNumber>,
}

/// A gossip message for the finality gadget.
#[derive(Clone, Debug)]
pub struct GossipIn {
	/// The peer it came from.
	pub source: PeerId,
	/// gossipsub's id, to report its validity.
	pub id: MessageId,
	/// The encoded message.
	pub data: Vec<u8>,
}

enum Command {
	AnnounceBlock(Block),
	PublishFinality(Vec<u8>),
	Report { id: MessageId, source: PeerId, acceptance: MessageAcceptance },
}

/// Talks to the network task.
#[derive(Clone)]
pub struct NetworkHandle {
	commands: mpsc::UnboundedSender<Command>,
	state: Arc<RwLock<NetworkState>>,
	local_peer_id: PeerId,
}

impl NetworkHandle {
	/// Gossip a block we authored.
	pub fn announce_block(&self, block: Block) {
		let _ = self.commands.send(Command::AnnounceBlock(block));
	}

	/// Gossip a finality message.
	pub fn publish_finality(&self, data: Vec<u8>) {
		let _ = self.commands.send(Command::PublishFinality(data));
	}

	/// Tell gossip what a finality message was worth: accepted ones are forwarded, ignored ones
	/// dropped, and senders of rejected ones disconnected.
	pub fn report_finality(&self, id: MessageId, source: PeerId, acceptance: MessageAcceptance) {
		let _ = self.commands.send(Command::Report { id, source, acceptance });
	}

	/// The current state.
	pub fn state(&self) -> NetworkState {
		self.state.read().clone()
	}

	/// Number of connected peers.
	pub fn peer_count(&self) -> usize {
		self.state.read().peers.len()
	}

	/// Our peer id.
	pub fn local_peer_id(&self) -> PeerId {
		self.local_peer_id
	}
}

/// A started network: the handle, and the finality messages received.
pub struct StartedNetwork {
	/// Talks to the network task.
	pub handle: NetworkHandle,
	/// GRANDPA messages for the voter.
	pub finality_messages: mpsc::UnboundedReceiver<GossipIn>,
	/// The network task.
	pub task: tokio::task::JoinHandle<()>,
}

/// Start listening and connecting; returns once the listeners are bound.
pub async fn start(
	config: NetworkConfig,
	keypair: libp2p::identity::Keypair,
	client: Arc<dyn SyncedChain>,
	pool: Arc<TransactionPool>,
	justifications: Option<Arc<dyn JustificationImport>>,
	peers_metric: Option<substrate_prometheus_endpoint::Gauge<substrate_prometheus_endpoint::U64>>,
) -> anyhow::Result<StartedNetwork> {
	let local_peer_id = keypair.public().to_peer_id();
	let names = ProtocolNames::new(&client.info().genesis_hash);
	let agent = format!("sci-node/{} ({})", env!("CARGO_PKG_VERSION"), config.node_name);
	let mut swarm = behaviour::build_swarm(keypair, &names, agent).await?;
	for topic in [&names.blocks, &names.transactions, &names.grandpa] {
		swarm.behaviour_mut().gossip.subscribe(topic)?;
	}
	let mut listen_addrs = Vec::new();
	for addr in &config.listen_addrs {
		swarm
			.listen_on(addr.clone())
			.map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
	}
	// Wait for the listeners so that the logged and reported addresses are the bound ones.
	while listen_addrs.len() < config.listen_addrs.len() {
		match swarm.select_next_some().await {
			SwarmEvent::NewListenAddr { address, .. } => {
				log::info!("🔍 Listening on {address}/p2p/{local_peer_id}");
				listen_addrs.push(address);
			},
			SwarmEvent::ListenerError { error, .. } => anyhow::bail!("listener failed: {error}"),
			SwarmEvent::ListenerClosed { addresses, reason, .. } => {
				anyhow::bail!("listener on {addresses:?} closed: {reason:?}")
			},
			_ => {},
		}
	}
	for addr in &config.public_addrs {
		swarm.add_external_address(addr.clone());
	}
	let state = Arc::new(RwLock::new(NetworkState { listen_addrs, ..Default::default() }));
	let (commands, command_rx) = mpsc::unbounded_channel();
	let (finality_tx, finality_messages) = mpsc::unbounded_channel();
	let (jobs, job_rx) = mpsc::unbounded_channel();
	let (results_tx, results) = mpsc::unbounded_channel();
	tokio::spawn(import::worker(client.clone(), justifications, job_rx, results_tx));

	let mut worker = Worker {
		swarm,
		names,
		config: config.clone(),
		client: client.clone(),
		pool: pool.clone(),
		state: state.clone(),
		sync: SyncState::default(),
		connected: HashMap::new(),
		reserved: HashSet::new(),
		banned: HashMap::new(),
		in_flight: HashMap::new(),
		jobs,
		finality_tx,
		peers_metric,
		gossip_pending: HashSet::new(),
	};
	for addr in config.boot_nodes.iter().chain(&config.reserved_nodes) {
		match peer_of(addr) {
			Some(peer) => {
				worker.swarm.behaviour_mut().kademlia.add_address(&peer, without_peer(addr));
				if config.reserved_nodes.contains(addr) {
					worker.reserved.insert(peer);
				}
			},
			None => anyhow::bail!("{addr}: a bootnode or reserved node needs a /p2p/<peer id>"),
		}
	}
	worker.dial_known();
	let task = tokio::spawn(worker.run(command_rx, results, pool.propagations()));
	Ok(StartedNetwork {
		handle: NetworkHandle { commands, state, local_peer_id },
		finality_messages,
		task,
	})
}

/// The peer id at the end of a `/…/p2p/<id>` address.
pub fn peer_of(addr: &Multiaddr) -> Option<PeerId> {
	match addr.iter().last() {
		Some(Protocol::P2p(peer)) => Some(peer),
		_ => None,
	}
}

fn without_peer(addr: &Multiaddr) -> Multiaddr {
	addr.iter().filter(|p| !matches!(p, Protocol::P2p(_))).collect()
}

#[derive(Clone, Copy, Debug)]
struct Connected {
	inbound: bool,
}

struct Worker {
	swarm: Swarm<Behaviour>,
	names: ProtocolNames,
	config: NetworkConfig,
	client: Arc<dyn SyncedChain>,
	pool: Arc<TransactionPool>,
	state: Arc<RwLock<NetworkState>>,
	sync: SyncState,
	connected: HashMap<PeerId, Connected>,
	reserved: HashSet<PeerId>,
	banned: HashMap<PeerId, Instant>,
	/// Outbound sync requests and what they asked for.
	in_flight: HashMap<request_response::OutboundRequestId, Request>,
	jobs: mpsc::UnboundedSender<ImportJob>,
	finality_tx: mpsc::UnboundedSender<GossipIn>,
	peers_metric: Option<substrate_prometheus_endpoint::Gauge<substrate_prometheus_endpoint::U64>>,
	/// Gossiped blocks waiting for the import task.
	gossip_pending: HashSet<Hash>,
}

impl Worker {
	async fn run(
		mut self,
		mut commands: mpsc::UnboundedReceiver<Command>,
		mut results: mpsc::UnboundedReceiver<ImportResult>,
		mut propagations: tokio::sync::broadcast::Receiver<Vec<u8>>,
	) {
		let mut tick = tokio::time::interval(TICK);
		let (respond_tx, mut respond_rx) = mpsc::unbounded_channel();
		loop {
			tokio::select! {
				event = self.swarm.select_next_some() => self.on_swarm_event(event, &respond_tx),
				command = commands.recv() => match command {
					Some(command) => self.on_command(command),
					None => return,
				},
				Some(result) = results.recv() => self.on_import_result(result),
				Some((channel, response)) = respond_rx.recv() => {
					let _ = self.swarm.behaviour_mut().sync.send_response(channel, response);
				},
				tx = propagations.recv() => match tx {
					Ok(tx) => self.publish(self.names.transactions.clone(), tx),
					Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
						log::debug!(target: "sync", "{n} local transactions not gossiped (lagging)");
					},
					Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
				},
				_ = tick.tick() => self.on_tick(),
			}
		}
	}

	fn publish(&mut self, topic: gossipsub::IdentTopic, data: Vec<u8>) {
		let gossip = &mut self.swarm.behaviour_mut().gossip;
		// Gossipsub signs a message before it looks for peers to send it to: with nobody
		// subscribed, skip the signature (one ed25519 signature per submitted transaction, 8 %
		// of a lone node's samples while it admitted a burst).
		let hash = topic.hash();
		if !gossip.all_peers().any(|(_, topics)| topics.contains(&&hash)) {
			log::trace!(target: "sync", "no peer to gossip {topic} to");
			return;
		}
		match gossip.publish(topic.clone(), data) {
			Ok(_) | Err(gossipsub::PublishError::Duplicate) => {},
			Err(gossipsub::PublishError::NoPeersSubscribedToTopic) => {
				log::trace!(target: "sync", "no peer to gossip {topic} to");
			},
			Err(e) => log::debug!(target: "sync", "gossip on {topic} failed: {e}"),
		}
	}

	fn on_command(&mut self, command: Command) {
		match command {
			Command::AnnounceBlock(block) => {
				self.publish(self.names.blocks.clone(), block.encode());
			},
			Command::PublishFinality(data) => self.publish(self.names.grandpa.clone(), data),
			Command::Report { id, source, acceptance } => {
				let reject = matches!(acceptance, MessageAcceptance::Reject);
				self.report(&id, &source, acceptance);
				if reject {
					self.ban(source, "sent an invalid finality message");
				}
			},
		}
	}

	fn report(&mut self, id: &MessageId, source: &PeerId, acceptance: MessageAcceptance) {
		self.swarm.behaviour_mut().gossip.report_message_validation_result(id, source, acceptance);
	}

	fn ban(&mut self, peer: PeerId, reason: &str) {
		log::warn!(target: "sync", "💔 Disconnecting {peer}: {reason}");
		self.banned.insert(peer, Instant::now() + BAN_DURATION);
		self.sync.on_disconnected(&peer);
		self.swarm.behaviour_mut().kademlia.remove_peer(&peer);
		let _ = self.swarm.disconnect_peer_id(peer);
	}

	fn is_banned(&mut self, peer: &PeerId) -> bool {
		let now = Instant::now();
		self.banned.retain(|_, until| *until > now);
		self.banned.contains_key(peer)
	}

	fn status(&self) -> Status {
		let info = self.client.info();
		Status {
			genesis: info.genesis_hash,
			best_number: info.best_number,
			best_hash: info.best_hash,
			finalized_number: info.finalized_number,
			finalized_hash: info.finalized_hash,
			authority: self.config.is_authority,
		}
	}

	fn send_request(&mut self, peer: PeerId, request: Request) {
		let id = self.swarm.behaviour_mut().sync.send_request(&peer, request.clone());
		self.in_flight.insert(id, request);
	}

	fn on_tick(&mut self) {
		let peers: Vec<PeerId> = self.connected.keys().copied().collect();
		for peer in peers {
			self.send_request(peer, Request::Status);
		}
		if self.connected.len() < self.config.out_peers {
			self.dial_known();
			if !self.connected.is_empty() {
				self.swarm.behaviour_mut().kademlia.get_closest_peers(PeerId::random());
			}
		}
		self.publish_state();
	}

	/// Dial the bootnodes and reserved nodes we are not connected to.
	fn dial_known(&mut self) {
		let addrs: Vec<Multiaddr> =
			self.config.boot_nodes.iter().chain(&self.config.reserved_nodes).cloned().collect();
		for addr in addrs {
			let Some(peer) = peer_of(&addr) else { continue };
			if self.connected.contains_key(&peer) || self.is_banned(&peer) {
				continue;
			}
			if peer == *self.swarm.local_peer_id() {
				continue;
			}
			if let Err(e) = self.swarm.dial(addr.clone()) {
				log::debug!(target: "sync", "dialing {addr}: {e}");
			}
		}
	}

	fn publish_state(&mut self) {
		let info = self.client.info();
		let mut state = self.state.write();
		state.peers = self
			.connected
			.keys()
			.map(|peer| {
				let status = self.sync.status_of(peer);
				PeerSummary {
					peer_id: *peer,
					best_hash: status.map(|s| s.best_hash).unwrap_or_default(),
					best_number: status.map(|s| s.best_number).unwrap_or_default(),
					authority: status.is_some_and(|s| s.authority),
				}
			})
			.collect();
		state.is_syncing = self.sync.is_major_syncing(&info);
		state.highest_block = self.sync.highest_known().map(|h| h.max(info.best_number));
		if let Some(metric) = &self.peers_metric {
			metric.set(self.connected.len() as u64);
		}
	}

	fn maybe_sync(&mut self) {
		let info = self.client.info();
		if let Some(request) = self.sync.next_request(&info) {
			log::debug!(target: "sync", "requesting {} blocks from #{} of {}", request.max, request.from, request.peer);
			self.send_request(
				request.peer,
				Request::Blocks { from: request.from, max: request.max },
			);
		}
	}

	fn on_swarm_event(
		&mut self,
		event: SwarmEvent<BehaviourEvent>,
		respond: &mpsc::UnboundedSender<(ResponseChannel<Response>, Response)>,
	) {
		match event {
			SwarmEvent::ConnectionEstablished { peer_id, endpoint, num_established, .. } => {
				if self.is_banned(&peer_id) {
					let _ = self.swarm.disconnect_peer_id(peer_id);
					return;
				}
				if num_established.get() > 1 {
					return;
				}
				let inbound = endpoint.is_listener();
				let reserved = self.reserved.contains(&peer_id);
				let count = self.connected.values().filter(|c| c.inbound == inbound).count();
				let limit = if inbound { self.config.in_peers } else { self.config.out_peers };
				if !reserved && (self.config.reserved_only || count >= limit) {
					log::debug!(target: "sync", "refusing {peer_id}: peer limit or reserved-only");
					let _ = self.swarm.disconnect_peer_id(peer_id);
					return;
				}
				log::debug!(target: "sync", "connected to {peer_id} at {}", endpoint.get_remote_address());
				self.connected.insert(peer_id, Connected { inbound });
				self.send_request(peer_id, Request::Status);
				self.publish_state();
			},
			SwarmEvent::ConnectionClosed { peer_id, num_established: 0, .. } => {
				log::debug!(target: "sync", "disconnected from {peer_id}");
				self.connected.remove(&peer_id);
				self.sync.on_disconnected(&peer_id);
				self.maybe_sync();
				self.publish_state();
			},
			SwarmEvent::NewListenAddr { address, .. } => {
				self.state.write().listen_addrs.push(address);
			},
			SwarmEvent::Behaviour(BehaviourEvent::Gossip(event)) => self.on_gossip(event),
			SwarmEvent::Behaviour(BehaviourEvent::Sync(event)) => self.on_sync(event, respond),
			SwarmEvent::Behaviour(BehaviourEvent::Identify(identify::Event::Received {
				peer_id,
				info,
				..
			})) if info.protocols.contains(&self.names.kademlia) => {
				for addr in info.listen_addrs.into_iter().filter(is_dialable) {
					self.swarm.behaviour_mut().kademlia.add_address(&peer_id, addr);
				}
			},
			SwarmEvent::Behaviour(BehaviourEvent::Kademlia(kad::Event::RoutingUpdated {
				peer,
				..
			})) => self.maybe_dial(peer),
			SwarmEvent::Behaviour(BehaviourEvent::Kademlia(
				kad::Event::OutboundQueryProgressed {
					result: kad::QueryResult::GetClosestPeers(Ok(found)),
					..
				},
			)) => {
				for peer in found.peers {
					self.maybe_dial(peer.peer_id);
				}
			},
			_ => {},
		}
	}

	fn maybe_dial(&mut self, peer: PeerId) {
		let outbound = self.connected.values().filter(|c| !c.inbound).count();
		if peer == *self.swarm.local_peer_id()
			|| self.connected.contains_key(&peer)
			|| outbound >= self.config.out_peers
			|| self.config.reserved_only
			|| self.is_banned(&peer)
		{
			return;
		}
		// Kademlia supplies the addresses it knows for the peer.
		let _ = self.swarm.dial(peer);
	}

	fn on_gossip(&mut self, event: gossipsub::Event) {
		let gossipsub::Event::Message { propagation_source, message_id, message } = event else {
			return;
		};
		let topic = message.topic;
		if topic == self.names.blocks.hash() {
			self.on_gossiped_block(propagation_source, message_id, message.data);
		} else if topic == self.names.transactions.hash() {
			let acceptance = match self.pool.submit_from_peer(&message.data) {
				Ok(_) => MessageAcceptance::Accept,
				Err(e) if e.is_malformed() => {
					self.ban(propagation_source, "sent a malformed transaction");
					MessageAcceptance::Reject
				},
				// Already known, stale or invalid on our best block: not the sender's fault.
				Err(_) => MessageAcceptance::Ignore,
			};
			self.report(&message_id, &propagation_source, acceptance);
		} else if topic == self.names.grandpa.hash() {
			let _ = self.finality_tx.send(GossipIn {
				source: propagation_source,
				id: message_id,
				data: message.data,
			});
		} else {
			self.report(&message_id, &propagation_source, MessageAcceptance::Reject);
		}
	}

	fn on_gossiped_block(&mut self, source: PeerId, id: MessageId, data: Vec<u8>) {
		let Ok(block) = Block::decode(&mut &data[..]) else {
			self.report(&id, &source, MessageAcceptance::Reject);
			self.ban(source, "gossiped an undecodable block");
			return;
		};
		let hash = block.header.hash();
		let info = self.client.info();
		let known = self.gossip_pending.contains(&hash) || self.client.has_block(hash);
		if known || block.header.number <= info.finalized_number {
			self.report(&id, &source, MessageAcceptance::Ignore);
			return;
		}
		self.sync.on_announced(source, block.header.number);
		let parent_known = self.gossip_pending.contains(&block.header.parent_hash)
			|| self.client.has_block(block.header.parent_hash);
		if !parent_known {
			// We are behind: sync will fetch the missing ancestors.
			self.report(&id, &source, MessageAcceptance::Ignore);
			self.maybe_sync();
			return;
		}
		self.gossip_pending.insert(hash);
		let blocks = vec![SyncedBlock { block, justifications: None }];
		let _ = self.jobs.send(ImportJob { peer: source, blocks, kind: JobKind::Gossip(id) });
	}

	fn on_sync(
		&mut self,
		event: request_response::Event<Request, Response>,
		respond: &mpsc::UnboundedSender<(ResponseChannel<Response>, Response)>,
	) {
		use request_response::{Event, Message};
		match event {
			Event::Message { peer, message: Message::Request { request, channel, .. }, .. } => {
				match request {
					Request::Status => {
						let status = self.status();
						let _ = self
							.swarm
							.behaviour_mut()
							.sync
							.send_response(channel, Response::Status(status));
					},
					Request::Blocks { from, max } => {
						let client = self.client.clone();
						let respond = respond.clone();
						log::trace!(target: "sync", "{peer} asks for {max} blocks from #{from}");
						tokio::task::spawn_blocking(move || {
							let response = match import::read_range(&*client, from, max) {
								Ok(blocks) => Response::Blocks(blocks),
								Err(e) => Response::Refused(e.to_string()),
							};
							let _ = respond.send((channel, response));
						});
					},
				}
			},
			Event::Message {
				peer, message: Message::Response { request_id, response }, ..
			} => {
				let request = self.in_flight.remove(&request_id);
				match (request, response) {
					(Some(Request::Status), Response::Status(status)) => {
						if status.genesis != self.client.info().genesis_hash {
							self.ban(peer, "is on another chain (different genesis)");
							return;
						}
						self.sync.on_status(peer, status);
						self.maybe_sync();
					},
					(Some(Request::Blocks { .. }), Response::Blocks(blocks)) => {
						if blocks.is_empty() {
							let info = self.client.info();
							self.sync.on_range(peer, RangeOutcome::Empty, &info);
							self.maybe_sync();
							return;
						}
						let _ = self.jobs.send(ImportJob { peer, blocks, kind: JobKind::Range });
					},
					(Some(Request::Blocks { .. }), Response::Refused(reason)) => {
						log::debug!(target: "sync", "{peer} refused a block request: {reason}");
						let info = self.client.info();
						self.sync.on_range(peer, RangeOutcome::Empty, &info);
						self.maybe_sync();
					},
					(Some(Request::Status), Response::Refused(_)) | (None, _) => {},
					(Some(_), _) => self.ban(peer, "answered with the wrong kind of response"),
				}
			},
			Event::OutboundFailure { peer, request_id, error, .. } => {
				if let Some(Request::Blocks { .. }) = self.in_flight.remove(&request_id) {
					log::debug!(target: "sync", "block request to {peer} failed: {error}");
					let info = self.client.info();
					self.sync.on_range(peer, RangeOutcome::Empty, &info);
					self.maybe_sync();
				}
			},
			Event::InboundFailure { peer, error, .. } => {
				if matches!(error, request_response::InboundFailure::Io(_)) {
					self.ban(peer, &format!("sent a malformed sync request: {error}"));
				}
			},
			Event::ResponseSent { .. } => {},
		}
	}

	fn on_import_result(&mut self, result: ImportResult) {
		let info = self.client.info();
		match result.kind {
			JobKind::Gossip(id) => {
				for hash in &result.hashes {
					self.gossip_pending.remove(hash);
				}
				let acceptance = match result.outcome {
					RangeOutcome::Imported(_) => MessageAcceptance::Accept,
					RangeOutcome::Invalid => MessageAcceptance::Reject,
					RangeOutcome::Detached | RangeOutcome::Empty => MessageAcceptance::Ignore,
				};
				self.report(&id, &result.peer, acceptance);
				if result.outcome == RangeOutcome::Invalid {
					self.ban(result.peer, "gossiped an invalid block");
				}
			},
			JobKind::Range => {
				if self.sync.on_range(result.peer, result.outcome, &info) {
					self.ban(result.peer, "sent blocks that do not build on our finalized chain");
				}
			},
		}
		self.maybe_sync();
		self.publish_state();
	}
}

/// Addresses worth giving to Kademlia: not the unspecified `0.0.0.0`/`::`.
fn is_dialable(addr: &Multiaddr) -> bool {
	!addr.iter().any(|p| match p {
		Protocol::Ip4(ip) => ip.is_unspecified(),
		Protocol::Ip6(ip) => ip.is_unspecified(),
		_ => false,
	})
}
