//! subxt (dynamic API, no codegen) against a dev node: metadata, a balance, a signed transfer
//! followed to finalization with its events, and the recipient's new balance.
//!
//! Starts `sci-node` from the same target directory (built by `cargo test --workspace`), or
//! `$SCI_NODE_BIN`.

use std::{
	path::PathBuf,
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};
use subxt::{dynamic, ext::scale_decode::DecodeAsType, OnlineClient, PolkadotConfig};
use subxt_signer::sr25519::{dev, Keypair};

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct AccountInfo {
	data: AccountData,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct AccountData {
	free: u128,
}

struct DevNode(Child);

impl Drop for DevNode {
	fn drop(&mut self) {
		let _ = self.0.kill();
		let _ = self.0.wait();
	}
}

fn node_binary() -> PathBuf {
	if let Some(path) = std::env::var_os("SCI_NODE_BIN") {
		return path.into();
	}
	// <target>/release/deps/transfer-… → <target>/release/sci-node
	let exe = std::env::current_exe().unwrap();
	exe.parent().and_then(|deps| deps.parent()).unwrap().join("sci-node")
}

fn free_port() -> u16 {
	std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn free_balance(api: &OnlineClient<PolkadotConfig>, who: [u8; 32]) -> u128 {
	let address = dynamic::storage::<([u8; 32],), AccountInfo>("System", "Account");
	let at = api.at_current_block().await.unwrap();
	at.storage().fetch(address, (who,)).await.unwrap().decode().unwrap().data.free
}

#[tokio::test(flavor = "multi_thread")]
async fn subxt_transfer_is_finalized_and_credited() {
	let binary = node_binary();
	assert!(binary.exists(), "{} not built: run `cargo test --workspace`", binary.display());
	let port = free_port();
	let _node = DevNode(
		Command::new(&binary)
			.args(["--dev", "--tmp", "--no-prometheus", "--rpc-port", &port.to_string()])
			.stdout(Stdio::null())
			.stderr(Stdio::null())
			.spawn()
			.unwrap(),
	);
	let url = format!("ws://127.0.0.1:{port}");
	let started = Instant::now();
	let api = loop {
		match OnlineClient::<PolkadotConfig>::from_insecure_url(&url).await {
			Ok(api) => break api,
			Err(_) if started.elapsed() < Duration::from_secs(30) => {
				tokio::time::sleep(Duration::from_millis(200)).await;
			},
			Err(e) => panic!("cannot connect to {url}: {e}"),
		}
	};

	let alice = dev::alice();
	let recipient =
		Keypair::from_uri(&format!("//Subxt{}", std::process::id()).parse().unwrap()).unwrap();
	let recipient_id = recipient.public_key().0;
	assert!(free_balance(&api, alice.public_key().0).await > 0, "Alice is endowed");
	assert_eq!(free_balance(&api, recipient_id).await, 0);

	let amount = 4_000_000_000_000u128;
	let transfer = dynamic::transaction(
		"Balances",
		"transfer_keep_alive",
		(recipient.public_key().to_address::<()>(), amount),
	);
	let at = api.at_current_block().await.unwrap();
	let events = at
		.transactions()
		.sign_and_submit_then_watch_default(&transfer, &alice)
		.await
		.unwrap()
		.wait_for_finalized_success()
		.await
		.unwrap();
	let transfers = events.iter().filter(|e| {
		let e = e.as_ref().unwrap();
		e.pallet_name() == "Balances" && e.event_name() == "Transfer"
	});
	assert_eq!(transfers.count(), 1);
	assert_eq!(free_balance(&api, recipient_id).await, amount);
}
