//! `key` subcommands: put session keys into a node's keystore, make and inspect node keys and
//! key URIs — the polkadot-sdk `key` tool's commands an operator needs to launch a validator.

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use sci_chain_spec::ChainSpec;
use sci_executor::WasmExecutor;
use sp_core::{
	crypto::{KeyTypeId, Ss58Codec},
	ed25519, sr25519, Pair,
};
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
	/// Generate a random key: its secret phrase, seed, public key and account.
	Generate(GenerateArgs),
	/// Sign a message with a secret URI; prints the signature as hex.
	Sign(SignArgs),
	/// Check a signature against a public key (hex, SS58 address, or a secret URI).
	Verify(VerifyArgs),
	/// Generate random keys until one's SS58 address contains a pattern.
	Vanity(VanityArgs),
}

/// `key generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
	/// The key's signature scheme.
	#[arg(long, value_enum, default_value_t = Scheme::Sr25519)]
	pub scheme: Scheme,
	/// Words in the secret phrase: 12, 15, 18, 21 or 24.
	#[arg(long, default_value_t = 12)]
	pub words: usize,
}

/// The message of `key sign` and `key verify`.
#[derive(Debug, Args)]
pub struct MessageArgs {
	/// The message; read from standard input when not given.
	#[arg(long)]
	pub message: Option<String>,
	/// The message is hex (with or without `0x`).
	#[arg(long)]
	pub hex: bool,
}

impl MessageArgs {
	fn bytes(&self) -> anyhow::Result<Vec<u8>> {
		let text = match &self.message {
			Some(message) => message.clone(),
			None => std::io::read_to_string(std::io::stdin()).context("reading the message")?,
		};
		if self.hex {
			hex::decode(text.trim().trim_start_matches("0x")).context("the message is not hex")
		} else {
			Ok(text.into_bytes())
		}
	}
}

/// `key sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
	/// The secret URI of the signing key.
	#[arg(long)]
	pub suri: String,
	/// The key's signature scheme.
	#[arg(long, value_enum, default_value_t = Scheme::Sr25519)]
	pub scheme: Scheme,
	/// What to sign.
	#[command(flatten)]
	pub message: MessageArgs,
}

/// `key verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
	/// The signature, hex.
	pub signature: String,
	/// The public key (hex or SS58) or a secret URI.
	pub public: String,
	/// The key's signature scheme.
	#[arg(long, value_enum, default_value_t = Scheme::Sr25519)]
	pub scheme: Scheme,
	/// What was signed.
	#[command(flatten)]
	pub message: MessageArgs,
}

/// `key vanity`.
#[derive(Debug, Args)]
pub struct VanityArgs {
	/// Base-58 characters the address must contain; each one multiplies the search by ~58.
	#[arg(long)]
	pub pattern: String,
	/// The key's signature scheme.
	#[arg(long, value_enum, default_value_t = Scheme::Sr25519)]
	pub scheme: Scheme,
}

/// Longest `key vanity` pattern: five characters already take ~650 million tries on average.
const MAX_VANITY_PATTERN: usize = 4;

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
	/// Where the keystore is, and its password.
	#[command(flatten)]
	pub keystore: crate::cli::KeystoreArgs,
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
		KeyCommand::Generate(args) => match args.scheme {
			Scheme::Sr25519 => generate::<sr25519::Pair>(args.words),
			Scheme::Ed25519 => generate::<ed25519::Pair>(args.words),
		},
		KeyCommand::Sign(args) => {
			let message = args.message.bytes()?;
			let signature = match args.scheme {
				Scheme::Sr25519 => sign::<sr25519::Pair>(&args.suri, &message)?,
				Scheme::Ed25519 => sign::<ed25519::Pair>(&args.suri, &message)?,
			};
			println!("0x{}", hex::encode(signature));
			Ok(())
		},
		KeyCommand::Verify(args) => {
			let message = args.message.bytes()?;
			let valid = match args.scheme {
				Scheme::Sr25519 => {
					verify::<sr25519::Pair>(&args.signature, &args.public, &message)?
				},
				Scheme::Ed25519 => {
					verify::<ed25519::Pair>(&args.signature, &args.public, &message)?
				},
			};
			anyhow::ensure!(valid, "Signature invalid.");
			println!("Signature verifies correctly.");
			Ok(())
		},
		KeyCommand::Vanity(args) => match args.scheme {
			Scheme::Sr25519 => vanity::<sr25519::Pair>(&args.pattern),
			Scheme::Ed25519 => vanity::<ed25519::Pair>(&args.pattern),
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

/// Print a generated key as polkadot-sdk's `key generate` does.
fn print_generated<P: Pair>(pair: &P, phrase: &str)
where
	sp_runtime::MultiSigner: From<P::Public>,
{
	let public = pair.public();
	let account = sp_runtime::MultiSigner::from(public.clone()).into_account();
	println!("Secret phrase:       {phrase}");
	println!("  Network ID:        substrate");
	println!("  Secret seed:       0x{}", hex::encode(pair.to_raw_vec()));
	println!("  Public key (hex):  0x{}", hex::encode(public.as_ref()));
	println!("  Account ID:        0x{}", hex::encode(AsRef::<[u8]>::as_ref(&account)));
	println!("  Public key (SS58): {}", public.to_ss58check());
	println!("  SS58 Address:      {}", account.to_ss58check());
}

fn generate<P: Pair>(words: usize) -> anyhow::Result<()>
where
	sp_runtime::MultiSigner: From<P::Public>,
{
	let mnemonic =
		bip39::Mnemonic::generate(words).map_err(|e| anyhow::anyhow!("--words {words}: {e}"))?;
	let phrase = mnemonic.words().collect::<Vec<_>>().join(" ");
	let pair = P::from_phrase(&phrase, None).map_err(|e| anyhow::anyhow!("{e:?}"))?.0;
	print_generated(&pair, &phrase);
	Ok(())
}

fn sign<P: Pair>(suri: &str, message: &[u8]) -> anyhow::Result<Vec<u8>> {
	let pair = P::from_string(suri, None).map_err(|e| anyhow::anyhow!("invalid URI: {e:?}"))?;
	Ok(pair.sign(message).as_ref().to_vec())
}

fn verify<P: Pair>(signature: &str, public: &str, message: &[u8]) -> anyhow::Result<bool> {
	let bytes =
		hex::decode(signature.trim_start_matches("0x")).context("the signature is not hex")?;
	let signature = P::Signature::try_from(&bytes[..]).map_err(|_| {
		anyhow::anyhow!("a signature of {} bytes is not one of this scheme", bytes.len())
	})?;
	let public = match hex::decode(public.trim_start_matches("0x")) {
		Ok(raw) => P::Public::try_from(&raw[..]).map_err(|_| {
			anyhow::anyhow!("{} bytes are not a public key of this scheme", raw.len())
		})?,
		Err(_) => match P::Public::from_ss58check(public) {
			Ok(public) => public,
			Err(_) => P::from_string(public, None)
				.map_err(|e| anyhow::anyhow!("neither a public key nor a secret URI: {e:?}"))?
				.public(),
		},
	};
	Ok(P::verify(&signature, message, &public))
}

fn vanity<P: Pair>(pattern: &str) -> anyhow::Result<()>
where
	sp_runtime::MultiSigner: From<P::Public>,
{
	const BASE58: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
	anyhow::ensure!(
		!pattern.is_empty() && pattern.len() <= MAX_VANITY_PATTERN,
		"--pattern must be 1 to {MAX_VANITY_PATTERN} characters"
	);
	if let Some(c) = pattern.chars().find(|c| !BASE58.contains(*c)) {
		anyhow::bail!("{c:?} never appears in an SS58 address (base 58 has no 0, O, I or l)");
	}
	let started = std::time::Instant::now();
	for tries in 1u64.. {
		let mnemonic = bip39::Mnemonic::generate(12).map_err(|e| anyhow::anyhow!("{e}"))?;
		let phrase = mnemonic.words().collect::<Vec<_>>().join(" ");
		let pair = P::from_phrase(&phrase, None).map_err(|e| anyhow::anyhow!("{e:?}"))?.0;
		let account = sp_runtime::MultiSigner::from(pair.public()).into_account();
		if account.to_ss58check().contains(pattern) {
			eprintln!("found after {tries} tries in {:.1} s", started.elapsed().as_secs_f64());
			print_generated(&pair, &phrase);
			return Ok(());
		}
	}
	unreachable!("the search runs until it finds a key")
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
	let spec = ChainSpec::load(&args.shared.chain(), &WasmExecutor::new()?)?;
	let default_dir = args.shared.base_path().join("chains").join(&spec.id).join("keystore");
	let dir = args.keystore.keystore_path.clone().unwrap_or(default_dir);
	let keystore = args.keystore.open(&dir)?;
	// Derived with the keystore's password, if it has one, as the keystore derives it.
	let public = match scheme {
		Scheme::Sr25519 => args.keystore.insert::<sr25519::Pair>(&keystore, key_type, &args.suri),
		Scheme::Ed25519 => args.keystore.insert::<ed25519::Pair>(&keystore, key_type, &args.suri),
	}
	.with_context(|| format!("storing the key in {}", dir.display()))?;
	eprintln!(
		"Inserted a {scheme:?} {} key 0x{} into {}",
		args.key_type,
		hex::encode(&public),
		dir.display()
	);
	Ok(())
}
