//! The network on loopback: two validators and a full node of the local chain agree on one
//! GRANDPA-finalized chain; a peer that announces garbage or an invalid block is disconnected
//! and changes nobody's chain.

mod common;

use common::*;
use jsonrpsee::core::client::ClientT;
use libp2p::{identity::Keypair, Multiaddr, PeerId};
use sci_node::{consensus, network::wire::announce::Roles};
use sci_primitives::{opaque::Block, AccountId, Hash, Header};
use sci_runtime_test_utils::transfer;
use sci_test_peer::{announce, block_response, TestPeer};
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

/// Connect a scripted peer that serves `blocks` to whoever asks, open block announces, send
/// `notification` on it, and wait for the node to close the connection.
async fn announce_and_expect_disconnect(
	addr: &Multiaddr,
	genesis: Hash,
	keypair: libp2p::identity::Keypair,
	blocks: Vec<Block>,
	notification: Vec<u8>,
) {
	let response = block_response(&blocks);
	let mut peer =
		TestPeer::connect(addr, genesis, keypair, Box::new(move |_| Some(response.clone())))
			.await
			.unwrap();
	let handshake = peer.handshake(Roles::FULL, (0, genesis));
	let (mut stream, _) = peer.open(peer.names.block_announces.clone(), &handshake).await.unwrap();
	TestPeer::notify(&mut stream, &notification).await.unwrap();
	assert!(
		peer.disconnected_within(Duration::from_secs(30)).await,
		"the node kept the connection"
	);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_peer_announcing_garbage_or_an_invalid_block_is_disconnected() {
	let dir = tempfile::tempdir().unwrap();
	let alice = start_alice(dir.path());
	let rpc = alice.rpc(Duration::from_secs(20)).await;
	wait_until(Duration::from_secs(20), "block #2", || async { best_number(&rpc).await >= 2 })
		.await;
	let genesis = block_hash(&rpc, 0).await.unwrap();
	let addr: Multiaddr = alice.p2p_addr().parse().unwrap();

	// Bytes that are no block announcement at all.
	let garbage_peer = Keypair::generate_ed25519();
	announce_and_expect_disconnect(&addr, genesis, garbage_peer, vec![], vec![0xff; 64]).await;
	assert!(
		alice.log_text().contains("sent a malformed block announcement"),
		"{}",
		alice.log.display()
	);

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
	let forging_peer = Keypair::generate_ed25519();
	let forged_announce = announce(&forged);
	announce_and_expect_disconnect(
		&addr,
		genesis,
		forging_peer.clone(),
		vec![forged],
		forged_announce,
	)
	.await;
	assert!(alice.log_text().contains("announced an invalid block"), "{}", alice.log.display());

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
	let twin_announce = announce(&twin);
	announce_and_expect_disconnect(
		&addr,
		genesis,
		Keypair::generate_ed25519(),
		vec![twin],
		twin_announce,
	)
	.await;
	assert!(alice.log_text().contains("Equivocation"), "{}", alice.log.display());

	// A banned peer that comes back is turned away.
	let mut peer = TestPeer::connect(&addr, genesis, forging_peer, Box::new(|_| None)).await;
	if let Ok(peer) = &mut peer {
		assert!(
			peer.disconnected_within(Duration::from_secs(15)).await,
			"the banned peer was let back in"
		);
	}
}
