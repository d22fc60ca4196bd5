//! A validator killed right after it stores a GRANDPA vote, again and again, never equivocates
//! when it restarts: its votes are on disk before they are sent, and the restarted voter repeats
//! them. `staging` has four authorities and three run (Alice, Bob, Charlie), so every round
//! needs Charlie's votes: Alice and Bob see each of them, and would report two different votes
//! of Charlie in one round.

mod common;

use common::*;
use std::time::{Duration, Instant};

/// How many times Charlie is killed right after a vote.
const CRASHES: usize = 10;

/// Poll `node`'s log (every 2 ms, up to `timeout`) until it has stored a vote; returns the line.
fn wait_for_stored_vote(node: &Node, timeout: Duration) -> String {
	let started = Instant::now();
	loop {
		if let Some(line) = node.log_text().lines().find(|l| l.contains(" stored in round ")) {
			return line.to_string();
		}
		assert!(
			started.elapsed() < timeout,
			"Charlie stored no vote within {timeout:?}; log:\n{}",
			node.log_text()
		);
		std::thread::sleep(Duration::from_millis(2));
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn a_validator_killed_after_voting_never_equivocates_after_restart() {
	let dir = tempfile::tempdir().unwrap();
	let charlie_base = dir.path().join("charlie");
	let charlie_base = charlie_base.to_str().unwrap();
	let start = |who: &str, boot: Option<&str>| {
		let extra: &[&str] = if who == "--charlie" {
			&["--base-path", charlie_base, "-l", "grandpa=debug"]
		} else {
			&[]
		};
		start_staging_validator(who, boot, extra, dir.path())
	};
	let alice = start("--alice", None);
	let boot = alice.p2p_addr();
	let bob = start("--bob", Some(&boot));
	let rpc = alice.rpc(Duration::from_secs(30)).await;

	let mut killed_after = Vec::new();
	for _ in 0..CRASHES {
		let charlie = start("--charlie", Some(&boot));
		let line = wait_for_stored_vote(&charlie, Duration::from_secs(60));
		charlie.kill();
		killed_after.push(line.split("🗳").nth(1).unwrap_or(&line).trim().to_string());
	}
	let charlie = start("--charlie", Some(&boot));
	let from = finalized_number(&rpc).await;
	wait_until(Duration::from_secs(90), "finality 5 blocks on after the last restart", || async {
		finalized_number(&rpc).await >= from + 5
	})
	.await;

	let equivocations: Vec<String> = [&alice, &bob, &charlie]
		.iter()
		.flat_map(|node| node.log_text().lines().map(str::to_string).collect::<Vec<_>>())
		.filter(|l| l.contains("equivocation by"))
		.collect();
	let runs = std::fs::read_dir(dir.path())
		.unwrap()
		.filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok())
		.collect::<Vec<_>>();
	let repeated =
		runs.iter().map(|log| log.matches("repeating our earlier vote").count()).sum::<usize>();
	eprintln!(
		"killed Charlie {CRASHES} times right after storing a vote ({killed_after:?}); \
		 restarted voters repeated a stored vote instead of a different one {repeated} times; \
		 finality #{from} → #{}",
		finalized_number(&rpc).await
	);
	assert!(equivocations.is_empty(), "equivocations reported: {equivocations:#?}");
}
