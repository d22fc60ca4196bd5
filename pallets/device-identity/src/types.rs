//! The records the registry keeps and the answers it gives.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_core::{ecdsa, ed25519, sr25519};
use sp_runtime::{traits::IdentifyAccount, AccountId32, MultiSigner};

pub use sci_primitives::devices::DeviceId;

/// A device's public key: long-lived identity keys and short-lived session keys alike.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum DeviceKey {
	/// Schnorrkel on Ristretto25519.
	Sr25519(sr25519::Public),
	/// Ed25519.
	Ed25519(ed25519::Public),
	/// ECDSA on secp256k1 (compressed key).
	Ecdsa(ecdsa::Public),
}

impl DeviceKey {
	/// The account that transactions signed by this key come from (as for any SCI account).
	pub fn account(&self) -> AccountId32 {
		MultiSigner::from(self.clone()).into_account()
	}
}

impl From<DeviceKey> for MultiSigner {
	fn from(key: DeviceKey) -> Self {
		match key {
			DeviceKey::Sr25519(k) => MultiSigner::Sr25519(k),
			DeviceKey::Ed25519(k) => MultiSigner::Ed25519(k),
			DeviceKey::Ecdsa(k) => MultiSigner::Ecdsa(k),
		}
	}
}

/// A registered device.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxMetadataLength))]
pub struct DeviceInfo<AccountId, Balance, BlockNumber, MaxMetadataLength: Get<u32>>
where
	AccountId: Clone + PartialEq + core::fmt::Debug,
	Balance: Clone + PartialEq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + core::fmt::Debug,
{
	/// Who registered it, holds its deposit and may revoke, rotate and deregister it.
	pub owner: AccountId,
	/// Its current long-lived key.
	pub key: DeviceKey,
	/// The device it was registered under.
	pub parent: Option<DeviceId>,
	/// 0 for a root device, the parent's depth + 1 otherwise.
	pub depth: u32,
	/// Owner-supplied description, e.g. the hash of the device's specification.
	pub metadata: BoundedVec<u8, MaxMetadataLength>,
	/// Held from the owner until deregistration.
	pub deposit: Balance,
	/// Block of registration.
	pub registered_at: BlockNumber,
	/// Block of revocation: from then on the device and all its descendants are invalid.
	pub revoked_at: Option<BlockNumber>,
	/// Registered devices whose parent this is.
	pub children: u32,
	/// Entries in the device's access grants.
	pub grants: u32,
	/// The sequence number the device's next certificate or key rotation must sign; it rises
	/// with each, so no such signature can be replayed.
	pub sequence: u32,
}

/// A short-lived session key published by a device.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Certificate<BlockNumber> {
	/// The key the device signs its data with until `expires_at`.
	pub session_key: DeviceKey,
	/// Block of publication.
	pub issued_at: BlockNumber,
	/// First block at which the certificate is no longer valid.
	pub expires_at: BlockNumber,
}

/// Access levels of accounts.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum Role {
	/// Every account: registers and manages its own devices.
	#[default]
	User,
	/// May revoke any device (e.g. a compromised fleet).
	SecurityAdmin,
	/// A security admin who may also make and unmake security admins.
	SeniorAdmin,
}

/// Why a device is or is not valid.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub enum Validity {
	/// Registered, and neither it nor any ancestor is revoked.
	Valid,
	/// Not registered.
	Unknown,
	/// This device, or the ancestor given, was revoked.
	Revoked(DeviceId),
	/// The ancestor given was revoked and then deregistered.
	AncestorRemoved(DeviceId),
}

impl Validity {
	/// Whether this is [`Validity::Valid`].
	pub fn is_valid(&self) -> bool {
		*self == Validity::Valid
	}
}

/// The answer to "is this session key certified by this device now?".
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub enum CertificateStatus<BlockNumber> {
	/// Certified until (not including) the block given.
	Valid(BlockNumber),
	/// The device's certificate is for another key, or it has none.
	NotCertified,
	/// The certificate for this key expired at the block given.
	Expired(BlockNumber),
	/// The device is not valid.
	DeviceInvalid(Validity),
}

/// A device's use of its free daily quota.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct QuotaUse {
	/// The day (block number / `QuotaPeriod`) the count belongs to.
	pub day: u32,
	/// Free transactions used that day.
	pub used: u32,
}
