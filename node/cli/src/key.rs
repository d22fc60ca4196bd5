//! `key` subcommands: put session keys into a node's keystore, make and inspect node keys and
//! key URIs — the polkadot-sdk `key` tool's commands an operator needs to launch a validator.

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use sc_keystore::LocalKeystore;
use sci_chain_spec::ChainSpec;
use sci_executor::WasmExecutor;
use sp_core::{
	crypto::{KeyTypeId, Ss58Codec},
	ed25519, sr25519, Pair,
};
use sp_keystore::Keystore;
use sp_runtime::traits::IdentifyAccount;
use std::path::PathBuf;

/// `key …`.
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
	/// Insert a key into the node's keystore (`<base-path>/chains/<id>/keystore`).
	Insert(InsertArgs),
	/// Generate a node (libp2p) key: the secret as hex to the file or stdout, the peer id to
	/// stderr.
	GenerateNodeKey(GenerateNodeKeyArgs),
	/// Print the peer id of a node key file.
	InspectNodeKey(InspectNodeKeyArgs),
	/// Print the public key and account of a secret URI (`//Alice`, a phrase, a hex seed).
	Inspect(InspectArgs),
}

/// Signature schemes of session keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scheme {
	/// Schnorrkel sr25519 (Aura, session keys).
	Sr25519,
	/// ed25519 (GRANDPA, node keys).
	Ed25519,
}

/// `key insert`.
#[derive(Debug, Args)]
pub struct InsertArgs {
	/// Chain, base path and logging.
	#[command(flatten)]
	pub shared: crate::cli::SharedArgs,
	/// The secret URI of the key.
	#[arg(long)]
	pub suri: String,
	/// Four-character key type: `aura`, `gran`.
	#[arg(long)]
	pub key_type: String,
	/// The key's scheme (default: ed25519 for `gran`, sr25519 otherwise).
	#[arg(long, value_enum)]
	pub scheme: Option<Scheme>,
}

/// `key generate-node-key`.
#[derive(Debug, Args)]
pub struct GenerateNodeKeyArgs {
	/// Write the secret (hex) to this file instead of stdout.
	#[arg(long)]
	pub file: Option<PathBuf>,
}

/// `key inspect-node-key`.
#[derive(Debug, Args)]
pub struct InspectNodeKeyArgs {
	/// A file holding the secret as 64 hex digits, or as 32 raw bytes.
	#[arg(long)]
	pub file: PathBuf,
}

/// `key inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
	/// The secret URI.
	pub uri: String,
	/// The key's signature scheme.
	#[arg(long, value_enum, default_value_t = Scheme::Sr25519)]
	pub scheme: Scheme,
}

/// Run a `key` subcommand.
pub fn run(command: KeyCommand) -> anyhow::Result<()> {
	match command {
		KeyCommand::Insert(args) => insert(args),
		KeyCommand::GenerateNodeKey(args) => {
			let keypair = libp2p::identity::ed25519::Keypair::generate();
			let secret = hex::encode(keypair.secret().as_ref());
			let peer_id = libp2p::identity::Keypair::from(keypair).public().to_peer_id();
			match args.file {
				Some(file) => std::fs::write(&file, &secret)
					.with_context(|| format!("writing {}", file.display()))?,
				None => println!("{secret}"),
			}
			eprintln!("{peer_id}");
			Ok(())
		},
		KeyCommand::InspectNodeKey(args) => {
			let bytes = std::fs::read(&args.file)
				.with_context(|| format!("reading {}", args.file.display()))?;
			let hex_secret = match std::str::from_utf8(&bytes) {
				Ok(text) if text.trim().len() == 64 => text.trim().to_string(),
				_ => hex::encode(&bytes),
			};
			let keypair = crate::identity::node_keypair(Some(&hex_secret), None)?;
			println!("{}", crate::identity::peer_id(&keypair));
			Ok(())
		},
		KeyCommand::Inspect(args) => {
			let (public, account) = match args.scheme {
				Scheme::Sr25519 => public_and_account::<sr25519::Pair>(&args.uri)?,
				Scheme::Ed25519 => public_and_account::<ed25519::Pair>(&args.uri)?,
			};
			println!("Secret Key URI `{}` is account:", args.uri);
			println!("  Public key (hex): 0x{}", hex::encode(public));
			println!("  SS58 Address:     {account}");
			Ok(())
		},
	}
}

fn public_and_account<P: Pair>(uri: &str) -> anyhow::Result<(Vec<u8>, String)>
where
	sp_runtime::MultiSigner: From<P::Public>,
{
	let pair = P::from_string(uri, None).map_err(|e| anyhow::anyhow!("invalid URI: {e:?}"))?;
	let public = pair.public();
	let account = sp_runtime::MultiSigner::from(public.clone()).into_account();
	Ok((public.as_ref().to_vec(), account.to_ss58check()))
}

fn insert(args: InsertArgs) -> anyhow::Result<()> {
	let key_type: [u8; 4] =
		args.key_type.as_bytes().try_into().map_err(|_| {
			anyhow::anyhow!("--key-type must be four characters, e.g. aura or gran")
		})?;
	let key_type = KeyTypeId(key_type);
	let scheme = args.scheme.unwrap_or(if key_type == sp_core::crypto::key_types::GRANDPA {
		Scheme::Ed25519
	} else {
		Scheme::Sr25519
	});
	let public = match scheme {
		Scheme::Sr25519 => public_and_account::<sr25519::Pair>(&args.suri)?.0,
		Scheme::Ed25519 => public_and_account::<ed25519::Pair>(&args.suri)?.0,
	};
	let spec = ChainSpec::load(&args.shared.chain(), &WasmExecutor::new()?)?;
	let dir = args.shared.base_path().join("chains").join(&spec.id).join("keystore");
	let keystore = LocalKeystore::open(&dir, None)
		.with_context(|| format!("opening the keystore at {}", dir.display()))?;
	keystore
		.insert(key_type, &args.suri, &public)
		.map_err(|()| anyhow::anyhow!("cannot write the key to {}", dir.display()))?;
	eprintln!(
		"Inserted a {scheme:?} {} key 0x{} into {}",
		args.key_type,
		hex::encode(&public),
		dir.display()
	);
	Ok(())
}
