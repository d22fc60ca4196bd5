//! Assembles a running node: database, client, pool, keystore, RPC, block authoring and the
//! informant, until Ctrl-C or SIGTERM.

use crate::metrics::Metrics;
use anyhow::Context;
use sc_keystore::LocalKeystore;
use sci_authoring as authoring;
use sci_chain_spec::ChainSpec;
use sci_client::consensus;
use sci_client::{short, Client};
use sci_executor::{WasmExecutor, EXECUTOR_THREAD_STACK};
use sci_finality as finality;
use sci_network as network;
use sci_network::{NetworkConfig, NetworkHandle};
use sci_pool::{PoolLimits, PoolMetrics, TransactionPool};
use sci_rpc as rpc;
use sci_rpc::RpcContext;
use sci_storage::db::Db;
use sp_consensus_aura::sr25519::AuthorityPair;
use sp_core::crypto::key_types::{AURA, GRANDPA};
use std::{net::SocketAddr, path::PathBuf, sync::Arc, time::Duration};

/// Everything a node needs to start.
#[derive(Clone, Debug)]
pub struct NodeConfig {
	/// Transaction pool bounds.
	pub pool: PoolLimits,
	/// `dev`, `local` or a chain spec path.
	pub chain: String,
	/// Data directory; `None` for a temporary one.
	pub base_path: Option<PathBuf>,
	/// Node name.
	pub name: String,
	/// Author blocks.
	pub validator: bool,
	/// As a validator, measure the hardware against the reference machine at start.
	pub hardware_benchmarks: bool,
	/// A development key (`//Alice`) to put in the keystore.
	pub dev_key: Option<String>,
	/// `--wasm-runtime-overrides`: runtimes that run instead of the on-chain ones of their
	/// versions.
	pub wasm_runtime_overrides: Option<PathBuf>,
	/// JSON-RPC listen address.
	pub rpc_addr: SocketAddr,
	/// Refuse unsafe RPC methods.
	pub rpc_deny_unsafe: bool,
	/// RPC server limits and allowed origins.
	pub rpc_limits: rpc::ServerLimits,
	/// Prometheus listen address, if metrics are served.
	pub prometheus_addr: Option<SocketAddr>,
	/// `--node-key`: the P2P identity secret, hex.
	pub node_key: Option<String>,
	/// Peer-to-peer settings.
	pub network: NetworkConfig,
	/// Bytes of the shared trie cache.
	pub trie_cache_bytes: usize,
	/// `--state-pruning`, if given.
	pub state_pruning: Option<sci_storage::pruning::StatePruning>,
	/// `--blocks-pruning`.
	pub blocks_pruning: sci_storage::pruning::BlocksPruning,
	/// Where the keystore is, and its password.
	pub keystore: crate::cli::KeystoreArgs,
}

/// Run a node until it is told to stop.
pub fn run(config: NodeConfig) -> anyhow::Result<()> {
	let runtime = tokio::runtime::Builder::new_multi_thread()
		.enable_all()
		.thread_stack_size(EXECUTOR_THREAD_STACK)
		.build()?;
	runtime.block_on(run_async(config))
}

async fn run_async(config: NodeConfig) -> anyhow::Result<()> {
	let tmp = match &config.base_path {
		Some(_) => None,
		None => Some(tempfile::Builder::new().prefix("sci-node").tempdir()?),
	};
	let base_path = config
		.base_path
		.clone()
		.unwrap_or_else(|| tmp.as_ref().expect("set when no base path").path().to_path_buf());

	log::info!("SCI Node");
	log::info!("✌️  version {}", env!("CARGO_PKG_VERSION"));
	let executor = WasmExecutor::new()?;
	let spec = ChainSpec::load(&config.chain, &executor)
		.with_context(|| format!("loading chain spec `{}`", config.chain))?;
	log::info!("📋 Chain specification: {}", spec.name);
	log::info!("🏷  Node name: {}", config.name);
	log::info!("👤 Role: {}", if config.validator { "AUTHORITY" } else { "FULL" });
	let chain_dir = base_path.join("chains").join(&spec.id);
	log::info!("💾 Database: ParityDb at {}", chain_dir.join("db").display());
	if config.validator && config.hardware_benchmarks {
		// Before the database opens, on the disk it will write to: about a second.
		std::fs::create_dir_all(&chain_dir)
			.with_context(|| format!("creating {}", chain_dir.display()))?;
		let dir = chain_dir.clone();
		tokio::task::spawn_blocking(move || sci_benchmark::check_hardware_at_start(&dir)).await?;
	}
	let db = Db::open(&chain_dir.join("db"))?;
	let overrides = match &config.wasm_runtime_overrides {
		Some(dir) => sci_client::code_provider::WasmOverrides::load(dir, &executor)?,
		None => Default::default(),
	};
	let client = Client::open_with(
		db,
		spec,
		executor,
		sci_client::ClientOptions {
			overrides,
			trie_cache_bytes: config.trie_cache_bytes,
			state_pruning: config.state_pruning,
			blocks_pruning: config.blocks_pruning,
		},
	)?;
	log::info!(
		"📦 State pruning: {}, blocks pruning: {}",
		client.state_pruning(),
		config.blocks_pruning
	);
	let info = client.info();
	log::info!(
		"⛓  Native runtime: none — executing the on-chain Wasm ({})",
		client.runtime_version(info.best_hash)?.spec_name
	);
	log::info!("📦 Highest known block at #{} ({})", info.best_number, short(&info.best_hash));

	let keystore = Arc::new(config.keystore.open(&chain_dir.join("keystore"))?);
	if let Some(suri) = &config.dev_key {
		// Derived with the keystore's password, if any: then it is not the well-known key.
		config.keystore.insert::<AuthorityPair>(&keystore, AURA, suri)?;
		config.keystore.insert::<sp_consensus_grandpa::AuthorityPair>(&keystore, GRANDPA, suri)?;
	}
	let keypair = crate::identity::node_keypair(
		config.node_key.as_deref(),
		Some(&chain_dir.join("network")),
	)?;
	let peer_id = crate::identity::peer_id(&keypair);
	log::info!("🏷  Local node identity is: {peer_id}");
	let pool = TransactionPool::new(client.clone(), config.pool);
	let roles = if config.validator {
		network::wire::announce::Roles::AUTHORITY
	} else {
		network::wire::announce::Roles::FULL
	};
	let metrics = Metrics::new(&config.name, &client.spec().id, roles.bits())?;
	pool.set_metrics(PoolMetrics::register(&metrics.registry)?);
	let mut network_config = config.network.clone();
	network_config.node_name = config.name.clone();
	network_config.is_authority = config.validator;
	for addr in &client.spec().boot_nodes {
		match addr.parse() {
			Ok(addr) => network_config.boot_nodes.push(addr),
			Err(e) => log::warn!("ignoring the chain spec's boot node {addr}: {e}"),
		}
	}
	let network = network::start(
		network_config,
		keypair,
		client.clone(),
		pool.clone(),
		Some(Arc::new(finality::GrandpaJustificationImport { client: client.clone() })),
		Some(metrics.network.clone()),
	)
	.await
	.context("starting the network")?;
	let network_handle = network.handle.clone();
	// Every chain runs GRANDPA, the development chain too (its single authority votes alone):
	// finality then follows import as a step of its own, so clients see a block as best before
	// they see it finalized, as on a polkadot-sdk dev node.
	let grandpa = {
		let slot = consensus::slot_duration(&client, client.info().best_hash).unwrap_or(1000);
		tokio::spawn(finality::run(finality::FinalityParams {
			client: client.clone(),
			network: network_handle.clone(),
			messages: network.finality_messages,
			keystore: keystore.clone(),
			gossip_duration: Duration::from_millis((slot / 8).clamp(50, 1000)),
			voter_state: finality::VoterStateFile::open(&chain_dir.join("grandpa"))?,
			round_metric: Some(metrics.grandpa_round.clone()),
		}))
	};
	if let Some(addr) = config.prometheus_addr {
		let registry = metrics.registry.clone();
		// Probe the port first so a taken one is a start-up error, not a silent failure.
		drop(
			std::net::TcpListener::bind(addr)
				.with_context(|| format!("binding Prometheus to {addr}"))?,
		);
		tokio::spawn(async move {
			if let Err(e) = substrate_prometheus_endpoint::init_prometheus(addr, registry).await {
				log::error!("Prometheus endpoint failed: {e}");
			}
		});
	}
	let ctx = Arc::new(RpcContext {
		client: client.clone(),
		pool: pool.clone(),
		keystore: keystore.clone(),
		node_name: config.name.clone(),
		is_authority: config.validator,
		deny_unsafe: config.rpc_deny_unsafe,
		follows: Default::default(),
		peer_id: peer_id.to_string(),
		network: network_handle.clone(),
		blocking: rpc::blocking_permits(),
	});
	let limits = config.rpc_limits.clone();
	// Only counted when someone can read them.
	let rpc_metrics =
		config.prometheus_addr.map(|_| rpc::RpcMetrics::register(&metrics.registry)).transpose()?;
	let (rpc_handle, rpc_addr) = rpc::start(config.rpc_addr, limits, ctx, rpc_metrics)
		.await
		.with_context(|| format!("starting RPC on {}", config.rpc_addr))?;
	log::info!("Running JSON-RPC server: addr={rpc_addr}");

	let informant = tokio::spawn(informant(
		client.clone(),
		pool.clone(),
		metrics.clone(),
		network_handle.clone(),
	));
	let maintenance = tokio::spawn(maintain_pool(client.clone(), pool.clone()));
	let author = config.validator.then(|| {
		tokio::spawn(author_blocks(
			client.clone(),
			pool.clone(),
			keystore.clone(),
			metrics.clone(),
			network_handle.clone(),
		))
	});

	shutdown_signal().await;
	log::info!("Shutting down");
	if let Some(author) = author {
		author.abort();
	}
	informant.abort();
	maintenance.abort();
	grandpa.abort();
	network.task.abort();
	let _ = rpc_handle.stop();
	Ok(())
}

async fn shutdown_signal() {
	let ctrl_c = tokio::signal::ctrl_c();
	#[cfg(unix)]
	{
		let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
			.expect("installing SIGTERM handler");
		tokio::select! {
			_ = ctrl_c => {},
			_ = term.recv() => {},
		}
	}
	#[cfg(not(unix))]
	let _ = ctrl_c.await;
}

/// Transactions the pool validates again after each new best block: about 20 ms of one core
/// (a validation is 25–70 µs), so a pool of 65,536 is revalidated every few minutes without
/// taking time a block needs.
const REVALIDATION_BATCH: usize = 256;

/// Keep the pool in step with the best chain, whoever authored it: drop what new best blocks
/// include, return what re-orgs retract, then revalidate a batch of what it holds.
async fn maintain_pool(client: Arc<Client>, pool: Arc<TransactionPool>) {
	let mut imported = client.import_notifications();
	let mut best = client.info().best_hash;
	loop {
		match imported.recv().await {
			Ok(n) if n.is_new_best => {
				let (pool, old) = (pool.clone(), best);
				best = n.hash;
				let result = tokio::task::spawn_blocking(move || {
					pool.on_best_changed(old, n.hash)?;
					pool.revalidate(REVALIDATION_BATCH);
					Ok::<_, sci_client::ClientError>(())
				})
				.await;
				match result {
					Ok(Ok(())) => {},
					Ok(Err(e)) => {
						log::error!(target: "txpool", "cannot follow the new best block {}: {e}", short(&n.hash))
					},
					Err(e) => log::error!(target: "txpool", "pool maintenance failed: {e}"),
				}
			},
			Ok(_) => {},
			// Missed notifications: catch up from where we were to the best block now.
			Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
				let (pool, old, new) = (pool.clone(), best, client.info().best_hash);
				best = new;
				let _ = tokio::task::spawn_blocking(move || pool.on_best_changed(old, new)).await;
			},
			Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
		}
	}
}

/// Log imports as they happen and a status line every five seconds.
async fn informant(
	client: Arc<Client>,
	pool: Arc<TransactionPool>,
	metrics: Metrics,
	network: NetworkHandle,
) {
	let mut imported = client.import_notifications();
	let mut tick = tokio::time::interval(Duration::from_secs(5));
	loop {
		tokio::select! {
			n = imported.recv() => match n {
				Ok(n) if n.is_new_best => {
					let info = client.info();
					metrics.set_heights(info.best_number, info.finalized_number);
					log::info!("🏆 Imported #{} ({} → {})", n.header.number, short(&n.header.parent_hash), short(&n.hash));
				},
				Ok(n) => log::info!("🆕 Imported non-best #{} ({})", n.header.number, short(&n.hash)),
				Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {},
				Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
			},
			_ = tick.tick() => {
				let info = client.info();
				metrics.set_heights(info.best_number, info.finalized_number);
				metrics.ready_transactions.set(pool.ready_count() as u64);
				metrics.state_cache.set(client.trie_cache_bytes() as u64);
				let state = network.state();
				metrics
					.block_height
					.with_label_values(&["sync_target"])
					.set(state.highest_block.unwrap_or(info.best_number).max(info.best_number).into());
				let activity = match state.highest_block {
					Some(target) if state.is_syncing => format!("⚙️  Syncing, target=#{target}"),
					_ => "💤 Idle".to_string(),
				};
				log::info!(
					"{activity} ({} peers), best: #{} ({}), finalized #{} ({}), {} txs in pool",
					state.peers.len(), info.best_number, short(&info.best_hash), info.finalized_number, short(&info.finalized_hash), pool.len()
				);
			},
		}
	}
}

/// Author a block in every slot that belongs to one of our keys.
async fn author_blocks(
	client: Arc<Client>,
	pool: Arc<TransactionPool>,
	keystore: Arc<LocalKeystore>,
	metrics: Metrics,
	network: NetworkHandle,
) {
	let mut last_slot = 0u64;
	loop {
		let best = client.info().best_hash;
		let slot_duration = match consensus::slot_duration(&client, best) {
			Ok(d) => d.max(1),
			Err(e) => {
				log::error!("cannot read the slot duration: {e}");
				tokio::time::sleep(Duration::from_secs(1)).await;
				continue;
			},
		};
		// Sleep to the start of the next slot.
		let now = consensus::unix_millis();
		let next_slot_start = (now / slot_duration + 1) * slot_duration;
		tokio::time::sleep(Duration::from_millis(next_slot_start - now)).await;
		let slot = consensus::current_slot(slot_duration);
		if u64::from(slot) <= last_slot {
			continue;
		}
		last_slot = slot.into();
		// Authoring on a chain far behind the network's only makes forks nobody follows.
		if network.state().is_syncing {
			continue;
		}

		let (client, pool, keystore, metrics) =
			(client.clone(), pool.clone(), keystore.clone(), metrics.clone());
		let result = tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
			let parent = client.info().best_hash;
			let authorities = consensus::authorities(&client, parent)?;
			let Some(author) = consensus::slot_author(slot, &authorities) else { return Ok(()) };
			let Some(key) = keystore.key_pair::<AuthorityPair>(&(*author).into())? else { return Ok(()) };
			// Two thirds of the slot for building, the rest for import and propagation.
			let deadline = std::time::Instant::now() + Duration::from_millis(slot_duration * 2 / 3);
			let slot_start = u64::from(slot) * slot_duration;
			let timestamp = consensus::unix_millis().clamp(slot_start, slot_start + slot_duration - 1);
			let claim = authoring::SlotClaim {
				parent,
				slot,
				timestamp_ms: timestamp,
				key: &key,
				deadline,
				// GRANDPA finalizes it, after import.
				finalize: false,
			};
			let proposal = authoring::propose(&client, &pool, claim)?;
			let number = proposal.executed.block.header.number;
			let hash = proposal.executed.block.header.hash();
			let count = proposal.executed.block.extrinsics.len();
			log::info!(
				"🎁 Prepared block for proposing at {number} ({} ms) hash: {}, parent_hash: {}, extrinsics_count: {count}",
				proposal.build_time.as_millis(),
				short(&hash),
				short(&parent),
			);
			metrics.block_constructed.observe(proposal.build_time.as_secs_f64());
			metrics.block_transactions.set(proposal.included.len() as u64);
			pool.remove_invalid(&proposal.invalid);
			// The network announces the block when the import notification reaches it.
			client.commit_block(proposal.executed)?;
			pool.on_block_included(hash, number, &proposal.included);
			Ok(())
		})
		.await;
		match result {
			Ok(Ok(())) => {},
			Ok(Err(e)) => log::error!("block authoring failed in slot {slot}: {e:#}"),
			Err(e) => log::error!("block authoring task failed: {e}"),
		}
	}
}
