//! The libp2p protocols the node speaks and the transport stack under them: TCP and WebSocket,
//! Noise, Yamux; raw streams for the notification protocols (block announces, transactions,
//! GRANDPA); request-response for block, state, light-client and warp-sync requests; Kademlia
//! and identify to find peers; ping to keep connections honest.

use crate::{names::ProtocolNames, request::BytesCodec};
use libp2p::{
	identify, identity::Keypair, kad, noise, ping, request_response, swarm::NetworkBehaviour, tcp,
	yamux, StreamProtocol, Swarm,
};
use std::time::Duration;

/// Every protocol of the node.
#[derive(NetworkBehaviour)]
pub struct Behaviour {
	/// Notification substreams.
	pub streams: libp2p_stream::Behaviour,
	/// `sync/2` block requests.
	pub sync: request_response::Behaviour<BytesCodec>,
	/// `state/2` state downloads (warp sync).
	pub state: request_response::Behaviour<BytesCodec>,
	/// `light/2` proofs for light clients.
	pub light: request_response::Behaviour<BytesCodec>,
	/// `sync/warp` GRANDPA warp-sync proofs.
	pub warp: request_response::Behaviour<BytesCodec>,
	/// Peer discovery under the chain's protocol name.
	pub kademlia: kad::Behaviour<kad::store::MemoryStore>,
	/// Exchanges addresses and agent strings.
	pub identify: identify::Behaviour,
	/// Keeps connections alive and measures latency.
	pub ping: ping::Behaviour,
}

/// Identify's protocol version, as polkadot-sdk nodes send it.
const IDENTIFY_PROTOCOL: &str = "/substrate/1.0";

/// One request-response protocol: its limits, as polkadot-sdk sets them.
struct RequestProtocol {
	max_request: usize,
	max_response: usize,
	timeout: Duration,
	/// Requests of this protocol a peer may have in flight on one connection.
	concurrent: usize,
}

const MIB: usize = 1024 * 1024;

fn request_behaviour(
	name: &StreamProtocol,
	p: RequestProtocol,
) -> request_response::Behaviour<BytesCodec> {
	request_response::Behaviour::with_codec(
		BytesCodec { max_request: p.max_request, max_response: p.max_response },
		[(name.clone(), request_response::ProtocolSupport::Full)],
		request_response::Config::default()
			.with_request_timeout(p.timeout)
			.with_max_concurrent_streams(p.concurrent),
	)
}

/// Build the swarm for `keypair`.
pub async fn build_swarm(
	keypair: Keypair,
	names: &ProtocolNames,
	agent: String,
) -> anyhow::Result<Swarm<Behaviour>> {
	let names = names.clone();
	let swarm = libp2p::SwarmBuilder::with_existing_identity(keypair)
		.with_tokio()
		.with_tcp(tcp::Config::default().nodelay(true), noise::Config::new, yamux::Config::default)?
		.with_dns()?
		.with_websocket(noise::Config::new, yamux::Config::default)
		.await?
		.with_behaviour(|key| {
			let peer_id = key.public().to_peer_id();
			let sync = request_behaviour(
				&names.sync,
				RequestProtocol {
					max_request: MIB,
					max_response: 16 * MIB,
					timeout: Duration::from_secs(20),
					concurrent: 8,
				},
			);
			// One value (the runtime's code) may pass the 2 MiB a response aims at.
			let state = request_behaviour(
				&names.state,
				RequestProtocol {
					max_request: 2 * 1024,
					max_response: 16 * MIB,
					timeout: Duration::from_secs(40),
					concurrent: 2,
				},
			);
			let light = request_behaviour(
				&names.light,
				RequestProtocol {
					max_request: MIB,
					max_response: 16 * MIB,
					timeout: Duration::from_secs(15),
					concurrent: 8,
				},
			);
			let warp = request_behaviour(
				&names.warp,
				RequestProtocol {
					max_request: 32,
					max_response: crate::wire::warp::MAX_WARP_SYNC_PROOF_SIZE,
					timeout: Duration::from_secs(10),
					concurrent: 2,
				},
			);
			let mut kad_config = kad::Config::new(names.kademlia.clone());
			kad_config.set_query_timeout(Duration::from_secs(30));
			let mut kademlia = kad::Behaviour::with_config(
				peer_id,
				kad::store::MemoryStore::new(peer_id),
				kad_config,
			);
			// Answer queries even without a confirmed public address (local networks).
			kademlia.set_mode(Some(kad::Mode::Server));
			let identify = identify::Behaviour::new(
				identify::Config::new(IDENTIFY_PROTOCOL.into(), key.public())
					.with_agent_version(agent),
			);
			let ping = ping::Behaviour::new(ping::Config::new());
			Ok(Behaviour {
				streams: libp2p_stream::Behaviour::new(),
				sync,
				state,
				light,
				warp,
				kademlia,
				identify,
				ping,
			})
		})?
		.with_swarm_config(|c| c.with_idle_connection_timeout(Duration::from_secs(60)))
		.build();
	Ok(swarm)
}
