//! # Energy-market pallet
//!
//! Prosumers sell renewable energy to neighbours: orders per delivery period, one clearing
//! price per period by a double auction, and settlement on what the seller's meter reports.
//!
//! ## Periods and orders
//!
//! Delivery periods are [`MarketParameters::period_length`] blocks long. Orders for a period are
//! accepted until its gate, [`MarketParameters::gate_lead`] blocks before it starts, at most
//! [`Config::MaxPeriodsAhead`] periods ahead. Participants place orders for their own valid
//! meter device (through [`Config::Devices`]):
//! * an **ask** (energy type, kWh, minimum price per kWh) holds [`Config::AskDeposit`];
//! * a **bid** (kWh, maximum price per kWh, accepted types) holds `max price × kWh`.
//!
//! Orders can be cancelled before the gate ([`Pallet::cancel_order`]). A period takes at most
//! [`Config::MaxOrdersPerPeriod`] orders, an account at most [`Config::MaxOrdersPerAccount`] in
//! one period.
//!
//! ## Clearing (at the gate, in `on_initialize`, one period per block)
//!
//! A uniform-price double auction ([`clearing::clear`]):
//! 1. **Merit order.** Asks by rising minimum price, bids by falling maximum price; equal prices
//!    by order id (earlier first).
//! 2. **Price.** Walk both curves, matching kWh while the ask's price is at most the bid's; the
//!    last pair matched is the marginal pair, and the clearing price is the midpoint of its two
//!    prices, rounded down. No pair: no trades.
//! 3. **Allocation.** Bids at or above the price, in merit order, take kWh from asks at or below
//!    it, in merit order, of a type they accept. Every trade is at the clearing price, so no
//!    seller gets less than it asked and no buyer pays more than it bid. Volume the type
//!    constraints leave unmatched is not traded.
//!
//! The clearing's work is bounded by `MaxOrdersPerPeriod` (its weight is benchmarked at that
//! bound). Unmatched orders are released at once; a bid keeps `price × matched kWh` held; an
//! ask's deposit stays behind its trades, split by kWh.
//!
//! ## Settlement
//!
//! After the period, the seller's meter reports the kWh it delivered for each trade
//! ([`Pallet::report_delivery`]). The buyer pays `price × delivered` to the seller, less
//! [`Config::MarketFee`] to [`Config::FeeAccount`] (the foundation), and gets the rest back;
//! the seller forfeits the undelivered share of its deposit to the buyer, and gets the rest back.
//! Delivered energy earns the buyer carbon credit points through [`Config::OnDelivery`]. A trade
//! not reported within [`MarketParameters::settlement_timeout`] blocks after the period may be
//! expired by anyone ([`Pallet::expire_trade`]): it settles as nothing delivered.
//!
//! ## Parameters
//!
//! Governance sets the market's timing, [`MarketParameters`], with [`Pallet::set_parameters`],
//! which also renumbers the periods when the timing changes. The fee rate is not among them: it
//! is [`Config::MarketFee`], a protocol parameter set by governance through the runtime's
//! parameters pallet, and the rate in force when a trade settles applies.
//!
//! ## Runtime API
//!
//! [`runtime_api::EnergyMarketApi`]: the next open period, a period's order book, clearing and
//! trades.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod clearing;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::traits::{
	fungible::{self, Inspect, MutateHold},
	tokens::{Fortitude, Precision, Restriction},
	Get,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sci_primitives::{
	devices::{DeviceId, DeviceRegistry},
	energy::{EnergyType, OnGreenDelivery},
};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError, Permill,
};

/// The balance type of [`Config::Currency`].
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// An order of a runtime.
pub type OrderOf<T> = Order<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
/// A trade of a runtime.
pub type TradeOf<T> =
	Trade<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Holds bids and deposits and moves payments.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Which meters are valid, and who owns them.
		type Devices: DeviceRegistry<Self::AccountId>;

		/// Told of every delivery of green energy (the carbon ledger awards points).
		type OnDelivery: OnGreenDelivery<Self::AccountId>;

		/// Sets the market's timing parameters: the `GovernanceOrigin` configured by the runtime
		/// (in SCI: `ParametersOrigin`, root or a passed referendum on the parameters track).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Receives the market fee.
		type FeeAccount: Get<Self::AccountId>;

		/// Share of each payment that goes to [`Config::FeeAccount`]: a protocol parameter, set
		/// by governance through the runtime's parameters pallet.
		type MarketFee: Get<Permill>;

		/// Held per ask until it is cancelled, unmatched or settled.
		#[pallet::constant]
		type AskDeposit: Get<BalanceOf<Self>>;

		/// Most orders in one period.
		#[pallet::constant]
		type MaxOrdersPerPeriod: Get<u32>;

		/// Most orders of one account in one period.
		#[pallet::constant]
		type MaxOrdersPerAccount: Get<u32>;

		/// How many periods ahead of the next one to clear orders may be placed.
		#[pallet::constant]
		type MaxPeriodsAhead: Get<u32>;

		/// Weights of this pallet's calls and hook.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A bid's reservation, an ask's deposit, or either behind a trade.
		Order,
	}

	/// The market's timing parameters.
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, MarketParameters<BlockNumberFor<T>>>;

	/// Period numbering: period `anchor_period` starts at block `anchor`, and each following
	/// one `period_length` blocks later.
	#[pallet::storage]
	pub type Clock<T: Config> = StorageValue<_, (BlockNumberFor<T>, PeriodIndex), ValueQuery>;

	/// The next period to clear: earlier ones have cleared.
	#[pallet::storage]
	pub type NextToClear<T: Config> = StorageValue<_, PeriodIndex, ValueQuery>;

	/// Open orders.
	#[pallet::storage]
	pub type Orders<T: Config> = StorageMap<_, Twox64Concat, OrderId, OrderOf<T>>;

	/// The id the next order gets.
	#[pallet::storage]
	pub type NextOrderId<T: Config> = StorageValue<_, OrderId, ValueQuery>;

	/// The open orders of each period.
	#[pallet::storage]
	pub type PeriodOrders<T: Config> = StorageMap<
		_,
		Twox64Concat,
		PeriodIndex,
		BoundedVec<OrderId, T::MaxOrdersPerPeriod>,
		ValueQuery,
	>;

	/// Open orders per period and account.
	#[pallet::storage]
	pub type AccountOrders<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		PeriodIndex,
		Blake2_128Concat,
		T::AccountId,
		u32,
		ValueQuery,
	>;

	/// Each cleared period's result.
	#[pallet::storage]
	pub type Clearings<T: Config> =
		StorageMap<_, Twox64Concat, PeriodIndex, Clearing<BalanceOf<T>>>;

	/// Unsettled trades per period.
	#[pallet::storage]
	pub type Trades<T: Config> =
		StorageDoubleMap<_, Twox64Concat, PeriodIndex, Twox64Concat, TradeIndex, TradeOf<T>>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The first parameters; period 0 starts at genesis.
		pub parameters: Option<MarketParameters<BlockNumberFor<T>>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(parameters) = &self.parameters {
				Pallet::<T>::check(parameters).expect("invalid market parameters in genesis");
				Parameters::<T>::put(parameters);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `owner` placed `order` for `period`.
		OrderPlaced {
			/// The new order's id.
			order: OrderId,
			/// Who placed it.
			owner: T::AccountId,
			/// Its delivery period.
			period: PeriodIndex,
		},
		/// `order` was cancelled and its funds released.
		OrderCancelled {
			/// The cancelled order's id.
			order: OrderId,
		},
		/// `period` cleared at `price` (if supply met demand), trading `kwh` in `trades` trades.
		Cleared {
			/// The cleared period.
			period: PeriodIndex,
			/// The clearing price per kWh, if any pair matched.
			price: Option<BalanceOf<T>>,
			/// The kWh traded.
			kwh: u64,
			/// The number of trades.
			trades: TradeIndex,
		},
		/// Trade `trade` of `period` settled: `delivered` of its kWh, `paid` to the seller,
		/// `fee` to the foundation, `forfeit` of the seller's deposit to the buyer.
		Settled {
			/// The trade's period.
			period: PeriodIndex,
			/// The trade's index in its period.
			trade: TradeIndex,
			/// The kWh delivered (at most the trade's).
			delivered: u64,
			/// Paid by the buyer to the seller, after the fee.
			paid: BalanceOf<T>,
			/// Paid by the buyer to [`Config::FeeAccount`].
			fee: BalanceOf<T>,
			/// The undelivered share of the seller's deposit, paid to the buyer.
			forfeit: BalanceOf<T>,
		},
		/// New market parameters.
		ParametersSet,
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The market has no parameters yet.
		NotConfigured,
		/// The meter is not a valid device of the caller.
		NotYourMeter,
		/// The period's gate has passed (or it is before the current numbering).
		GateClosed,
		/// The period is more than `MaxPeriodsAhead` ahead.
		TooFarAhead,
		/// An order must be for at least one kWh.
		ZeroEnergy,
		/// A bid must accept at least one energy type.
		NoTypes,
		/// The period has `MaxOrdersPerPeriod` orders.
		PeriodFull,
		/// The caller has `MaxOrdersPerAccount` orders in the period.
		TooManyOrders,
		/// The caller cannot afford the bid or the deposit.
		InsufficientFunds,
		/// No such order.
		UnknownOrder,
		/// Only the order's owner may cancel it.
		NotOwner,
		/// No such trade (or it was settled).
		UnknownTrade,
		/// Only the seller's meter reports the delivery.
		NotSellerMeter,
		/// Deliveries are reported after the period ends.
		DeliveryNotDue,
		/// The reporting time is over: the trade can only be expired.
		TimedOut,
		/// The trade may be expired only after the settlement timeout.
		NotTimedOut,
		/// Period length is zero, or the gate lead is not below it.
		BadParameters,
		/// Period length and gate lead change only while no order is open.
		OrdersOpen,
		/// An amount overflowed.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Clear the next period if its gate has come. Bounded by `MaxOrdersPerPeriod`.
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			match Self::clear_if_due(now) {
				Some(orders) => T::WeightInfo::on_initialize_clear(orders),
				None => T::WeightInfo::on_initialize_idle(),
			}
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Offer `kwh` of `energy` from the caller's `meter` in `period` for at least
		/// `min_price` per kWh. Holds [`Config::AskDeposit`].
		///
		/// The dispatch origin must be _Signed_ by the owner of `meter`.
		///
		/// Emits [`Event::OrderPlaced`].
		///
		/// Errors:
		/// - [`Error::ZeroEnergy`] if `kwh` is zero;
		/// - [`Error::NotYourMeter`] if `meter` is not a valid device owned by the caller;
		/// - [`Error::NotConfigured`] if the market has no parameters yet;
		/// - [`Error::GateClosed`] if `period`'s gate has passed (or `period` is before the
		///   current numbering);
		/// - [`Error::TooFarAhead`] if `period` is more than [`Config::MaxPeriodsAhead`] periods
		///   after the next one to clear;
		/// - [`Error::TooManyOrders`] if the caller has [`Config::MaxOrdersPerAccount`] orders
		///   in `period`;
		/// - [`Error::PeriodFull`] if `period` has [`Config::MaxOrdersPerPeriod`] orders;
		/// - [`Error::InsufficientFunds`] if the caller cannot afford [`Config::AskDeposit`];
		/// - [`Error::Overflow`] if the order id would overflow.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::place_order())]
		pub fn place_ask(
			origin: OriginFor<T>,
			meter: DeviceId,
			period: PeriodIndex,
			energy: EnergyType,
			kwh: u64,
			min_price: BalanceOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::place(
				owner,
				meter,
				period,
				kwh,
				Side::Ask { energy, min_price },
				T::AskDeposit::get(),
			)
		}

		/// Ask for `kwh` of the `accepted` types at the caller's `meter` in `period` for at most
		/// `max_price` per kWh. Holds `max_price × kwh`.
		///
		/// The dispatch origin must be _Signed_ by the owner of `meter`.
		///
		/// Emits [`Event::OrderPlaced`].
		///
		/// Errors:
		/// - [`Error::NoTypes`] if `accepted` names no energy type;
		/// - [`Error::ZeroEnergy`] if `kwh` is zero;
		/// - [`Error::NotYourMeter`] if `meter` is not a valid device owned by the caller;
		/// - [`Error::NotConfigured`] if the market has no parameters yet;
		/// - [`Error::GateClosed`] if `period`'s gate has passed (or `period` is before the
		///   current numbering);
		/// - [`Error::TooFarAhead`] if `period` is more than [`Config::MaxPeriodsAhead`] periods
		///   after the next one to clear;
		/// - [`Error::TooManyOrders`] if the caller has [`Config::MaxOrdersPerAccount`] orders
		///   in `period`;
		/// - [`Error::PeriodFull`] if `period` has [`Config::MaxOrdersPerPeriod`] orders;
		/// - [`Error::InsufficientFunds`] if the caller cannot afford `max_price × kwh`;
		/// - [`Error::Overflow`] if `max_price × kwh` or the order id would overflow.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::place_order())]
		pub fn place_bid(
			origin: OriginFor<T>,
			meter: DeviceId,
			period: PeriodIndex,
			kwh: u64,
			max_price: BalanceOf<T>,
			accepted: EnergyTypes,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			ensure!(accepted.0 & EnergyTypes::all().0 != 0, Error::<T>::NoTypes);
			let held = max_price.checked_mul(&Self::balance(kwh)?).ok_or(Error::<T>::Overflow)?;
			Self::place(owner, meter, period, kwh, Side::Bid { max_price, accepted }, held)
		}

		/// Cancel the caller's `order` before its period's gate, releasing its funds.
		///
		/// The dispatch origin must be _Signed_ by the order's owner.
		///
		/// Emits [`Event::OrderCancelled`].
		///
		/// Errors:
		/// - [`Error::UnknownOrder`] if no open order has the id `order` (orders leave the book
		///   when their period clears);
		/// - [`Error::NotOwner`] if the caller did not place the order.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::cancel_order())]
		pub fn cancel_order(origin: OriginFor<T>, order: OrderId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = Orders::<T>::get(order).ok_or(Error::<T>::UnknownOrder)?;
			ensure!(info.owner == who, Error::<T>::NotOwner);
			// Orders of cleared periods are gone, so the order's gate has not passed.
			PeriodOrders::<T>::mutate(info.period, |ids| ids.retain(|id| *id != order));
			AccountOrders::<T>::mutate_exists(info.period, &who, |count| {
				*count = count.map(|c| c.saturating_sub(1)).filter(|c| *c > 0)
			});
			Orders::<T>::remove(order);
			Self::release(&who, info.held)?;
			Self::deposit_event(Event::OrderCancelled { order });
			Ok(())
		}

		/// Report that the seller delivered `delivered_kwh` for `trade` of `period` (capped at
		/// the trade's kWh) and settle it. The caller is the seller's meter's key.
		///
		/// Delivered energy is reported to [`Config::OnDelivery`] (on SCI the carbon ledger,
		/// which awards the buyer green points with its own event).
		///
		/// The dispatch origin must be _Signed_ by the account of the current key of the
		/// trade's seller meter, a valid device (through [`Config::Devices`]).
		///
		/// Emits [`Event::Settled`].
		///
		/// Errors:
		/// - [`Error::UnknownTrade`] if `period` has no unsettled trade `trade`;
		/// - [`Error::NotSellerMeter`] if the caller is not the key of the trade's seller meter;
		/// - [`Error::DeliveryNotDue`] if the trade's period has not ended;
		/// - [`Error::TimedOut`] if the settlement timeout has passed (see
		///   [`Pallet::expire_trade`]).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::settle())]
		pub fn report_delivery(
			origin: OriginFor<T>,
			period: PeriodIndex,
			trade: TradeIndex,
			delivered_kwh: u64,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = Trades::<T>::get(period, trade).ok_or(Error::<T>::UnknownTrade)?;
			ensure!(
				T::Devices::device_of(&who) == Some(info.seller_meter),
				Error::<T>::NotSellerMeter
			);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now >= info.deliver_from, Error::<T>::DeliveryNotDue);
			ensure!(now < info.timeout_at, Error::<T>::TimedOut);
			Self::settle(period, trade, info, delivered_kwh)
		}

		/// Settle `trade` of `period` as undelivered once its settlement timeout has passed.
		/// Anyone may call it.
		///
		/// The dispatch origin must be _Signed_, by any account.
		///
		/// Emits [`Event::Settled`] (with nothing delivered).
		///
		/// Errors:
		/// - [`Error::UnknownTrade`] if `period` has no unsettled trade `trade`;
		/// - [`Error::NotTimedOut`] if the settlement timeout has not passed.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::settle())]
		pub fn expire_trade(
			origin: OriginFor<T>,
			period: PeriodIndex,
			trade: TradeIndex,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let info = Trades::<T>::get(period, trade).ok_or(Error::<T>::UnknownTrade)?;
			ensure!(
				frame_system::Pallet::<T>::block_number() >= info.timeout_at,
				Error::<T>::NotTimedOut
			);
			Self::settle(period, trade, info, 0)
		}

		/// Set the market's timing parameters. A new period length or gate lead needs an empty
		/// order book; periods are then numbered on from the next one to clear, which starts one
		/// period plus the gate lead from now.
		///
		/// The market fee is not set here: it is [`Config::MarketFee`], governed via the
		/// runtime's parameters pallet.
		///
		/// The dispatch origin must be [`Config::GovernanceOrigin`].
		///
		/// Emits [`Event::ParametersSet`].
		///
		/// Errors:
		/// - [`Error::BadParameters`] if the period length is zero or the gate lead is not below
		///   it;
		/// - [`Error::OrdersOpen`] if the period length or gate lead changes while orders are
		///   open.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_parameters())]
		pub fn set_parameters(
			origin: OriginFor<T>,
			parameters: MarketParameters<BlockNumberFor<T>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::check(&parameters)?;
			let old = Parameters::<T>::get();
			let timing_changed = old.as_ref().is_none_or(|old| {
				old.period_length != parameters.period_length
					|| old.gate_lead != parameters.gate_lead
			});
			if timing_changed {
				ensure!(Orders::<T>::iter_keys().next().is_none(), Error::<T>::OrdersOpen);
				let now = frame_system::Pallet::<T>::block_number();
				let start = now
					.saturating_add(parameters.gate_lead)
					.saturating_add(parameters.period_length);
				Clock::<T>::put((start, NextToClear::<T>::get()));
			}
			Parameters::<T>::put(parameters);
			Self::deposit_event(Event::ParametersSet);
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// `kwh` as a balance.
	fn balance(kwh: u64) -> Result<BalanceOf<T>, DispatchError> {
		BalanceOf::<T>::try_from(kwh).map_err(|_| Error::<T>::Overflow.into())
	}

	/// Period length non-zero, gate lead below it.
	fn check(parameters: &MarketParameters<BlockNumberFor<T>>) -> Result<(), Error<T>> {
		frame_support::ensure!(
			!parameters.period_length.is_zero() && parameters.gate_lead < parameters.period_length,
			Error::<T>::BadParameters
		);
		Ok(())
	}

	/// The first block of `period` (saturating at 0 for periods before the numbering).
	pub fn period_start(period: PeriodIndex, length: BlockNumberFor<T>) -> BlockNumberFor<T> {
		let (anchor, first) = Clock::<T>::get();
		let offset: BlockNumberFor<T> = period.saturating_sub(first).into();
		anchor.saturating_add(offset.saturating_mul(length))
	}

	/// The last block at which orders for `period` are accepted is the one before this.
	pub fn gate(period: PeriodIndex) -> Option<BlockNumberFor<T>> {
		let parameters = Parameters::<T>::get()?;
		Some(
			Self::period_start(period, parameters.period_length)
				.saturating_sub(parameters.gate_lead),
		)
	}

	/// Place an order after the common checks, holding `held`.
	fn place(
		owner: T::AccountId,
		meter: DeviceId,
		period: PeriodIndex,
		kwh: u64,
		side: Side<BalanceOf<T>>,
		held: BalanceOf<T>,
	) -> sp_runtime::DispatchResult {
		frame_support::ensure!(kwh > 0, Error::<T>::ZeroEnergy);
		frame_support::ensure!(
			T::Devices::is_valid(meter) && T::Devices::owner(meter).as_ref() == Some(&owner),
			Error::<T>::NotYourMeter
		);
		let gate = Self::gate(period).ok_or(Error::<T>::NotConfigured)?;
		let next = NextToClear::<T>::get();
		frame_support::ensure!(
			period >= next
				&& period >= Clock::<T>::get().1
				&& frame_system::Pallet::<T>::block_number() < gate,
			Error::<T>::GateClosed
		);
		frame_support::ensure!(period - next <= T::MaxPeriodsAhead::get(), Error::<T>::TooFarAhead);
		let count = AccountOrders::<T>::get(period, &owner);
		frame_support::ensure!(count < T::MaxOrdersPerAccount::get(), Error::<T>::TooManyOrders);
		let order = NextOrderId::<T>::get();
		PeriodOrders::<T>::try_mutate(period, |ids| ids.try_push(order))
			.map_err(|_| Error::<T>::PeriodFull)?;
		T::Currency::hold(&HoldReason::Order.into(), &owner, held)
			.map_err(|_| Error::<T>::InsufficientFunds)?;
		NextOrderId::<T>::put(order.checked_add(1).ok_or(Error::<T>::Overflow)?);
		AccountOrders::<T>::insert(period, &owner, count + 1);
		Orders::<T>::insert(order, Order { owner: owner.clone(), meter, period, kwh, side, held });
		Self::deposit_event(Event::OrderPlaced { order, owner, period });
		Ok(())
	}

	/// Release `amount` of `who`'s held funds.
	fn release(who: &T::AccountId, amount: BalanceOf<T>) -> sp_runtime::DispatchResult {
		if !amount.is_zero() {
			T::Currency::release(&HoldReason::Order.into(), who, amount, Precision::Exact)?;
		}
		Ok(())
	}

	/// Move `amount` of `from`'s held funds to `to`'s free balance.
	fn pay_from_hold(
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> sp_runtime::DispatchResult {
		if !amount.is_zero() {
			T::Currency::transfer_on_hold(
				&HoldReason::Order.into(),
				from,
				to,
				amount,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?;
		}
		Ok(())
	}

	/// Clear the next period if its gate has come; returns the number of its orders.
	fn clear_if_due(now: BlockNumberFor<T>) -> Option<u32> {
		let parameters = Parameters::<T>::get()?;
		let period = NextToClear::<T>::get();
		let start = Self::period_start(period, parameters.period_length);
		if now < start.saturating_sub(parameters.gate_lead) {
			return None;
		}
		NextToClear::<T>::put(period.saturating_add(1));
		let ids = PeriodOrders::<T>::take(period);
		let count = ids.len() as u32;
		let orders: alloc::vec::Vec<(OrderId, OrderOf<T>)> =
			ids.into_iter().filter_map(|id| Orders::<T>::take(id).map(|o| (id, o))).collect();
		let _ = AccountOrders::<T>::clear_prefix(period, count, None);
		let deliver_from = start.saturating_add(parameters.period_length);
		let timeout_at = deliver_from.saturating_add(parameters.settlement_timeout);
		let outcome = clearing::clear::<T>(&orders);
		// Release what the clearing did not commit; an error here would mean a broken hold
		// invariant, which `try_state` checks.
		for (who, amount) in &outcome.releases {
			let _ = Self::release(who, *amount);
		}
		for (index, matched) in outcome.trades.into_iter().enumerate() {
			Trades::<T>::insert(
				period,
				index as TradeIndex,
				Trade {
					seller: matched.seller,
					seller_meter: matched.seller_meter,
					buyer: matched.buyer,
					energy: matched.energy,
					kwh: matched.kwh,
					price: matched.price,
					seller_deposit: matched.seller_deposit,
					deliver_from,
					timeout_at,
				},
			);
		}
		let result = outcome.result;
		Self::deposit_event(Event::Cleared {
			period,
			price: result.price,
			kwh: result.kwh,
			trades: result.trades,
		});
		Clearings::<T>::insert(period, result);
		Some(count)
	}

	/// Settle `trade` of `period` with `delivered` kWh (capped at the trade's).
	fn settle(
		period: PeriodIndex,
		index: TradeIndex,
		trade: TradeOf<T>,
		delivered: u64,
	) -> sp_runtime::DispatchResult {
		let delivered = delivered.min(trade.kwh);
		let fee_rate = T::MarketFee::get();
		let backing = trade.price.saturating_mul(Self::balance(trade.kwh)?);
		let payment = trade.price.saturating_mul(Self::balance(delivered)?);
		let fee = fee_rate.mul_floor(payment);
		let forfeit = sci_primitives::share_of(
			trade.seller_deposit,
			(trade.kwh - delivered).into(),
			trade.kwh.into(),
		);
		Self::pay_from_hold(&trade.buyer, &trade.seller, payment.saturating_sub(fee))?;
		Self::pay_from_hold(&trade.buyer, &T::FeeAccount::get(), fee)?;
		Self::release(&trade.buyer, backing.saturating_sub(payment))?;
		Self::pay_from_hold(&trade.seller, &trade.buyer, forfeit)?;
		Self::release(&trade.seller, trade.seller_deposit.saturating_sub(forfeit))?;
		Trades::<T>::remove(period, index);
		if delivered > 0 {
			T::OnDelivery::on_green_delivery(&trade.buyer, trade.energy, delivered);
		}
		Self::deposit_event(Event::Settled {
			period,
			trade: index,
			delivered,
			paid: payment.saturating_sub(fee),
			fee,
			forfeit,
		});
		Ok(())
	}

	/// Held funds match the open orders and unsettled trades; periods' orders are bounded and
	/// indexed.
	#[cfg(any(test, feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::{ensure, traits::fungible::InspectHold};
		let mut held = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		let mut add = |who: &T::AccountId, amount: BalanceOf<T>| {
			let entry = held.entry(who.clone()).or_default();
			*entry = entry.saturating_add(amount);
		};
		for (id, order) in Orders::<T>::iter() {
			ensure!(
				PeriodOrders::<T>::get(order.period).contains(&id),
				"an order is not in its period's list"
			);
			ensure!(order.period >= NextToClear::<T>::get(), "an order of a cleared period");
			add(&order.owner, order.held);
		}
		for (_, _, trade) in Trades::<T>::iter() {
			add(&trade.buyer, trade.price.saturating_mul(Self::balance(trade.kwh)?));
			add(&trade.seller, trade.seller_deposit);
		}
		for (who, amount) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Order.into(), &who) == amount,
				"an account's held funds do not match its orders and trades"
			);
		}
		for (period, ids) in PeriodOrders::<T>::iter() {
			ensure!(
				ids.iter().all(|id| Orders::<T>::get(id).is_some_and(|o| o.period == period)),
				"a period lists an order that is not its own"
			);
		}
		Ok(())
	}
}
