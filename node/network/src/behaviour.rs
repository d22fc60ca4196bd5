//! The libp2p protocols the node speaks and the transport stack under them: TCP and WebSocket,
//! Noise, Yamux; gossipsub for blocks, transactions and finality votes; a request-response
//! protocol for sync; Kademlia and identify to find peers; ping to keep connections honest.

use super::protocol::{ProtocolNames, SyncCodec, MAX_GOSSIP_BYTES};
use libp2p::{
	gossipsub, identify, identity::Keypair, kad, noise, ping, request_response,
	swarm::NetworkBehaviour, tcp, yamux, Swarm,
};
use std::time::Duration;

/// Every protocol of the node.
#[derive(NetworkBehaviour)]
pub struct Behaviour {
	/// Block, transaction and GRANDPA gossip.
	pub gossip: gossipsub::Behaviour,
	/// Status and block-range requests.
	pub sync: request_response::Behaviour<SyncCodec>,
	/// Peer discovery under the chain's protocol name.
	pub kademlia: kad::Behaviour<kad::store::MemoryStore>,
	/// Exchanges addresses and agent strings.
	pub identify: identify::Behaviour,
	/// Keeps connections alive and measures latency.
	pub ping: ping::Behaviour,
}

/// Identify's protocol version: the same for every SCI node.
const IDENTIFY_PROTOCOL: &str = "/sci/1.0.0";

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
			// Content-addressed ids: a transaction gossiped by two nodes is one message.
			let message_id = |message: &gossipsub::Message| {
				gossipsub::MessageId::from(&sp_crypto_hashing::blake2_256(&message.data)[..])
			};
			let gossip_config = gossipsub::ConfigBuilder::default()
				.heartbeat_interval(Duration::from_millis(500))
				.validation_mode(gossipsub::ValidationMode::Strict)
				.validate_messages()
				.max_transmit_size(MAX_GOSSIP_BYTES)
				.message_id_fn(message_id)
				.build()?;
			let gossip = gossipsub::Behaviour::new(
				gossipsub::MessageAuthenticity::Signed(key.clone()),
				gossip_config,
			)?;
			let sync = request_response::Behaviour::new(
				[(names.sync.clone(), request_response::ProtocolSupport::Full)],
				request_response::Config::default().with_request_timeout(Duration::from_secs(20)),
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
			Ok(Behaviour { gossip, sync, kademlia, identify, ping })
		})?
		.with_swarm_config(|c| c.with_idle_connection_timeout(Duration::from_secs(60)))
		.build();
	Ok(swarm)
}
