//! The runtime API of the foundation pallet: the public quarterly report.

use crate::{QuarterIndex, QuarterReport};
use codec::Codec;
use frame_support::traits::Get;

sp_api::decl_runtime_apis! {
	/// The foundation's books.
	pub trait FoundationApi<AccountId, Balance, BlockNumber, MaxApprovals>
	where
		AccountId: Codec + Clone + core::fmt::Debug + PartialEq + Eq,
		Balance: Codec + Clone + core::fmt::Debug + PartialEq + Eq,
		BlockNumber: Codec + Clone + core::fmt::Debug + PartialEq + Eq,
		MaxApprovals: Get<u32>,
	{
		/// The quarter the current block is in.
		fn current_quarter() -> QuarterIndex;
		/// Budget, spent and remaining per category, the spends, inflows and burns of
		/// `quarter`, and the balance at its start and end.
		fn quarter_report(quarter: QuarterIndex) -> QuarterReport<AccountId, Balance, BlockNumber, MaxApprovals>;
	}
}
