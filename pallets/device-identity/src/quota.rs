//! The free daily quota: a transaction extension wrapped around the fee payment.
//!
//! [`DeviceQuota<T, S>`] wraps the runtime's fee extension `S` (`ChargeTransactionPayment`). A
//! transaction skips `S`, and so pays no fee, when all of these hold:
//! * it is signed by the current key of a valid device ([`Pallet::validity`]);
//! * its call is one of [`Config::FreeCalls`];
//! * the device has used fewer than [`Config::DailyQuota`] free transactions in the current day
//!   of [`Config::QuotaPeriod`] blocks.
//!
//! Otherwise `S` runs as if the wrapper were not there, so the transaction pays the normal fee.
//! The wrapper changes nothing else: the call's weight still counts against the block
//! (`CheckWeight` runs independently), nonces still apply, and clients see `S`'s identifier and
//! encoding, so wallets need no change.
//!
//! The quota is counted when the transaction is applied in a block, not when the pool accepts
//! it. A device may therefore have more free-looking transactions in the pool than it has quota
//! left; when applied, those beyond the quota pay the fee, or are dropped if the device's account
//! cannot pay it.

use crate::{Config, DeviceId, Pallet, QuotaUse, WeightInfo};
use frame_support::{
	dispatch::{DispatchInfo, PostDispatchInfo},
	traits::Contains,
	weights::Weight,
};
use sp_runtime::{
	traits::{
		AsSystemOriginSigner, DispatchInfoOf, DispatchOriginOf, Dispatchable, Implication,
		PostDispatchInfoOf, TransactionExtension, ValidateResult,
	},
	transaction_validity::{TransactionSource, TransactionValidityError, ValidTransaction},
	DispatchResult,
};

sci_primitives::wrapped_extension!(
	/// Lets valid devices send [`Config::FreeCalls`] without fees up to the daily quota; see
	/// the [module docs](self).
	DeviceQuota
);

/// What `validate` passes to `prepare`.
pub enum Val<S> {
	/// Free: `device` has used `usage` of today's quota.
	Free {
		/// The sending device.
		device: DeviceId,
		/// Its use of today's quota before this transaction.
		usage: QuotaUse,
	},
	/// Not eligible: the wrapped extension's result.
	Inner(S),
}

/// What `prepare` passes to `post_dispatch`.
pub enum Pre<S> {
	/// Paid from the quota; the wrapped extension's weight was not used.
	Free {
		/// The wrapped extension's weight, refunded.
		unused: Weight,
	},
	/// Paid by the wrapped extension.
	Inner(S),
}

impl<T, S> TransactionExtension<T::RuntimeCall> for DeviceQuota<T, S>
where
	T: Config + Send + Sync,
	T::RuntimeCall: Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>,
	T::RuntimeOrigin: AsSystemOriginSigner<T::AccountId> + Clone,
	S: TransactionExtension<T::RuntimeCall>,
{
	sci_primitives::wrapped_extension_face!(T::RuntimeCall);
	type Val = Val<S::Val>;
	type Pre = Pre<S::Pre>;

	fn weight(&self, call: &T::RuntimeCall) -> Weight {
		// Only free calls look the signer up; other transactions (transfers) pay nothing extra.
		let quota_check =
			if T::FreeCalls::contains(call) { T::WeightInfo::use_quota() } else { Weight::zero() };
		self.0.weight(call).saturating_add(quota_check)
	}

	fn validate(
		&self,
		origin: DispatchOriginOf<T::RuntimeCall>,
		call: &T::RuntimeCall,
		info: &DispatchInfoOf<T::RuntimeCall>,
		len: usize,
		self_implicit: Self::Implicit,
		inherited_implication: &impl Implication,
		source: TransactionSource,
	) -> ValidateResult<Self::Val, T::RuntimeCall> {
		let free = match origin.as_system_origin_signer() {
			Some(signer) if T::FreeCalls::contains(call) => Pallet::<T>::quota_left(signer),
			_ => None,
		};
		match free {
			// Free transactions compete on nothing: the default (lowest) priority.
			Some((device, usage)) => {
				Ok((ValidTransaction::default(), Val::Free { device, usage }, origin))
			},
			None => {
				let (valid, val, origin) = self.0.validate(
					origin,
					call,
					info,
					len,
					self_implicit,
					inherited_implication,
					source,
				)?;
				Ok((valid, Val::Inner(val), origin))
			},
		}
	}

	fn prepare(
		self,
		val: Self::Val,
		origin: &DispatchOriginOf<T::RuntimeCall>,
		call: &T::RuntimeCall,
		info: &DispatchInfoOf<T::RuntimeCall>,
		len: usize,
	) -> Result<Self::Pre, TransactionValidityError> {
		// In a block, `validate` runs right before `prepare` in the same state, so its verdict
		// already accounts for the quota used by earlier transactions of the block.
		match val {
			Val::Free { device, usage } => {
				Pallet::<T>::use_quota(device, usage);
				Ok(Pre::Free { unused: self.0.weight(call) })
			},
			Val::Inner(val) => Ok(Pre::Inner(self.0.prepare(val, origin, call, info, len)?)),
		}
	}

	fn post_dispatch_details(
		pre: Self::Pre,
		info: &DispatchInfoOf<T::RuntimeCall>,
		post_info: &PostDispatchInfoOf<T::RuntimeCall>,
		len: usize,
		result: &DispatchResult,
	) -> Result<Weight, TransactionValidityError> {
		match pre {
			Pre::Free { unused } => Ok(unused),
			Pre::Inner(pre) => S::post_dispatch_details(pre, info, post_info, len, result),
		}
	}
}

/// Shared by the pallet and the extension: whether a free transaction is left today.
impl<T: Config> Pallet<T> {
	/// The valid device whose current key is `account`, and its use of today's quota, if it
	/// has a free transaction left.
	pub fn quota_left(account: &T::AccountId) -> Option<(DeviceId, QuotaUse)> {
		let device = crate::DeviceOfKey::<T>::get(account)?;
		if !Self::validity(device).is_valid() {
			return None;
		}
		let usage = Self::quota_use(device);
		(usage.used < Self::daily_quota()).then_some((device, usage))
	}

	/// Count one free transaction of `device`, whose use today is `usage`.
	pub(crate) fn use_quota(device: DeviceId, usage: QuotaUse) {
		crate::QuotaUsage::<T>::insert(
			device,
			QuotaUse { day: usage.day, used: usage.used.saturating_add(1) },
		);
	}
}
