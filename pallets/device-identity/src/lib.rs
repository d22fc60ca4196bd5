//! # Device identity pallet
//!
//! A decentralised public-key infrastructure for city devices: every street light, meter and
//! sensor has a cryptographic identity anchored on chain, and other pallets accept reports only
//! from valid devices (through [`sci_primitives::devices::DeviceRegistry`]).
//!
//! ## Registration
//!
//! An owner registers a device with its long-lived public key ([`DeviceKey`]: sr25519, ed25519
//! or ecdsa), bounded metadata (e.g. the hash of its specification), an optional parent device
//! and a proof of possession: the device key's signature over
//! [`proofs::registration_payload`], which binds the owner, the chain's genesis hash and the
//! owner's registration nonce, so the proof is useless to another owner, on another chain, or a
//! second time. A child also needs its parent's signature over [`proofs::child_payload`]. The
//! hierarchy is at most [`Config::MaxDepth`] levels below a root device. Registration holds
//! [`Config::DeviceDeposit`] from the owner until deregistration.
//!
//! ## Certificates
//!
//! A device publishes a short-lived session key by signing [`proofs::certificate_payload`] with
//! its long-lived key; the certificate lives at most [`Config::MaxCertificateLifetime`] blocks.
//! Validity is decided when it is used ([`Pallet::certificate_status`]): unexpired, and the
//! device valid.
//!
//! ## Validity and revocation
//!
//! A device is valid when it is registered and neither it nor any ancestor is revoked. The owner
//! of a device or of any of its ancestors, or a security admin, revokes it
//! ([`Pallet::revoke_device`]); that one write invalidates every descendant, because validity is
//! checked by walking up the at most `MaxDepth` ancestors ([`Pallet::validity`]), never by
//! looping over descendants. Revocation is final.
//!
//! The owner rotates a device's key with signatures of the old and the new key over
//! [`proofs::rotation_payload`]; the rotation drops the device's certificate. The owner
//! deregisters a device that has no children, or that is revoked (its descendants then stay
//! invalid), and gets the deposit back.
//!
//! ## Roles and access
//!
//! Accounts are users unless governance ([`Config::AdminOrigin`]) or a senior admin gives them a
//! [`Role`]. Security admins may revoke any device. Senior admins, appointed only by governance,
//! make and unmake security admins. A device's owner grants accounts read access to the device's
//! data until a block of its choice ([`Pallet::grant_access`]).
//!
//! ## Free daily quota
//!
//! [`DeviceQuota`] is a transaction extension that lets a valid device's key send
//! [`Config::FreeCalls`] without fees, [`Config::DailyQuota`] times a day; see [`quota`]. The
//! quota is a protocol parameter that governance sets through the runtime's parameters pallet.
//!
//! ## Runtime API
//!
//! [`runtime_api::DeviceApi`]: a device and its validity, the device of a key, certificate
//! status, access, roles and quota use.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
pub mod proofs;
pub mod quota;
pub mod runtime_api;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

pub use pallet::*;
pub use quota::DeviceQuota;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::traits::{
	fungible::{self, Inspect, MutateHold},
	Get,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sci_primitives::devices::{DeviceCertificates, DeviceRegistry};
use sp_runtime::{
	traits::{Saturating, UniqueSaturatedInto, Zero},
	AccountId32, MultiSignature,
};

/// The balance type of [`Config::Currency`].
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// A device record of a runtime.
pub type DeviceInfoOf<T> = DeviceInfo<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	<T as Config>::MaxMetadataLength,
>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{tokens::Precision, Contains},
	};
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		frame_system::Config<RuntimeEvent: From<Event<Self>>, AccountId: From<AccountId32>>
	{
		/// Holds the device deposits.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Appoints senior admins: the `AdminOrigin` configured by the runtime (in SCI:
		/// `ParametersOrigin`, root or a passed referendum on the parameters track).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Held from the owner per registered device.
		#[pallet::constant]
		type DeviceDeposit: Get<BalanceOf<Self>>;

		/// Most levels below a root device (a root device has depth 0).
		#[pallet::constant]
		type MaxDepth: Get<u32>;

		/// Most bytes of a device's metadata.
		#[pallet::constant]
		type MaxMetadataLength: Get<u32>;

		/// Longest lifetime of a certificate, in blocks.
		#[pallet::constant]
		type MaxCertificateLifetime: Get<BlockNumberFor<Self>>;

		/// Most accounts holding an access grant to one device.
		#[pallet::constant]
		type MaxGrantsPerDevice: Get<u32>;

		/// Blocks per quota day. Must not be zero.
		#[pallet::constant]
		type QuotaPeriod: Get<BlockNumberFor<Self>>;

		/// The calls a device may send free of fees within its daily quota.
		type FreeCalls: Contains<<Self as frame_system::Config>::RuntimeCall>;

		/// Free transactions a valid device may send per quota day: a protocol parameter, set by
		/// governance through the runtime's parameters pallet.
		type DailyQuota: Get<u32>;

		/// Weights of this pallet's calls and of the quota check.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a registered device.
		DeviceDeposit,
	}

	/// Registered devices (revoked ones included, until deregistered).
	#[pallet::storage]
	pub type Devices<T: Config> = StorageMap<_, Twox64Concat, DeviceId, DeviceInfoOf<T>>;

	/// The id the next registered device gets.
	#[pallet::storage]
	pub type NextDeviceId<T: Config> = StorageValue<_, DeviceId, ValueQuery>;

	/// The device whose current long-lived key signs as this account.
	#[pallet::storage]
	pub type DeviceOfKey<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, DeviceId>;

	/// Registrations made by each owner: the nonce its next proof of possession must bind.
	#[pallet::storage]
	pub type RegistrationNonce<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u64, ValueQuery>;

	/// Each device's current session-key certificate.
	#[pallet::storage]
	pub type Certificates<T: Config> =
		StorageMap<_, Twox64Concat, DeviceId, Certificate<BlockNumberFor<T>>>;

	/// Accounts with a role above [`Role::User`].
	#[pallet::storage]
	pub type Roles<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, Role>;

	/// Read access to a device's data: the block at which each grant ends.
	#[pallet::storage]
	pub type AccessGrants<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DeviceId,
		Blake2_128Concat,
		T::AccountId,
		BlockNumberFor<T>,
	>;

	/// Each device's use of its quota on the last day it used any.
	#[pallet::storage]
	pub type QuotaUsage<T: Config> = StorageMap<_, Twox64Concat, DeviceId, QuotaUse>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Accounts that start as senior admins.
		pub senior_admins: alloc::vec::Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for admin in &self.senior_admins {
				Roles::<T>::insert(admin, Role::SeniorAdmin);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `owner` registered `device` with `key`, under `parent`.
		DeviceRegistered {
			/// The new device's id.
			device: DeviceId,
			/// Its owner, who registered it and holds its deposit.
			owner: T::AccountId,
			/// Its long-lived key.
			key: DeviceKey,
			/// The device it was registered under, if any.
			parent: Option<DeviceId>,
		},
		/// `device` certified `session_key` until `expires_at`.
		CertificateIssued {
			/// The certifying device.
			device: DeviceId,
			/// The certified session key.
			session_key: DeviceKey,
			/// The first block at which the certificate is no longer valid.
			expires_at: BlockNumberFor<T>,
		},
		/// `by` revoked `device`, and with it all its descendants.
		DeviceRevoked {
			/// The revoked device.
			device: DeviceId,
			/// Who revoked it.
			by: T::AccountId,
		},
		/// `device`'s long-lived key is now `key`.
		KeyRotated {
			/// The device.
			device: DeviceId,
			/// Its new long-lived key.
			key: DeviceKey,
		},
		/// `device` was removed and its owner got `deposit` back.
		DeviceDeregistered {
			/// The removed device.
			device: DeviceId,
			/// The deposit released to its owner.
			deposit: BalanceOf<T>,
		},
		/// `who` now has `role`.
		RoleSet {
			/// The account.
			who: T::AccountId,
			/// Its new role.
			role: Role,
		},
		/// `grantee` may read `device`'s data until `expires_at`.
		AccessGranted {
			/// The device.
			device: DeviceId,
			/// The account that may read its data.
			grantee: T::AccountId,
			/// The block at which the grant ends.
			expires_at: BlockNumberFor<T>,
		},
		/// `grantee` may no longer read `device`'s data.
		AccessRevoked {
			/// The device.
			device: DeviceId,
			/// The account whose grant was withdrawn.
			grantee: T::AccountId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No device has this id.
		UnknownDevice,
		/// No device has the parent id given.
		UnknownParent,
		/// The parent device is revoked or below a revoked device.
		ParentInvalid,
		/// The device is revoked or below a revoked device.
		DeviceInvalid,
		/// A child would be deeper than `MaxDepth`.
		TooDeep,
		/// The device key's signature does not verify.
		BadProof,
		/// The parent device's signature does not verify.
		BadParentProof,
		/// A child device needs its parent's signature.
		ParentProofMissing,
		/// A root device has no parent to sign for it.
		UnexpectedParentProof,
		/// The signature's scheme is not the key's (e.g. an ed25519 signature for an sr25519
		/// key).
		KeyTypeMismatch,
		/// The key is already the key of a registered device.
		KeyInUse,
		/// Only the device's owner may do this.
		NotOwner,
		/// Only the owner of the device or of an ancestor, or a security admin, may revoke it.
		NotAuthorised,
		/// The device is already revoked.
		AlreadyRevoked,
		/// The expiry is not after the current block.
		ExpiryInPast,
		/// The certificate would outlive `MaxCertificateLifetime`.
		LifetimeTooLong,
		/// The device has children and is not revoked.
		HasChildren,
		/// The device already has `MaxGrantsPerDevice` access grants.
		TooManyGrants,
		/// The account has no access grant to the device.
		UnknownGrant,
		/// Only senior admins (or governance) may set roles.
		InsufficientRole,
		/// Only governance appoints or removes senior admins.
		SeniorAdminByGovernanceOnly,
		/// The owner cannot afford the device deposit.
		InsufficientDeposit,
		/// A counter reached its maximum.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(!T::QuotaPeriod::get().is_zero(), "QuotaPeriod must not be zero");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a device with long-lived `key`, owned by the caller, under `parent` if given.
		///
		/// `proof` is `key`'s signature over [`proofs::registration_payload`] with the caller's
		/// current [`RegistrationNonce`]; a child also needs `parent_proof`, the parent's key's
		/// signature over [`proofs::child_payload`]. Holds [`Config::DeviceDeposit`].
		///
		/// The dispatch origin must be _Signed_; the signer becomes the device's owner.
		///
		/// Emits [`Event::DeviceRegistered`].
		///
		/// Errors:
		/// - [`Error::KeyInUse`] if `key` is the current key of a registered device;
		/// - [`Error::KeyTypeMismatch`] if `proof` (or `parent_proof`) is not of the scheme of
		///   `key` (or of the parent's key);
		/// - [`Error::BadProof`] if `proof` does not verify;
		/// - [`Error::UnexpectedParentProof`] if a root device (no `parent`) comes with a
		///   `parent_proof`;
		/// - [`Error::UnknownParent`] if no device has the id `parent`;
		/// - [`Error::ParentInvalid`] if the parent is revoked or below a revoked device;
		/// - [`Error::TooDeep`] if the device would be more than [`Config::MaxDepth`] levels
		///   below its root;
		/// - [`Error::ParentProofMissing`] if a child comes without `parent_proof`;
		/// - [`Error::BadParentProof`] if `parent_proof` does not verify;
		/// - [`Error::InsufficientDeposit`] if the caller cannot afford
		///   [`Config::DeviceDeposit`];
		/// - [`Error::Overflow`] if the parent's child count, the device id or the caller's
		///   registration nonce would overflow.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_device())]
		pub fn register_device(
			origin: OriginFor<T>,
			key: DeviceKey,
			metadata: BoundedVec<u8, T::MaxMetadataLength>,
			parent: Option<DeviceId>,
			proof: MultiSignature,
			parent_proof: Option<MultiSignature>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let key_account: T::AccountId = key.account().into();
			ensure!(!DeviceOfKey::<T>::contains_key(&key_account), Error::<T>::KeyInUse);
			let genesis = Self::genesis_hash();
			let nonce = RegistrationNonce::<T>::get(&owner);
			proofs::verify(
				&key,
				&proof,
				&proofs::registration_payload(&genesis, &owner, &key, parent, nonce),
			)
			.map_err(Self::proof_error::<false>)?;

			let depth = match parent {
				None => {
					ensure!(parent_proof.is_none(), Error::<T>::UnexpectedParentProof);
					0
				},
				Some(parent) => {
					let mut parent_info =
						Devices::<T>::get(parent).ok_or(Error::<T>::UnknownParent)?;
					ensure!(Self::validity(parent).is_valid(), Error::<T>::ParentInvalid);
					let depth = parent_info.depth.saturating_add(1);
					ensure!(depth <= T::MaxDepth::get(), Error::<T>::TooDeep);
					let parent_proof = parent_proof.ok_or(Error::<T>::ParentProofMissing)?;
					proofs::verify(
						&parent_info.key,
						&parent_proof,
						&proofs::child_payload(&genesis, &owner, parent, &key, nonce),
					)
					.map_err(Self::proof_error::<true>)?;
					parent_info.children =
						parent_info.children.checked_add(1).ok_or(Error::<T>::Overflow)?;
					Devices::<T>::insert(parent, parent_info);
					depth
				},
			};

			let device = NextDeviceId::<T>::get();
			NextDeviceId::<T>::put(device.checked_add(1).ok_or(Error::<T>::Overflow)?);
			RegistrationNonce::<T>::insert(
				&owner,
				nonce.checked_add(1).ok_or(Error::<T>::Overflow)?,
			);
			let deposit = T::DeviceDeposit::get();
			T::Currency::hold(&HoldReason::DeviceDeposit.into(), &owner, deposit)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;
			Devices::<T>::insert(
				device,
				DeviceInfo {
					owner: owner.clone(),
					key: key.clone(),
					parent,
					depth,
					metadata,
					deposit,
					registered_at: frame_system::Pallet::<T>::block_number(),
					revoked_at: None,
					children: 0,
					grants: 0,
					sequence: 0,
				},
			);
			DeviceOfKey::<T>::insert(key_account, device);
			Self::deposit_event(Event::DeviceRegistered { device, owner, key, parent });
			Ok(())
		}

		/// Publish `device`'s certificate for `session_key`, valid until `expires_at`,
		/// replacing any earlier one.
		///
		/// Anyone may submit it: `signature` is the device key's signature over
		/// [`proofs::certificate_payload`] with the device's current `sequence`, which then
		/// rises, so the signature cannot be replayed. Within its daily quota a valid device's
		/// key may submit it without fees (see [`DeviceQuota`]).
		///
		/// The dispatch origin must be _Signed_, by any account.
		///
		/// Emits [`Event::CertificateIssued`].
		///
		/// Errors:
		/// - [`Error::UnknownDevice`] if no device has the id `device`;
		/// - [`Error::DeviceInvalid`] if the device is revoked or below a revoked device;
		/// - [`Error::ExpiryInPast`] if `expires_at` is not after the current block;
		/// - [`Error::LifetimeTooLong`] if `expires_at` is more than
		///   [`Config::MaxCertificateLifetime`] blocks from now;
		/// - [`Error::KeyTypeMismatch`] if `signature` is not of the scheme of the device's key;
		/// - [`Error::BadProof`] if `signature` does not verify (e.g. it was made for another
		///   sequence);
		/// - [`Error::Overflow`] if the device's sequence would overflow.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::issue_certificate())]
		pub fn issue_certificate(
			origin: OriginFor<T>,
			device: DeviceId,
			session_key: DeviceKey,
			expires_at: BlockNumberFor<T>,
			signature: MultiSignature,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let mut info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
			ensure!(Self::validity(device).is_valid(), Error::<T>::DeviceInvalid);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(expires_at > now, Error::<T>::ExpiryInPast);
			ensure!(
				expires_at.saturating_sub(now) <= T::MaxCertificateLifetime::get(),
				Error::<T>::LifetimeTooLong
			);
			let payload = proofs::certificate_payload(
				&Self::genesis_hash(),
				device,
				&session_key,
				&expires_at,
				info.sequence,
			);
			proofs::verify(&info.key, &signature, &payload).map_err(Self::proof_error::<false>)?;
			info.sequence = info.sequence.checked_add(1).ok_or(Error::<T>::Overflow)?;
			Devices::<T>::insert(device, info);
			Certificates::<T>::insert(
				device,
				Certificate { session_key: session_key.clone(), issued_at: now, expires_at },
			);
			Self::deposit_event(Event::CertificateIssued { device, session_key, expires_at });
			Ok(())
		}

		/// Revoke `device`: it and every descendant become invalid for good.
		///
		/// The dispatch origin must be _Signed_ by the owner of the device or of one of its
		/// ancestors, or by a security admin or senior admin ([`Role`]).
		///
		/// Emits [`Event::DeviceRevoked`].
		///
		/// Errors:
		/// - [`Error::UnknownDevice`] if no device has the id `device`;
		/// - [`Error::AlreadyRevoked`] if the device is already revoked;
		/// - [`Error::NotAuthorised`] if the caller owns neither the device nor an ancestor and
		///   is no admin.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::revoke_device())]
		pub fn revoke_device(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
			ensure!(info.revoked_at.is_none(), Error::<T>::AlreadyRevoked);
			ensure!(
				Self::role(&who) >= Role::SecurityAdmin || Self::owns_lineage(&who, device),
				Error::<T>::NotAuthorised
			);
			info.revoked_at = Some(frame_system::Pallet::<T>::block_number());
			Devices::<T>::insert(device, info);
			Self::deposit_event(Event::DeviceRevoked { device, by: who });
			Ok(())
		}

		/// Move the owner's valid `device` to `new_key`.
		///
		/// `old_signature` and `new_signature` are the current and the new key's signatures over
		/// [`proofs::rotation_payload`] with the device's current `sequence`. The device's
		/// certificate is dropped.
		///
		/// The dispatch origin must be _Signed_ by the device's owner.
		///
		/// Emits [`Event::KeyRotated`].
		///
		/// Errors:
		/// - [`Error::UnknownDevice`] if no device has the id `device`;
		/// - [`Error::NotOwner`] if the caller does not own the device;
		/// - [`Error::DeviceInvalid`] if the device is revoked or below a revoked device;
		/// - [`Error::KeyInUse`] if `new_key` is the current key of a registered device;
		/// - [`Error::KeyTypeMismatch`] if a signature is not of the scheme of its key;
		/// - [`Error::BadProof`] if `old_signature` or `new_signature` does not verify;
		/// - [`Error::Overflow`] if the device's sequence would overflow.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::rotate_key())]
		pub fn rotate_key(
			origin: OriginFor<T>,
			device: DeviceId,
			new_key: DeviceKey,
			old_signature: MultiSignature,
			new_signature: MultiSignature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
			ensure!(info.owner == who, Error::<T>::NotOwner);
			ensure!(Self::validity(device).is_valid(), Error::<T>::DeviceInvalid);
			let new_account: T::AccountId = new_key.account().into();
			ensure!(!DeviceOfKey::<T>::contains_key(&new_account), Error::<T>::KeyInUse);
			let payload = proofs::rotation_payload(
				&Self::genesis_hash(),
				device,
				&info.key,
				&new_key,
				info.sequence,
			);
			proofs::verify(&info.key, &old_signature, &payload)
				.map_err(Self::proof_error::<false>)?;
			proofs::verify(&new_key, &new_signature, &payload)
				.map_err(Self::proof_error::<false>)?;
			DeviceOfKey::<T>::remove(T::AccountId::from(info.key.account()));
			DeviceOfKey::<T>::insert(new_account, device);
			Certificates::<T>::remove(device);
			info.key = new_key.clone();
			info.sequence = info.sequence.checked_add(1).ok_or(Error::<T>::Overflow)?;
			Devices::<T>::insert(device, info);
			Self::deposit_event(Event::KeyRotated { device, key: new_key });
			Ok(())
		}

		/// Remove the owner's `device` and release its deposit, with its certificate, quota
		/// use and access grants.
		///
		/// A device with children may be removed only once revoked; its descendants then stay
		/// invalid.
		///
		/// The dispatch origin must be _Signed_ by the device's owner.
		///
		/// Emits [`Event::DeviceDeregistered`].
		///
		/// Errors:
		/// - [`Error::UnknownDevice`] if no device has the id `device`;
		/// - [`Error::NotOwner`] if the caller does not own the device;
		/// - [`Error::HasChildren`] if the device has children and is not revoked.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::deregister_device(T::MaxGrantsPerDevice::get()))]
		pub fn deregister_device(
			origin: OriginFor<T>,
			device: DeviceId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
			ensure!(info.owner == who, Error::<T>::NotOwner);
			ensure!(info.children == 0 || info.revoked_at.is_some(), Error::<T>::HasChildren);
			let _ = AccessGrants::<T>::clear_prefix(device, info.grants, None);
			Certificates::<T>::remove(device);
			QuotaUsage::<T>::remove(device);
			DeviceOfKey::<T>::remove(T::AccountId::from(info.key.account()));
			Devices::<T>::remove(device);
			if let Some(parent) = info.parent {
				Devices::<T>::mutate_extant(parent, |parent| {
					parent.children = parent.children.saturating_sub(1)
				});
			}
			T::Currency::release(
				&HoldReason::DeviceDeposit.into(),
				&who,
				info.deposit,
				Precision::Exact,
			)?;
			Self::deposit_event(Event::DeviceDeregistered { device, deposit: info.deposit });
			Ok(Some(T::WeightInfo::deregister_device(info.grants)).into())
		}

		/// Give `who` `role`.
		///
		/// Governance sets any role; a senior admin makes and unmakes security admins only.
		///
		/// The dispatch origin must be [`Config::AdminOrigin`] (governance), or _Signed_ by a
		/// senior admin.
		///
		/// Emits [`Event::RoleSet`].
		///
		/// Errors:
		/// - [`Error::InsufficientRole`] if a signed caller is not a senior admin;
		/// - [`Error::SeniorAdminByGovernanceOnly`] if a senior admin would make `who` a senior
		///   admin, or change the role of a senior admin.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_role())]
		pub fn set_role(origin: OriginFor<T>, who: T::AccountId, role: Role) -> DispatchResult {
			if let Err(origin) = T::AdminOrigin::try_origin(origin) {
				let caller = ensure_signed(origin)?;
				ensure!(Self::role(&caller) == Role::SeniorAdmin, Error::<T>::InsufficientRole);
				ensure!(
					role < Role::SeniorAdmin && Self::role(&who) < Role::SeniorAdmin,
					Error::<T>::SeniorAdminByGovernanceOnly
				);
			}
			match role {
				Role::User => Roles::<T>::remove(&who),
				role => Roles::<T>::insert(&who, role),
			}
			Self::deposit_event(Event::RoleSet { who, role });
			Ok(())
		}

		/// Let `grantee` read the owner's `device`'s data until `expires_at` (replacing an
		/// earlier grant to the same account).
		///
		/// The dispatch origin must be _Signed_ by the device's owner.
		///
		/// Emits [`Event::AccessGranted`].
		///
		/// Errors:
		/// - [`Error::UnknownDevice`] if no device has the id `device`;
		/// - [`Error::NotOwner`] if the caller does not own the device;
		/// - [`Error::ExpiryInPast`] if `expires_at` is not after the current block;
		/// - [`Error::TooManyGrants`] if `grantee` has no grant yet and the device already has
		///   [`Config::MaxGrantsPerDevice`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::grant_access())]
		pub fn grant_access(
			origin: OriginFor<T>,
			device: DeviceId,
			grantee: T::AccountId,
			expires_at: BlockNumberFor<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
			ensure!(info.owner == who, Error::<T>::NotOwner);
			ensure!(
				expires_at > frame_system::Pallet::<T>::block_number(),
				Error::<T>::ExpiryInPast
			);
			if !AccessGrants::<T>::contains_key(device, &grantee) {
				ensure!(info.grants < T::MaxGrantsPerDevice::get(), Error::<T>::TooManyGrants);
				info.grants += 1;
				Devices::<T>::insert(device, info);
			}
			AccessGrants::<T>::insert(device, &grantee, expires_at);
			Self::deposit_event(Event::AccessGranted { device, grantee, expires_at });
			Ok(())
		}

		/// Withdraw `grantee`'s access to the owner's `device` (expired or not).
		///
		/// The dispatch origin must be _Signed_ by the device's owner.
		///
		/// Emits [`Event::AccessRevoked`].
		///
		/// Errors:
		/// - [`Error::UnknownDevice`] if no device has the id `device`;
		/// - [`Error::NotOwner`] if the caller does not own the device;
		/// - [`Error::UnknownGrant`] if `grantee` has no grant to the device.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::revoke_access())]
		pub fn revoke_access(
			origin: OriginFor<T>,
			device: DeviceId,
			grantee: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
			ensure!(info.owner == who, Error::<T>::NotOwner);
			AccessGrants::<T>::take(device, &grantee).ok_or(Error::<T>::UnknownGrant)?;
			info.grants = info.grants.saturating_sub(1);
			Devices::<T>::insert(device, info);
			Self::deposit_event(Event::AccessRevoked { device, grantee });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Whether `device` is valid, and if not, why. Reads at most `MaxDepth + 1` devices.
	pub fn validity(device: DeviceId) -> Validity {
		let mut current = device;
		for _ in 0..=T::MaxDepth::get() {
			let Some(info) = Devices::<T>::get(current) else {
				return if current == device {
					Validity::Unknown
				} else {
					Validity::AncestorRemoved(current)
				};
			};
			if info.revoked_at.is_some() {
				return Validity::Revoked(current);
			}
			match info.parent {
				None => return Validity::Valid,
				Some(parent) => current = parent,
			}
		}
		// Only reachable if the depth invariant were broken: refuse rather than trust.
		Validity::Unknown
	}

	/// Whether `session_key` is certified by `device` now.
	pub fn certificate_status(
		device: DeviceId,
		session_key: &DeviceKey,
	) -> CertificateStatus<BlockNumberFor<T>> {
		let validity = Self::validity(device);
		if !validity.is_valid() {
			return CertificateStatus::DeviceInvalid(validity);
		}
		match Certificates::<T>::get(device) {
			Some(certificate) if certificate.session_key == *session_key => {
				if frame_system::Pallet::<T>::block_number() < certificate.expires_at {
					CertificateStatus::Valid(certificate.expires_at)
				} else {
					CertificateStatus::Expired(certificate.expires_at)
				}
			},
			_ => CertificateStatus::NotCertified,
		}
	}

	/// Whether `who` may read `device`'s data now: its owner, or an unexpired grant.
	pub fn has_access(device: DeviceId, who: &T::AccountId) -> bool {
		let Some(info) = Devices::<T>::get(device) else { return false };
		info.owner == *who
			|| AccessGrants::<T>::get(device, who)
				.is_some_and(|end| frame_system::Pallet::<T>::block_number() < end)
	}

	/// The role of `who`.
	pub fn role(who: &T::AccountId) -> Role {
		Roles::<T>::get(who).unwrap_or_default()
	}

	/// Free transactions a valid device may send per quota day ([`Config::DailyQuota`]).
	pub fn daily_quota() -> u32 {
		T::DailyQuota::get()
	}

	/// `device`'s use of its quota today.
	pub fn quota_use(device: DeviceId) -> QuotaUse {
		let day: u32 = (frame_system::Pallet::<T>::block_number() / T::QuotaPeriod::get())
			.unique_saturated_into();
		QuotaUsage::<T>::get(device)
			.filter(|usage| usage.day == day)
			.unwrap_or(QuotaUse { day, used: 0 })
	}

	/// Whether `who` owns `device` or one of its ancestors.
	fn owns_lineage(who: &T::AccountId, device: DeviceId) -> bool {
		let mut current = Some(device);
		for _ in 0..=T::MaxDepth::get() {
			let Some(info) = current.and_then(Devices::<T>::get) else { return false };
			if info.owner == *who {
				return true;
			}
			current = info.parent;
		}
		false
	}

	/// The chain's genesis hash, which every signed payload binds.
	fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// The error for a refused signature; `PARENT` for the parent's consent.
	fn proof_error<const PARENT: bool>(error: proofs::ProofError) -> Error<T> {
		match (error, PARENT) {
			(proofs::ProofError::SchemeMismatch, _) => Error::<T>::KeyTypeMismatch,
			(proofs::ProofError::Invalid, false) => Error::<T>::BadProof,
			(proofs::ProofError::Invalid, true) => Error::<T>::BadParentProof,
		}
	}

	/// Store a valid device of `owner` with `key` under `parent`, skipping proofs and deposit:
	/// the setup of benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	pub fn insert_device(
		owner: &T::AccountId,
		key: DeviceKey,
		parent: Option<DeviceId>,
	) -> DeviceId {
		let depth = parent.map_or(0, |parent| {
			Devices::<T>::mutate_extant(parent, |info| info.children += 1);
			Devices::<T>::get(parent).map_or(0, |info| info.depth + 1)
		});
		let device = NextDeviceId::<T>::get();
		NextDeviceId::<T>::put(device + 1);
		DeviceOfKey::<T>::insert(T::AccountId::from(key.account()), device);
		Devices::<T>::insert(
			device,
			DeviceInfo {
				owner: owner.clone(),
				key,
				parent,
				depth,
				metadata: frame_support::BoundedVec::truncate_from(alloc::vec![
					7u8;
					T::MaxMetadataLength::get() as usize
				]),
				deposit: Zero::zero(),
				registered_at: Zero::zero(),
				revoked_at: None,
				children: 0,
				grants: 0,
				sequence: 0,
			},
		);
		device
	}

	/// The registry's invariants: key index, hierarchy, counters, deposits and orphans.
	#[cfg(any(test, feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::{ensure, traits::fungible::InspectHold};

		let next = NextDeviceId::<T>::get();
		let mut children = BTreeMap::<DeviceId, u32>::new();
		let mut deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		let mut count = 0u32;
		for (id, info) in Devices::<T>::iter() {
			count += 1;
			ensure!(id < next, "a device id is not below NextDeviceId");
			ensure!(
				DeviceOfKey::<T>::get(T::AccountId::from(info.key.account())) == Some(id),
				"a device's key does not index it"
			);
			ensure!(info.depth <= T::MaxDepth::get(), "a device is deeper than MaxDepth");
			match info.parent {
				None => ensure!(info.depth == 0, "a root device has a non-zero depth"),
				Some(parent) => {
					*children.entry(parent).or_default() += 1;
					if let Some(parent_info) = Devices::<T>::get(parent) {
						ensure!(
							info.depth == parent_info.depth + 1,
							"a device's depth is not its parent's + 1"
						);
					} else {
						ensure!(
							Self::validity(id) != Validity::Valid,
							"a device whose parent was removed is valid"
						);
					}
				},
			}
			ensure!(
				AccessGrants::<T>::iter_prefix(id).count() as u32 == info.grants,
				"a device's grant count is wrong"
			);
			ensure!(info.grants <= T::MaxGrantsPerDevice::get(), "a device has too many grants");
			let held = deposits.entry(info.owner.clone()).or_default();
			*held = held.saturating_add(info.deposit);
		}
		for (id, info) in Devices::<T>::iter() {
			ensure!(
				children.get(&id).copied().unwrap_or(0) == info.children,
				"a device's child count is wrong"
			);
		}
		ensure!(DeviceOfKey::<T>::iter().count() as u32 == count, "a key indexes no device");
		for (owner, deposit) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::DeviceDeposit.into(), &owner) == deposit,
				"an owner's held deposit is not the sum of its devices' deposits"
			);
		}
		ensure!(
			Certificates::<T>::iter_keys().all(Devices::<T>::contains_key),
			"a certificate of no device"
		);
		ensure!(
			QuotaUsage::<T>::iter_keys().all(Devices::<T>::contains_key),
			"quota use of no device"
		);
		ensure!(
			AccessGrants::<T>::iter_keys().all(|(id, _)| Devices::<T>::contains_key(id)),
			"an access grant to no device"
		);
		Ok(())
	}
}

impl<T: Config> DeviceRegistry<T::AccountId> for Pallet<T> {
	fn is_valid(device: DeviceId) -> bool {
		Self::validity(device).is_valid()
	}

	fn owner(device: DeviceId) -> Option<T::AccountId> {
		Devices::<T>::get(device).map(|info| info.owner)
	}

	fn device_of(account: &T::AccountId) -> Option<DeviceId> {
		DeviceOfKey::<T>::get(account).filter(|device| Self::validity(*device).is_valid())
	}

	fn has_access(device: DeviceId, who: &T::AccountId) -> bool {
		Self::has_access(device, who)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmark(owner: &T::AccountId, device_account: &T::AccountId) -> DeviceId {
		use codec::Encode;
		// On SCI an sr25519 key's account is the key itself.
		let raw: [u8; 32] =
			device_account.encode().try_into().expect("benchmarks run with 32-byte accounts");
		Self::insert_device(
			owner,
			DeviceKey::Sr25519(sp_core::sr25519::Public::from_raw(raw)),
			None,
		)
	}
}

impl<T: Config> DeviceCertificates<DeviceKey> for Pallet<T> {
	fn certificate_valid(device: DeviceId, session_key: &DeviceKey) -> bool {
		matches!(Self::certificate_status(device, session_key), CertificateStatus::Valid(_))
	}
}
