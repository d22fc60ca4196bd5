//! A dev chain built block by block for the client's tests, as the authoring crate builds it.

use crate::{consensus, state_version, Client, ClientError, ClientOptions, ExecutedBlock};
use codec::Encode;
use sci_chain_spec::ChainSpec;
use sci_executor::WasmExecutor;
use sci_primitives::{opaque::Block, Hash, Header};
use sci_storage::db::Db;
use sp_consensus_aura::sr25519::AuthorityPair;
use sp_core::{traits::CallContext, Pair};
use sp_runtime::{
	traits::{Block as _, Header as _},
	Digest, OpaqueExtrinsic,
};
use sp_state_machine::OverlayedChanges;
use std::{collections::BTreeMap, path::Path, sync::Arc};

pub(crate) fn open(dir: &Path) -> Arc<Client> {
	open_with(dir, Default::default()).unwrap()
}

/// The dev chain's client in `dir` with `options`.
pub(crate) fn open_with(dir: &Path, options: ClientOptions) -> Result<Arc<Client>, ClientError> {
	let executor = WasmExecutor::new().unwrap();
	let spec = ChainSpec::load("dev", &executor).unwrap();
	Client::open_with(Db::open(dir).unwrap(), spec, executor, options)
}

/// The first slot the test chain uses: in the past, so that another client imports its
/// blocks at once (a slot more than one ahead of the clock is refused).
pub(crate) fn first_slot(client: &Client) -> u64 {
	let duration = consensus::slot_duration(client, client.info().genesis_hash).unwrap();
	u64::from(consensus::current_slot(duration)) - 1000
}

/// Build, seal and commit a block with only the timestamp inherent on `parent`, as the
/// authoring crate does (Alice is the dev chain's only Aura authority).
pub(crate) fn build_block(client: &Client, parent: Hash, slot: u64, finalize: bool) -> Block {
	let parent_header = client.expect_header(parent).unwrap();
	let duration = consensus::slot_duration(client, parent).unwrap();
	let backend = client.state_to_build_on(parent).unwrap();
	let version = client.runtime_version(parent).unwrap();
	let mut overlay = OverlayedChanges::default();
	let context = CallContext::Onchain { import: false };
	let header = Header::new(
		parent_header.number + 1,
		Default::default(),
		Default::default(),
		parent,
		Digest { logs: vec![consensus::pre_digest(slot.into())] },
	);
	client
		.execute(&backend, &mut overlay, "Core_initialize_block", &header.encode(), context)
		.unwrap();
	// `InherentData` encodes as its map of identifiers to encoded data.
	let inherent_data = BTreeMap::from([(*b"timstap0", (slot * duration).encode())]);
	let inherents = client
		.execute(
			&backend,
			&mut overlay,
			"BlockBuilder_inherent_extrinsics",
			&inherent_data.encode(),
			context,
		)
		.unwrap();
	let inherents: Vec<OpaqueExtrinsic> = crate::decode("inherents", &inherents).unwrap();
	for inherent in &inherents {
		let result = client
			.execute(
				&backend,
				&mut overlay,
				"BlockBuilder_apply_extrinsic",
				&inherent.encode(),
				context,
			)
			.unwrap();
		let result: sp_runtime::ApplyExtrinsicResult =
			crate::decode("apply result", &result).unwrap();
		assert!(matches!(result, Ok(Ok(()))), "{result:?}");
	}
	let header = client
		.execute(&backend, &mut overlay, "BlockBuilder_finalize_block", &[], context)
		.unwrap();
	let header: Header = crate::decode("header", &header).unwrap();
	let changes = overlay.drain_storage_changes(&backend, state_version(&version)).unwrap();
	assert_eq!(changes.transaction_storage_root, header.state_root);
	let key = AuthorityPair::from_string("//Alice", None).unwrap();
	let block = Block::new(consensus::seal(header, &key), inherents);
	client
		.commit_block(ExecutedBlock {
			block: block.clone(),
			changes,
			justifications: None,
			finalize,
		})
		.unwrap();
	block
}

/// A dev chain of `len` finalized blocks after genesis.
pub(crate) fn chain(client: &Client, len: u64) -> Vec<Block> {
	chain_finalizing(client, len, true)
}

/// A dev chain of `len` blocks after genesis, each finalized if `finalize`.
pub(crate) fn chain_finalizing(client: &Client, len: u64, finalize: bool) -> Vec<Block> {
	let mut parent = client.info().genesis_hash;
	let slot = first_slot(client);
	(1..=len)
		.map(|i| {
			let block = build_block(client, parent, slot + i, finalize);
			parent = block.header().hash();
			block
		})
		.collect()
}
