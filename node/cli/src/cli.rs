//! Command line, following polkadot-sdk's conventions.

use crate::service::{self, NodeConfig};
use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use libp2p::{multiaddr::Protocol, Multiaddr};
use sci_chain_spec::ChainSpec;
use sci_client::Client;
use sci_executor::WasmExecutor;
use sci_network::{NetworkConfig, SyncMode};
use sci_primitives::BlockNumber;
use sci_storage::{
	db::Db,
	pruning::{BlocksPruning, StatePruning},
};
use std::{io::Write, path::PathBuf};

/// The SCI node.
#[derive(Debug, Parser)]
#[command(name = "sci-node", version, about = "SCI smart-city IoT chain node")]
pub struct Cli {
	/// A subcommand, or none to run a node.
	#[command(subcommand)]
	pub command: Option<Command>,
	/// The node's options.
	#[command(flatten)]
	pub run: RunArgs,
}

/// Where the chain and its data are.
#[derive(Debug, Clone, Args)]
pub struct SharedArgs {
	/// Built-in chain (`dev`, `local`) or path to a chain spec JSON file.
	#[arg(long, value_name = "CHAIN")]
	pub chain: Option<String>,
	/// Development chain: `--chain dev --alice --validator`, temporary storage unless
	/// `--base-path` is given; Alice's GRANDPA voter finalizes each block shortly after it is
	/// imported.
	#[arg(long)]
	pub dev: bool,
	/// Data directory; the database is `<base-path>/chains/<chain id>/db`.
	#[arg(long, short = 'd', value_name = "PATH")]
	pub base_path: Option<PathBuf>,
	/// Log filter, e.g. `info` or `txpool=debug,executor=trace`.
	#[arg(long, short = 'l', value_name = "LOG_PATTERN", value_delimiter = ',')]
	pub log: Vec<String>,
	/// Log each line's target (module) and thread as well.
	#[arg(long)]
	pub detailed_log_output: bool,
	/// Never colour the log.
	#[arg(long)]
	pub disable_log_color: bool,
}

/// Where the keystore is and how its keys are protected (polkadot-sdk's keystore flags).
#[derive(Debug, Clone, Default, Args)]
pub struct KeystoreArgs {
	/// The keystore directory. Default: `<base-path>/chains/<chain id>/keystore`.
	#[arg(long, value_name = "PATH")]
	pub keystore_path: Option<PathBuf>,
	/// The keystore's password: every key's secret URI is derived with it (as `<uri>///<password>`
	/// would be), so the key files alone do not give the keys.
	#[arg(long, conflicts_with = "password_filename")]
	pub password: Option<String>,
	/// A file holding the keystore's password (its trailing newline is ignored).
	#[arg(long, value_name = "PATH")]
	pub password_filename: Option<PathBuf>,
}

impl KeystoreArgs {
	/// Open the keystore (`default_dir` unless `--keystore-path`).
	pub fn open(
		&self,
		default_dir: &std::path::Path,
	) -> anyhow::Result<sc_keystore::LocalKeystore> {
		let dir = self.keystore_path.clone().unwrap_or_else(|| default_dir.to_path_buf());
		let password = self.password()?.map(sp_core::crypto::SecretString::new);
		sc_keystore::LocalKeystore::open(&dir, password)
			.with_context(|| format!("opening the keystore at {}", dir.display()))
	}

	/// The password given (`--password`, or read from `--password-filename`).
	pub fn password(&self) -> anyhow::Result<Option<String>> {
		Ok(match (&self.password, &self.password_filename) {
			(Some(password), _) => Some(password.clone()),
			(None, Some(file)) => Some(
				std::fs::read_to_string(file)
					.with_context(|| format!("reading the password file {}", file.display()))?
					.trim_end_matches(['\r', '\n'])
					.to_string(),
			),
			(None, None) => None,
		})
	}

	/// Store `suri`'s key of `key_type` (derived with the password, as the keystore derives
	/// it) in `keystore`; returns its public key.
	pub fn insert<P: sp_core::Pair>(
		&self,
		keystore: &sc_keystore::LocalKeystore,
		key_type: sp_core::crypto::KeyTypeId,
		suri: &str,
	) -> anyhow::Result<Vec<u8>> {
		use sp_keystore::Keystore;
		let password = self.password()?;
		let pair = P::from_string(suri, password.as_deref())
			.map_err(|e| anyhow::anyhow!("invalid secret URI: {e:?}"))?;
		let public = pair.public().as_ref().to_vec();
		keystore
			.insert(key_type, suri, &public)
			.map_err(|()| anyhow::anyhow!("cannot write the key to the keystore"))?;
		Ok(public)
	}
}

impl SharedArgs {
	/// The `--chain` given, or `dev` with `--dev`.
	pub fn chain(&self) -> String {
		self.chain.clone().unwrap_or_else(|| if self.dev { "dev".into() } else { "local".into() })
	}

	/// Start logging as `-l`, `--detailed-log-output` and `--disable-log-color` say.
	pub fn init_logging(&self) {
		sci_logging::init_with(
			&self.log,
			sci_logging::Format {
				detailed: self.detailed_log_output,
				no_color: self.disable_log_color,
			},
		);
	}

	/// The `--base-path` given, or a default.
	pub fn base_path(&self) -> PathBuf {
		self.base_path.clone().unwrap_or_else(default_base_path)
	}
}

/// Running a node.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
	/// Chain, base path and logging.
	#[command(flatten)]
	pub shared: SharedArgs,
	/// Use a temporary data directory, deleted on exit.
	#[arg(long)]
	pub tmp: bool,
	/// Node name shown by `system_name`.
	#[arg(long)]
	pub name: Option<String>,
	/// Author blocks with the keys in the keystore.
	#[arg(long)]
	pub validator: bool,
	/// JSON-RPC port (HTTP and WebSocket).
	#[arg(long, default_value_t = 9944)]
	pub rpc_port: u16,
	/// Listen for RPC on all interfaces, not only 127.0.0.1 (only safe methods there unless
	/// `--rpc-methods unsafe`). Refused on a validator unless `--unsafe-rpc-external` or
	/// `--rpc-methods unsafe` is given.
	#[arg(long)]
	pub rpc_external: bool,
	/// Listen for RPC on all interfaces, also on a validator. Unsafe methods are still served
	/// there only with `--rpc-methods unsafe`.
	#[arg(long)]
	pub unsafe_rpc_external: bool,
	/// Which RPC methods to serve: `safe`, `unsafe`, or `auto` (unsafe ones only when the
	/// server listens on a loopback address).
	#[arg(long, value_enum, default_value_t = RpcMethods::Auto)]
	pub rpc_methods: RpcMethods,
	/// Browser origins allowed to call the RPC: `all`, or a comma-separated list where a port
	/// may be `*` (e.g. `http://localhost:*`). Default: localhost and https://polkadot.js.org
	/// (all origins with `--dev`).
	#[arg(long)]
	pub rpc_cors: Option<String>,
	/// Most simultaneous RPC connections.
	#[arg(long, default_value_t = 100)]
	pub rpc_max_connections: u32,
	/// Largest RPC request, in MiB.
	#[arg(long, value_name = "MiB", default_value_t = sci_rpc::DEFAULT_MAX_REQUEST_SIZE_MIB)]
	pub rpc_max_request_size: u32,
	/// Largest RPC response, in MiB; a larger one is replaced by an error.
	#[arg(long, value_name = "MiB", default_value_t = sci_rpc::DEFAULT_MAX_RESPONSE_SIZE_MIB)]
	pub rpc_max_response_size: u32,
	/// Most subscriptions one RPC connection may hold.
	#[arg(
		long,
		value_name = "COUNT",
		default_value_t = sci_rpc::DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION
	)]
	pub rpc_max_subscriptions_per_connection: u32,
	/// Messages waiting to be sent on one RPC connection before the node stops reading its
	/// requests.
	#[arg(long, value_name = "COUNT", default_value_t = sci_rpc::DEFAULT_MESSAGE_BUFFER_CAPACITY)]
	pub rpc_message_buffer_capacity_per_connection: u32,
	/// Most RPC calls per minute on one connection; more are refused with an error. No limit
	/// when not given.
	#[arg(long, value_name = "CALLS")]
	pub rpc_rate_limit: Option<std::num::NonZeroU32>,
	/// Prometheus metrics port.
	#[arg(long, default_value_t = 9615)]
	pub prometheus_port: u16,
	/// Serve metrics on all interfaces, not only 127.0.0.1.
	#[arg(long)]
	pub prometheus_external: bool,
	/// Do not serve metrics.
	#[arg(long)]
	pub no_prometheus: bool,
	/// Accepted for compatibility; the node sends no telemetry.
	#[arg(long)]
	pub no_telemetry: bool,
	/// Accepted for compatibility (unit files pass it); the node sends no telemetry and says
	/// so at start.
	#[arg(long, value_name = "URL VERBOSITY")]
	pub telemetry_url: Vec<String>,
	/// Bytes of the shared trie cache (decoded trie nodes and values of recent states).
	#[arg(long, value_name = "BYTES", default_value_t = sci_client::TRIE_CACHE_BYTES)]
	pub trie_cache_size: usize,
	/// Which states to keep: `archive` (every state), `archive-canonical` (every finalized
	/// block's) or a number N (the last N finalized blocks' and the unfinalized ones'). Older
	/// states are deleted as blocks are finalized, and reads at them are refused. Default: the
	/// mode the database was created with; 256 for a new one. Only the number can change later.
	#[arg(long, alias = "pruning", value_name = "PRUNING_MODE")]
	pub state_pruning: Option<StatePruning>,
	/// Which block bodies to keep: `archive` (of abandoned forks too), `archive-canonical`
	/// (every finalized block's) or a number N (the last N finalized blocks'). Headers and
	/// justifications are always kept.
	#[arg(long, value_name = "PRUNING_MODE", default_value = "archive-canonical")]
	pub blocks_pruning: BlocksPruning,
	/// Accepted for compatibility: ParityDB sizes its own caches, as on a polkadot-sdk node
	/// with `--database paritydb`; the trie cache is `--trie-cache-size`.
	#[arg(long, value_name = "MiB")]
	pub db_cache: Option<usize>,
	/// Accepted for compatibility: polkadot-sdk deprecated it, every call runs the Wasm
	/// runtime (there is no native runtime).
	#[arg(long, value_name = "STRATEGY")]
	pub execution: Option<String>,
	/// Where the keystore is, and its password.
	#[command(flatten)]
	pub keystore: KeystoreArgs,
	/// Skip the hardware measurement a validator makes when it starts (against SCI's
	/// reference validator machine, `sci-node benchmark machine`).
	#[arg(long)]
	pub no_hardware_benchmarks: bool,
	/// A directory of runtimes (`*.wasm`) that run instead of the on-chain runtime reporting the
	/// same `spec_name` and `spec_version`. Default: none, the on-chain code runs.
	#[arg(long, value_name = "PATH")]
	pub wasm_runtime_overrides: Option<PathBuf>,
	/// Accepted for compatibility; the node does no mDNS discovery.
	#[arg(long)]
	pub no_mdns: bool,
	/// Most ready transactions in the pool; future ones (waiting for a nonce not yet sent)
	/// get a tenth as many.
	#[arg(long, default_value_t = sci_pool::DEFAULT_READY_COUNT)]
	pub pool_limit: usize,
	/// Most KiB of ready transactions in the pool; future ones get a tenth.
	#[arg(long, default_value_t = sci_pool::DEFAULT_READY_KBYTES)]
	pub pool_kbytes: usize,
	/// Most transactions one signer may have in the pool.
	#[arg(long, default_value_t = sci_pool::DEFAULT_PER_SENDER)]
	pub pool_sender_limit: usize,
	/// Seconds a transaction the pool threw out (invalid, evicted, removed with
	/// `author_removeExtrinsic`) is refused without validation.
	#[arg(long, default_value_t = sci_pool::DEFAULT_BAN_SECONDS)]
	pub tx_ban_seconds: u64,
	/// P2P port, used by the default listen address (`/ip4/0.0.0.0/tcp/<port>`); 0 picks a free
	/// one.
	#[arg(long, default_value_t = 30333)]
	pub port: u16,
	/// P2P listen addresses, e.g. `/ip4/0.0.0.0/tcp/30333` or `/ip4/127.0.0.1/tcp/30333/ws`
	/// (overrides `--port`).
	#[arg(long, value_name = "MULTIADDR", num_args = 1..)]
	pub listen_addr: Vec<Multiaddr>,
	/// Addresses peers should use to reach this node (behind NAT or a proxy).
	#[arg(long, value_name = "MULTIADDR", num_args = 1..)]
	pub public_addr: Vec<Multiaddr>,
	/// Peers to connect to at start: `/ip4/…/tcp/…/p2p/<peer id>`.
	#[arg(long, value_name = "MULTIADDR", num_args = 1..)]
	pub bootnodes: Vec<Multiaddr>,
	/// Peers to stay connected to: `/ip4/…/tcp/…/p2p/<peer id>`.
	#[arg(long, value_name = "MULTIADDR", num_args = 1..)]
	pub reserved_nodes: Vec<Multiaddr>,
	/// Connect to and accept only the reserved nodes.
	#[arg(long)]
	pub reserved_only: bool,
	/// Most inbound full peers.
	#[arg(long, default_value_t = 32)]
	pub in_peers: usize,
	/// Most inbound light clients, counted apart from full peers.
	#[arg(long, default_value_t = 100)]
	pub in_peers_light: usize,
	/// How to catch up: `full` imports every block from genesis; `warp` (on an empty
	/// database) proves the finalized head from GRANDPA authority-set changes, downloads its
	/// state and imports from there.
	#[arg(long, value_enum, default_value_t = Sync::Full)]
	pub sync: Sync,
	/// Most outbound peers.
	#[arg(long, default_value_t = 8)]
	pub out_peers: usize,
	/// The node's P2P identity: an ed25519 secret, 64 hex digits (its peer id is served by
	/// `system_localPeerId`).
	#[arg(long, conflicts_with = "node_key_file")]
	pub node_key: Option<String>,
	/// A file holding the P2P identity secret (64 hex digits or 32 raw bytes), e.g. written by
	/// `key generate-node-key --file`.
	#[arg(long, value_name = "PATH")]
	pub node_key_file: Option<PathBuf>,
	/// Shortcut for `--name Alice --validator` with `//Alice` in the keystore.
	#[arg(long)]
	pub alice: bool,
	/// Shortcut for `--name Bob --validator` with `//Bob` in the keystore.
	#[arg(long)]
	pub bob: bool,
	/// Shortcut for `--name Charlie --validator` with `//Charlie` in the keystore.
	#[arg(long)]
	pub charlie: bool,
	/// Shortcut for `--name Dave --validator` with `//Dave` in the keystore.
	#[arg(long)]
	pub dave: bool,
	/// Shortcut for `--name Eve --validator` with `//Eve` in the keystore.
	#[arg(long)]
	pub eve: bool,
	/// Shortcut for `--name Ferdie --validator` with `//Ferdie` in the keystore.
	#[arg(long)]
	pub ferdie: bool,
}

impl RunArgs {
	fn network_config(&self) -> NetworkConfig {
		let listen_addrs = if self.listen_addr.is_empty() {
			vec![Multiaddr::from(std::net::Ipv4Addr::UNSPECIFIED).with(Protocol::Tcp(self.port))]
		} else {
			self.listen_addr.clone()
		};
		NetworkConfig {
			listen_addrs,
			public_addrs: self.public_addr.clone(),
			boot_nodes: self.bootnodes.clone(),
			reserved_nodes: self.reserved_nodes.clone(),
			reserved_only: self.reserved_only,
			in_peers: self.in_peers,
			in_peers_light: self.in_peers_light,
			sync: match self.sync {
				Sync::Full => SyncMode::Full,
				Sync::Warp => SyncMode::Warp,
			},
			out_peers: self.out_peers,
			// Set by the service from the final node config.
			node_name: String::new(),
			is_authority: false,
		}
	}

	/// Say at start what the flags accepted only for polkadot-sdk compatibility do here.
	fn note_compatibility_flags(&self) {
		if !self.telemetry_url.is_empty() {
			log::warn!("--telemetry-url: this node sends no telemetry; ignored");
		}
		if self.db_cache.is_some() {
			log::info!(
				"--db-cache: ParityDB sizes its own caches; the trie cache is --trie-cache-size"
			);
		}
		if self.execution.is_some() {
			log::warn!(
				"--execution is deprecated and has no effect: every call runs the Wasm runtime"
			);
		}
	}

	fn dev_key(&self) -> Option<&'static str> {
		[
			(self.alice, "Alice"),
			(self.bob, "Bob"),
			(self.charlie, "Charlie"),
			(self.dave, "Dave"),
			(self.eve, "Eve"),
			(self.ferdie, "Ferdie"),
		]
		.into_iter()
		.find_map(|(on, name)| on.then_some(name))
		.or(self.shared.dev.then_some("Alice"))
	}
}

/// The `--sync` modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Sync {
	/// Import every block from genesis.
	Full,
	/// Warp to the finalized head, then import blocks.
	Warp,
}

/// Which RPC methods are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RpcMethods {
	/// Unsafe methods on a loopback interface only.
	Auto,
	/// Only safe methods.
	Safe,
	/// All methods.
	Unsafe,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
	/// Print a chain spec as JSON.
	BuildSpec(BuildSpecArgs),
	/// Print a chain spec as JSON (polkadot-sdk's newer name for `build-spec`).
	ExportChainSpec(BuildSpecArgs),
	/// Delete the chain's database.
	PurgeChain(PurgeChainArgs),
	/// Write blocks to a file in polkadot-sdk's formats (a JSON stream, or SCALE with `--binary`).
	ExportBlocks(ExportBlocksArgs),
	/// Dry-run a candidate runtime on a copy of the chain's state (nothing is written).
	CheckUpgrade(CheckUpgradeArgs),
	/// Import blocks from a file written by `export-blocks`, verifying each.
	ImportBlocks(ImportBlocksArgs),
	/// Take the newest unfinalized blocks off the best chain.
	Revert(RevertArgs),
	/// Print the database's genesis, best and finalized blocks as JSON.
	ChainInfo(ChainInfoArgs),
	/// Check a stored block again: its seal, its execution on its parent's state and its state
	/// root; nothing is written.
	CheckBlock(CheckBlockArgs),
	/// Print a raw chain spec whose genesis is the state of a block (best by default).
	ExportState(ExportStateArgs),
	/// Key management: keystore insertion, node keys, key inspection.
	#[command(subcommand)]
	Key(crate::key::KeyCommand),
	/// Measure weights: run a runtime's benchmarks on this node's executor.
	#[command(subcommand)]
	Benchmark(sci_benchmark::BenchmarkCommand),
}

/// `build-spec`.
#[derive(Debug, Args)]
pub struct BuildSpecArgs {
	/// Chain, base path and logging.
	#[command(flatten)]
	pub shared: SharedArgs,
	/// Raw genesis storage instead of the runtime's genesis config.
	#[arg(long)]
	pub raw: bool,
	/// Leave out the default bootnode (there is none yet).
	#[arg(long)]
	pub disable_default_bootnode: bool,
	/// Build a built-in chain's spec from this runtime (`.wasm` or `.compact.compressed.wasm`)
	/// and its preset instead of the runtime embedded in the node, e.g. a `fast-runtime` build
	/// for governance tests.
	#[arg(long, value_name = "WASM")]
	pub runtime: Option<PathBuf>,
}

/// `purge-chain`.
#[derive(Debug, Args)]
pub struct PurgeChainArgs {
	/// Chain, base path and logging.
	#[command(flatten)]
	pub shared: SharedArgs,
	/// Do not ask for confirmation.
	#[arg(short = 'y')]
	pub yes: bool,
}

/// `export-blocks`.
#[derive(Debug, Args)]
pub struct ExportBlocksArgs {
	/// Chain, base path and logging.
	#[command(flatten)]
	pub shared: SharedArgs,
	/// Output file (stdout if missing).
	pub output: Option<PathBuf>,
	/// First block to export.
	#[arg(long, default_value_t = 1)]
	pub from: u32,
	/// Last block to export (best block if missing).
	#[arg(long)]
	pub to: Option<u32>,
	/// polkadot-sdk's binary format (SCALE) instead of its JSON stream.
	#[arg(long)]
	pub binary: bool,
}

/// `check-upgrade`.
#[derive(Debug, Args)]
pub struct CheckUpgradeArgs {
	/// Chain, base path and logging.
	#[command(flatten)]
	pub shared: SharedArgs,
	/// The candidate runtime (`.wasm` or `.compact.compressed.wasm`). Build it with the
	/// `try-runtime` feature to also run its pre/post-upgrade checks and `try_state`.
	#[arg(long)]
	pub wasm: PathBuf,
	/// Block whose state to upgrade (best block if missing).
	#[arg(long)]
	pub at: Option<sci_primitives::Hash>,
}

/// `import-blocks`.
#[derive(Debug, Args)]
pub struct ImportBlocksArgs {
	/// Chain, base path and logging.
	#[command(flatten)]
	pub shared: SharedArgs,
	/// Input file (stdin if missing).
	pub input: Option<PathBuf>,
	/// The input is polkadot-sdk's binary format (SCALE), not its JSON stream.
	#[arg(long)]
	pub binary: bool,
}

/// `revert`.
#[derive(Debug, Args)]
pub struct RevertArgs {
	/// Chain, base path and logging.
	#[command(flatten)]
	pub shared: SharedArgs,
	/// How many blocks to take off (never the finalized block or below).
	#[arg(default_value_t = 256)]
	pub num: BlockNumber,
}

/// `check-block`.
#[derive(Debug, Args)]
pub struct CheckBlockArgs {
	/// Chain, base path and logging.
	#[command(flatten)]
	pub shared: SharedArgs,
	/// The block: its hash (0x…) or its number on the best chain.
	pub input: String,
}

/// `export-state`.
#[derive(Debug, Args)]
pub struct ExportStateArgs {
	/// Chain, base path and logging.
	#[command(flatten)]
	pub shared: SharedArgs,
	/// The block: its hash (0x…) or its number on the best chain; the best block if missing.
	pub input: Option<String>,
}

/// `chain-info`.
#[derive(Debug, Args)]
pub struct ChainInfoArgs {
	/// Chain, base path and logging.
	#[command(flatten)]
	pub shared: SharedArgs,
}

/// What `chain-info` prints, with polkadot-sdk's field names.
#[derive(Debug, serde::Serialize)]
struct ChainInfoJson {
	best_hash: sci_primitives::Hash,
	best_number: BlockNumber,
	genesis_hash: sci_primitives::Hash,
	finalized_hash: sci_primitives::Hash,
	finalized_number: BlockNumber,
}

/// `--rpc-external` on a validator without an explicit override (polkadot-sdk's message).
#[derive(Debug, thiserror::Error)]
#[error(
	"--rpc-external option shouldn't be used if the node is running as a validator. Use \
	 `--unsafe-rpc-external` or `--rpc-methods=unsafe` if you understand the risks. See the \
	 options description for more information."
)]
pub struct RpcExternalOnValidator;

/// The address the RPC server listens on, as polkadot-sdk: all interfaces with
/// `--rpc-external` or `--unsafe-rpc-external`, else 127.0.0.1. A validator's keys must not be
/// one mistake away from the internet, so `--rpc-external` on a validator needs
/// `--unsafe-rpc-external` or `--rpc-methods unsafe` to say it is meant.
fn rpc_interface(
	args: &RunArgs,
	validator: bool,
) -> Result<std::net::IpAddr, RpcExternalOnValidator> {
	if args.rpc_external
		&& validator
		&& !args.unsafe_rpc_external
		&& args.rpc_methods != RpcMethods::Unsafe
	{
		return Err(RpcExternalOnValidator);
	}
	if args.rpc_external || args.unsafe_rpc_external {
		if args.unsafe_rpc_external || args.rpc_methods == RpcMethods::Unsafe {
			log::warn!(
				"It isn't safe to expose RPC publicly without a proxy server that filters \
				 available set of RPC methods."
			);
		}
		Ok(std::net::Ipv4Addr::UNSPECIFIED.into())
	} else {
		Ok(std::net::Ipv4Addr::LOCALHOST.into())
	}
}

/// Whether unsafe methods are refused on a server listening on `ip`: `auto` serves them only
/// on a loopback address (polkadot-sdk's rule; `--unsafe-rpc-external` does not change it).
fn deny_unsafe(ip: std::net::IpAddr, methods: RpcMethods) -> bool {
	match methods {
		RpcMethods::Unsafe => false,
		RpcMethods::Safe => true,
		RpcMethods::Auto => !ip.is_loopback(),
	}
}

/// Default data directory.
fn default_base_path() -> PathBuf {
	let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
	home.join(".local/share/sci-node")
}

fn chain_db_path(base: &std::path::Path, spec: &ChainSpec) -> PathBuf {
	base.join("chains").join(&spec.id).join("db")
}

/// The block `input` names: a hash (`0x…`) or a number on the best chain.
fn block_of(client: &Client, input: &str) -> anyhow::Result<sci_primitives::Hash> {
	match input.strip_prefix("0x") {
		Some(hex_hash) => {
			let bytes = hex::decode(hex_hash).context("the block hash is not hex")?;
			anyhow::ensure!(bytes.len() == 32, "a block hash has 32 bytes");
			let hash = sci_primitives::Hash::from_slice(&bytes);
			anyhow::ensure!(client.has_block(hash), "no block {hash:?}");
			Ok(hash)
		},
		None => {
			let number: BlockNumber =
				input.parse().context("give a block hash (0x…) or a block number")?;
			client.hash(number)?.with_context(|| format!("no block #{number}"))
		},
	}
}

/// Open the client for an offline subcommand.
fn open_client(shared: &SharedArgs) -> anyhow::Result<std::sync::Arc<Client>> {
	let executor = WasmExecutor::new()?;
	let spec = ChainSpec::load(&shared.chain(), &executor)?;
	let db = Db::open(&chain_db_path(&shared.base_path(), &spec))?;
	Ok(Client::open(db, spec, executor)?)
}

/// Parse the command line and run.
pub fn run() -> anyhow::Result<()> {
	let cli = Cli::parse();
	match cli.command {
		None => {
			cli.run.shared.init_logging();
			let args = cli.run;
			let dev_key = args.dev_key();
			let tmp = args.tmp || (args.shared.dev && args.shared.base_path.is_none());
			let interface = |external: bool| -> std::net::IpAddr {
				if external {
					[0, 0, 0, 0].into()
				} else {
					[127, 0, 0, 1].into()
				}
			};
			let validator = args.validator || dev_key.is_some();
			let rpc_ip = rpc_interface(&args, validator)?;
			let deny_unsafe = deny_unsafe(rpc_ip, args.rpc_methods);
			let config = NodeConfig {
				pool: sci_pool::PoolLimits::new(
					args.pool_limit,
					args.pool_kbytes,
					args.pool_sender_limit,
					std::time::Duration::from_secs(args.tx_ban_seconds),
				),
				chain: args.shared.chain(),
				base_path: if tmp { None } else { Some(args.shared.base_path()) },
				name: args
					.name
					.clone()
					.or(dev_key.map(str::to_string))
					.unwrap_or_else(|| "sci-node".into()),
				validator,
				hardware_benchmarks: !args.no_hardware_benchmarks,
				dev_key: dev_key.map(|k| format!("//{k}")),
				wasm_runtime_overrides: args.wasm_runtime_overrides.clone(),
				rpc_addr: std::net::SocketAddr::new(rpc_ip, args.rpc_port),
				rpc_deny_unsafe: deny_unsafe,
				rpc_limits: sci_rpc::ServerLimits {
					max_connections: args.rpc_max_connections,
					cors: match args.rpc_cors.as_deref() {
						Some("all") | Some("*") => None,
						Some(list) => Some(list.split(',').map(|o| o.trim().to_string()).collect()),
						None if args.shared.dev => None,
						None => Some(sci_rpc::DEFAULT_CORS.iter().map(|o| o.to_string()).collect()),
					},
					max_request_size_mib: args.rpc_max_request_size,
					max_response_size_mib: args.rpc_max_response_size,
					max_subscriptions_per_connection: args.rpc_max_subscriptions_per_connection,
					message_buffer_capacity: args.rpc_message_buffer_capacity_per_connection,
					rate_limit: args.rpc_rate_limit,
				},
				node_key: match &args.node_key_file {
					Some(path) => Some(crate::identity::read_node_key_file(path)?),
					None => args.node_key.clone(),
				},
				network: args.network_config(),
				prometheus_addr: (!args.no_prometheus).then(|| {
					std::net::SocketAddr::new(
						interface(args.prometheus_external),
						args.prometheus_port,
					)
				}),
				trie_cache_bytes: args.trie_cache_size,
				state_pruning: args.state_pruning,
				blocks_pruning: args.blocks_pruning,
				keystore: args.keystore.clone(),
			};
			args.note_compatibility_flags();
			service::run(config)
		},
		Some(Command::BuildSpec(args)) | Some(Command::ExportChainSpec(args)) => {
			sci_logging::init(&["warn".to_string()]);
			let executor = WasmExecutor::new()?;
			let spec = match &args.runtime {
				Some(path) => {
					let code = std::fs::read(path)
						.with_context(|| format!("reading the runtime {}", path.display()))?;
					let chain = args.shared.chain();
					ChainSpec::builtin_with_code(&chain, &executor, Some(&code))?.with_context(
						|| {
							format!("--runtime needs a built-in chain (dev, local, staging), not {chain}")
						},
					)?
				},
				None => ChainSpec::load(&args.shared.chain(), &executor)?,
			};
			let spec = if args.raw { spec.into_raw(&executor)? } else { spec };
			println!("{}", spec.to_json()?);
			Ok(())
		},
		Some(Command::Key(command)) => crate::key::run(command),
		Some(Command::Benchmark(command)) => command.run(),
		Some(Command::PurgeChain(args)) => {
			args.shared.init_logging();
			let executor = WasmExecutor::new()?;
			let spec = ChainSpec::load(&args.shared.chain(), &executor)?;
			let path = chain_db_path(&args.shared.base_path(), &spec);
			if !path.exists() {
				println!("{} does not exist", path.display());
				return Ok(());
			}
			if !args.yes {
				print!("Are you sure to remove {:?}? [y/N]: ", path);
				std::io::stdout().flush()?;
				let mut answer = String::new();
				std::io::stdin().read_line(&mut answer)?;
				if !answer.trim().eq_ignore_ascii_case("y") {
					println!("Aborted");
					return Ok(());
				}
			}
			std::fs::remove_dir_all(&path)
				.with_context(|| format!("removing {}", path.display()))?;
			println!("{:?} removed.", path);
			Ok(())
		},
		Some(Command::ExportBlocks(args)) => {
			args.shared.init_logging();
			let client = open_client(&args.shared)?;
			let to = args.to.unwrap_or(client.info().best_number);
			let out: Box<dyn Write> = match &args.output {
				Some(path) => Box::new(std::io::BufWriter::new(
					std::fs::File::create(path)
						.with_context(|| format!("creating {}", path.display()))?,
				)),
				None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
			};
			let count = crate::blocks::export(&client, args.from, to, args.binary, out)?;
			log::info!("Exported {count} blocks (#{}..=#{to})", args.from);
			Ok(())
		},
		Some(Command::CheckUpgrade(args)) => {
			args.shared.init_logging();
			let client = open_client(&args.shared)?;
			let code = std::fs::read(&args.wasm)
				.with_context(|| format!("reading {}", args.wasm.display()))?;
			let at = args.at.unwrap_or(client.info().best_hash);
			let header = client.expect_header(at)?;
			println!("Checking {} against block #{} ({at:?})", args.wasm.display(), header.number);
			match sci_client::upgrade_check::check_upgrade(&client, at, &code) {
				Ok(report) => {
					let version = |v: &sp_version::RuntimeVersion| {
						format!("{} v{}", v.spec_name, v.spec_version)
					};
					println!("PASS: {} → {}", version(&report.current), version(&report.candidate));
					println!(
						"  migrations run by: {}",
						match report.mode {
							sci_client::upgrade_check::Mode::TryRuntime => "TryRuntime_on_runtime_upgrade (pre/post checks and try_state)",
							sci_client::upgrade_check::Mode::NextBlock =>
								"initializing the next block (build with `try-runtime` for pre/post checks and try_state)",
						}
					);
					println!("  time: {:?}", report.elapsed);
					println!(
						"  weight: ref_time {} ps, proof_size {} bytes",
						report.weight.0, report.weight.1
					);
					println!("  storage keys changed: {} (including :code)", report.keys_changed);
					println!("  storage proof of what it read: {} bytes", report.proof_size);
					Ok(())
				},
				Err(e) => anyhow::bail!("FAIL: {e}"),
			}
		},
		Some(Command::Revert(args)) => {
			args.shared.init_logging();
			let client = open_client(&args.shared)?;
			let reverted = client.revert(args.num)?;
			let info = client.info();
			if reverted == 0 {
				log::info!("There aren't any non-finalized blocks to revert.");
			} else {
				log::info!(
					"Reverted {reverted} blocks. Best: #{} ({})",
					info.best_number,
					sci_client::short(&info.best_hash)
				);
			}
			Ok(())
		},
		Some(Command::CheckBlock(args)) => {
			args.shared.init_logging();
			let client = open_client(&args.shared)?;
			let hash = block_of(&client, &args.input)?;
			let number = client.expect_header(hash)?.number;
			anyhow::ensure!(
				number > 0,
				"the genesis block is built from the chain spec, not checked"
			);
			let started = std::time::Instant::now();
			client.check_block(hash).with_context(|| format!("block #{number} ({hash:?})"))?;
			log::info!(
				"✅ Block #{number} ({}) checked in {} ms: seal, execution, state root",
				sci_client::short(&hash),
				started.elapsed().as_millis()
			);
			Ok(())
		},
		Some(Command::ExportState(args)) => {
			sci_logging::init(&["warn".to_string()]);
			let client = open_client(&args.shared)?;
			let hash = match &args.input {
				Some(input) => block_of(&client, input)?,
				None => client.info().best_hash,
			};
			let storage = client.export_state(hash)?;
			let spec = client.spec().clone().with_raw_genesis(storage);
			println!("{}", spec.to_json()?);
			Ok(())
		},
		Some(Command::ChainInfo(args)) => {
			sci_logging::init(&["warn".to_string()]);
			let info = open_client(&args.shared)?.info();
			let json = ChainInfoJson {
				best_hash: info.best_hash,
				best_number: info.best_number,
				genesis_hash: info.genesis_hash,
				finalized_hash: info.finalized_hash,
				finalized_number: info.finalized_number,
			};
			println!("{}", serde_json::to_string(&json)?);
			Ok(())
		},
		Some(Command::ImportBlocks(args)) => {
			args.shared.init_logging();
			let client = open_client(&args.shared)?;
			let input: Box<dyn std::io::Read> = match &args.input {
				Some(path) => Box::new(
					std::fs::File::open(path)
						.with_context(|| format!("opening {}", path.display()))?,
				),
				None => Box::new(std::io::stdin().lock()),
			};
			let imported = crate::blocks::import(&client, args.binary, input)?;
			log::info!(
				"🎉 Imported {} blocks ({} already known). Best: #{}",
				imported.new,
				imported.known,
				client.info().best_number
			);
			Ok(())
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn run_args(args: &[&str]) -> RunArgs {
		let cli = Cli::try_parse_from([&["sci-node"], args].concat()).expect("valid arguments");
		cli.run
	}

	#[test]
	fn a_password_protected_keystore_signs_only_with_its_password() {
		use sp_keystore::Keystore;
		let dir = tempfile::tempdir().unwrap();
		let keystore_args = |password: Option<&str>| KeystoreArgs {
			password: password.map(str::to_string),
			..Default::default()
		};
		let key_type = sp_core::crypto::key_types::AURA;
		let locked_args = keystore_args(Some("s3cret"));
		let locked = locked_args.open(dir.path()).unwrap();
		let public =
			locked_args.insert::<sp_core::sr25519::Pair>(&locked, key_type, "//Alice").unwrap();
		let public = sp_core::sr25519::Public::from_raw(public.try_into().unwrap());
		assert!(matches!(locked.sr25519_sign(key_type, &public, b"m"), Ok(Some(_))));
		for wrong in [None, Some("guess")] {
			let reopened = keystore_args(wrong).open(dir.path()).unwrap();
			assert!(
				!matches!(reopened.sr25519_sign(key_type, &public, b"m"), Ok(Some(_))),
				"signed with password {wrong:?}"
			);
		}
		// The key is on disk: the right password finds it after a reopen.
		let reopened = locked_args.open(dir.path()).unwrap();
		assert!(matches!(reopened.sr25519_sign(key_type, &public, b"m"), Ok(Some(_))));
		let keystore_path = dir.path().join("elsewhere");
		let elsewhere =
			KeystoreArgs { keystore_path: Some(keystore_path.clone()), ..Default::default() };
		let keystore = elsewhere.open(dir.path()).unwrap();
		elsewhere.insert::<sp_core::sr25519::Pair>(&keystore, key_type, "//Bob").unwrap();
		assert_eq!(std::fs::read_dir(&keystore_path).unwrap().count(), 1);
	}

	#[test]
	fn auto_serves_unsafe_methods_only_on_loopback() {
		let v4: std::net::IpAddr = [127, 0, 0, 1].into();
		let v6: std::net::IpAddr = std::net::Ipv6Addr::LOCALHOST.into();
		let all: std::net::IpAddr = [0, 0, 0, 0].into();
		assert!(!deny_unsafe(v4, RpcMethods::Auto));
		assert!(!deny_unsafe(v6, RpcMethods::Auto));
		assert!(deny_unsafe(all, RpcMethods::Auto));
		assert!(deny_unsafe(v4, RpcMethods::Safe));
		assert!(!deny_unsafe(all, RpcMethods::Unsafe));
	}

	#[test]
	fn rpc_external_on_a_validator_needs_an_override() {
		let interface = |args: &[&str], validator| {
			rpc_interface(&run_args(args), validator).map(|ip| ip.is_unspecified())
		};
		assert!(interface(&["--rpc-external"], true).is_err());
		assert!(interface(&["--rpc-external", "--rpc-methods", "safe"], true).is_err());
		assert_eq!(
			interface(&["--rpc-external", "--rpc-methods", "unsafe"], true).ok(),
			Some(true)
		);
		assert_eq!(interface(&["--unsafe-rpc-external"], true).ok(), Some(true));
		assert_eq!(interface(&["--rpc-external"], false).ok(), Some(true));
		assert_eq!(interface(&[], true).ok(), Some(false));
	}
}
