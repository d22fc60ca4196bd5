//! Weights for `pallet_device_identity`, measured with `frame-omni-bencher` (benchmark CLI 64.0.0) by
//! `scripts/benchmark.sh`. Generated: rerun the script instead of editing.
//!
//! DATE: 2026-11-22, STEPS: `50`, REPEAT: `20`
//! HOSTNAME: `vm`, CPU: `Intel(R) Xeon(R) Processor`
//! WASM-EXECUTION: `Compiled`, DB CACHE: `1024`
//!
//! Command:
//!   /root/.cache/sci-tools/bin/frame-omni-bencher
//!   v1
//!   benchmark
//!   pallet
//!   --runtime
//!   /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm
//!   --genesis-builder-preset
//!   development
//!   --pallet
//!   pallet_device_identity
//!   --extrinsic
//!   *
//!   --steps
//!   50
//!   --repeat
//!   20
//!   --template
//!   scripts/benchmark/weight-template.hbs
//!   --output
//!   pallets/device-identity/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_device_identity`.
pub trait WeightInfo {
	fn register_device() -> Weight;
	fn issue_certificate() -> Weight;
	fn revoke_device() -> Weight;
	fn rotate_key() -> Weight;
	fn deregister_device(g: u32, ) -> Weight;
	fn set_role() -> Weight;
	fn grant_access() -> Weight;
	fn revoke_access() -> Weight;
	fn use_quota() -> Weight;
}

/// Measured weights, with the runtime's database weights for storage access.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `DeviceIdentity::DeviceOfKey` (r:1 w:1)
	/// Proof: `DeviceIdentity::DeviceOfKey` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::RegistrationNonce` (r:1 w:1)
	/// Proof: `DeviceIdentity::RegistrationNonce` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::Devices` (r:4 w:2)
	/// Proof: `DeviceIdentity::Devices` (`max_values`: None, `max_size`: Some(262), added: 2737, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::NextDeviceId` (r:1 w:1)
	/// Proof: `DeviceIdentity::NextDeviceId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	fn register_device() -> Weight {
		// Proof size in bytes: measured `1456`, estimated `11938`.
		// Minimum execution time: 226_048_000 ps.
		Weight::from_parts(370_580_000, 11938)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: `DeviceIdentity::Devices` (r:5 w:1)
	/// Proof: `DeviceIdentity::Devices` (`max_values`: None, `max_size`: Some(262), added: 2737, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::Certificates` (r:0 w:1)
	/// Proof: `DeviceIdentity::Certificates` (`max_values`: None, `max_size`: Some(58), added: 2533, mode: `MaxEncodedLen`)
	fn issue_certificate() -> Weight {
		// Proof size in bytes: measured `1497`, estimated `14675`.
		// Minimum execution time: 116_319_000 ps.
		Weight::from_parts(195_136_000, 14675)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `DeviceIdentity::Devices` (r:5 w:1)
	/// Proof: `DeviceIdentity::Devices` (`max_values`: None, `max_size`: Some(262), added: 2737, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::Roles` (r:1 w:0)
	/// Proof: `DeviceIdentity::Roles` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	fn revoke_device() -> Weight {
		// Proof size in bytes: measured `1481`, estimated `14675`.
		// Minimum execution time: 47_385_000 ps.
		Weight::from_parts(90_512_000, 14675)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `DeviceIdentity::Devices` (r:5 w:1)
	/// Proof: `DeviceIdentity::Devices` (`max_values`: None, `max_size`: Some(262), added: 2737, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::DeviceOfKey` (r:1 w:2)
	/// Proof: `DeviceIdentity::DeviceOfKey` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::Certificates` (r:0 w:1)
	/// Proof: `DeviceIdentity::Certificates` (`max_values`: None, `max_size`: Some(58), added: 2533, mode: `MaxEncodedLen`)
	fn rotate_key() -> Weight {
		// Proof size in bytes: measured `1683`, estimated `14675`.
		// Minimum execution time: 173_760_000 ps.
		Weight::from_parts(280_170_000, 14675)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `DeviceIdentity::Devices` (r:2 w:2)
	/// Proof: `DeviceIdentity::Devices` (`max_values`: None, `max_size`: Some(262), added: 2737, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::AccessGrants` (r:32 w:32)
	/// Proof: `DeviceIdentity::AccessGrants` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::QuotaUsage` (r:0 w:1)
	/// Proof: `DeviceIdentity::QuotaUsage` (`max_values`: None, `max_size`: Some(24), added: 2499, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::DeviceOfKey` (r:0 w:1)
	/// Proof: `DeviceIdentity::DeviceOfKey` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::Certificates` (r:0 w:1)
	/// Proof: `DeviceIdentity::Certificates` (`max_values`: None, `max_size`: Some(58), added: 2533, mode: `MaxEncodedLen`)
	/// The range of component `g` is `[0, 32]`.
	fn deregister_device(g: u32, ) -> Weight {
		// Proof size in bytes: measured `903 + g * (58 ±0)`, estimated `6464 + g * (2543 ±0)`.
		// Minimum execution time: 86_431_000 ps.
		Weight::from_parts(129_135_543, 6464)
			// Standard error: 63_432
			.saturating_add(Weight::from_parts(3_002_683, 0).saturating_mul(g.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(g.into())))
			.saturating_add(T::DbWeight::get().writes(7_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(g.into())))
			.saturating_add(Weight::from_parts(0, 2543).saturating_mul(g.into()))
	}
	/// Storage: `DeviceIdentity::Roles` (r:2 w:1)
	/// Proof: `DeviceIdentity::Roles` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	fn set_role() -> Weight {
		// Proof size in bytes: measured `117`, estimated `6038`.
		// Minimum execution time: 16_715_000 ps.
		Weight::from_parts(27_855_000, 6038)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `DeviceIdentity::Devices` (r:1 w:1)
	/// Proof: `DeviceIdentity::Devices` (`max_values`: None, `max_size`: Some(262), added: 2737, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::AccessGrants` (r:1 w:1)
	/// Proof: `DeviceIdentity::AccessGrants` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	fn grant_access() -> Weight {
		// Proof size in bytes: measured `904`, estimated `3727`.
		// Minimum execution time: 29_022_000 ps.
		Weight::from_parts(53_102_000, 3727)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `DeviceIdentity::Devices` (r:1 w:1)
	/// Proof: `DeviceIdentity::Devices` (`max_values`: None, `max_size`: Some(262), added: 2737, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::AccessGrants` (r:1 w:1)
	/// Proof: `DeviceIdentity::AccessGrants` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	fn revoke_access() -> Weight {
		// Proof size in bytes: measured `469`, estimated `3727`.
		// Minimum execution time: 22_396_000 ps.
		Weight::from_parts(35_761_000, 3727)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `DeviceIdentity::DeviceOfKey` (r:1 w:0)
	/// Proof: `DeviceIdentity::DeviceOfKey` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::Devices` (r:5 w:0)
	/// Proof: `DeviceIdentity::Devices` (`max_values`: None, `max_size`: Some(262), added: 2737, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::QuotaUsage` (r:1 w:1)
	/// Proof: `DeviceIdentity::QuotaUsage` (`max_values`: None, `max_size`: Some(24), added: 2499, mode: `MaxEncodedLen`)
	/// Storage: `Parameters::Parameters` (r:1 w:0)
	/// Proof: `Parameters::Parameters` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	fn use_quota() -> Weight {
		// Proof size in bytes: measured `1673`, estimated `14675`.
		// Minimum execution time: 44_112_000 ps.
		Weight::from_parts(68_966_000, 14675)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

/// The same figures with RocksDB's database weights, for tests and mock runtimes.
impl WeightInfo for () {
	fn register_device() -> Weight {
		Weight::from_parts(370_580_000, 11938)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn issue_certificate() -> Weight {
		Weight::from_parts(195_136_000, 14675)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn revoke_device() -> Weight {
		Weight::from_parts(90_512_000, 14675)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn rotate_key() -> Weight {
		Weight::from_parts(280_170_000, 14675)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn deregister_device(g: u32, ) -> Weight {
		Weight::from_parts(129_135_543, 6464)
			.saturating_add(Weight::from_parts(3_002_683, 0).saturating_mul(g.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(g.into())))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(g.into())))
			.saturating_add(Weight::from_parts(0, 2543).saturating_mul(g.into()))
	}
	fn set_role() -> Weight {
		Weight::from_parts(27_855_000, 6038)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn grant_access() -> Weight {
		Weight::from_parts(53_102_000, 3727)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn revoke_access() -> Weight {
		Weight::from_parts(35_761_000, 3727)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn use_quota() -> Weight {
		Weight::from_parts(68_966_000, 14675)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
}
