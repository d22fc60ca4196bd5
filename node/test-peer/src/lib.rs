//! A scripted peer for tests: it connects to a node with the node's own transport and protocol
//! names, then opens notification substreams and answers block requests as a test script says,
//! truthfully or not. Tests use it to check that a node survives, and disconnects, peers that
//! lie, flood or send garbage.

use codec::Encode;
use futures::{AsyncWriteExt, StreamExt};
use libp2p::{request_response, swarm::SwarmEvent, Multiaddr, PeerId, StreamProtocol};
use sci_network::{
	behaviour::{build_swarm, BehaviourEvent},
	framing::{read_frame, write_frame},
	names::ProtocolNames,
	wire::{
		announce::{BlockAnnounce, BlockAnnouncesHandshake, BlockState, Roles},
		block_request::{BlockData, BlockResponse},
	},
};
use sci_primitives::{opaque::Block, BlockNumber, Hash};
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// Answers the block requests the node sends: request bytes in, response bytes out (`None`
/// leaves the request unanswered).
pub type BlockResponder = Box<dyn FnMut(&[u8]) -> Option<Vec<u8>> + Send>;

/// A connected scripted peer.
pub struct TestPeer {
	control: libp2p_stream::Control,
	/// The node's protocol names.
	pub names: ProtocolNames,
	/// The node's peer id.
	pub node: PeerId,
	genesis: Hash,
	connected: watch::Receiver<bool>,
	requests: mpsc::UnboundedReceiver<Vec<u8>>,
}

impl TestPeer {
	/// Connect as `keypair` to the node at `addr` (ending in `/p2p/<id>`) of the chain with
	/// `genesis`; `responder` answers its block requests.
	pub async fn connect(
		addr: &Multiaddr,
		genesis: Hash,
		keypair: libp2p::identity::Keypair,
		responder: BlockResponder,
	) -> anyhow::Result<Self> {
		Ok(Self::connect_accepting(addr, genesis, keypair, responder, |_| Vec::new()).await?.0)
	}

	/// [`Self::connect`], first accepting the node's notification substreams of the protocols
	/// `accept` lists (with the handshake to answer) for the node's names: their
	/// notifications arrive on the returned channels, in that order.
	pub async fn connect_accepting(
		addr: &Multiaddr,
		genesis: Hash,
		keypair: libp2p::identity::Keypair,
		mut responder: BlockResponder,
		accept: impl FnOnce(&ProtocolNames) -> Vec<(StreamProtocol, Vec<u8>)>,
	) -> anyhow::Result<(Self, Vec<mpsc::UnboundedReceiver<Vec<u8>>>)> {
		let node =
			sci_network::peer_of(addr).ok_or_else(|| anyhow::anyhow!("no /p2p/ in {addr}"))?;
		let names = ProtocolNames::new(&genesis, None);
		let mut swarm = build_swarm(keypair, &names, "sci-test-peer".into()).await?;
		let control = swarm.behaviour().streams.new_control();
		// Before dialling: the node opens its substreams as soon as it is connected.
		let accepted = accept(&names)
			.into_iter()
			.map(|(protocol, handshake)| accept_substreams(&control, protocol, handshake))
			.collect::<anyhow::Result<Vec<_>>>()?;
		swarm.dial(addr.clone())?;
		let (connected_tx, mut connected) = watch::channel(false);
		let (requests_tx, requests) = mpsc::unbounded_channel();
		tokio::spawn(async move {
			loop {
				match swarm.select_next_some().await {
					SwarmEvent::ConnectionEstablished { .. } => {
						let _ = connected_tx.send(true);
					},
					// Gone for good once the test dropped its handle.
					SwarmEvent::ConnectionClosed { num_established: 0, .. }
					| SwarmEvent::OutgoingConnectionError { .. }
						if connected_tx.send(false).is_err() =>
					{
						return
					},
					SwarmEvent::Behaviour(BehaviourEvent::Sync(
						request_response::Event::Message {
							message: request_response::Message::Request { request, channel, .. },
							..
						},
					)) => {
						let _ = requests_tx.send(request.clone());
						if let Some(response) = responder(&request) {
							let _ = swarm.behaviour_mut().sync.send_response(channel, response);
						}
					},
					_ => {},
				}
			}
		});
		tokio::time::timeout(Duration::from_secs(10), connected.wait_for(|c| *c))
			.await
			.map_err(|_| anyhow::anyhow!("no connection to {addr} within 10 s"))??;
		Ok((Self { control, names, node, genesis, connected, requests }, accepted))
	}

	/// A block-announces handshake on the node's chain, claiming `best`.
	pub fn handshake(&self, roles: Roles, best: (BlockNumber, Hash)) -> Vec<u8> {
		BlockAnnouncesHandshake {
			roles,
			best_number: best.0,
			best_hash: best.1,
			genesis_hash: self.genesis,
		}
		.encode()
	}

	/// Open a notification substream of `protocol` with `handshake`; returns it with the
	/// node's handshake.
	pub async fn open(
		&mut self,
		protocol: StreamProtocol,
		handshake: &[u8],
	) -> anyhow::Result<(libp2p::Stream, Vec<u8>)> {
		let mut stream = self.control.open_stream(self.node, protocol).await?;
		write_frame(&mut stream, handshake).await?;
		stream.flush().await?;
		let theirs = tokio::time::timeout(Duration::from_secs(10), read_frame(&mut stream, 1024))
			.await??
			.ok_or_else(|| anyhow::anyhow!("the node refused the substream"))?;
		Ok((stream, theirs))
	}

	/// Send one notification.
	pub async fn notify(stream: &mut libp2p::Stream, data: &[u8]) -> std::io::Result<()> {
		write_frame(stream, data).await?;
		stream.flush().await
	}

	/// Wait up to `timeout` for the node to close the connection; whether it did.
	pub async fn disconnected_within(&mut self, timeout: Duration) -> bool {
		tokio::time::timeout(timeout, self.connected.wait_for(|c| !*c)).await.is_ok()
	}

	/// The next block request the node sent, waiting up to `timeout`.
	pub async fn next_request(&mut self, timeout: Duration) -> Option<Vec<u8>> {
		tokio::time::timeout(timeout, self.requests.recv()).await.ok().flatten()
	}
}

/// Accept the node's notification substreams of `protocol`, answering `handshake`; the
/// notifications they carry arrive on the returned channel.
fn accept_substreams(
	control: &libp2p_stream::Control,
	protocol: StreamProtocol,
	handshake: Vec<u8>,
) -> anyhow::Result<mpsc::UnboundedReceiver<Vec<u8>>> {
	let mut incoming = control.clone().accept(protocol)?;
	let (tx, rx) = mpsc::unbounded_channel();
	tokio::spawn(async move {
		while let Some((_, mut stream)) = incoming.next().await {
			let (tx, handshake) = (tx.clone(), handshake.clone());
			tokio::spawn(async move {
				// Theirs first, then ours; then only they write.
				if !matches!(read_frame(&mut stream, 1024).await, Ok(Some(_))) {
					return;
				}
				if TestPeer::notify(&mut stream, &handshake).await.is_err() {
					return;
				}
				while let Ok(Some(frame)) = read_frame(&mut stream, 16 * 1024 * 1024).await {
					if tx.send(frame).is_err() {
						return;
					}
				}
			});
		}
	});
	Ok(rx)
}

/// A block announcement of `block`'s header as the peer's new best block.
pub fn announce(block: &Block) -> Vec<u8> {
	BlockAnnounce {
		header: block.header.clone(),
		state: Some(BlockState::Best),
		data: Some(vec![]),
	}
	.encode()
}

/// A `sync/2` response carrying `blocks` whole (header and body).
pub fn block_response(blocks: &[Block]) -> Vec<u8> {
	use prost::Message;
	let blocks = blocks
		.iter()
		.map(|block| BlockData {
			hash: block.header.hash().as_bytes().to_vec(),
			header: block.header.encode(),
			body: block.extrinsics.iter().map(|x| x.encode()).collect(),
			..Default::default()
		})
		.collect();
	BlockResponse { blocks }.encode_to_vec()
}
