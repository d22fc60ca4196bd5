//! The network on loopback: two validators and a full node of the local chain agree on one
//! GRANDPA-finalized chain; a peer that gossips garbage or an invalid block is disconnected
//! and changes nobody's chain.

mod common;

use codec::Encode;
use common::*;
use futures::StreamExt;
use jsonrpsee::{core::client::ClientT, http_client::HttpClient};
use libp2p::{gossipsub, swarm::SwarmEvent, Multiaddr, PeerId};
use sci_node::{consensus, network::protocol::ProtocolNames};
use sci_primitives::{opaque::Block, AccountId, Hash, Header};
use sci_runtime_test_utils::transfer;
use sp_consensus_aura::sr25519::AuthorityPair;
use sp_core::Pair;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	traits::{Block as _, Header as _},
	Digest,
};
use std::time::Duration;

/// Alice's node key, so that her peer id is known before she starts.
const ALICE_NODE_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000001";

fn alice_peer_id() -> PeerId {
	let keypair = sci_node::identity::node_keypair(Some(ALICE_NODE_KEY), None).unwrap();
	sci_node::identity::peer_id(&keypair)
}

fn json(hash: Hash) -> serde_json::Value {
	serde_json::to_value(hash).unwrap()
}

async fn finalized_number(rpc: &HttpClient) -> u32 {
	let hash: Hash = rpc.request("chain_getFinalizedHead", params(vec![])).await.unwrap();
	let header: serde_json::Value =
		rpc.request("chain_getHeader", params(vec![json(hash)])).await.unwrap();
	hex_number(&header["number"])
}

/// Start Alice, the bootnode of the others.
fn start_alice(dir: &std::path::Path) -> Node {
	Node::start(&["--chain", "local", "--alice", "--tmp", "--node-key", ALICE_NODE_KEY], dir)
}

#[tokio::test(flavor = "multi_thread")]
async fn validators_and_a_full_node_agree_on_the_finalized_chain() {
	let dir = tempfile::tempdir().unwrap();
	let alice = start_alice(dir.path());
	let bootnode = alice.p2p_addr();
	assert!(bootnode.ends_with(&alice_peer_id().to_string()), "{bootnode}");
	let bob =
		Node::start(&["--chain", "local", "--bob", "--tmp", "--bootnodes", &bootnode], dir.path());
	let full = Node::start(&["--chain", "local", "--tmp", "--bootnodes", &bootnode], dir.path());
	let timeout = Duration::from_secs(20);
	let rpcs = [alice.rpc(timeout).await, bob.rpc(timeout).await, full.rpc(timeout).await];

	for (rpc, name) in rpcs.iter().zip(["alice", "bob", "full node"]) {
		wait_until(Duration::from_secs(60), &format!("{name} finalizes #8"), || async {
			finalized_number(rpc).await >= 8
		})
		.await;
	}
	// Both validators authored: slots alternate between them.
	for node in [&alice, &bob] {
		assert!(node.log_text().contains("Prepared block for proposing"), "{}", node.log.display());
	}
	// One finalized chain: every node has the same block at every finalized height.
	let finalized = futures::future::join_all(rpcs.iter().map(finalized_number)).await;
	let common = *finalized.iter().min().unwrap();
	for number in 1..=common {
		let hashes =
			futures::future::join_all(rpcs.iter().map(|rpc| block_hash(rpc, number))).await;
		assert!(hashes.iter().all(|h| h.is_some() && *h == hashes[0]), "#{number}: {hashes:?}");
	}
	let health: serde_json::Value = rpcs[2].request("system_health", params(vec![])).await.unwrap();
	assert!(health["peers"].as_u64().unwrap() >= 2, "{health}");

	// A transaction submitted to the full node, which authors nothing, reaches the validators
	// by gossip and is included.
	let alice_key = Sr25519Keyring::Alice.pair();
	let recipient: AccountId = Sr25519Keyring::Dave.to_account_id();
	let nonce = next_nonce(&rpcs[2], &Sr25519Keyring::Alice.to_account_id()).await;
	let chain = chain_context(&rpcs[2]).await;
	let tx = signed(transfer(&recipient, 1_000_000), &alice_key, nonce, &chain);
	let (_, events) = submit_and_watch(&rpcs[2], &tx).await;
	assert!(
		events.iter().any(|e| matches!(
			e,
			sci_runtime::RuntimeEvent::Balances(pallet_balances::Event::Transfer { to, .. }) if *to == recipient
		)),
		"{events:?}"
	);
}

/// A header from its JSON-RPC form.
fn header_from_json(header: &serde_json::Value) -> Header {
	let hash = |v: &serde_json::Value| -> Hash { serde_json::from_value(v.clone()).unwrap() };
	let logs = header["digest"]["logs"]
		.as_array()
		.unwrap()
		.iter()
		.map(|log| {
			let bytes = hex::decode(log.as_str().unwrap().trim_start_matches("0x")).unwrap();
			<sp_runtime::DigestItem as codec::Decode>::decode(&mut &bytes[..]).unwrap()
		})
		.collect();
	Header::new(
		hex_number(&header["number"]),
		hash(&header["extrinsicsRoot"]),
		hash(&header["stateRoot"]),
		hash(&header["parentHash"]),
		Digest { logs },
	)
}

/// A libp2p peer of our own that speaks the node's protocols.
async fn intruder(
	genesis: Hash,
) -> (libp2p::Swarm<sci_node::network::behaviour::Behaviour>, ProtocolNames) {
	let names = ProtocolNames::new(&genesis);
	let mut swarm = sci_node::network::behaviour::build_swarm(
		libp2p::identity::Keypair::generate_ed25519(),
		&names,
		"intruder".into(),
	)
	.await
	.unwrap();
	swarm.behaviour_mut().gossip.subscribe(&names.blocks).unwrap();
	(swarm, names)
}

/// Dial `addr`, publish `data` on the blocks topic once the node listens to it, and wait for the
/// node to close the connection.
async fn gossip_and_expect_disconnect(
	swarm: &mut libp2p::Swarm<sci_node::network::behaviour::Behaviour>,
	addr: &Multiaddr,
	topic: &gossipsub::IdentTopic,
	data: Vec<u8>,
) {
	swarm.dial(addr.clone()).unwrap();
	let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
	let mut published = false;
	let mut retry = tokio::time::interval(Duration::from_millis(200));
	loop {
		tokio::select! {
			event = swarm.select_next_some() => {
				if let SwarmEvent::ConnectionClosed { num_established: 0, .. } = event {
					assert!(published, "disconnected before sending anything");
					return;
				}
			},
			_ = retry.tick(), if !published => {
				published = swarm.behaviour_mut().gossip.publish(topic.clone(), data.clone()).is_ok();
			},
			_ = tokio::time::sleep_until(deadline) => panic!("the node kept the connection (published: {published})"),
		}
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn a_peer_gossiping_garbage_or_an_invalid_block_is_disconnected() {
	let dir = tempfile::tempdir().unwrap();
	let alice = start_alice(dir.path());
	let rpc = alice.rpc(Duration::from_secs(20)).await;
	wait_until(Duration::from_secs(20), "block #2", || async { best_number(&rpc).await >= 2 })
		.await;
	let genesis = block_hash(&rpc, 0).await.unwrap();
	let addr: Multiaddr = alice.p2p_addr().parse().unwrap();

	// Bytes that are no block at all.
	let (mut garbage_peer, names) = intruder(genesis).await;
	gossip_and_expect_disconnect(&mut garbage_peer, &addr, &names.blocks, vec![0xff; 64]).await;
	assert!(alice.log_text().contains("gossiped an undecodable block"), "{}", alice.log.display());

	// A well-formed block #1 on genesis, sealed by a key that is not the slot's author.
	let slot_duration = 1000;
	let slot = consensus::current_slot(slot_duration);
	let header = Header::new(
		1,
		Default::default(),
		Default::default(),
		genesis,
		Digest { logs: vec![consensus::pre_digest(slot)] },
	);
	let forger = AuthorityPair::from_string("//Mallory", None).unwrap();
	let forged = Block::new(consensus::seal(header, &forger), vec![]);
	let forged_hash = forged.header.hash();
	let (mut forging_peer, names) = intruder(genesis).await;
	gossip_and_expect_disconnect(&mut forging_peer, &addr, &names.blocks, forged.encode()).await;
	assert!(alice.log_text().contains("gossiped an invalid block"), "{}", alice.log.display());

	// Nobody's chain changed: the forged block is unknown and the chain goes on.
	let header: Option<serde_json::Value> =
		rpc.request("chain_getHeader", params(vec![json(forged_hash)])).await.unwrap();
	assert!(header.is_none(), "the forged block was stored");
	assert_ne!(block_hash(&rpc, 1).await, Some(forged_hash));
	let before = best_number(&rpc).await;
	wait_until(Duration::from_secs(10), "the chain to go on", || async {
		best_number(&rpc).await > before
	})
	.await;

	// Alice's own key sealing a second block for a slot she already used: an equivocation,
	// logged; the block (whose body does not match its header) is still refused.
	let taken = block_hash(&rpc, best_number(&rpc).await).await.unwrap();
	let header: serde_json::Value =
		rpc.request("chain_getHeader", params(vec![json(taken)])).await.unwrap();
	let mut twin = header_from_json(&header);
	twin.digest.pop().expect("the seal");
	twin.extrinsics_root = Hash::repeat_byte(0xee);
	let alice_key = AuthorityPair::from_string("//Alice", None).unwrap();
	let twin = Block::new(consensus::seal(twin, &alice_key), vec![]);
	let (mut equivocating_peer, names) = intruder(genesis).await;
	gossip_and_expect_disconnect(&mut equivocating_peer, &addr, &names.blocks, twin.encode()).await;
	assert!(alice.log_text().contains("Equivocation"), "{}", alice.log.display());

	// A banned peer that comes back is turned away.
	let mut swarm = forging_peer;
	swarm.dial(addr.clone()).unwrap();
	let refused = tokio::time::timeout(Duration::from_secs(15), async {
		loop {
			match swarm.select_next_some().await {
				SwarmEvent::ConnectionClosed { .. }
				| SwarmEvent::OutgoingConnectionError { .. } => return,
				_ => {},
			}
		}
	})
	.await;
	assert!(refused.is_ok(), "the banned peer was let back in");
}
