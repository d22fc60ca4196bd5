//! Hostile peers against a network of three validators (`staging`, Alice, Bob and Charlie of
//! its four): a peer that claims a height it does not have and withholds the blocks, two
//! minutes of invalid-transaction floods from ever new identities, an oversized GRANDPA commit,
//! replayed GRANDPA votes of a past round, and a third connection of one peer. Each is
//! disconnected or refused while blocks keep coming, finality keeps up and memory stays
//! bounded. The scripted peer is `sci-test-peer`.

mod common;

use codec::{Compact, Encode};
use common::*;
use jsonrpsee::{core::client::ClientT, http_client::HttpClient};
use libp2p::{identity::Keypair, Multiaddr};
use sci_node::network::wire::announce::{BlockAnnouncesHandshake, Roles};
use sci_primitives::{Hash, Header};
use sci_runtime_test_utils::transfer;
use sci_test_peer::TestPeer;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::traits::Header as _;
use sp_runtime::Digest;
use std::time::{Duration, Instant};

/// How long each attack runs, and the undisturbed run it is compared with.
const WINDOW: Duration = Duration::from_secs(20);
/// How long the transaction flood runs.
const FLOOD: Duration = Duration::from_secs(120);

/// The next GRANDPA vote on `rx` (other messages skipped).
async fn next_vote(rx: &mut tokio::sync::mpsc::UnboundedReceiver<Vec<u8>>) -> Vec<u8> {
	loop {
		let message = rx.recv().await.expect("the GRANDPA substream closed");
		if message.first() == Some(&0) {
			return message;
		}
	}
}

fn rss_kib(pid: u32) -> u64 {
	let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
	status
		.lines()
		.find_map(|l| l.strip_prefix("VmRSS:"))
		.and_then(|v| v.split_whitespace().next())
		.and_then(|v| v.parse().ok())
		.unwrap()
}

/// Blocks Alice imports per `WINDOW` while `attack` runs (for at least `WINDOW`), and the
/// finality lag at its end.
async fn blocks_during<F: std::future::Future<Output = ()>>(
	rpc: &HttpClient,
	attack: F,
) -> (u32, u32) {
	let (start, started) = (best_number(rpc).await, Instant::now());
	attack.await;
	tokio::time::sleep_until((started + WINDOW).into()).await;
	let best = best_number(rpc).await;
	let per_window = (best - start) as f64 * WINDOW.as_secs_f64() / started.elapsed().as_secs_f64();
	(per_window.round() as u32, best - finalized_number(rpc).await)
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_peers_neither_halt_nor_flood_the_network() {
	let dir = tempfile::tempdir().unwrap();
	let start = |who: &str, boot: Option<&str>| start_staging_validator(who, boot, &[], dir.path());
	let alice = start("--alice", None);
	let boot = alice.p2p_addr();
	let _bob = start("--bob", Some(&boot));
	let _charlie = start("--charlie", Some(&boot));
	let rpc = alice.rpc(Duration::from_secs(30)).await;
	wait_until(Duration::from_secs(60), "finality past #3", || async {
		finalized_number(&rpc).await >= 3
	})
	.await;
	let genesis = block_hash(&rpc, 0).await.unwrap();
	let addr: Multiaddr = boot.parse().unwrap();
	let rss_before = rss_kib(alice.pid());

	let (normal, _) = blocks_during(&rpc, async {}).await;
	assert!(normal >= 10, "only {normal} blocks in {WINDOW:?} undisturbed");
	let holds = |what: &str, (blocks, lag): (u32, u32)| {
		println!(
			"{what}: {blocks} blocks per {WINDOW:?} (undisturbed {normal}), finality lag {lag}"
		);
		assert!(blocks * 10 >= normal * 9, "{what}: {blocks} blocks against {normal}");
		assert!(lag <= 3, "{what}: finality {lag} blocks behind");
	};

	// A peer that claims to be at #4294967294, announces headers up there, and never answers
	// the block requests its claims draw.
	let mut liar =
		TestPeer::connect(&addr, genesis, Keypair::generate_ed25519(), Box::new(|_| None))
			.await
			.unwrap();
	let outcome = blocks_during(&rpc, async {
		let claim = liar.handshake(Roles::FULL, (u32::MAX - 1, Hash::repeat_byte(7)));
		let (mut stream, _) = liar.open(liar.names.block_announces.clone(), &claim).await.unwrap();
		for round in 0u8.. {
			let header = Header::new(
				u32::MAX - 1,
				Default::default(),
				Default::default(),
				Hash::repeat_byte(round),
				Digest::default(),
			);
			let announce = (header, 1u8, Vec::<u8>::new()).encode();
			if TestPeer::notify(&mut stream, &announce).await.is_err()
				|| liar.disconnected_within(Duration::from_secs(2)).await
			{
				break;
			}
		}
	})
	.await;
	holds("lying peer", outcome);
	let health: serde_json::Value = rpc.request("system_health", params(vec![])).await.unwrap();
	assert_eq!(health["isSyncing"], false, "{health}");
	assert!(liar.disconnected_within(Duration::from_secs(30)).await, "the liar stayed connected");

	// Peers that flood transactions with bad signatures, each one different, for two minutes:
	// each is disconnected after a few batches, and the next comes with a fresh identity.
	let chain = chain_context(&rpc).await;
	let alice_key = Sr25519Keyring::Alice.pair();
	let dest = Sr25519Keyring::Dave.to_account_id();
	let forged: Vec<Vec<u8>> = (0..2000u128)
		.map(|amount| {
			let mut tx = signed(transfer(&dest, 1_000 + amount), &alice_key, 0, &chain);
			// Inside the signature: the length prefix, the version, the address (1 + 32), the
			// signature type.
			tx[40] ^= 0xff;
			tx
		})
		.collect();
	let (mut identities, mut sent) = (0, 0);
	let outcome = blocks_during(&rpc, async {
		let flood_started = Instant::now();
		while flood_started.elapsed() < FLOOD {
			let Ok(mut flooder) =
				TestPeer::connect(&addr, genesis, Keypair::generate_ed25519(), Box::new(|_| None))
					.await
			else {
				continue;
			};
			identities += 1;
			let handshake = flooder.handshake(Roles::FULL, (0, genesis));
			if flooder.open(flooder.names.block_announces.clone(), &handshake).await.is_err() {
				continue;
			}
			let Ok((mut stream, _)) =
				flooder.open(flooder.names.transactions.clone(), &[Roles::FULL.bits()]).await
			else {
				continue;
			};
			for batch in forged.chunks(50) {
				let mut notification = Compact(batch.len() as u32).encode();
				batch.iter().for_each(|tx| notification.extend_from_slice(tx));
				if TestPeer::notify(&mut stream, &notification).await.is_err() {
					break;
				}
				sent += batch.len();
			}
			assert!(flooder.disconnected_within(Duration::from_secs(10)).await, "a flooder stayed");
		}
	})
	.await;
	println!("{identities} flooding identities sent {sent} invalid transactions in {FLOOD:?}");
	holds("invalid-transaction flood", outcome);
	let grown = rss_kib(alice.pid()).saturating_sub(rss_before);
	println!("Alice's memory grew by {} MiB over the flood", grown / 1024);
	assert!(grown < 100 * 1024, "Alice's memory grew by {} MiB over the flood", grown / 1024);

	// A commit of 6,000 copies of one precommit: refused on its size, before any signature.
	let mut forger =
		TestPeer::connect(&addr, genesis, Keypair::generate_ed25519(), Box::new(|_| None))
			.await
			.unwrap();
	let handshake = forger.handshake(Roles::FULL, (0, genesis));
	forger.open(forger.names.block_announces.clone(), &handshake).await.unwrap();
	let (mut grandpa, _) =
		forger.open(forger.names.grandpa.clone(), &[Roles::FULL.bits()]).await.unwrap();
	// A block not yet finalized, so that the commit is news.
	let target = (Hash::repeat_byte(0xc0), best_number(&rpc).await + 1);
	let copies = 6_000;
	let mut commit = (1u8, 1u64, 0u64, target.0, target.1, Compact(copies as u32)).encode();
	(0..copies).for_each(|_| commit.extend((target.0, target.1).encode()));
	commit.extend(Compact(copies as u32).encode());
	let id = Ed25519Keyring::Alice.public();
	(0..copies).for_each(|_| commit.extend(([0u8; 64], id).encode()));
	TestPeer::notify(&mut grandpa, &commit).await.unwrap();
	assert!(forger.disconnected_within(Duration::from_secs(10)).await, "the forger stayed");
	assert!(alice.log_text().contains("sent an invalid finality message"));

	// Replayed GRANDPA votes: a collector records a vote Alice sends it; ten rounds later a
	// replayer sends it 200 times. The vote is outside the round window: neither checked nor
	// forwarded (a peer that connected just before never receives it), and each copy costs the
	// replayer until it is disconnected.
	// A full peer: it accepts Alice's block-announce and GRANDPA substreams and opens its own
	// (which is what makes Alice open hers to a peer that dialled her).
	let listening = || async {
		let handshake = BlockAnnouncesHandshake {
			roles: Roles::FULL,
			best_number: 0,
			best_hash: genesis,
			genesis_hash: genesis,
		}
		.encode();
		let (mut peer, mut accepted) = TestPeer::connect_accepting(
			&addr,
			genesis,
			Keypair::generate_ed25519(),
			Box::new(|_| None),
			|names| {
				vec![
					(names.block_announces.clone(), handshake.clone()),
					(names.grandpa.clone(), vec![Roles::FULL.bits()]),
				]
			},
		)
		.await
		.unwrap();
		let ours = [
			peer.open(peer.names.block_announces.clone(), &handshake).await.unwrap().0,
			peer.open(peer.names.grandpa.clone(), &[Roles::FULL.bits()]).await.unwrap().0,
		];
		let grandpa = accepted.pop().unwrap();
		(peer, ours, accepted, grandpa)
	};
	let (_collector, _collector_streams, _collector_announces, mut collected) = listening().await;
	let round_of = |message: &[u8]| u64::from_le_bytes(message[1..9].try_into().unwrap());
	let old_vote = tokio::time::timeout(Duration::from_secs(30), next_vote(&mut collected))
		.await
		.expect("no GRANDPA vote from Alice within 30 s");
	let old_round = round_of(&old_vote);
	tokio::time::timeout(Duration::from_secs(60), async {
		while round_of(&next_vote(&mut collected).await) < old_round + 10 {}
	})
	.await
	.expect("Alice not ten rounds on within 60 s");
	let (_watcher, _watcher_streams, _watcher_announces, mut watched) = listening().await;
	let mut replayer =
		TestPeer::connect(&addr, genesis, Keypair::generate_ed25519(), Box::new(|_| None))
			.await
			.unwrap();
	let handshake = replayer.handshake(Roles::FULL, (0, genesis));
	replayer.open(replayer.names.block_announces.clone(), &handshake).await.unwrap();
	let (mut grandpa, _) =
		replayer.open(replayer.names.grandpa.clone(), &[Roles::FULL.bits()]).await.unwrap();
	let outcome = blocks_during(&rpc, async {
		for _ in 0..200 {
			if TestPeer::notify(&mut grandpa, &old_vote).await.is_err() {
				break;
			}
		}
	})
	.await;
	holds(&format!("200 replays of a round-{old_round} vote"), outcome);
	assert!(replayer.disconnected_within(Duration::from_secs(10)).await, "the replayer stayed");
	let mut watched_votes = 0;
	while let Ok(message) = watched.try_recv() {
		if message.first() == Some(&0) {
			watched_votes += 1;
			assert!(round_of(&message) > old_round, "round-{old_round} vote forwarded");
		}
	}
	assert!(watched_votes > 0, "the watcher received no votes at all: the check is void");

	// The same peer three times: the third connection is closed, the first two kept.
	let twin = Keypair::generate_ed25519();
	let mut first =
		TestPeer::connect(&addr, genesis, twin.clone(), Box::new(|_| None)).await.unwrap();
	let mut second =
		TestPeer::connect(&addr, genesis, twin.clone(), Box::new(|_| None)).await.unwrap();
	let third = TestPeer::connect(&addr, genesis, twin, Box::new(|_| None)).await;
	if let Ok(mut third) = third {
		assert!(third.disconnected_within(Duration::from_secs(10)).await, "a third connection");
	}
	assert!(!first.disconnected_within(Duration::from_secs(3)).await, "the first connection");
	assert!(!second.disconnected_within(Duration::from_secs(1)).await, "the second connection");

	let grown = rss_kib(alice.pid()).saturating_sub(rss_before);
	println!("Alice's memory grew by {} MiB over the attacks", grown / 1024);
	assert!(grown < 100 * 1024, "Alice's memory grew by {} MiB", grown / 1024);
}
