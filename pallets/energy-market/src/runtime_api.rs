//! The runtime API of the energy market.

use crate::{Clearing, Order, OrderId, PeriodIndex, Trade, TradeIndex};
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Periods, order books, clearings and trades.
	pub trait EnergyMarketApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The next period to clear, and the block at which it clears (its gate).
		fn next_period() -> Option<(PeriodIndex, BlockNumber)>;
		/// The open orders of `period`.
		fn order_book(period: PeriodIndex) -> Vec<(OrderId, Order<AccountId, Balance>)>;
		/// How `period` cleared.
		fn clearing(period: PeriodIndex) -> Option<Clearing<Balance>>;
		/// The unsettled trades of `period`.
		fn trades(period: PeriodIndex) -> Vec<(TradeIndex, Trade<AccountId, Balance, BlockNumber>)>;
	}
}
