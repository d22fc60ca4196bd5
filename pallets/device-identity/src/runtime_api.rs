//! The runtime API of the device registry, for clients and off-chain services.

use crate::{CertificateStatus, DeviceId, DeviceInfo, DeviceKey, QuotaUse, Role, Validity};
use codec::Codec;
use frame_support::traits::Get;

sp_api::decl_runtime_apis! {
	/// Devices, certificates, access and quotas.
	pub trait DeviceApi<AccountId, Balance, BlockNumber, MaxMetadataLength>
	where
		AccountId: Codec + Clone + core::fmt::Debug + PartialEq,
		Balance: Codec + Clone + core::fmt::Debug + PartialEq,
		BlockNumber: Codec + Clone + core::fmt::Debug + PartialEq,
		MaxMetadataLength: Get<u32>,
	{
		/// The record of `device` and whether it is valid.
		fn device(device: DeviceId) -> Option<(DeviceInfo<AccountId, Balance, BlockNumber, MaxMetadataLength>, Validity)>;
		/// The registered device whose current long-lived key is `key`.
		fn device_of_key(key: DeviceKey) -> Option<DeviceId>;
		/// Whether `session_key` is certified by `device` now.
		fn certificate(device: DeviceId, session_key: DeviceKey) -> CertificateStatus<BlockNumber>;
		/// Whether `who` may read `device`'s data now.
		fn has_access(device: DeviceId, who: AccountId) -> bool;
		/// The role of `who`.
		fn role(who: AccountId) -> Role;
		/// `device`'s free transactions used today, and the daily quota.
		fn quota(device: DeviceId) -> (QuotaUse, u32);
	}
}
