//! Signed SCI transactions built the way a wallet builds them, for the runtime's and the
//! node's tests and benchmarks: immortal, no tip, signed with sr25519 (or, for a test that
//! needs it, any scheme of `MultiSignature`). And the state a chain
//! starts from, built from a genesis preset, and its blocks' start, for runtime tests.

use codec::Encode;
use sci_primitives::{time::SLOT_DURATION, AccountId, Balance, BlockNumber, Hash, Nonce};
use sci_runtime::{
	Executive, Header, RuntimeCall, RuntimeGenesisConfig, SignedPayload, System, TxExtension,
	UncheckedExtrinsic,
};
use sp_core::{sr25519, Pair};
use sp_runtime::{
	generic::{Digest, DigestItem, Era},
	traits::{Header as _, IdentifyAccount},
	BuildStorage, MultiAddress, MultiSignature, MultiSigner,
};
use sp_version::RuntimeVersion;

/// What a signer must know about the chain.
#[derive(Clone, Copy, Debug)]
pub struct ChainContext {
	/// Hash of block 0 (also the checkpoint of an immortal era).
	pub genesis_hash: Hash,
	/// `spec_version` of the runtime that will check the signature.
	pub spec_version: u32,
	/// `transaction_version` of that runtime.
	pub transaction_version: u32,
}

impl ChainContext {
	/// The chain with genesis `genesis_hash`, running a runtime of `version`.
	pub fn new(genesis_hash: Hash, version: &RuntimeVersion) -> Self {
		Self {
			genesis_hash,
			spec_version: version.spec_version,
			transaction_version: version.transaction_version,
		}
	}
}

/// An immortal signed extrinsic of `call` from `signer` with `nonce`.
pub fn signed(
	call: RuntimeCall,
	signer: &sr25519::Pair,
	nonce: Nonce,
	chain: &ChainContext,
) -> UncheckedExtrinsic {
	signed_in_era(call, signer, nonce, chain, Era::Immortal, chain.genesis_hash, 0)
}

/// An immortal signed extrinsic of `call` from `signer` with `nonce`, for the chain whose state
/// the test runs in (its genesis hash, the runtime's version).
pub fn signed_here(call: RuntimeCall, signer: &sr25519::Pair, nonce: Nonce) -> UncheckedExtrinsic {
	let chain = ChainContext::new(System::block_hash(0), &sci_runtime::VERSION);
	signed(call, signer, nonce, &chain)
}

/// A signed extrinsic of `call` from `signer` (sr25519, ed25519 or ECDSA) with `nonce`, valid
/// in `era`, whose first block's hash is `checkpoint` (the genesis hash for an immortal era),
/// tipping the block author `tip` (which raises its priority in the pool).
pub fn signed_in_era<P: Pair>(
	call: RuntimeCall,
	signer: &P,
	nonce: Nonce,
	chain: &ChainContext,
	era: Era,
	checkpoint: Hash,
	tip: Balance,
) -> UncheckedExtrinsic
where
	P::Signature: Into<MultiSignature>,
	P::Public: Into<MultiSigner>,
{
	let extension: TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(era),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_device_identity::DeviceQuota::from(
			pallet_transaction_payment::ChargeTransactionPayment::from(tip),
		),
		pallet_access_refund::RefundPaidAccess::from(frame_system::WeightReclaim::new()),
	);
	// What the extensions add to the signed payload without carrying it in the extrinsic.
	let implicit = (
		(),
		chain.spec_version,
		chain.transaction_version,
		chain.genesis_hash,
		checkpoint,
		(),
		(),
		(),
		(),
	);
	let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	let from: AccountId = signer.public().into().into_account();
	UncheckedExtrinsic::new_signed(call, MultiAddress::Id(from), signature.into(), extension)
}

/// `Balances::transfer_keep_alive(to, amount)`.
pub fn transfer(to: &AccountId, amount: Balance) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: MultiAddress::Id(to.clone()),
		value: amount,
	})
}

/// `System::remark(bytes)`: a call that does nothing, so an extrinsic of it costs only what
/// every signed extrinsic costs.
pub fn remark(bytes: Vec<u8>) -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: bytes })
}

/// Merges a genesis preset's JSON patch into a full genesis config.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// The state a chain built from `patch` (a genesis preset) starts with.
pub fn genesis_ext(patch: serde_json::Value) -> sp_io::TestExternalities {
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut config, patch);
	let config: RuntimeGenesisConfig = serde_json::from_value(config).unwrap();
	sp_io::TestExternalities::new(config.build_storage().unwrap())
}

/// Starts block `number` in Aura slot `slot` (authored by `authorities[slot % n]`) and sets
/// its timestamp, as a node's block does.
pub fn start_block(number: BlockNumber, slot: u64) {
	let digest = Digest {
		logs: vec![DigestItem::PreRuntime(
			sp_consensus_aura::AURA_ENGINE_ID,
			sp_consensus_aura::Slot::from(slot).encode(),
		)],
	};
	let parent = System::block_hash(number - 1);
	let header = Header::new(number, Default::default(), Default::default(), parent, digest);
	Executive::initialize_block(&header);
	let timestamp =
		UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set {
			now: slot * SLOT_DURATION,
		}));
	Executive::apply_extrinsic(timestamp).unwrap().unwrap();
}
