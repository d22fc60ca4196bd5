//! `export-blocks` and `import-blocks` in polkadot-sdk's file formats, streamed one block at a
//! time (memory does not grow with the range):
//!
//! * binary (`--binary`): the number of blocks as a SCALE `u64`, then each block as a SCALE
//!   `SignedBlock` (block and justifications);
//! * JSON: one `SignedBlock` JSON value after another (`{"block":{"header":…,"extrinsics":[…]},
//!   "justifications":…}`), as `chain_getBlock` returns them.

use anyhow::Context;
use codec::{Decode, Encode, IoReader};
use sci_client::{Client, ImportOutcome};
use sci_primitives::{opaque::Block, BlockNumber};
use sp_runtime::generic::SignedBlock;
use std::io::{Read, Write};

/// Progress is logged every this many blocks.
const PROGRESS_EVERY: u64 = 1_000;

/// Write blocks `from..=to` of the canonical chain to `out`; returns how many.
pub fn export(
	client: &Client,
	from: BlockNumber,
	to: BlockNumber,
	binary: bool,
	mut out: impl Write,
) -> anyhow::Result<u64> {
	anyhow::ensure!(from <= to, "invalid block range: #{from} is above #{to}");
	log::info!("Exporting blocks from #{from} to #{to}");
	let count = u64::from(to - from) + 1;
	if binary {
		out.write_all(&count.encode())?;
	}
	for number in from..=to {
		let hash = client.hash(number)?.with_context(|| format!("no block #{number}"))?;
		let block = client.block(hash)?.with_context(|| format!("block #{number} has no body"))?;
		let signed = SignedBlock { block, justifications: client.justifications(hash)? };
		if binary {
			out.write_all(&signed.encode())?;
		} else {
			serde_json::to_writer(&mut out, &signed)?;
		}
		if u64::from(number - from + 1) % PROGRESS_EVERY == 0 {
			log::info!("#{number}");
		}
	}
	out.flush()?;
	Ok(count)
}

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
	/// Blocks checked, executed and stored.
	pub new: u64,
	/// Blocks the chain already had.
	pub known: u64,
}

/// Import the blocks of `input`, checking and executing each; stops at the first that fails.
pub fn import(client: &Client, binary: bool, input: impl Read) -> anyhow::Result<Imported> {
	let mut imported = Imported::default();
	let mut import_one = |signed: SignedBlock<Block>| -> anyhow::Result<()> {
		let number = signed.block.header.number;
		match client
			.import_block(signed.block, signed.justifications)
			.with_context(|| format!("block #{number}"))?
		{
			ImportOutcome::Imported { .. } => imported.new += 1,
			ImportOutcome::AlreadyInChain(_) => imported.known += 1,
		}
		let done = imported.new + imported.known;
		if done % PROGRESS_EVERY == 0 {
			log::info!("⚙️  Imported {done} blocks (best #{})", client.info().best_number);
		}
		Ok(())
	};
	if binary {
		let mut reader = IoReader(input);
		let count = u64::decode(&mut reader).context("reading the number of blocks")?;
		log::info!("Importing {count} blocks");
		for i in 0..count {
			let signed = SignedBlock::<Block>::decode(&mut reader).with_context(|| {
				format!("decoding block {} of {count} (a truncated or corrupt file)", i + 1)
			})?;
			import_one(signed)?;
		}
	} else {
		let stream = serde_json::Deserializer::from_reader(std::io::BufReader::new(input));
		for (i, signed) in stream.into_iter::<SignedBlock<Block>>().enumerate() {
			import_one(signed.with_context(|| format!("decoding JSON block {}", i + 1))?)?;
		}
	}
	Ok(imported)
}
