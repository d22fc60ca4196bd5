//! [`RefundPaidAccess<T, S>`]: the transaction extension that records and refunds.
//!
//! It wraps the runtime's last extension `S` (`WeightReclaim`, which returns a transaction's
//! unused weight to the block), so that `S` reclaims the refund too. Clients see `S`'s
//! identifier and encoding: wallets need no change.

use crate::{ChargedAccount, Config, Pallet, WeightInfo};
use frame_support::{
	dispatch::{DispatchInfo, PostDispatchInfo},
	traits::Get,
	weights::Weight,
};
use sp_runtime::{
	traits::{
		AsSystemOriginSigner, DispatchInfoOf, DispatchOriginOf, Dispatchable, Implication,
		PostDispatchInfoOf, TransactionExtension, ValidateResult,
	},
	transaction_validity::{TransactionSource, TransactionValidityError},
	DispatchResult,
};

sci_primitives::wrapped_extension!(
	/// Refunds a transaction the storage read and write it was charged for each account its
	/// block had already paid for; see the [crate docs](crate).
	RefundPaidAccess
);

/// What `prepare` passes to `post_dispatch`.
pub struct Pre<AccountId, S> {
	/// How many of the transaction's accounts the block had already paid for.
	paid_before: u64,
	/// The call's charged account, to record if the call succeeds (not yet paid for).
	record_on_success: Option<AccountId>,
	/// The wrapped extension's.
	inner: S,
}

impl<T, S> TransactionExtension<T::RuntimeCall> for RefundPaidAccess<T, S>
where
	T: Config + Send + Sync,
	T::RuntimeCall: Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>,
	T::RuntimeOrigin: AsSystemOriginSigner<T::AccountId> + Clone,
	S: TransactionExtension<T::RuntimeCall>,
{
	sci_primitives::wrapped_extension_face!(T::RuntimeCall);
	type Val = S::Val;
	type Pre = Pre<T::AccountId, S::Pre>;

	fn weight(&self, call: &T::RuntimeCall) -> Weight {
		self.0.weight(call).saturating_add(T::WeightInfo::record_accesses())
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
		self.0.validate(origin, call, info, len, self_implicit, inherited_implication, source)
	}

	fn prepare(
		self,
		val: Self::Val,
		origin: &DispatchOriginOf<T::RuntimeCall>,
		call: &T::RuntimeCall,
		info: &DispatchInfoOf<T::RuntimeCall>,
		len: usize,
	) -> Result<Self::Pre, TransactionValidityError> {
		let inner = self.0.prepare(val, origin, call, info, len)?;
		let Some(signer) = origin.as_system_origin_signer() else {
			return Ok(Pre { paid_before: 0, record_on_success: None, inner });
		};
		// The earlier extensions have written the signer's account (its nonce): record it
		// first, so that a call charged for the signer's own account again finds it paid for.
		let mut paid_before = u64::from(Pallet::<T>::record(signer));
		let mut record_on_success = None;
		if let Some(account) = T::ChargedAccount::charged_account(call) {
			if Pallet::<T>::is_paid_for(&account) {
				paid_before += 1;
			} else {
				record_on_success = Some(account);
			}
		}
		Ok(Pre { paid_before, record_on_success, inner })
	}

	fn post_dispatch_details(
		pre: Self::Pre,
		info: &DispatchInfoOf<T::RuntimeCall>,
		post_info: &PostDispatchInfoOf<T::RuntimeCall>,
		len: usize,
		result: &DispatchResult,
	) -> Result<Weight, TransactionValidityError> {
		if let (Some(account), Ok(())) = (&pre.record_on_success, result) {
			Pallet::<T>::record(account);
		}
		let charged = post_info.calc_actual_weight(info);
		let room = charged.ref_time().saturating_sub(T::MinimumCharge::get().ref_time());
		let paid = T::DbWeight::get().reads_writes(pre.paid_before, pre.paid_before);
		let refund = Weight::from_parts(paid.ref_time().min(room), 0);
		// The wrapped extension (the block's weight reclaim) sees the weight after the refund.
		let mut refunded = *post_info;
		refunded.actual_weight = Some(charged.saturating_sub(refund));
		let unspent = S::post_dispatch_details(pre.inner, info, &refunded, len, result)?;
		Ok(refund.saturating_add(unspent))
	}
}
