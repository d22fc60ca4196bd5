//! The uniform-price double auction of one period (see the crate docs for the rule).
//!
//! Pure: it reads the period's orders and says what to trade and what to release; the pallet
//! stores and moves the funds.

use crate::{BalanceOf, Clearing, Config, OrderId, OrderOf, Side, TradeIndex};
use alloc::vec::Vec;
use sci_primitives::{devices::DeviceId, energy::EnergyType};
use sp_runtime::traits::{Saturating, Zero};

/// A trade the clearing made.
pub struct Matched<AccountId, Balance> {
	/// The seller.
	pub seller: AccountId,
	/// The seller's meter.
	pub seller_meter: DeviceId,
	/// The buyer.
	pub buyer: AccountId,
	/// The energy type.
	pub energy: EnergyType,
	/// kWh.
	pub kwh: u64,
	/// The clearing price per kWh.
	pub price: Balance,
	/// The part of the ask's deposit behind this trade.
	pub seller_deposit: Balance,
}

/// What a clearing decided.
pub struct Outcome<AccountId, Balance> {
	/// The trades, in the order made.
	pub trades: Vec<Matched<AccountId, Balance>>,
	/// Held funds to release: unmatched orders, and bids' reservations above what their trades
	/// need.
	pub releases: Vec<(AccountId, Balance)>,
	/// The summary stored for the period.
	pub result: Clearing<Balance>,
}

/// An order in the auction: its index in the input, price, kWh left.
struct Entry<Balance> {
	index: usize,
	id: OrderId,
	price: Balance,
	left: u64,
}

/// Clear `orders` (a period's, any order).
pub fn clear<T: Config>(orders: &[(OrderId, OrderOf<T>)]) -> Outcome<T::AccountId, BalanceOf<T>> {
	let mut asks: Vec<Entry<BalanceOf<T>>> = Vec::new();
	let mut bids: Vec<Entry<BalanceOf<T>>> = Vec::new();
	for (index, (id, order)) in orders.iter().enumerate() {
		match order.side {
			Side::Ask { min_price, .. } => {
				asks.push(Entry { index, id: *id, price: min_price, left: order.kwh })
			},
			Side::Bid { max_price, .. } => {
				bids.push(Entry { index, id: *id, price: max_price, left: order.kwh })
			},
		}
	}
	// Merit order; equal prices by order id (time priority).
	asks.sort_by(|a, b| a.price.cmp(&b.price).then(a.id.cmp(&b.id)));
	bids.sort_by(|a, b| b.price.cmp(&a.price).then(a.id.cmp(&b.id)));

	let price = clearing_price(&asks, &bids);
	let mut trades: Vec<(usize, usize, u64)> = Vec::new();
	if let Some(price) = price {
		for bid in bids.iter_mut().filter(|bid| bid.price >= price) {
			let Side::Bid { accepted, .. } = orders[bid.index].1.side else { continue };
			for ask in asks.iter_mut().filter(|ask| ask.price <= price) {
				if bid.left == 0 {
					break;
				}
				let Side::Ask { energy, .. } = orders[ask.index].1.side else { continue };
				if ask.left == 0 || !accepted.contains(energy) {
					continue;
				}
				let kwh = ask.left.min(bid.left);
				ask.left -= kwh;
				bid.left -= kwh;
				trades.push((ask.index, bid.index, kwh));
			}
		}
	}

	let price_or_zero = price.unwrap_or_else(Zero::zero);
	let mut releases = Vec::new();
	let mut matched: Vec<Matched<T::AccountId, BalanceOf<T>>> = Vec::new();
	// Asks: unmatched ones get their deposit back; matched ones split it over their trades.
	for ask in &asks {
		let order = &orders[ask.index].1;
		let sold = order.kwh - ask.left;
		if sold == 0 {
			releases.push((order.owner.clone(), order.held));
			continue;
		}
		let Side::Ask { energy, .. } = order.side else { continue };
		let mut deposit_left = order.held;
		let mine: Vec<&(usize, usize, u64)> = trades.iter().filter(|t| t.0 == ask.index).collect();
		for (n, (_, bid_index, kwh)) in mine.iter().enumerate() {
			let deposit = if n + 1 == mine.len() {
				deposit_left
			} else {
				sci_primitives::share_of(order.held, (*kwh).into(), sold.into())
			};
			deposit_left = deposit_left.saturating_sub(deposit);
			matched.push(Matched {
				seller: order.owner.clone(),
				seller_meter: order.meter,
				buyer: orders[*bid_index].1.owner.clone(),
				energy,
				kwh: *kwh,
				price: price_or_zero,
				seller_deposit: deposit,
			});
		}
	}
	// Bids keep `price × bought` held.
	for bid in &bids {
		let order = &orders[bid.index].1;
		let bought = order.kwh - bid.left;
		let needed = price_or_zero
			.saturating_mul(BalanceOf::<T>::try_from(bought).unwrap_or_else(|_| Zero::zero()));
		releases.push((order.owner.clone(), order.held.saturating_sub(needed)));
	}

	let kwh = matched.iter().map(|t| t.kwh).sum();
	let result = Clearing {
		price,
		kwh,
		trades: matched.len() as TradeIndex,
		asks: asks.len() as u32,
		bids: bids.len() as u32,
	};
	Outcome { trades: matched, releases, result }
}

/// The midpoint of the marginal pair when matching the merit-ordered curves regardless of
/// type, rounded down; `None` if no ask is at or below any bid.
fn clearing_price<Balance>(asks: &[Entry<Balance>], bids: &[Entry<Balance>]) -> Option<Balance>
where
	Balance: Copy + Ord + Saturating + sp_runtime::traits::AtLeast32BitUnsigned,
{
	let (mut i, mut j) = (0, 0);
	let (mut ask_left, mut bid_left) = (asks.first()?.left, bids.first()?.left);
	let mut marginal = None;
	while i < asks.len() && j < bids.len() && asks[i].price <= bids[j].price {
		marginal = Some((asks[i].price, bids[j].price));
		let kwh = ask_left.min(bid_left);
		ask_left -= kwh;
		bid_left -= kwh;
		if ask_left == 0 {
			i += 1;
			ask_left = asks.get(i).map_or(0, |a| a.left);
		}
		if bid_left == 0 {
			j += 1;
			bid_left = bids.get(j).map_or(0, |b| b.left);
		}
	}
	marginal.map(|(ask, bid)| ask + (bid - ask) / 2u32.into())
}
