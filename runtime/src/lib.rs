//! The SCI runtime: every rule of the chain, compiled to one Wasm blob that the node host
//! executes. It holds FRAME's base pallets (system, timestamp, Aura and GRANDPA, balances,
//! transaction payment, sudo, with a key on the dev chain only, and vesting), SCI's domain
//! pallets (emission, foundation, device identity, data mining, energy market, carbon
//! credits), the two-tier governance (SCI's origins and tracks with preimage, scheduler,
//! referenda, conviction voting, the technical committee and its membership, and whitelist),
//! the protocol parameters, and the access refund; `docs/architecture.md` lists them.
#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` and `impl_runtime_apis` expand deeply.
#![recursion_limit = "256"]
// `#[frame_support::runtime]`, `impl_runtime_apis!`, `dynamic_params` and the Wasm builder
// generate undocumented public items at the crate root; the items written here are documented.
#![allow(missing_docs)]

extern crate alloc;

// The Wasm blob built by `build.rs`: `WASM_BINARY` and `WASM_BINARY_BLOATY`.
#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

pub mod apis;
pub mod configs;
pub mod genesis_presets;
pub mod migrations;
pub mod weights;

use alloc::{borrow::Cow, vec::Vec};
use sp_runtime::{generic, impl_opaque_keys};
use sp_version::RuntimeVersion;

pub use sci_primitives::{AccountId, Balance, BlockNumber, Hash, Header, Nonce, Signature};

/// Session keys of a validator: block authorship (Aura) and finality (GRANDPA).
pub mod opaque {
	use super::*;
	use alloc::vec::Vec;
	pub use sci_primitives::opaque::Block;

	impl_opaque_keys! {
		/// The keys a validator registers: one per consensus engine.
		pub struct SessionKeys {
			/// Authors blocks in its slots.
			pub aura: super::Aura,
			/// Votes in the finality gadget.
			pub grandpa: super::Grandpa,
		}
	}
}
pub use opaque::SessionKeys;

/// The runtime's identity. `spec_version` must rise with every upgrade that changes behaviour.
#[cfg(not(feature = "upgrade-test"))]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("sci"),
	impl_name: Cow::Borrowed("sci"),
	authoring_version: 1,
	spec_version: 101,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// The upgrade-test runtime's identity: the next `spec_version`, everything else unchanged.
#[cfg(feature = "upgrade-test")]
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("sci"),
	impl_name: Cow::Borrowed("sci"),
	authoring_version: 1,
	spec_version: 102,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// How an account is addressed in calls.
pub type Address = sp_runtime::MultiAddress<AccountId, ()>;
/// A block of this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// The checks every signed transaction goes through, in order.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	// Fees, except for a valid device's free daily quota of device calls.
	pallet_device_identity::DeviceQuota<
		Runtime,
		pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	>,
	// Refunds the storage weight of accounts the block already paid for, then returns the
	// transaction's unused weight to the block.
	pallet_access_refund::RefundPaidAccess<Runtime, frame_system::WeightReclaim<Runtime>>,
);
/// An extrinsic as it travels: call, and for signed ones signer, signature and extensions.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload a signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;
/// Dispatches blocks and transactions to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	migrations::Unreleased,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(7)]
	pub type Vesting = pallet_vesting;
	/// Only in the upgrade-test runtime: the calls an upgrade adds.
	#[runtime::pallet_index(8)]
	#[cfg(feature = "upgrade-test")]
	pub type Utility = pallet_utility;

	// SCI's domain pallets.
	#[runtime::pallet_index(10)]
	pub type Emission = pallet_emission;
	#[runtime::pallet_index(11)]
	pub type Foundation = pallet_foundation;
	#[runtime::pallet_index(12)]
	pub type DeviceIdentity = pallet_device_identity;
	#[runtime::pallet_index(13)]
	pub type DataMining = pallet_data_mining;
	#[runtime::pallet_index(14)]
	pub type EnergyMarket = pallet_energy_market;
	#[runtime::pallet_index(15)]
	pub type CarbonCredits = pallet_carbon_credits;

	// Governance: token-holder referenda and the technical committee (`configs/governance.rs`).
	#[runtime::pallet_index(16)]
	pub type Governance = pallet_governance;
	#[runtime::pallet_index(17)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(18)]
	pub type Scheduler = pallet_scheduler;
	#[runtime::pallet_index(19)]
	pub type Referenda = pallet_referenda;
	#[runtime::pallet_index(20)]
	pub type ConvictionVoting = pallet_conviction_voting;
	#[runtime::pallet_index(21)]
	pub type TechnicalCommittee = pallet_collective<Instance1>;
	#[runtime::pallet_index(22)]
	pub type TechnicalMembership = pallet_membership<Instance1>;
	#[runtime::pallet_index(23)]
	pub type Whitelist = pallet_whitelist;
	#[runtime::pallet_index(24)]
	pub type Parameters = pallet_parameters;
	#[runtime::pallet_index(25)]
	pub type AccessRefund = pallet_access_refund;

	// Validators chosen by stake and removed by vote (`configs/staking.rs`). Staking comes
	// before Session: the session genesis asks staking for the first set.
	#[runtime::pallet_index(26)]
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(27)]
	pub type Staking = pallet_staking;
	#[runtime::pallet_index(28)]
	pub type Offences = pallet_offences;
	#[runtime::pallet_index(29)]
	pub type Historical = pallet_session::historical;
	#[runtime::pallet_index(30)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(31)]
	pub type Validators = pallet_validators;
}
