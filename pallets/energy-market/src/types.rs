//! Orders, trades, clearing results and the market's timing parameters.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sci_primitives::{devices::DeviceId, energy::EnergyType};

/// Delivery periods are numbered from 0 (block number / `period_length`).
pub type PeriodIndex = u32;
/// Orders are numbered from 0.
pub type OrderId = u64;
/// Trades are numbered from 0 within their period.
pub type TradeIndex = u32;

/// A set of energy types (bit `i` for `EnergyType::ALL[i]`).
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
pub struct EnergyTypes(pub u8);

impl EnergyTypes {
	/// The set of `types`.
	pub fn of(types: &[EnergyType]) -> Self {
		Self(types.iter().fold(0, |bits, t| bits | Self::bit(*t)))
	}

	/// Every type.
	pub fn all() -> Self {
		Self::of(&EnergyType::ALL)
	}

	/// Whether `energy` is in the set.
	pub fn contains(self, energy: EnergyType) -> bool {
		self.0 & Self::bit(energy) != 0
	}

	fn bit(energy: EnergyType) -> u8 {
		1 << (energy as u8)
	}
}

/// What an order offers or asks for.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum Side<Balance> {
	/// Sell energy of one type for at least `min_price` per kWh.
	Ask {
		/// The type of energy offered.
		energy: EnergyType,
		/// The lowest price per kWh the seller accepts.
		min_price: Balance,
	},
	/// Buy energy of the `accepted` types for at most `max_price` per kWh.
	Bid {
		/// The highest price per kWh the buyer pays.
		max_price: Balance,
		/// The energy types the buyer accepts.
		accepted: EnergyTypes,
	},
}

/// An open order for a delivery period.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Order<AccountId, Balance> {
	/// Who placed it.
	pub owner: AccountId,
	/// The owner's meter: it delivers (asks) or receives (bids).
	pub meter: DeviceId,
	/// The delivery period.
	pub period: PeriodIndex,
	/// Energy, kWh.
	pub kwh: u64,
	/// Ask or bid.
	pub side: Side<Balance>,
	/// Held from the owner: the ask deposit, or `max_price × kwh` for a bid.
	pub held: Balance,
}

/// A matched trade, settled after delivery.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Trade<AccountId, Balance, BlockNumber> {
	/// The seller.
	pub seller: AccountId,
	/// The seller's meter, which reports the delivery.
	pub seller_meter: DeviceId,
	/// The buyer.
	pub buyer: AccountId,
	/// The energy type delivered.
	pub energy: EnergyType,
	/// Energy traded, kWh.
	pub kwh: u64,
	/// The period's clearing price per kWh.
	pub price: Balance,
	/// The part of the seller's ask deposit standing behind this trade.
	pub seller_deposit: Balance,
	/// Delivery may be reported from this block (the end of the delivery period).
	pub deliver_from: BlockNumber,
	/// From this block the trade may be expired as undelivered.
	pub timeout_at: BlockNumber,
}

/// A period's clearing.
#[derive(
	Clone,
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
pub struct Clearing<Balance> {
	/// The uniform price per kWh (`None`: supply and demand did not meet).
	pub price: Option<Balance>,
	/// Energy traded, kWh.
	pub kwh: u64,
	/// Trades made.
	pub trades: TradeIndex,
	/// Asks and bids that took part.
	pub asks: u32,
	/// Bids that took part.
	pub bids: u32,
}

/// The market's timing, set by governance with `set_parameters`. The fee is not among them: it
/// is `Config::MarketFee`, set by governance through the runtime's parameters pallet.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct MarketParameters<BlockNumber> {
	/// Blocks per delivery period. Not zero.
	pub period_length: BlockNumber,
	/// Orders for a period close (and it clears) this many blocks before it starts. Below
	/// `period_length`.
	pub gate_lead: BlockNumber,
	/// Blocks after a period's end within which its deliveries must be reported.
	pub settlement_timeout: BlockNumber,
}
