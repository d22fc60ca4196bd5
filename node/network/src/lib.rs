//! Peer-to-peer networking with the protocols a polkadot-sdk node speaks, so that full nodes,
//! smoldot light clients and other Substrate tooling can follow an SCI chain.
//!
//! One task owns the libp2p swarm; the rest of the node talks to it through a
//! [`NetworkHandle`]. Blocks from peers are imported one at a time by a second task, requests
//! are answered on blocking threads, and every notification substream has a task of its own,
//! so that neither a slow import nor a slow peer stalls the swarm.
//!
//! * `names.rs`: protocol names from the genesis hash (and fork id).
//! * `behaviour.rs`: the swarm (TCP and WebSocket, Noise, Yamux; raw streams for notifications,
//!   request-response, Kademlia, identify, ping).
//! * `framing.rs`, `notifications.rs`, `request.rs`: Substrate's substream framing.
//! * `wire/`: the message formats (SCALE and protobuf).
//! * `sync.rs`: the I/O-free catch-up state machine; `import.rs`: the import task.
//! * `serve.rs`, `serve_state.rs`: answers to block, light-client, warp-sync and state
//!   requests; `warp_verify.rs`: the check of a peer's warp-sync proof; `warp_sync.rs`: warp
//!   sync of a fresh full node; `gap_sync.rs`: the blocks below the warp block, filled in
//!   afterwards.

// The `NetworkBehaviour` derive generates an event enum that cannot carry docs.
#[allow(missing_docs)]
pub mod behaviour;
pub mod framing;
mod gap_sync;
mod import;
pub mod metrics;
pub mod names;
pub mod notifications;
pub mod reputation;
mod request;
pub mod serve;
pub mod serve_state;
pub mod sync;
pub mod warp_sync;
pub mod warp_verify;
pub mod wire;

use behaviour::{Behaviour, BehaviourEvent};
use codec::Encode;
use futures::StreamExt;
use gap_sync::GapSync;
use import::{ImportJob, ImportResult, JobKind};
use libp2p::{
	identify, kad,
	multiaddr::Protocol,
	request_response::{self, OutboundRequestId, ResponseChannel},
	swarm::SwarmEvent,
	Multiaddr, PeerId, Swarm,
};
use names::ProtocolNames;
use notifications::{Event as Notification, Proto, SubstreamId};
use parking_lot::RwLock;
use prost::Message as _;
use reputation::{Cost, Reputations};
use schnellru::{ByLength, LruMap};
use sci_client_api::{
	slot_of, unix_millis, BlockNotification, ChainApiExt, GapCursor, GapImportError, SyncedChain,
};
use sci_pool::TransactionPool;
use sci_primitives::{BlockNumber, Hash, Header};
use std::{
	collections::{HashMap, HashSet},
	sync::Arc,
	time::{Duration, Instant},
};
use sync::{RangeOutcome, Status, SyncState};
use tokio::sync::{broadcast::error::RecvError, mpsc, Semaphore};
use warp_sync::{WarpRequest, WarpSync};
use wire::{
	announce::{self, BlockAnnounce, BlockAnnouncesHandshake, BlockState, Roles},
	block_request::{self, BlockResponse, DecodedBlockRequest, FromBlock},
};

pub use import::{JustificationError, JustificationImport};
pub use metrics::NetworkMetrics;

/// How long a misbehaving peer stays disconnected.
const BAN_DURATION: Duration = Duration::from_secs(60);
/// How often discovery runs and lost peers are redialled.
const TICK: Duration = Duration::from_secs(1);
/// Events from the substream tasks waiting for the worker.
const EVENT_QUEUE: usize = 4096;
/// Requests answered at once, all protocols and peers together: a flood of requests waits for
/// (or is refused) a slot instead of taking every blocking thread.
const SERVING_SLOTS: usize = 4;
/// GRANDPA messages remembered, network-wide and per peer, so that none is handled or sent
/// twice.
const SEEN_MESSAGES: u32 = 8192;
/// Most transactions taken from one notification.
const MAX_TRANSACTIONS_PER_NOTIFICATION: usize = 4096;
/// Peers' transactions waiting for validation; more are dropped.
const TRANSACTION_QUEUE: usize = 8192;
/// GRANDPA messages waiting for the finality gadget; more are dropped.
const FINALITY_QUEUE: usize = 1024;
/// Connections one peer may have open with us.
const MAX_CONNECTIONS_PER_PEER: u32 = 2;
/// Least time between two neighbor packets from one peer.
const NEIGHBOR_INTERVAL: Duration = Duration::from_millis(500);
/// How far behind the current slot our best block may be while we still count as caught up.
const CAUGHT_UP_SLOTS: u64 = 5;

/// How a node gets to the head of the chain.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SyncMode {
	/// Import every block from genesis.
	#[default]
	Full,
	/// From a fresh database: prove the finalized head with GRANDPA warp proofs and download
	/// its state, then import blocks from there.
	Warp,
}

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
	/// Most inbound full peers.
	pub in_peers: usize,
	/// Most inbound light clients, counted apart from full peers.
	pub in_peers_light: usize,
	/// Most outbound peers we dial ourselves.
	pub out_peers: usize,
	/// The node's name, sent to peers in identify's agent string.
	pub node_name: String,
	/// The node authors blocks (told to peers in its handshake).
	pub is_authority: bool,
	/// How to catch up (`--sync`).
	pub sync: SyncMode,
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
	/// Its role (`FULL`, `LIGHT`, `AUTHORITY`), once its block-announces handshake is in.
	pub roles: Option<Roles>,
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

/// Identifies a GRANDPA message: the hash of its bytes.
pub type MessageId = [u8; 32];

/// What the finality gadget made of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageAcceptance {
	/// Valid and useful: forward it to the peers that lack it.
	Accept,
	/// Not useful (old news, a round outside the window, or for peers that asked): drop it.
	Ignore,
	/// Invalid: drop it, and the sender with it.
	Reject,
}

/// A GRANDPA message from a peer for the finality gadget.
#[derive(Clone, Debug)]
pub struct GossipIn {
	/// The peer it came from.
	pub source: PeerId,
	/// Its id, to report its validity.
	pub id: MessageId,
	/// The encoded message.
	pub data: Vec<u8>,
}

enum Command {
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
	/// Send a GRANDPA message to the peers that do not have it.
	pub fn publish_finality(&self, data: Vec<u8>) {
		let _ = self.commands.send(Command::PublishFinality(data));
	}

	/// Tell the network what a GRANDPA message was worth: accepted ones are forwarded, ignored
	/// ones dropped, and senders of rejected ones disconnected.
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
	pub finality_messages: mpsc::Receiver<GossipIn>,
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
	metrics: Option<NetworkMetrics>,
) -> anyhow::Result<StartedNetwork> {
	let local_peer_id = keypair.public().to_peer_id();
	let info = client.info();
	let names = ProtocolNames::new(&info.genesis_hash, client.spec().fork_id.as_deref());
	let agent = format!("sci-node/{} ({})", env!("CARGO_PKG_VERSION"), config.node_name);
	let mut swarm = behaviour::build_swarm(keypair, &names, agent).await?;
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
	let (events_tx, events) = mpsc::channel(EVENT_QUEUE);
	let mut control = swarm.behaviour().streams.new_control();
	for proto in Proto::ALL {
		let incoming = control
			.accept(name_of(&names, proto))
			.map_err(|_| anyhow::anyhow!("{proto:?} is registered twice"))?;
		tokio::spawn(notifications::accept(incoming, proto, events_tx.clone()));
	}
	let state = Arc::new(RwLock::new(NetworkState { listen_addrs, ..Default::default() }));
	let (commands, command_rx) = mpsc::unbounded_channel();
	let (finality_tx, finality_messages) = mpsc::channel(FINALITY_QUEUE);
	let (transactions, transaction_rx) = mpsc::channel(TRANSACTION_QUEUE);
	let (faults_tx, faults) = mpsc::unbounded_channel();
	tokio::task::spawn_blocking({
		let pool = pool.clone();
		move || validate_transactions(pool, transaction_rx, faults_tx)
	});
	let warp = match config.sync {
		SyncMode::Warp if info.finalized_number == 0 => {
			let authorities = client
				.call_decode(info.genesis_hash, "GrandpaApi_grandpa_authorities", &[])
				.map_err(|e| anyhow::anyhow!("reading the genesis GRANDPA set: {e}"))?;
			let set = warp_verify::AuthoritySet { set_id: 0, authorities };
			log::info!("⏩ Warp sync: proving the finalized head from genesis");
			Some(WarpSync::new(info.genesis_hash, set))
		},
		SyncMode::Warp => {
			log::info!(
				"⏩ Warp sync skipped: the database already holds finalized block #{}",
				info.finalized_number
			);
			None
		},
		SyncMode::Full => None,
	};
	// A gap left by an earlier warp sync (the node restarted before it was filled).
	let gap = client
		.gap_cursor()
		.map_err(|e| anyhow::anyhow!("reading the gap below the warp block: {e}"))?
		.map(GapSync::new);
	let (jobs, job_rx) = mpsc::unbounded_channel();
	let (results_tx, results) = mpsc::unbounded_channel();
	let import_time = metrics.as_ref().map(|m| m.import_time.clone());
	tokio::spawn(import::worker(client.clone(), justifications, import_time, job_rx, results_tx));

	let mut worker = Worker {
		swarm,
		control,
		names,
		config: config.clone(),
		client: client.clone(),
		state: state.clone(),
		sync: SyncState::default(),
		peers: HashMap::new(),
		reserved: HashSet::new(),
		banned: HashMap::new(),
		in_flight: HashMap::new(),
		jobs,
		finality_tx,
		metrics,
		pending_blocks: HashSet::new(),
		events_tx,
		serving: Arc::new(Semaphore::new(SERVING_SLOTS)),
		seen: LruMap::new(ByLength::new(SEEN_MESSAGES)),
		awaiting_verdict: LruMap::new(ByLength::new(SEEN_MESSAGES)),
		reputations: Reputations::default(),
		transactions,
		slot_duration: None,
		warp,
		warp_request: None,
		warp_imported: mpsc::unbounded_channel(),
		gap,
		gap_stored: mpsc::unbounded_channel(),
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
	let imported = client.import_notifications();
	let task = tokio::spawn(worker.run(
		command_rx,
		results,
		events,
		faults,
		imported,
		pool.propagations(),
	));
	Ok(StartedNetwork {
		handle: NetworkHandle { commands, state, local_peer_id },
		finality_messages,
		task,
	})
}

fn name_of(names: &ProtocolNames, proto: Proto) -> libp2p::StreamProtocol {
	match proto {
		Proto::BlockAnnounces => names.block_announces.clone(),
		Proto::Transactions => names.transactions.clone(),
		Proto::Grandpa => names.grandpa.clone(),
	}
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

/// Our substream to a peer on one protocol.
enum OutLink {
	/// Being opened.
	Opening,
	/// Open: notifications go to `sender`.
	Open { id: SubstreamId, sender: mpsc::Sender<Vec<u8>> },
}

struct Peer {
	/// It dialled us.
	inbound: bool,
	/// Its role, from its block-announces handshake.
	roles: Option<Roles>,
	out: HashMap<Proto, OutLink>,
	/// Its accepted substreams to us.
	inb: HashMap<Proto, SubstreamId>,
	/// GRANDPA messages it has: `true` if it sent it to us, `false` if we sent it to it.
	known: LruMap<MessageId, bool>,
	/// When it last sent a neighbor packet.
	last_neighbor: Option<Instant>,
}

impl Peer {
	fn new(inbound: bool) -> Self {
		Self {
			inbound,
			roles: None,
			out: HashMap::new(),
			inb: HashMap::new(),
			known: LruMap::new(ByLength::new(SEEN_MESSAGES)),
			last_neighbor: None,
		}
	}

	fn is_light(&self) -> bool {
		self.roles.is_some_and(|r| r.is_light())
	}

	/// Queue `data` on our open substream of `proto`. A full queue drops the notification: the
	/// peer reads slower than we send.
	fn send(&self, proto: Proto, data: Vec<u8>) -> bool {
		match self.out.get(&proto) {
			Some(OutLink::Open { sender, .. }) => sender.try_send(data).is_ok(),
			_ => false,
		}
	}
}

/// An outbound request and what it asked for.
enum Pending {
	/// Canonical blocks from `from`, at most `max`.
	Range { from: BlockNumber, max: u32 },
	/// The one announced block.
	Announced(Hash),
	/// Blocks for the gap below the warp block: from the awaited one down, at most this many.
	Gap(GapCursor, u32),
}

/// The request-response protocols we answer.
#[derive(Clone, Copy, Debug)]
enum Served {
	Blocks,
	Light,
	Warp,
	State,
}

type Response = (Served, ResponseChannel<Vec<u8>>, Vec<u8>);

/// First byte of polkadot-sdk's GRANDPA gossip messages.
const GRANDPA_VOTE: u8 = 0;
const GRANDPA_NEIGHBOR: u8 = 2;
const GRANDPA_CATCH_UP_REQUEST: u8 = 3;
const GRANDPA_CATCH_UP: u8 = 4;

struct Worker {
	swarm: Swarm<Behaviour>,
	control: libp2p_stream::Control,
	names: ProtocolNames,
	config: NetworkConfig,
	client: Arc<dyn SyncedChain>,
	state: Arc<RwLock<NetworkState>>,
	sync: SyncState,
	peers: HashMap<PeerId, Peer>,
	reserved: HashSet<PeerId>,
	banned: HashMap<PeerId, Instant>,
	in_flight: HashMap<OutboundRequestId, Pending>,
	jobs: mpsc::UnboundedSender<ImportJob>,
	finality_tx: mpsc::Sender<GossipIn>,
	metrics: Option<NetworkMetrics>,
	/// Announced blocks requested or waiting for the import task.
	pending_blocks: HashSet<Hash>,
	events_tx: mpsc::Sender<Notification>,
	serving: Arc<Semaphore>,
	/// GRANDPA messages handled or sent.
	seen: LruMap<MessageId, ()>,
	/// Received GRANDPA messages the finality gadget has yet to judge, kept to forward them.
	awaiting_verdict: LruMap<MessageId, (PeerId, Vec<u8>)>,
	reputations: Reputations,
	/// Peers' transactions for the validation task.
	transactions: mpsc::Sender<(PeerId, Vec<u8>)>,
	/// The chain's slot duration (ms), once read.
	slot_duration: Option<u64>,
	/// Warp sync, while it runs.
	warp: Option<WarpSync>,
	/// The warp-sync request out, and the peer asked.
	warp_request: Option<(PeerId, OutboundRequestId)>,
	/// What the client made of the warp-synced state.
	warp_imported: (mpsc::UnboundedSender<WarpImported>, mpsc::UnboundedReceiver<WarpImported>),
	/// Filling in the blocks below the warp block, while it runs.
	gap: Option<GapSync>,
	/// What the client made of gap blocks, and the peer that sent them.
	gap_stored: (mpsc::UnboundedSender<GapStored>, mpsc::UnboundedReceiver<GapStored>),
}

/// The client's verdict on blocks for the gap, and who sent them.
type GapStored = (PeerId, Result<Option<GapCursor>, GapImportError>);

/// The client's verdict on a downloaded state: `Err` hands back the block to download again.
type WarpImported = Result<BlockNumber, (Header, sp_runtime::Justifications, String)>;

/// Validate peers' transactions off the network task, reporting the peers at fault.
fn validate_transactions(
	pool: Arc<TransactionPool>,
	mut queue: mpsc::Receiver<(PeerId, Vec<u8>)>,
	faults: mpsc::UnboundedSender<(PeerId, Cost)>,
) {
	while let Some((peer, tx)) = queue.blocking_recv() {
		if let Err(e) = pool.submit_from_peer(&tx) {
			if e.is_peer_fault() {
				log::debug!(target: "sync", "{peer} sent a transaction no honest node relays: {e}");
				let cost = if e.is_malformed() { Cost::Fatal } else { Cost::InvalidTransaction };
				if faults.send((peer, cost)).is_err() {
					return;
				}
			}
		}
	}
}

impl Worker {
	async fn run(
		mut self,
		mut commands: mpsc::UnboundedReceiver<Command>,
		mut results: mpsc::UnboundedReceiver<ImportResult>,
		mut events: mpsc::Receiver<Notification>,
		mut faults: mpsc::UnboundedReceiver<(PeerId, Cost)>,
		mut imported: tokio::sync::broadcast::Receiver<BlockNotification>,
		mut propagations: tokio::sync::broadcast::Receiver<Vec<u8>>,
	) {
		let mut tick = tokio::time::interval(TICK);
		let (respond_tx, mut respond_rx) = mpsc::unbounded_channel();
		loop {
			tokio::select! {
				event = self.swarm.select_next_some() => self.on_swarm_event(event, &respond_tx),
				Some(event) = events.recv() => self.on_notification_event(event),
				Some((peer, cost)) = faults.recv() => self.charge(peer, cost, "sent invalid transactions"),
				command = commands.recv() => match command {
					Some(command) => self.on_command(command),
					None => return,
				},
				Some(result) = results.recv() => self.on_import_result(result),
				Some(imported) = self.warp_imported.1.recv() => self.on_warp_imported(imported),
				Some((peer, stored)) = self.gap_stored.1.recv() => self.on_gap_stored(peer, stored),
				Some((served, channel, response)) = respond_rx.recv() => {
					self.respond(served, channel, response);
				},
				block = imported.recv() => match block {
					Ok(block) if block.is_new_best => self.announce(&block.header),
					Ok(_) | Err(RecvError::Lagged(_)) => {},
					Err(RecvError::Closed) => return,
				},
				tx = propagations.recv() => match tx {
					Ok(tx) => self.propagate_transaction(tx),
					Err(RecvError::Lagged(n)) => {
						log::debug!(target: "sync", "{n} local transactions not propagated (lagging)");
					},
					Err(RecvError::Closed) => return,
				},
				_ = tick.tick() => self.on_tick(),
			}
		}
	}

	fn respond(&mut self, served: Served, channel: ResponseChannel<Vec<u8>>, response: Vec<u8>) {
		let behaviour = self.swarm.behaviour_mut();
		let _ = match served {
			Served::Blocks => behaviour.sync.send_response(channel, response),
			Served::Light => behaviour.light.send_response(channel, response),
			Served::Warp => behaviour.warp.send_response(channel, response),
			Served::State => behaviour.state.send_response(channel, response),
		};
	}

	fn our_roles(&self) -> Roles {
		if self.config.is_authority {
			Roles::AUTHORITY
		} else {
			Roles::FULL
		}
	}

	fn handshake(&self, proto: Proto) -> Vec<u8> {
		match proto {
			Proto::BlockAnnounces => {
				let info = self.client.info();
				BlockAnnouncesHandshake {
					roles: self.our_roles(),
					best_number: info.best_number,
					best_hash: info.best_hash,
					genesis_hash: info.genesis_hash,
				}
				.encode()
			},
			Proto::Transactions | Proto::Grandpa => self.our_roles().encode(),
		}
	}

	/// Open our substream of `proto` to `peer` unless it is open or opening.
	fn open(&mut self, peer: PeerId, proto: Proto) {
		let handshake = self.handshake(proto);
		let Some(state) = self.peers.get_mut(&peer) else { return };
		if state.out.contains_key(&proto) {
			return;
		}
		state.out.insert(proto, OutLink::Opening);
		tokio::spawn(notifications::outbound(
			self.control.clone(),
			peer,
			proto,
			name_of(&self.names, proto),
			handshake,
			self.events_tx.clone(),
		));
	}

	fn on_command(&mut self, command: Command) {
		match command {
			Command::PublishFinality(data) => {
				let id = sp_crypto_hashing::blake2_256(&data);
				self.seen.insert(id, ());
				self.send_grandpa(id, &data, None);
			},
			Command::Report { id, source, acceptance } => {
				let awaiting = self.awaiting_verdict.remove(&id);
				match acceptance {
					MessageAcceptance::Accept => {
						if let Some((source, data)) = awaiting {
							self.send_grandpa(id, &data, Some(source));
						}
					},
					MessageAcceptance::Ignore => {},
					MessageAcceptance::Reject => {
						self.charge(source, Cost::Fatal, "sent an invalid finality message")
					},
				}
			},
		}
	}

	/// Send a GRANDPA message to every peer that lacks it: votes go to full peers only (light
	/// clients follow commits), and neighbor packets, which carry no news, always go.
	fn send_grandpa(&mut self, id: MessageId, data: &[u8], except: Option<PeerId>) {
		let kind = data.first().copied();
		for (peer_id, peer) in self.peers.iter_mut() {
			if Some(*peer_id) == except || (kind == Some(GRANDPA_VOTE) && peer.is_light()) {
				continue;
			}
			if kind != Some(GRANDPA_NEIGHBOR) {
				if peer.known.get(&id).is_some() {
					continue;
				}
				peer.known.insert(id, false);
			}
			peer.send(Proto::Grandpa, data.to_vec());
		}
	}

	fn announce(&mut self, header: &Header) {
		let hash = header.hash();
		let announce =
			// smoldot reads an announcement only with both of its optional tails.
			BlockAnnounce { header: header.clone(), state: Some(BlockState::Best), data: Some(vec![]) }
				.encode();
		for (peer_id, peer) in &self.peers {
			// The peer that announced it to us has it.
			if self.sync.status_of(peer_id).is_some_and(|s| s.best_hash == hash) {
				continue;
			}
			peer.send(Proto::BlockAnnounces, announce.clone());
		}
	}

	/// Send a transaction we admitted (its encoding) to the full peers.
	fn propagate_transaction(&mut self, tx: Vec<u8>) {
		// A batch of one: the count, then the transaction's own encoding.
		let mut batch = codec::Compact(1u32).encode();
		batch.extend_from_slice(&tx);
		let mut sent = false;
		for peer in self.peers.values().filter(|p| !p.is_light()) {
			peer.send(Proto::Transactions, batch.clone());
			sent = true;
		}
		if let (true, Some(metrics)) = (sent, &self.metrics) {
			metrics.sync_propagated_transactions.inc();
		}
	}

	/// Lower `peer`'s reputation for `reason`; below the threshold it is banned.
	fn charge(&mut self, peer: PeerId, cost: Cost, reason: &str) {
		if self.reputations.charge(peer, cost, Instant::now()) {
			self.ban(peer, reason);
		} else {
			log::debug!(target: "sync", "{peer} {reason} ({cost:?})");
		}
	}

	fn ban(&mut self, peer: PeerId, reason: &str) {
		log::warn!(target: "sync", "💔 Disconnecting {peer}: {reason}");
		self.reputations.forget(&peer);
		self.banned.insert(peer, Instant::now() + BAN_DURATION);
		self.drop_peer(&peer);
		self.swarm.behaviour_mut().kademlia.remove_peer(&peer);
		let _ = self.swarm.disconnect_peer_id(peer);
	}

	fn drop_peer(&mut self, peer: &PeerId) {
		self.peers.remove(peer);
		self.sync.on_disconnected(peer);
	}

	fn is_banned(&mut self, peer: &PeerId) -> bool {
		let now = Instant::now();
		self.banned.retain(|_, until| *until > now);
		self.banned.contains_key(peer)
	}

	fn send_request(&mut self, peer: PeerId, pending: Pending) {
		let (from, max, ascending) = match &pending {
			Pending::Range { from, max } => (FromBlock::Number(*from), *max, true),
			Pending::Announced(hash) => (FromBlock::Hash(*hash), 1, true),
			Pending::Gap(cursor, max) => (FromBlock::Hash(cursor.hash), *max, false),
		};
		let request = block_request::encode_block_request(&DecodedBlockRequest {
			from,
			ascending,
			max_blocks: std::num::NonZeroU32::new(max).unwrap_or(std::num::NonZeroU32::MIN),
			header: true,
			body: true,
			// Old blocks' justifications cannot be checked (their sets are unknown).
			justifications: !matches!(pending, Pending::Gap(..)),
			support_multiple_justifications: true,
		});
		let id = self.swarm.behaviour_mut().sync.send_request(&peer, request);
		self.in_flight.insert(id, pending);
	}

	fn on_tick(&mut self) {
		self.drive_warp();
		self.drive_gap();
		if self.peers.values().filter(|p| !p.inbound).count() < self.config.out_peers {
			self.dial_known();
			if !self.peers.is_empty() {
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
			if self.peers.contains_key(&peer) || self.is_banned(&peer) {
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

	/// Whether our best block is within a few slots of now: a node whose best block is
	/// recent is not behind, whatever heights peers claim, so a lying peer cannot make it
	/// stop authoring. Genesis (no slot) is never recent.
	fn best_is_recent(&mut self, best: Hash) -> bool {
		let Ok(Some(header)) = self.client.header(best) else { return false };
		let Some(slot) = slot_of(&header) else { return false };
		let duration = match self.slot_duration {
			Some(duration) => duration,
			None => match self.client.call_decode::<u64>(best, "AuraApi_slot_duration", &[]) {
				Ok(duration) if duration > 0 => *self.slot_duration.insert(duration),
				_ => return false,
			},
		};
		let now = unix_millis() / duration;
		now.saturating_sub(u64::from(slot)) <= CAUGHT_UP_SLOTS
	}

	fn publish_state(&mut self) {
		let info = self.client.info();
		let best_is_recent = self.best_is_recent(info.best_hash);
		let mut state = self.state.write();
		state.peers = self
			.peers
			.iter()
			.map(|(peer_id, peer)| {
				let status = self.sync.status_of(peer_id);
				PeerSummary {
					peer_id: *peer_id,
					best_hash: status.map(|s| s.best_hash).unwrap_or_default(),
					best_number: status.map(|s| s.best_number).unwrap_or_default(),
					roles: peer.roles,
				}
			})
			.collect();
		let warping = self.warp.as_ref().is_some_and(WarpSync::is_active);
		state.is_syncing = warping || (!best_is_recent && self.sync.is_major_syncing(&info));
		state.highest_block = self.sync.highest_known().map(|h| h.max(info.best_number));
		if let Some(metrics) = &self.metrics {
			metrics.peers.set(self.peers.len() as u64);
			metrics.is_major_syncing.set(u64::from(state.is_syncing));
			let full = self.peers.values().filter(|peer| !peer.is_light()).count();
			metrics.sync_peers.set(full as u64);
			metrics.sync_queued_blocks.set(self.pending_blocks.len() as u64);
		}
	}

	fn maybe_sync(&mut self) {
		if self.warp.as_ref().is_some_and(WarpSync::is_active) {
			self.drive_warp();
			return;
		}
		let info = self.client.info();
		if let Some(request) = self.sync.next_request(&info) {
			log::debug!(target: "sync", "requesting {} blocks from #{} of {}", request.max, request.from, request.peer);
			self.send_request(
				request.peer,
				Pending::Range { from: request.from, max: request.max },
			);
		}
	}

	fn on_swarm_event(
		&mut self,
		event: SwarmEvent<BehaviourEvent>,
		respond: &mpsc::UnboundedSender<Response>,
	) {
		match event {
			SwarmEvent::ConnectionEstablished {
				peer_id,
				connection_id,
				endpoint,
				num_established,
				..
			} => {
				if self.is_banned(&peer_id) {
					let _ = self.swarm.disconnect_peer_id(peer_id);
					return;
				}
				// Two connections per peer at most, as in polkadot-sdk: a simultaneous dial
				// makes two, and closing either could close both sides' choice; a third would
				// only multiply the peer's request slots.
				if num_established.get() > MAX_CONNECTIONS_PER_PEER {
					log::debug!(target: "sync", "closing a third connection from {peer_id}");
					self.swarm.close_connection(connection_id);
					return;
				}
				if num_established.get() > 1 {
					return;
				}
				let inbound = endpoint.is_listener();
				let reserved = self.reserved.contains(&peer_id);
				let count = self.peers.values().filter(|p| p.inbound == inbound).count();
				// Light clients are told apart only by their handshake: inbound connections
				// get room for both kinds here, and each kind is counted at the handshake.
				let limit = if inbound {
					self.config.in_peers + self.config.in_peers_light
				} else {
					self.config.out_peers
				};
				if !reserved && (self.config.reserved_only || count >= limit) {
					log::debug!(target: "sync", "refusing {peer_id}: peer limit or reserved-only");
					let _ = self.swarm.disconnect_peer_id(peer_id);
					return;
				}
				log::debug!(target: "sync", "connected to {peer_id} at {}", endpoint.get_remote_address());
				self.peers.insert(peer_id, Peer::new(inbound));
				if !inbound {
					self.open(peer_id, Proto::BlockAnnounces);
				}
				self.publish_state();
			},
			SwarmEvent::ConnectionClosed { peer_id, num_established: 0, .. } => {
				log::debug!(target: "sync", "disconnected from {peer_id}");
				self.drop_peer(&peer_id);
				self.maybe_sync();
				self.publish_state();
			},
			SwarmEvent::NewListenAddr { address, .. } => {
				self.state.write().listen_addrs.push(address);
			},
			SwarmEvent::Behaviour(BehaviourEvent::Sync(event)) => {
				self.on_request_event(Served::Blocks, event, respond)
			},
			SwarmEvent::Behaviour(BehaviourEvent::Light(event)) => {
				self.on_request_event(Served::Light, event, respond)
			},
			SwarmEvent::Behaviour(BehaviourEvent::Warp(event)) => {
				self.on_request_event(Served::Warp, event, respond)
			},
			SwarmEvent::Behaviour(BehaviourEvent::State(event)) => {
				self.on_request_event(Served::State, event, respond)
			},
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
		let outbound = self.peers.values().filter(|p| !p.inbound).count();
		if peer == *self.swarm.local_peer_id()
			|| self.peers.contains_key(&peer)
			|| outbound >= self.config.out_peers
			|| self.config.reserved_only
			|| self.is_banned(&peer)
		{
			return;
		}
		// Kademlia supplies the addresses it knows for the peer.
		let _ = self.swarm.dial(peer);
	}

	/// Check a block-announces handshake: same chain, and room for a peer of its kind.
	fn on_block_announces_handshake(&mut self, peer: PeerId, handshake: &[u8]) -> bool {
		let Ok(handshake) = announce::decode_handshake(handshake) else {
			self.charge(peer, Cost::Fatal, "sent a malformed block-announces handshake");
			return false;
		};
		if handshake.genesis_hash != self.client.info().genesis_hash {
			self.charge(peer, Cost::Fatal, "is on another chain (different genesis)");
			return false;
		}
		let light = handshake.roles.is_light();
		let Some(state) = self.peers.get(&peer) else { return false };
		if state.roles.is_none() && state.inbound && !self.reserved.contains(&peer) {
			let (limit, kind) = if light {
				(self.config.in_peers_light, "light")
			} else {
				(self.config.in_peers, "full")
			};
			let count = self
				.peers
				.values()
				.filter(|p| p.inbound && p.roles.is_some_and(|r| r.is_light() == light))
				.count();
			if count >= limit {
				log::debug!(target: "sync", "refusing {peer}: no room for another inbound {kind} peer");
				self.drop_peer(&peer);
				let _ = self.swarm.disconnect_peer_id(peer);
				return false;
			}
		}
		if let Some(state) = self.peers.get_mut(&peer) {
			state.roles = Some(handshake.roles);
		}
		// Light clients serve no blocks: sync never asks them.
		if !light {
			self.sync.on_status(
				peer,
				Status {
					best_number: handshake.best_number,
					best_hash: handshake.best_hash,
					authority: handshake.roles.is_authority(),
				},
			);
		}
		true
	}

	fn on_notification_event(&mut self, event: Notification) {
		match event {
			Notification::InboundOpen { peer, proto, id, handshake, verdict } => {
				if !self.peers.contains_key(&peer) || self.is_banned(&peer) {
					return;
				}
				if self.peers.get(&peer).is_some_and(|p| p.inb.contains_key(&proto)) {
					log::debug!(target: "sync", "{peer} opened a second {proto:?} substream");
					return;
				}
				let accepted = match proto {
					Proto::BlockAnnounces => self.on_block_announces_handshake(peer, &handshake),
					// The other protocols follow block announces.
					Proto::Transactions | Proto::Grandpa => {
						self.peers.get(&peer).is_some_and(|p| p.roles.is_some())
					},
				};
				if !accepted || verdict.send(self.handshake(proto)).is_err() {
					return;
				}
				if let Some(state) = self.peers.get_mut(&peer) {
					state.inb.insert(proto, id);
				}
				self.open(peer, proto);
				self.maybe_sync();
			},
			Notification::InboundClosed { peer, proto, id } => {
				if let Some(state) = self.peers.get_mut(&peer) {
					if state.inb.get(&proto) == Some(&id) {
						state.inb.remove(&proto);
					}
				}
			},
			Notification::OutboundOpen { peer, proto, id, handshake, sender } => {
				if !self.peers.contains_key(&peer) {
					return;
				}
				if proto == Proto::BlockAnnounces {
					let known = self.peers.get(&peer).is_some_and(|p| p.roles.is_some());
					if !known && !self.on_block_announces_handshake(peer, &handshake) {
						return;
					}
				}
				if let Some(state) = self.peers.get_mut(&peer) {
					state.out.insert(proto, OutLink::Open { id, sender });
				}
				if proto == Proto::BlockAnnounces {
					self.open(peer, Proto::Transactions);
					self.open(peer, Proto::Grandpa);
					self.maybe_sync();
				}
			},
			Notification::OutboundClosed { peer, proto, id } => {
				if let Some(state) = self.peers.get_mut(&peer) {
					let ours = match state.out.get(&proto) {
						Some(OutLink::Open { id: open, .. }) => *open == id,
						Some(OutLink::Opening) => true,
						None => false,
					};
					if ours {
						state.out.remove(&proto);
					}
				}
			},
			Notification::Notification { peer, proto, data } => {
				if !self.peers.get(&peer).is_some_and(|p| p.inb.contains_key(&proto)) {
					return;
				}
				match proto {
					Proto::BlockAnnounces => self.on_block_announce(peer, &data),
					Proto::Transactions => self.on_transactions(peer, &data),
					Proto::Grandpa => self.on_grandpa(peer, data),
				}
			},
		}
	}

	fn on_transactions(&mut self, peer: PeerId, data: &[u8]) {
		let Ok(transactions) =
			wire::transactions::decode_transactions(data, MAX_TRANSACTIONS_PER_NOTIFICATION)
		else {
			self.charge(peer, Cost::Fatal, "sent malformed transactions");
			return;
		};
		for tx in transactions {
			// Validation runs on its own thread; what it cannot keep up with is dropped.
			if self.transactions.try_send((peer, tx.encode())).is_err() {
				log::debug!(target: "sync", "transaction queue full: dropping {peer}'s transactions");
				return;
			}
		}
	}

	fn on_grandpa(&mut self, peer: PeerId, data: Vec<u8>) {
		let id = sp_crypto_hashing::blake2_256(&data);
		let kind = data.first().copied();
		if kind == Some(GRANDPA_CATCH_UP_REQUEST) {
			// Catch-ups are offered on neighbor packets; requests are not answered.
			return;
		}
		let Some(state) = self.peers.get_mut(&peer) else { return };
		if kind == Some(GRANDPA_NEIGHBOR) {
			let now = Instant::now();
			if state.last_neighbor.is_some_and(|at| now.duration_since(at) < NEIGHBOR_INTERVAL) {
				self.charge(peer, Cost::Spam, "sent neighbor packets too often");
				return;
			}
			state.last_neighbor = Some(now);
		} else {
			// It sent us this message before: a replay. (One we sent it may cross with its own
			// copy on the way to us: honest gossip.)
			if matches!(state.known.peek(&id), Some(true)) {
				self.charge(peer, Cost::Spam, "sent a GRANDPA message again");
				return;
			}
			state.known.insert(id, true);
			// Handled already (from another peer): dropped unseen by the gadget.
			if self.seen.get(&id).is_some() {
				return;
			}
			self.seen.insert(id, ());
			if kind != Some(GRANDPA_CATCH_UP) {
				self.awaiting_verdict.insert(id, (peer, data.clone()));
			}
		}
		if self.finality_tx.try_send(GossipIn { source: peer, id, data }).is_err() {
			log::debug!(target: "sync", "finality queue full: dropping {peer}'s message");
		}
	}

	fn on_block_announce(&mut self, peer: PeerId, data: &[u8]) {
		let Ok(announce) = announce::decode_announce(data) else {
			self.charge(peer, Cost::Fatal, "sent a malformed block announcement");
			return;
		};
		let header = announce.header;
		let hash = header.hash();
		if announce.state != Some(BlockState::Normal) {
			self.sync.on_announced(peer, header.number, hash);
		}
		if self.warp.as_ref().is_some_and(WarpSync::is_active) {
			return;
		}
		let info = self.client.info();
		let known = self.pending_blocks.contains(&hash) || self.client.has_block(hash);
		if known || header.number <= info.finalized_number {
			return;
		}
		let parent_known = self.pending_blocks.contains(&header.parent_hash)
			|| self.client.has_block(header.parent_hash);
		if !parent_known {
			// We are behind: sync will fetch the missing ancestors.
			self.maybe_sync();
			return;
		}
		self.pending_blocks.insert(hash);
		self.send_request(peer, Pending::Announced(hash));
	}

	fn on_request_event(
		&mut self,
		served: Served,
		event: request_response::Event<Vec<u8>, Vec<u8>>,
		respond: &mpsc::UnboundedSender<Response>,
	) {
		use request_response::{Event, Message};
		match event {
			Event::Message { peer, message: Message::Request { request, channel, .. }, .. } => {
				// Every slot busy: the request is refused (its substream closes).
				let Ok(permit) = self.serving.clone().try_acquire_owned() else {
					log::debug!(target: "sync", "too busy to answer {peer}'s {served:?} request");
					return;
				};
				let client = self.client.clone();
				let respond = respond.clone();
				tokio::task::spawn_blocking(move || {
					let _permit = permit;
					let answer = match served {
						Served::Blocks => serve::blocks(&*client, &request),
						Served::Light => serve::light(&*client, &request),
						Served::Warp => serve::warp(&*client, &request),
						Served::State => serve_state::state(&*client, &request),
					};
					match answer {
						Ok(response) => {
							let _ = respond.send((served, channel, response));
						},
						Err(e) => {
							log::debug!(target: "sync", "not answering {peer}'s {served:?} request: {e}")
						},
					}
				});
			},
			Event::Message {
				peer, message: Message::Response { request_id, response }, ..
			} => match served {
				Served::Warp | Served::State => self.on_warp_response(peer, request_id, &response),
				Served::Blocks => {
					if let Some(pending) = self.in_flight.remove(&request_id) {
						self.on_blocks_response(peer, pending, &response);
					}
				},
				Served::Light => {},
			},
			Event::OutboundFailure { peer, request_id, error, .. }
				if matches!(served, Served::Warp | Served::State) =>
			{
				if self.warp_request == Some((peer, request_id)) {
					self.warp_request = None;
					if matches!(error, request_response::OutboundFailure::Timeout) {
						self.charge(peer, Cost::BrokenClaim, "left a warp-sync request unanswered");
					}
				}
			},
			Event::OutboundFailure { peer, request_id, error, .. } => {
				match self.in_flight.remove(&request_id) {
					Some(Pending::Range { .. }) => {
						let info = self.client.info();
						self.sync.on_range(peer, RangeOutcome::Empty, &info);
						// As in polkadot-sdk: a peer that leaves a block request unanswered
						// (it claimed blocks it will not send) is dropped.
						if matches!(error, request_response::OutboundFailure::Timeout) {
							self.charge(peer, Cost::Fatal, "left a block request unanswered");
						}
						self.maybe_sync();
					},
					Some(Pending::Gap(..)) => {
						if let Some(gap) = self.gap.as_mut() {
							gap.on_failure(peer);
						}
						if matches!(error, request_response::OutboundFailure::Timeout) {
							self.charge(peer, Cost::BrokenClaim, "left a block request unanswered");
						}
					},
					Some(Pending::Announced(hash)) => {
						self.pending_blocks.remove(&hash);
						if matches!(error, request_response::OutboundFailure::Timeout) {
							self.charge(
								peer,
								Cost::BrokenClaim,
								"did not send a block it announced",
							);
						}
					},
					None => {},
				}
			},
			Event::InboundFailure { .. } | Event::ResponseSent { .. } => {},
		}
	}

	/// Send warp sync's next request to a full peer, unless one is out.
	fn drive_warp(&mut self) {
		let Some(request) = self.warp.as_ref().and_then(WarpSync::next_request) else { return };
		if self.warp_request.is_some() {
			return;
		}
		// The full peer that claims the highest block.
		let Some(peer) = self
			.peers
			.iter()
			.filter(|(_, p)| p.roles.is_some_and(|r| r.is_full()))
			.map(|(id, _)| *id)
			.max_by_key(|id| self.sync.status_of(id).map(|s| s.best_number))
		else {
			return;
		};
		let behaviour = self.swarm.behaviour_mut();
		let id = match request {
			WarpRequest::Proof(bytes) => behaviour.warp.send_request(&peer, bytes),
			WarpRequest::State(bytes) => behaviour.state.send_request(&peer, bytes),
		};
		self.warp_request = Some((peer, id));
	}

	fn on_warp_response(&mut self, peer: PeerId, id: OutboundRequestId, response: &[u8]) {
		if self.warp_request != Some((peer, id)) {
			return;
		}
		self.warp_request = None;
		let Some(warp) = self.warp.as_mut() else { return };
		let outcome = if warp.awaits_proof() {
			warp.on_proof(response).map(|()| None)
		} else {
			warp.on_state(response)
		};
		match outcome {
			Ok(None) => {},
			Ok(Some(downloaded)) => {
				let (top, children) = (downloaded.top.len(), downloaded.children.len());
				log::info!(
					target: "sync",
					"⏩ Warping: state of #{} downloaded ({top} keys, {children} child tries); importing",
					downloaded.header.number
				);
				let client = self.client.clone();
				let done = self.warp_imported.0.clone();
				tokio::task::spawn_blocking(move || {
					let warp_sync::Downloaded { header, justifications, top, children } =
						downloaded;
					let number = header.number;
					let result = client
						.import_warp_state(header.clone(), justifications.clone(), top, children)
						.map(|()| number)
						.map_err(|e| (header, justifications, e.to_string()));
					let _ = done.send(result);
				});
			},
			// Asked again at the next tick.
			Err(e) if !e.is_peer_fault() => return,
			Err(e) => {
				self.charge(peer, Cost::Fatal, &format!("sent a bad warp-sync response: {e}"))
			},
		}
		self.drive_warp();
	}

	fn on_warp_imported(&mut self, imported: WarpImported) {
		let Some(warp) = self.warp.as_mut() else { return };
		match imported {
			Ok(number) => {
				log::info!(target: "sync", "⏩ Warp sync done: at finalized block #{number}");
				warp.on_imported();
				match self.client.gap_cursor() {
					Ok(cursor) => self.gap = cursor.map(GapSync::new),
					Err(e) => {
						log::error!(target: "sync", "cannot read the gap below the warp block: {e}")
					},
				}
				self.maybe_sync();
				self.drive_gap();
			},
			Err((header, justifications, e)) => {
				log::warn!(target: "sync", "warp-synced state refused, downloading it again: {e}");
				warp.on_import_failed(header, justifications);
				self.drive_warp();
			},
		}
		self.publish_state();
	}

	/// Ask a full peer for the blocks the gap below the warp block awaits, unless a request
	/// is out or warp sync still runs.
	fn drive_gap(&mut self) {
		if self.warp.as_ref().is_some_and(WarpSync::is_active) {
			return;
		}
		let Some(gap) = self.gap.as_mut() else { return };
		let full = self
			.peers
			.iter()
			.filter(|(_, p)| p.roles.is_some_and(|r| r.is_full()))
			.filter_map(|(id, _)| Some((*id, self.sync.status_of(id)?.best_number)));
		if let Some((peer, cursor, max)) = gap.next_request(full) {
			self.send_request(peer, Pending::Gap(cursor, max));
		}
	}

	fn on_gap_blocks(&mut self, peer: PeerId, max: u32, blocks: Vec<import::SyncedBlock>) {
		let Some(gap) = self.gap.as_mut() else { return };
		if blocks.len() as u32 > max {
			gap.on_failure(peer);
			self.charge(peer, Cost::Fatal, "answered a block request with more blocks than asked");
			return;
		}
		match gap.on_response(peer, blocks) {
			gap_sync::Answer::Lacking => self.drive_gap(),
			gap_sync::Answer::Store(blocks) => {
				let (client, done) = (self.client.clone(), self.gap_stored.0.clone());
				tokio::task::spawn_blocking(move || {
					let _ = done.send((peer, client.import_gap_blocks(blocks)));
				});
			},
		}
	}

	fn on_gap_stored(&mut self, peer: PeerId, stored: Result<Option<GapCursor>, GapImportError>) {
		let Some(gap) = self.gap.as_mut() else { return };
		if gap.on_stored(&stored) {
			self.gap = None;
			return;
		}
		match stored {
			Err(GapImportError::Client(e)) => {
				log::error!(target: "sync", "cannot store blocks below the warp block: {e}")
			},
			Err(e) => self.charge(
				peer,
				Cost::Fatal,
				&format!("sent blocks that do not fill the gap: {e}"),
			),
			Ok(_) => {},
		}
		self.drive_gap();
	}

	fn on_blocks_response(&mut self, peer: PeerId, pending: Pending, response: &[u8]) {
		let blocks = BlockResponse::decode(response)
			.map_err(|e| e.to_string())
			.and_then(|r| import::synced_blocks(r.blocks).map_err(|e| e.to_string()));
		let blocks = match blocks {
			Ok(blocks) => blocks,
			Err(e) => {
				if let Pending::Announced(hash) = pending {
					self.pending_blocks.remove(&hash);
				}
				if let (Pending::Gap(..), Some(gap)) = (&pending, self.gap.as_mut()) {
					gap.on_failure(peer);
				}
				self.charge(peer, Cost::Fatal, &format!("sent a malformed block response: {e}"));
				return;
			},
		};
		match pending {
			Pending::Gap(_, max) => self.on_gap_blocks(peer, max, blocks),
			Pending::Range { from, max } => {
				let fits = blocks.len() as u32 <= max
					&& blocks.first().is_none_or(|b| b.block.header.number == from);
				if !fits {
					self.charge(peer, Cost::Fatal, "answered a block request with other blocks");
					return;
				}
				if blocks.is_empty() {
					let info = self.client.info();
					self.sync.on_range(peer, RangeOutcome::Empty, &info);
					self.charge(peer, Cost::BrokenClaim, "did not have the blocks it announced");
					self.maybe_sync();
					return;
				}
				let _ = self.jobs.send(ImportJob { peer, blocks, kind: JobKind::Range });
			},
			Pending::Announced(hash) => {
				match blocks.as_slice() {
					[only] if only.block.header.hash() == hash => {},
					[] => {
						// It announced a block it cannot serve (perhaps re-orged away).
						self.pending_blocks.remove(&hash);
						return;
					},
					_ => {
						self.pending_blocks.remove(&hash);
						self.charge(
							peer,
							Cost::Fatal,
							"answered a block request with other blocks",
						);
						return;
					},
				}
				let _ = self.jobs.send(ImportJob { peer, blocks, kind: JobKind::Announced });
			},
		}
	}

	fn on_import_result(&mut self, result: ImportResult) {
		let info = self.client.info();
		match result.kind {
			JobKind::Announced => {
				for hash in &result.hashes {
					self.pending_blocks.remove(hash);
				}
				if result.outcome == RangeOutcome::Invalid {
					self.charge(result.peer, Cost::Fatal, "announced an invalid block");
				}
			},
			JobKind::Range => {
				if self.sync.on_range(result.peer, result.outcome, &info) {
					self.charge(
						result.peer,
						Cost::Fatal,
						"sent blocks that do not build on our finalized chain",
					);
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
