//! Block import: a second node re-executes the first node's blocks and reaches identical state
//! roots; tampered blocks are rejected with a clear error and leave the importer unchanged.

mod common;

use codec::{Decode, Encode};
use common::{account_key, decode_account, signed};
use sci_node::{
	authoring,
	chain_spec::ChainSpec,
	client::{Client, ImportError, ImportOutcome},
	consensus,
	db::Db,
	executor::WasmExecutor,
	pool::{PoolLimits, TransactionPool},
	signature_check::{runtime_has_api, CheckedAhead},
};
use sci_primitives::{opaque::Block, units::UNIT, AccountId, Hash};
use sci_runtime_test_utils::{signed_in_era, transfer, ChainContext};
use sp_consensus_aura::sr25519::AuthorityPair;
use sp_core::Pair;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::{Era, Preamble},
	traits::IdentifyAccount,
	transaction_validity::TransactionSource,
	MultiSignature, OpaqueExtrinsic,
};
use std::{
	sync::Arc,
	time::{Duration, Instant},
};

fn open_dev(dir: &std::path::Path) -> Arc<Client> {
	let executor = WasmExecutor::new().unwrap();
	let spec = ChainSpec::load("dev", &executor).unwrap();
	Client::open(Db::open(dir).unwrap(), spec, executor).unwrap()
}

fn alice_key() -> AuthorityPair {
	AuthorityPair::from_string("//Alice", None).unwrap()
}

/// Author one block on the best block in `slot`, with whatever the pool holds; none of it may
/// be rejected.
fn author(client: &Client, pool: &TransactionPool, slot: u64) -> Block {
	let (block, invalid) = author_dropping_invalid(client, pool, slot);
	assert!(invalid.is_empty(), "{invalid:?}");
	block
}

/// Author one block as [`author`] does, dropping from the pool what the runtime rejected (as
/// the node does); returns the block and the rejected transactions' hashes.
fn author_dropping_invalid(
	client: &Client,
	pool: &TransactionPool,
	slot: u64,
) -> (Block, Vec<Hash>) {
	let key = alice_key();
	let claim = authoring::SlotClaim {
		parent: client.info().best_hash,
		slot: slot.into(),
		timestamp_ms: slot * 1000,
		key: &key,
		deadline: Instant::now() + Duration::from_secs(30),
		finalize: true,
	};
	let proposal = authoring::propose(client, pool, claim).unwrap();
	let block = proposal.executed.block.clone();
	assert_eq!(block.extrinsics.len(), proposal.included.len() + 1, "and the timestamp");
	pool.remove_invalid(&proposal.invalid);
	client.commit_block(proposal.executed).unwrap();
	pool.on_block_included(block.header.hash(), block.header.number, &proposal.included);
	(block, proposal.invalid.into_iter().map(|(hash, _)| hash).collect())
}

/// Replace the seal of `block` with a fresh one by Alice (what a malicious author could do).
fn reseal(mut block: Block) -> Block {
	block.header.digest.logs.pop();
	block.header = consensus::seal(block.header, &alice_key());
	block
}

fn chain_context(client: &Client) -> ChainContext {
	let info = client.info();
	let version = client.runtime_version(info.best_hash).unwrap();
	ChainContext::new(info.genesis_hash, &version)
}

#[test]
fn blocks_import_with_identical_state_and_tampered_blocks_are_rejected() {
	let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
	let a = open_dev(dir_a.path());
	let pool = TransactionPool::new(a.clone(), PoolLimits::default());
	let first_slot = u64::from(consensus::current_slot(1000)) - 100;

	let mut blocks = Vec::new();
	let bob = Sr25519Keyring::Bob.to_account_id();
	let chain = chain_context(&a);
	for i in 0..6u64 {
		if i == 2 {
			let tx =
				signed(transfer(&bob, 1_000_000_000_000), &Sr25519Keyring::Alice.pair(), 0, &chain);
			pool.submit(TransactionSource::External, &tx).unwrap();
		}
		blocks.push(author(&a, &pool, first_slot + i));
	}
	assert_eq!(a.info().best_number, 6);
	assert_eq!(blocks[2].extrinsics.len(), 2, "timestamp and the transfer");

	let b = open_dev(dir_b.path());
	assert_eq!(b.info().genesis_hash, a.info().genesis_hash);
	for block in &blocks[..2] {
		assert!(matches!(
			b.import_block(block.clone(), None).unwrap(),
			ImportOutcome::Imported { best: true, .. }
		));
	}
	let before = b.info();
	let next = blocks[2].clone();

	// A changed header without a new seal: the signature no longer matches.
	let mut unsealed = next.clone();
	unsealed.header.state_root = Hash::repeat_byte(7);
	let err = b.import_block(unsealed, None).unwrap_err();
	assert!(matches!(err, ImportError::Seal(consensus::SealError::BadSignature { .. })), "{err}");

	// A wrong state root, sealed by the rightful author: re-execution catches it.
	let mut bad_root = next.clone();
	bad_root.header.state_root = Hash::repeat_byte(7);
	let err = b.import_block(reseal(bad_root), None).unwrap_err();
	assert!(matches!(err, ImportError::Execution(_)), "{err}");
	assert!(err.to_string().contains("Storage root must match"), "{err}");

	// A changed extrinsic (the transfer's amount), sealed: the extrinsics root no longer matches.
	let mut bad_tx = next.clone();
	let mut bytes = bad_tx.extrinsics[1].encode();
	let last = bytes.len() - 1;
	bytes[last] ^= 1;
	bad_tx.extrinsics[1] = OpaqueExtrinsic::try_from_encoded_extrinsic(&bytes).unwrap();
	let err = b.import_block(reseal(bad_tx), None).unwrap_err();
	assert!(matches!(err, ImportError::Execution(_)), "{err}");

	// An unknown parent.
	let mut orphan = blocks[4].clone();
	orphan.header.parent_hash = Hash::repeat_byte(9);
	assert!(matches!(b.import_block(orphan, None).unwrap_err(), ImportError::UnknownParent(_)));

	// Nothing of the rejected blocks was kept.
	assert_eq!(b.info(), before);
	assert!(b.header(next.header.hash()).unwrap().is_none());

	for block in &blocks[2..] {
		b.import_block(block.clone(), None).unwrap();
	}
	assert_eq!(
		b.import_block(blocks[5].clone(), None).unwrap(),
		ImportOutcome::AlreadyInChain(blocks[5].header.hash())
	);
	assert_eq!(b.info().best_hash, a.info().best_hash);
	for block in &blocks {
		let hash = block.header.hash();
		assert_eq!(
			b.expect_header(hash).unwrap().state_root,
			a.expect_header(hash).unwrap().state_root
		);
	}
	// The transfer arrived on both.
	let key = common::account_key(&bob);
	let bob_a = common::decode_account(a.storage(a.info().best_hash, &key).unwrap()).unwrap();
	let bob_b = common::decode_account(b.storage(b.info().best_hash, &key).unwrap()).unwrap();
	assert_eq!(bob_a, bob_b);
	assert_eq!(bob_a.data.free, sci_runtime::genesis_presets::DEV_ENDOWMENT + 1_000_000_000_000);
}

#[test]
fn reopening_the_database_resumes_at_the_same_block() {
	let dir = tempfile::tempdir().unwrap();
	let first_slot = u64::from(consensus::current_slot(1000)) - 100;
	let info = {
		let client = open_dev(dir.path());
		let pool = TransactionPool::new(client.clone(), PoolLimits::default());
		for i in 0..3 {
			author(&client, &pool, first_slot + i);
		}
		client.info()
	};
	let client = open_dev(dir.path());
	assert_eq!(client.info(), info);
	assert_eq!(client.info().best_number, 3);
}

/// `extrinsic` with one bit of its sr25519 signature flipped.
fn forge_signature(extrinsic: &OpaqueExtrinsic) -> OpaqueExtrinsic {
	let mut xt = sci_runtime::UncheckedExtrinsic::decode(&mut &extrinsic.encode()[..]).unwrap();
	match &mut xt.preamble {
		Preamble::Signed(_, MultiSignature::Sr25519(signature), _) => signature.0[0] ^= 1,
		other => panic!("not an sr25519-signed extrinsic: {other:?}"),
	}
	OpaqueExtrinsic::try_from_encoded_extrinsic(&xt.encode()).unwrap()
}

#[test]
fn signatures_are_checked_ahead_of_import_as_execution_checks_them() {
	let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
	let a = open_dev(dir_a.path());
	let pool = TransactionPool::new(a.clone(), PoolLimits::default());
	let first_slot = u64::from(consensus::current_slot(1000)) - 100;
	// Accounts whose keys are ed25519 and ECDSA: a `MultiSignature` may be either, and the
	// executor remembers their checks as it does sr25519's (an ECDSA check recovers the key).
	let ed = sp_core::ed25519::Pair::from_string("//Ed", None).unwrap();
	let ecdsa = sp_core::ecdsa::Pair::from_string("//Ecdsa", None).unwrap();
	let (ed_account, ecdsa_account) = (
		sp_runtime::MultiSigner::from(ed.public()).into_account(),
		sp_runtime::MultiSigner::from(ecdsa.public()).into_account(),
	);
	let chain = chain_context(&a);
	let dave = Sr25519Keyring::Dave.pair();
	for (nonce, account) in [&ed_account, &ecdsa_account].into_iter().enumerate() {
		let tx = signed(transfer(account, 10 * UNIT), &dave, nonce as u32, &chain);
		pool.submit(TransactionSource::External, &tx).unwrap();
	}
	for i in 0..3 {
		author(&a, &pool, first_slot + i);
	}
	// Immortal transfers, and mortal ones whose era starts at the parent, as wallets sign
	// them: their signed payload holds the parent's hash, which the check must find as the
	// block's execution does.
	let parent = a.info();
	let ferdie = Sr25519Keyring::Ferdie.to_account_id();
	let senders = [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie];
	for (i, sender) in senders.iter().enumerate() {
		for nonce in 0..6u32 {
			let (era, checkpoint) = if nonce % 2 == 0 {
				(Era::Immortal, chain.genesis_hash)
			} else {
				(Era::mortal(64, parent.best_number.into()), parent.best_hash)
			};
			let call = transfer(&ferdie, 1_000_000_000 * (i as u128 + 1) + u128::from(nonce));
			let tx = signed_in_era(call, &sender.pair(), nonce, &chain, era, checkpoint, 0);
			pool.submit(TransactionSource::External, &tx.encode()).unwrap();
		}
	}
	let genesis = chain.genesis_hash;
	let tx = signed_in_era(transfer(&ferdie, UNIT), &ed, 0, &chain, Era::Immortal, genesis, 0);
	pool.submit(TransactionSource::External, &tx.encode()).unwrap();
	let tx = signed_in_era(transfer(&ferdie, UNIT), &ecdsa, 0, &chain, Era::Immortal, genesis, 0);
	pool.submit(TransactionSource::External, &tx.encode()).unwrap();
	let block = author(&a, &pool, first_slot + 3);
	assert_eq!(block.extrinsics.len(), 21, "timestamp, 18 sr25519, 1 ed25519 and 1 ECDSA transfer");
	let nonce = |who: &AccountId| {
		decode_account(a.storage(a.info().best_hash, &account_key(who)).unwrap()).unwrap().nonce
	};
	assert_eq!((nonce(&ed_account), nonce(&ecdsa_account)), (1, 1), "both applied");

	let b = open_dev(dir_b.path());
	for number in 1..=3 {
		let earlier = a.block(a.hash(number).unwrap().unwrap()).unwrap().unwrap();
		b.import_block(earlier, None).unwrap();
	}
	let version = b.runtime_version(parent.best_hash).unwrap();
	assert!(runtime_has_api(&version));
	assert_eq!(b.check_signatures(parent.best_hash, &block.extrinsics).unwrap(), vec![true; 21]);

	// A forged signature is reported, the rest still pass.
	let mut forged = block.extrinsics.clone();
	forged[7] = forge_signature(&forged[7]);
	let mut expected = vec![true; 21];
	expected[7] = false;
	assert_eq!(b.check_signatures(parent.best_hash, &forged).unwrap(), expected);
	// Checked against another block's state, the mortal transfers' checkpoint is not theirs.
	let grandparent = a.hash(parent.best_number - 1).unwrap().unwrap();
	let valid = b.check_signatures(grandparent, &block.extrinsics).unwrap();
	assert_eq!(valid.iter().filter(|v| !**v).count(), 9, "the mortal transfers fail: {valid:?}");

	// While the block executes (here: a second), another thread checks every extrinsic.
	let extrinsics = &block.extrinsics;
	let ((), ahead) =
		b.execute_with_signatures_checked_ahead(parent.best_hash, &version, extrinsics, || {
			std::thread::sleep(Duration::from_secs(1))
		});
	assert_eq!(ahead, CheckedAhead { checked: 21, valid: 21 });

	// The block imports with the author's state root.
	b.import_block(block.clone(), None).unwrap();
	assert_eq!(b.info().best_hash, a.info().best_hash);
}

/// Pool transactions are applied many per runtime call (`BatchApply`): one rejected in the
/// middle of a batch is left out, one whose call fails is included with its fee paid, and
/// those after both are applied; in a full block, the transaction there is no room for is
/// rolled back after its nonce check has written (a storage transaction per transaction, as
/// with one call each). A fresh node executing the blocks, with no storage transactions of
/// its own, reaches the author's state roots.
#[test]
fn a_batch_leaves_out_what_the_runtime_rejects_and_builds_what_import_replays() {
	let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
	let a = open_dev(dir_a.path());
	// Whole blocks from a few senders are queued at once: no per-sender limit.
	let pool = TransactionPool::new(a.clone(), PoolLimits::unbounded());
	let first_slot = u64::from(consensus::current_slot(1000)) - 100;
	let chain = chain_context(&a);
	let ferdie = Sr25519Keyring::Ferdie.to_account_id();
	let submit = |call, sender: &sp_core::sr25519::Pair, nonce| {
		let tx = signed(call, sender, nonce, &chain);
		pool.submit(TransactionSource::External, &tx).unwrap()
	};
	let (alice, bob, charlie) =
		(Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie);
	let others: Vec<_> = Sr25519Keyring::well_known()
		.filter(|k| ![alice, bob, charlie].contains(k))
		.map(|k| k.pair())
		.collect();
	let fill = |nonces: std::ops::Range<u32>| {
		for nonce in nonces {
			for sender in &others {
				submit(transfer(&ferdie, 2_000_000_000 + u128::from(nonce)), sender, nonce);
			}
		}
	};

	for nonce in 0..4 {
		submit(transfer(&ferdie, 1_000_000_000 + u128::from(nonce)), &alice.pair(), nonce);
	}
	// Bob gives away everything he has, then cannot pay his second transaction's fee: the pool
	// admitted it against the state before the first.
	let everything = sci_runtime::RuntimeCall::Balances(pallet_balances::Call::transfer_all {
		dest: ferdie.clone().into(),
		keep_alive: false,
	});
	submit(everything, &bob.pair(), 0);
	let rejected = submit(transfer(&ferdie, 1_000_000_000), &bob.pair(), 1);
	// Charlie's transfer is more than he has: it fails, and is in the block with its fee paid.
	let endowment = sci_runtime::genesis_presets::DEV_ENDOWMENT;
	submit(transfer(&ferdie, endowment + 1), &charlie.pair(), 0);
	fill(0..4);
	let (first, invalid) = author_dropping_invalid(&a, &pool, first_slot);
	assert_eq!(invalid, [rejected]);
	assert_eq!(first.extrinsics.len(), 1 + 4 + 1 + 1 + 9 * 4, "all but Bob's second");
	let account = |who: Sr25519Keyring| {
		let raw = a.storage(a.info().best_hash, &account_key(&who.to_account_id())).unwrap();
		decode_account(raw)
	};
	let charlie = account(charlie).unwrap();
	assert_eq!(charlie.nonce, 1, "Charlie's failed transfer is in the block");
	assert!(charlie.data.free < endowment && charlie.data.free > endowment - UNIT, "only the fee");
	assert_eq!(account(alice).unwrap().nonce, 4);
	assert!(account(bob).is_none(), "Bob's account is gone");

	// More than a block holds: 1,950 transfers between new accounts, about 6,600 among these
	// few, whose accounts the access refund charges once a block (2026-11-24).
	let more = 4..1_504;
	let submitted = 9 * more.len();
	fill(more);
	let second = author(&a, &pool, first_slot + 1);
	let included = second.extrinsics.len() - 1;
	assert!(included > 1_000 && included < submitted, "the block is full: {included}");

	let b = open_dev(dir_b.path());
	b.import_block(first, None).unwrap();
	b.import_block(second, None).unwrap();
	assert_eq!(b.info().best_hash, a.info().best_hash);
}
