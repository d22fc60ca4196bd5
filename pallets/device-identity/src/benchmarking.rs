//! Benchmarks of the device-identity pallet (frame-benchmarking v2), each in its worst case:
//! devices at the deepest level, so every validity check walks `MaxDepth` ancestors.
//!
//! Keys are sr25519, made and used through the host's keystore (the benchmark runner provides
//! one); sr25519 verification costs about as much as ecdsa recovery and more than ed25519.

use super::*;
use crate::Pallet as DeviceIdentity;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_core::{crypto::KeyTypeId, sr25519};

const KEY_TYPE: KeyTypeId = KeyTypeId(*b"sdev");

/// A fresh sr25519 key in the keystore.
fn new_key() -> (DeviceKey, sr25519::Public) {
	let public = sp_io::crypto::sr25519_generate(KEY_TYPE, None);
	(DeviceKey::Sr25519(public), public)
}

/// `public`'s signature over `payload`.
fn sign(public: &sr25519::Public, payload: &[u8]) -> MultiSignature {
	MultiSignature::Sr25519(
		sp_io::crypto::sr25519_sign(KEY_TYPE, public, payload).expect("the key is in the keystore"),
	)
}

/// An account with plenty of funds.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount =
		T::DeviceDeposit::get().saturating_mul(1_000u32.into()) + T::Currency::minimum_balance();
	T::Currency::set_balance(&who, amount);
	who
}

/// A valid device with a fresh key, stored directly (no deposit), as the child of `parent`.
fn store_device<T: Config>(
	owner: &T::AccountId,
	parent: Option<DeviceId>,
) -> (DeviceId, sr25519::Public) {
	let (key, public) = new_key();
	(DeviceIdentity::<T>::insert_device(owner, key, parent), public)
}

/// A lineage of `length` devices, each the child of the previous; the first owned by
/// `root_owner`, the rest by `owner`. Returns the devices with their keys.
fn lineage<T: Config>(
	root_owner: &T::AccountId,
	owner: &T::AccountId,
	length: u32,
) -> Vec<(DeviceId, sr25519::Public)> {
	let mut devices: Vec<(DeviceId, sr25519::Public)> = Vec::new();
	for level in 0..length {
		let who = if level == 0 { root_owner } else { owner };
		devices.push(store_device::<T>(who, devices.last().map(|(device, _)| *device)));
	}
	devices
}

/// The deepest possible device, owned by `owner`, below a root owned by someone else.
fn deepest<T: Config>(owner: &T::AccountId) -> (DeviceId, sr25519::Public) {
	let root_owner: T::AccountId = account("root-owner", 0, 0);
	*lineage::<T>(&root_owner, owner, T::MaxDepth::get() + 1).last().expect("length >= 1")
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A child at the deepest level: parent validity walks `MaxDepth` devices, two signatures.
	#[benchmark]
	fn register_device() {
		let owner = funded::<T>("owner", 0);
		let root_owner: T::AccountId = account("root-owner", 0, 0);
		let devices = lineage::<T>(&root_owner, &owner, T::MaxDepth::get());
		let (parent, parent_public) = *devices.last().expect("MaxDepth >= 1");
		let (key, public) = new_key();
		let genesis = DeviceIdentity::<T>::genesis_hash();
		let nonce = RegistrationNonce::<T>::get(&owner);
		let proof = sign(
			&public,
			&proofs::registration_payload(&genesis, &owner, &key, Some(parent), nonce),
		);
		let parent_proof =
			sign(&parent_public, &proofs::child_payload(&genesis, &owner, parent, &key, nonce));
		let metadata = BoundedVec::truncate_from(vec![1u8; T::MaxMetadataLength::get() as usize]);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), key.clone(), metadata, Some(parent), proof, Some(parent_proof));

		assert!(DeviceOfKey::<T>::contains_key(T::AccountId::from(key.account())));
	}

	#[benchmark]
	fn issue_certificate() {
		let owner = funded::<T>("owner", 0);
		let (device, public) = deepest::<T>(&owner);
		let (session_key, _) = new_key();
		let expires_at =
			frame_system::Pallet::<T>::block_number() + T::MaxCertificateLifetime::get();
		let signature = sign(
			&public,
			&proofs::certificate_payload(
				&DeviceIdentity::<T>::genesis_hash(),
				device,
				&session_key,
				&expires_at,
				0,
			),
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, session_key.clone(), expires_at, signature);

		assert!(DeviceIdentity::<T>::certificate_valid(device, &session_key));
	}

	/// Revoked by the owner of the root: the ownership walk reads the whole lineage.
	#[benchmark]
	fn revoke_device() {
		let owner = funded::<T>("owner", 0);
		let (device, _) = deepest::<T>(&owner);
		let root_owner: T::AccountId = account("root-owner", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(root_owner), device);

		assert!(!DeviceIdentity::<T>::is_valid(device));
	}

	#[benchmark]
	fn rotate_key() {
		let owner = funded::<T>("owner", 0);
		let (device, public) = deepest::<T>(&owner);
		Certificates::<T>::insert(
			device,
			Certificate {
				session_key: new_key().0,
				issued_at: Zero::zero(),
				expires_at: T::MaxCertificateLifetime::get(),
			},
		);
		let old_key = DeviceKey::Sr25519(public);
		let (new_key, new_public) = new_key();
		let payload = proofs::rotation_payload(
			&DeviceIdentity::<T>::genesis_hash(),
			device,
			&old_key,
			&new_key,
			0,
		);
		let old_signature = sign(&public, &payload);
		let new_signature = sign(&new_public, &payload);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, new_key.clone(), old_signature, new_signature);

		assert_eq!(DeviceOfKey::<T>::get(T::AccountId::from(new_key.account())), Some(device));
	}

	/// A child device with `g` access grants, a certificate and quota use.
	#[benchmark]
	fn deregister_device(g: Linear<0, { T::MaxGrantsPerDevice::get() }>) {
		let owner = funded::<T>("owner", 0);
		let (parent, _) = store_device::<T>(&owner, None);
		let (device, _) = store_device::<T>(&owner, Some(parent));
		let deposit = T::DeviceDeposit::get();
		T::Currency::hold(&HoldReason::DeviceDeposit.into(), &owner, deposit)
			.expect("the owner is funded");
		Devices::<T>::mutate_extant(device, |info| {
			info.deposit = deposit;
			info.grants = g;
		});
		for i in 0..g {
			AccessGrants::<T>::insert(
				device,
				account::<T::AccountId>("grantee", i, 0),
				BlockNumberFor::<T>::from(100u32),
			);
		}
		Certificates::<T>::insert(
			device,
			Certificate {
				session_key: new_key().0,
				issued_at: Zero::zero(),
				expires_at: T::MaxCertificateLifetime::get(),
			},
		);
		QuotaUsage::<T>::insert(device, QuotaUse { day: 0, used: 1 });

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device);

		assert!(!Devices::<T>::contains_key(device));
		assert_eq!(AccessGrants::<T>::iter_prefix(device).count(), 0);
	}

	/// A senior admin makes a security admin: both roles are read.
	#[benchmark]
	fn set_role() {
		let admin: T::AccountId = account("admin", 0, 0);
		Roles::<T>::insert(&admin, Role::SeniorAdmin);
		let who: T::AccountId = account("who", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), who.clone(), Role::SecurityAdmin);

		assert_eq!(DeviceIdentity::<T>::role(&who), Role::SecurityAdmin);
	}

	/// A new grant to a device that has all but one of its grants.
	#[benchmark]
	fn grant_access() {
		let owner = funded::<T>("owner", 0);
		let (device, _) = store_device::<T>(&owner, None);
		let existing = T::MaxGrantsPerDevice::get().saturating_sub(1);
		for i in 0..existing {
			AccessGrants::<T>::insert(
				device,
				account::<T::AccountId>("grantee", i, 0),
				BlockNumberFor::<T>::from(100u32),
			);
		}
		Devices::<T>::mutate_extant(device, |info| info.grants = existing);
		let grantee: T::AccountId = account("new-grantee", 0, 0);
		let expires_at = frame_system::Pallet::<T>::block_number() + 100u32.into();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, grantee.clone(), expires_at);

		assert!(DeviceIdentity::<T>::has_access(device, &grantee));
	}

	#[benchmark]
	fn revoke_access() {
		let owner = funded::<T>("owner", 0);
		let (device, _) = store_device::<T>(&owner, None);
		let grantee: T::AccountId = account("grantee", 0, 0);
		AccessGrants::<T>::insert(device, &grantee, BlockNumberFor::<T>::from(100u32));
		Devices::<T>::mutate_extant(device, |info| info.grants = 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, grantee.clone());

		assert!(!DeviceIdentity::<T>::has_access(device, &grantee));
	}

	/// The quota extension's own work for a free transaction of the deepest device: key lookup,
	/// validity walk, quota read and write. It uses the last free transaction of the day, so the
	/// runtime's [`Config::DailyQuota`] must be at least 1.
	#[benchmark]
	fn use_quota() -> Result<(), BenchmarkError> {
		let quota = T::DailyQuota::get();
		if quota == 0 {
			return Err(BenchmarkError::Stop("DailyQuota is zero: no free transaction to measure"));
		}
		let owner = funded::<T>("owner", 0);
		let (device, public) = deepest::<T>(&owner);
		QuotaUsage::<T>::insert(device, QuotaUse { day: 0, used: quota - 1 });
		let account = T::AccountId::from(DeviceKey::Sr25519(public).account());

		#[block]
		{
			let (device, usage) = DeviceIdentity::<T>::quota_left(&account).expect("quota left");
			DeviceIdentity::<T>::use_quota(device, usage);
		}

		assert_eq!(DeviceIdentity::<T>::quota_use(device).used, quota);
		Ok(())
	}

	impl_benchmark_test_suite!(DeviceIdentity, crate::mock::new_bench_ext(), crate::mock::Test);
}
