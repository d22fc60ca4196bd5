//! The runtime API of the carbon ledger.

use crate::{BatchId, Footprint, NeutralityCertificate, PeriodIndex, Retirement};
use alloc::vec::Vec;
use codec::Codec;
use frame_support::traits::Get;

sp_api::decl_runtime_apis! {
	/// An account's footprint, credits, retirements and certificates.
	pub trait CarbonApi<AccountId, BlockNumber, MaxText>
	where
		AccountId: Codec + Clone + PartialEq + Eq + core::fmt::Debug,
		BlockNumber: Codec + Clone + PartialEq + Eq + core::fmt::Debug,
		MaxText: Get<u32>,
	{
		/// The footprint period of the best block.
		fn current_period() -> PeriodIndex;
		/// `account`'s energy use and emissions in `period`.
		fn footprint(account: AccountId, period: PeriodIndex) -> Footprint;
		/// `account`'s credits per batch (batch 0: green points).
		fn credits(account: AccountId) -> Vec<(BatchId, u64)>;
		/// `account`'s retirements.
		fn retirements(account: AccountId) -> Vec<Retirement<AccountId, BlockNumber, MaxText>>;
		/// `account`'s certificates, by period.
		fn certificates(account: AccountId) -> Vec<(PeriodIndex, NeutralityCertificate<BlockNumber>)>;
	}
}
