//! The runtime APIs the node host and clients call.

use crate::*;
use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, Checkable, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult, ExtrinsicInclusionMode,
};

/// The `trap-initialize-block` test runtime (`runtime/upgrade-test`) stops any chain it is put
/// on: every block's initialization traps, as a broken upgrade's would.
fn trap_if_test_runtime() {
	if cfg!(feature = "trap-initialize-block") {
		panic!("trap-initialize-block: this test runtime initializes no block");
	}
}

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			trap_if_test_runtime();
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> ExtrinsicInclusionMode {
			trap_if_test_runtime();
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sci_primitives::signature_check::SignatureCheck<Block> for Runtime {
		fn check_signatures(
			parent: <Block as BlockT>::Hash,
			extrinsics: Vec<<Block as BlockT>::Extrinsic>,
		) -> Vec<bool> {
			// The block number and parent hash of the block the extrinsics are in, as
			// `validate_transaction` sets them: a mortal transaction's signed payload includes
			// the hash of its era's first block, found relative to this number.
			System::initialize(&(System::block_number() + 1), &parent, &Default::default());
			let context = frame_system::ChainContext::<Runtime>::default();
			extrinsics.into_iter().map(|xt| xt.check(&context).is_ok()).collect()
		}
	}

	impl sci_primitives::block_building::BatchApply<Block> for Runtime {
		fn apply_extrinsics(
			extrinsics: Vec<<Block as BlockT>::Extrinsic>,
		) -> Vec<ApplyExtrinsicResult> {
			use sp_runtime::transaction_validity::{InvalidTransaction, TransactionValidityError};
			let mut results = Vec::with_capacity(extrinsics.len());
			for extrinsic in extrinsics {
				// A plain storage transaction, as a node opens around `apply_extrinsic`: not
				// FRAME's transactional layer, whose depth is itself kept in storage.
				sp_io::storage::start_transaction();
				let result = Executive::apply_extrinsic(extrinsic);
				if result.is_ok() {
					sp_io::storage::commit_transaction();
				} else {
					sp_io::storage::rollback_transaction();
				}
				let block_full = result ==
					Err(TransactionValidityError::Invalid(InvalidTransaction::ExhaustsResources));
				results.push(result);
				if block_full {
					break;
				}
			}
			results
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// No staking yet: equivocations cannot be slashed.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_emission::runtime_api::EmissionApi<Block, Balance, BlockNumber> for Runtime {
		fn current_reward() -> Balance {
			Emission::current_reward()
		}
		fn blocks_until_next_halving() -> BlockNumber {
			Emission::blocks_until_next_halving()
		}
		fn next_halving_block() -> BlockNumber {
			Emission::next_halving_block()
		}
		fn total_issued() -> Balance {
			pallet_emission::TotalIssued::<Runtime>::get()
		}
		fn total_burned() -> Balance {
			pallet_emission::TotalBurned::<Runtime>::get()
		}
		fn total_issuance() -> Balance {
			Emission::total_issuance()
		}
		fn remaining_supply() -> Balance {
			Emission::remaining_supply()
		}
		fn remaining_emission() -> Balance {
			Emission::remaining_emission()
		}
	}

	impl pallet_foundation::runtime_api::FoundationApi<
		Block,
		AccountId,
		Balance,
		BlockNumber,
		crate::configs::FoundationMaxSignatories,
	> for Runtime {
		fn current_quarter() -> pallet_foundation::QuarterIndex {
			Foundation::current_quarter()
		}
		fn quarter_report(
			quarter: pallet_foundation::QuarterIndex,
		) -> pallet_foundation::QuarterReportOf<Runtime> {
			Foundation::quarter_report(quarter)
		}
	}

	impl pallet_device_identity::runtime_api::DeviceApi<
		Block,
		AccountId,
		Balance,
		BlockNumber,
		crate::configs::DeviceMaxMetadataLength,
	> for Runtime {
		fn device(
			device: pallet_device_identity::DeviceId,
		) -> Option<(pallet_device_identity::DeviceInfoOf<Runtime>, pallet_device_identity::Validity)> {
			pallet_device_identity::Devices::<Runtime>::get(device)
				.map(|info| (info, DeviceIdentity::validity(device)))
		}
		fn device_of_key(key: pallet_device_identity::DeviceKey) -> Option<pallet_device_identity::DeviceId> {
			pallet_device_identity::DeviceOfKey::<Runtime>::get(key.account())
		}
		fn certificate(
			device: pallet_device_identity::DeviceId,
			session_key: pallet_device_identity::DeviceKey,
		) -> pallet_device_identity::CertificateStatus<BlockNumber> {
			DeviceIdentity::certificate_status(device, &session_key)
		}
		fn has_access(device: pallet_device_identity::DeviceId, who: AccountId) -> bool {
			DeviceIdentity::has_access(device, &who)
		}
		fn role(who: AccountId) -> pallet_device_identity::Role {
			DeviceIdentity::role(&who)
		}
		fn quota(device: pallet_device_identity::DeviceId) -> (pallet_device_identity::QuotaUse, u32) {
			(DeviceIdentity::quota_use(device), DeviceIdentity::daily_quota())
		}
	}

	impl pallet_data_mining::runtime_api::MiningApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn current_epoch() -> (pallet_data_mining::EpochIndex, Option<pallet_data_mining::EpochOf<Runtime>>) {
			let epoch = pallet_data_mining::CurrentEpoch::<Runtime>::get();
			(epoch, pallet_data_mining::Epochs::<Runtime>::get(epoch))
		}
		fn epoch(epoch: pallet_data_mining::EpochIndex) -> Option<pallet_data_mining::EpochOf<Runtime>> {
			pallet_data_mining::Epochs::<Runtime>::get(epoch)
		}
		fn report(
			epoch: pallet_data_mining::EpochIndex,
			device: pallet_device_identity::DeviceId,
		) -> Option<pallet_data_mining::ReportOf<Runtime>> {
			pallet_data_mining::Reports::<Runtime>::get(epoch, device)
		}
		fn claimable(
			epoch: pallet_data_mining::EpochIndex,
			device: pallet_device_identity::DeviceId,
		) -> Option<Balance> {
			DataMining::claimable(epoch, device)
		}
	}

	impl pallet_energy_market::runtime_api::EnergyMarketApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn next_period() -> Option<(pallet_energy_market::PeriodIndex, BlockNumber)> {
			let period = pallet_energy_market::NextToClear::<Runtime>::get();
			EnergyMarket::gate(period).map(|gate| (period, gate))
		}
		fn order_book(
			period: pallet_energy_market::PeriodIndex,
		) -> Vec<(pallet_energy_market::OrderId, pallet_energy_market::OrderOf<Runtime>)> {
			pallet_energy_market::PeriodOrders::<Runtime>::get(period)
				.into_iter()
				.filter_map(|id| pallet_energy_market::Orders::<Runtime>::get(id).map(|o| (id, o)))
				.collect()
		}
		fn clearing(
			period: pallet_energy_market::PeriodIndex,
		) -> Option<pallet_energy_market::Clearing<Balance>> {
			pallet_energy_market::Clearings::<Runtime>::get(period)
		}
		fn trades(
			period: pallet_energy_market::PeriodIndex,
		) -> Vec<(pallet_energy_market::TradeIndex, pallet_energy_market::TradeOf<Runtime>)> {
			pallet_energy_market::Trades::<Runtime>::iter_prefix(period).collect()
		}
	}

	impl pallet_carbon_credits::runtime_api::CarbonApi<
		Block,
		AccountId,
		BlockNumber,
		crate::configs::CarbonMaxTextLength,
	> for Runtime {
		fn current_period() -> pallet_carbon_credits::PeriodIndex {
			CarbonCredits::current_period()
		}
		fn footprint(
			account: AccountId,
			period: pallet_carbon_credits::PeriodIndex,
		) -> pallet_carbon_credits::Footprint {
			pallet_carbon_credits::Footprints::<Runtime>::get(account, period)
		}
		fn credits(account: AccountId) -> Vec<(pallet_carbon_credits::BatchId, u64)> {
			(0..pallet_carbon_credits::NextBatch::<Runtime>::get())
				.map(|batch| (batch, pallet_carbon_credits::Credits::<Runtime>::get(batch, &account)))
				.filter(|(_, amount)| *amount > 0)
				.collect()
		}
		fn retirements(account: AccountId) -> Vec<pallet_carbon_credits::RetirementOf<Runtime>> {
			pallet_carbon_credits::AccountRetirements::<Runtime>::iter_key_prefix(&account)
				.filter_map(pallet_carbon_credits::Retirements::<Runtime>::get)
				.collect()
		}
		fn certificates(
			account: AccountId,
		) -> Vec<(
			pallet_carbon_credits::PeriodIndex,
			pallet_carbon_credits::NeutralityCertificate<BlockNumber>,
		)> {
			pallet_carbon_credits::Certificates::<Runtime>::iter_prefix(&account).collect()
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_presets::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::{
				extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
			};

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);
			(list, AllPalletsWithSystem::storage_info())
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use frame_support::traits::WhitelistedStorageKeys;
			use frame_system_benchmarking::{
				extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
			};

			let whitelist = AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// A failing pre/post check must abort try-runtime loudly: that is its purpose.
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select).unwrap()
		}
	}
}

// The defaults: no set-up for `set_code`, which must emit `CodeUpdated { hash }`.
#[cfg(feature = "runtime-benchmarks")]
impl frame_system_benchmarking::Config for Runtime {}

// The payer's account is the signer's, which `CheckNonce` (earlier in `TxExtension`) has
// already read and written and paid for, so fee payment finds it in the overlay; counting it
// again would charge one account's commit twice. Upstream whitelists a call's caller for the
// same reason. The fee handler only adds to `Emission::PendingFees` (whitelisted: it never
// reaches the database); the block's settlement is paid by `on_initialize`.
#[cfg(feature = "runtime-benchmarks")]
impl pallet_transaction_payment::BenchmarkConfig for Runtime {
	fn setup_benchmark_environment() {
		// The benchmark's payer, `account("caller", 0, 0)` in polkadot-sdk's benchmark. Should
		// upstream rename it, the payer is counted again: an overcharge, never an undercharge.
		let payer: AccountId = frame_benchmarking::account("caller", 0, 0);
		frame_benchmarking::benchmarking::add_to_whitelist(
			frame_system::Account::<Runtime>::hashed_key_for(&payer).into(),
		);
	}
}

#[cfg(feature = "runtime-benchmarks")]
frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_emission, Emission]
	[pallet_access_refund, AccessRefund]
	[pallet_foundation, Foundation]
	[pallet_device_identity, DeviceIdentity]
	[pallet_data_mining, DataMining]
	[pallet_energy_market, EnergyMarket]
	[pallet_carbon_credits, CarbonCredits]
	[pallet_parameters, Parameters]
	[pallet_preimage, Preimage]
	[pallet_scheduler, Scheduler]
	[pallet_referenda, Referenda]
	[pallet_conviction_voting, ConvictionVoting]
	[pallet_collective, TechnicalCommittee]
	[pallet_membership, TechnicalMembership]
	[pallet_whitelist, Whitelist]
);
