//! # Emission pallet
//!
//! SCI's monetary policy: a Bitcoin-style block reward that halves every
//! [`Config::HalvingInterval`] blocks, a hard cap on total issuance, a governance-set burn of
//! transaction fees, and vested genesis allocations.
//!
//! The reward split ([`Config::RewardShares`]) and the fee burn share ([`Config::FeeBurnShare`])
//! are protocol parameters: this pallet does not store them, it reads them from the runtime,
//! where governance sets them through the parameters pallet (`pallet-parameters`).
//!
//! ## Block reward
//!
//! Every block `n` mints `R(n) = R0 >> (n / HalvingInterval)` in
//! [`Hooks::on_initialize`](frame_support::traits::Hooks::on_initialize), with O(1) work. `R0`
//! follows from the emission pool `E` ([`EmissionPool`], set at genesis):
//! `R0 = E / (2 · HalvingInterval)`, so the geometric series of all rewards stays within `E`
//! (integer division and the right shifts round down, so a little of `E` is never emitted). A
//! halving happens at every block whose number is a multiple of `HalvingInterval`; a
//! [`Event::Halved`] event marks it. Once `R0 >> halvings` is zero, rewards stop.
//!
//! The minted amount is never more than what is left of the pool (`E - TotalIssued`) nor more
//! than what is left under the cap ([`Config::MaxSupply`] minus total issuance): the reward that
//! would cross either limit is clipped ([`Event::RewardClipped`]) and later rewards are zero.
//!
//! The reward is split by [`Config::RewardShares`] (a [`RewardShares`] value summing to exactly
//! 100 %, set by governance through the runtime's parameters pallet) between
//! the block author (from the consensus digest, through [`Config::FindAuthor`]), the data-mining
//! reward pool account and the foundation treasury account (both derived from a `PalletId`).
//!
//! **Rounding rule:** the author and data-mining parts are rounded down
//! ([`Perbill::mul_floor`]); the treasury receives the rest, so the three parts always add up
//! to the reward exactly and the rounding dust goes to the treasury. A part that cannot be
//! credited (no author in the digest, or an amount below the existential deposit for an account
//! that does not exist yet) is also credited to the treasury. Only if even the treasury cannot
//! take it (it does not exist and the amount is below the existential deposit) is that part not
//! minted at all: it stays in the pool, and [`TotalIssued`] counts only what was minted.
//!
//! ## Fee burn, settled once per block
//!
//! [`DealWithFees`] is an [`OnUnbalanced`] handler for the transaction fee and tip credits
//! (`pallet_transaction_payment::FungibleAdapter<Balances, DealWithFees<Runtime>>`). It only
//! adds each transaction's fee and tip to [`PendingFees`] and drops the credit, which takes them
//! out of total issuance at once, so total issuance always equals the sum of all balances. At
//! the end of the block ([`Hooks::on_finalize`](frame_support::traits::Hooks::on_finalize)) the
//! block's fees are settled together: [`Config::FeeBurnShare`] of their total (rounded down)
//! stays burned, and the rest (including the rounding remainder) is minted back to the block
//! author, or to the treasury if there is no author or the author's account cannot receive it;
//! one [`Event::FeesBurned`] reports the block's figures. Settling per block rather than per
//! transaction spares every transaction the burn-share lookup, the author's balance update and
//! two events, which were most of what a fee cost. Governance can also burn from the treasury
//! with [`Pallet::burn`]. [`TotalIssued`] and [`TotalBurned`] track what emission minted and what
//! this pallet burned.
//!
//! ## Vested genesis allocations
//!
//! [`GenesisConfig::vesting_batches`] locks parts of genesis balances until given blocks, through
//! [`Config::Vesting`] (pallet-vesting's `VestingSchedule`): each batch is one schedule that
//! releases its whole amount at once at its unlock block. This goes through
//! `VestingSchedule::add_vesting_schedule`, which keeps the account's lock equal to the sum of
//! all its schedules; pallet-vesting's own genesis config (in this release) sets the lock of an
//! account with several schedules to the last schedule's amount only.
//!
//! ## Runtime API
//!
//! [`runtime_api::EmissionApi`] reports the current reward, the next halving, the issued and
//! burned totals, total issuance and what remains under the cap.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use weights::WeightInfo;

use codec::{Decode, DecodeWithMemTracking, Encode, Input, MaxEncodedLen};
use core::marker::PhantomData;
use frame_support::traits::{
	fungible::{self, Inspect, Mutate},
	tokens::{Fortitude, Precision, Preservation},
	Currency, FindAuthor, Imbalance, OnUnbalanced, VestingSchedule,
};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{AccountIdConversion, AtLeast32BitUnsigned, CheckedShr, Saturating, Zero},
	Perbill, SaturatedConversion,
};

const LOG_TARGET: &str = "runtime::emission";

/// The account id type of a runtime.
pub type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// The balance type of [`Config::Currency`].
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<AccountIdOf<T>>>::Balance;
/// A credit (an amount taken out of accounts, not yet placed) of [`Config::Currency`].
pub type CreditOf<T> = fungible::Credit<AccountIdOf<T>, <T as Config>::Currency>;
/// The balance type of the currency behind [`Config::Vesting`].
pub type VestingBalanceOf<T> =
	<<<T as Config>::Vesting as VestingSchedule<AccountIdOf<T>>>::Currency as Currency<
		AccountIdOf<T>,
	>>::Balance;

/// Default share of every transaction fee and tip that is burned: 20 %. A suitable default for
/// [`Config::FeeBurnShare`].
pub const DEFAULT_FEE_BURN_SHARE: Perbill = Perbill::from_percent(20);

/// How each block reward is split. The three shares must sum to exactly 100 %.
///
/// The SCALE decoding refuses shares that do not ([`RewardShares::check`]), so a value that
/// arrives in a call or is read from storage is always valid.
#[derive(Clone, Copy, PartialEq, Eq, Encode, MaxEncodedLen, TypeInfo, Debug)]
pub struct RewardShares {
	/// Share of the block author (rounded down).
	pub author: Perbill,
	/// Share of the data-mining reward pool account (rounded down).
	pub data_mining: Perbill,
	/// Share of the foundation treasury account; it also receives the rounding dust.
	pub treasury: Perbill,
}

impl Default for RewardShares {
	/// 40 % author, 40 % data-mining pool, 20 % treasury.
	fn default() -> Self {
		Self {
			author: Perbill::from_percent(40),
			data_mining: Perbill::from_percent(40),
			treasury: Perbill::from_percent(20),
		}
	}
}

impl Decode for RewardShares {
	fn decode<I: Input>(input: &mut I) -> Result<Self, codec::Error> {
		let shares = Self {
			author: Perbill::decode(input)?,
			data_mining: Perbill::decode(input)?,
			treasury: Perbill::decode(input)?,
		};
		shares.check().map_err(codec::Error::from)?;
		Ok(shares)
	}
}

impl DecodeWithMemTracking for RewardShares {}

impl RewardShares {
	/// `Ok` if the shares sum to exactly 100 %, otherwise why not.
	pub fn check(&self) -> Result<(), &'static str> {
		let sum = u64::from(self.author.deconstruct())
			+ u64::from(self.data_mining.deconstruct())
			+ u64::from(self.treasury.deconstruct());
		if sum == u64::from(Perbill::one().deconstruct()) {
			Ok(())
		} else {
			Err("RewardShares: the shares must sum to exactly 100%")
		}
	}

	/// Whether the shares sum to exactly 100 % ([`RewardShares::check`]).
	pub fn is_valid(&self) -> bool {
		self.check().is_ok()
	}

	/// Split `amount`: author and data-mining parts rounded down, the treasury gets the rest,
	/// so the parts always sum to `amount`.
	pub fn split<B: AtLeast32BitUnsigned + Copy>(&self, amount: B) -> RewardSplit<B> {
		let author = self.author.mul_floor(amount);
		let data_mining = self.data_mining.mul_floor(amount);
		let treasury = amount.saturating_sub(author).saturating_sub(data_mining);
		RewardSplit { author, data_mining, treasury }
	}
}

/// The parts of one block reward.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct RewardSplit<B> {
	/// To the block author.
	pub author: B,
	/// To the data-mining reward pool account.
	pub data_mining: B,
	/// To the foundation treasury account (includes the rounding dust).
	pub treasury: B,
}

/// Sets up a block author for the `on_initialize` benchmark.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Make [`Config::FindAuthor`] find an author for the current block (e.g. by depositing a
	/// pre-runtime digest) and return that author's account.
	fn set_block_author() -> Option<AccountId>;
}

#[cfg(feature = "runtime-benchmarks")]
impl<AccountId> BenchmarkHelper<AccountId> for () {
	fn set_block_author() -> Option<AccountId> {
		None
	}
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::{collections::BTreeMap, vec::Vec};
	use frame_support::{pallet_prelude::*, PalletId};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::One;

	/// The storage layout version this code reads and writes.
	#[cfg(not(feature = "upgrade-test"))]
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);
	/// The upgrade-test runtime's next layout (see [`crate::migrations::v2`]).
	#[cfg(feature = "upgrade-test")]
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native token: minted for rewards, burned from fees and the treasury.
		type Currency: fungible::Mutate<Self::AccountId, Balance: MaybeSerializeDeserialize>
			+ fungible::Balanced<Self::AccountId>;

		/// Creates the vesting schedules of [`GenesisConfig::vesting_batches`] (pallet-vesting).
		type Vesting: VestingSchedule<Self::AccountId, Moment = BlockNumberFor<Self>>;

		/// Finds the account of the current block's author from the pre-runtime digests.
		type FindAuthor: FindAuthor<Self::AccountId>;

		/// May burn from the treasury ([`Pallet::burn`]).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// How block rewards are split between author, data-mining pool and treasury; applies
		/// from the next block after a change. A protocol parameter, set by governance through
		/// the runtime's parameters pallet.
		type RewardShares: Get<crate::RewardShares>;

		/// Share of every transaction fee and tip that is burned; the rest goes to the block
		/// author. Any value from 0 % to 100 % is valid ([`DEFAULT_FEE_BURN_SHARE`] is a
		/// suitable default). A protocol parameter, set by governance through the runtime's
		/// parameters pallet.
		type FeeBurnShare: Get<Perbill>;

		/// Hard cap on total issuance: emission never mints above it.
		#[pallet::constant]
		type MaxSupply: Get<BalanceOf<Self>>;

		/// Blocks between two halvings of the block reward. Must not be zero.
		#[pallet::constant]
		type HalvingInterval: Get<BlockNumberFor<Self>>;

		/// Derives the data-mining reward pool account.
		#[pallet::constant]
		type DataMiningPoolId: Get<PalletId>;

		/// Derives the foundation treasury account.
		#[pallet::constant]
		type TreasuryId: Get<PalletId>;

		/// Weights of this pallet's calls and hook.
		type WeightInfo: WeightInfo;

		/// Sets up a block author for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The emission pool `E`: the most that block rewards will ever mint. `R0 = E / (2 ·
	/// HalvingInterval)`.
	#[pallet::storage]
	pub type EmissionPool<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Total issuance when the chain started (after the genesis allocations).
	#[pallet::storage]
	pub type InitialIssuance<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Everything block rewards have minted so far. Never more than [`EmissionPool`].
	#[pallet::storage]
	pub type TotalIssued<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Everything this pallet has burned so far: the burned share of fees and tips, and
	/// governance burns from the treasury.
	#[pallet::storage]
	pub type TotalBurned<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// The current block's author, found once in `on_initialize` and removed in `on_finalize`,
	/// so the block reward and the block's fees go to the same account.
	///
	/// Whitelisted: written by `on_initialize` and removed by `on_finalize` in every block, so
	/// it never reaches the database; the settlement reads it from the overlay.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type BlockAuthor<T: Config> = StorageValue<_, T::AccountId, OptionQuery>;

	/// Fees and tips charged in the current block and not yet settled: out of total issuance
	/// until `on_finalize` burns [`Config::FeeBurnShare`] of them and mints the rest to the
	/// author. Zero between blocks.
	///
	/// Whitelisted: every fee of a block adds to it in the overlay, and it never reaches the
	/// database, as `on_finalize` removes it in the block that set it.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type PendingFees<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Supply figures recorded by the v1 → v2 migration at the upgrade (upgrade-test runtime
	/// only, see [`crate::migrations::v2`]).
	#[cfg(feature = "upgrade-test")]
	#[pallet::storage]
	pub type SupplyCheckpoint<T: Config> =
		StorageValue<_, crate::migrations::v2::Checkpoint<BlockNumberFor<T>, BalanceOf<T>>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A block reward was minted and split.
		RewardMinted {
			/// The block that minted it.
			block: BlockNumberFor<T>,
			/// The block author, if the digest named one that could be credited.
			author: Option<T::AccountId>,
			/// Minted to the author.
			to_author: BalanceOf<T>,
			/// Minted to the data-mining reward pool.
			to_data_mining: BalanceOf<T>,
			/// Minted to the treasury (its share, the rounding dust and any part that could
			/// not be credited elsewhere).
			to_treasury: BalanceOf<T>,
		},
		/// The last reward: the scheduled reward was cut to what is left of the emission pool or
		/// under the cap. Later blocks mint nothing.
		RewardClipped {
			/// What the halving schedule asked for.
			scheduled: BalanceOf<T>,
			/// What may still be minted.
			minted: BalanceOf<T>,
		},
		/// The block reward halved at this block.
		Halved {
			/// Number of halvings so far.
			halvings: u32,
			/// The new scheduled reward per block (zero once emission has ended).
			reward: BalanceOf<T>,
		},
		/// The block's fees and tips were settled: part burned, the rest paid out. Emitted at
		/// the end of every block that charged fees.
		FeesBurned {
			/// Burned (total issuance fell by this).
			burned: BalanceOf<T>,
			/// Paid to the block author.
			to_author: BalanceOf<T>,
			/// Paid to the treasury because the author could not be paid.
			to_treasury: BalanceOf<T>,
		},
		/// Governance burned from the treasury.
		TreasuryBurned {
			/// Burned amount.
			amount: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The amount to burn is zero.
		ZeroAmount,
		/// The treasury cannot burn that much and stay above the existential deposit.
		InsufficientTreasuryBalance,
	}

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// The emission pool `E`. Genesis issuance plus `E` must not exceed the cap.
		pub emission_pool: BalanceOf<T>,
		/// `(account, unlock_block, amount)`: `amount` of the account's genesis balance stays
		/// locked until `unlock_block` (> 0) and is released at once at that block. One
		/// account may have several batches; together they must not exceed its genesis
		/// balance.
		pub vesting_batches: Vec<(T::AccountId, BlockNumberFor<T>, VestingBalanceOf<T>)>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self { emission_pool: Zero::zero(), vesting_batches: Vec::new() }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let issuance = T::Currency::total_issuance();
			assert!(
				issuance.saturating_add(self.emission_pool) <= T::MaxSupply::get(),
				"emission: genesis issuance plus the emission pool exceeds the supply cap"
			);
			InitialIssuance::<T>::put(issuance);
			EmissionPool::<T>::put(self.emission_pool);

			let mut totals = BTreeMap::<T::AccountId, VestingBalanceOf<T>>::new();
			for (who, unlock_at, amount) in &self.vesting_batches {
				assert!(
					!unlock_at.is_zero(),
					"emission: a vesting batch must unlock after genesis"
				);
				// Locked `amount` until `unlock_at - 1`, all of it released one block later.
				T::Vesting::add_vesting_schedule(who, *amount, *amount, *unlock_at - One::one())
					.expect("emission: invalid genesis vesting batch");
				let total = totals.entry(who.clone()).or_default();
				*total = total.saturating_add(*amount);
			}
			for (who, total) in totals {
				let free = <<T::Vesting as VestingSchedule<T::AccountId>>::Currency as Currency<
					T::AccountId,
				>>::free_balance(&who);
				assert!(
					total <= free,
					"emission: vesting batches exceed an account's genesis balance"
				);
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			let author = Self::find_author();
			if let Some(author) = &author {
				BlockAuthor::<T>::put(author);
			}
			Self::mint_block_reward(n, author);
			// `on_finalize`: the fee settlement, measured paying a new author account; when the
			// author cannot take it, the treasury's account is read as well. And the
			// `BlockAuthor` removal.
			T::WeightInfo::on_initialize()
				.saturating_add(T::WeightInfo::settle_fees())
				.saturating_add(T::DbWeight::get().reads_writes(1, 1))
		}

		fn on_finalize(_n: BlockNumberFor<T>) {
			Self::settle_fees();
			BlockAuthor::<T>::kill();
		}

		fn integrity_test() {
			assert!(!T::HalvingInterval::get().is_zero(), "HalvingInterval must not be zero");
			assert!(
				Pallet::<T>::data_mining_account() != Pallet::<T>::treasury_account(),
				"the data-mining pool and the treasury must be different accounts"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Burn `amount` from the foundation treasury account (buy-back and burn), lowering
		/// total issuance.
		///
		/// The treasury keeps at least the existential deposit; a burn that would take more
		/// fails and burns nothing. The amount counts towards [`TotalBurned`].
		///
		/// The dispatch origin must be [`Config::GovernanceOrigin`].
		///
		/// Emits [`Event::TreasuryBurned`].
		///
		/// Errors:
		/// - [`Error::ZeroAmount`] if `amount` is zero;
		/// - [`Error::InsufficientTreasuryBalance`] if the treasury cannot burn `amount` and keep
		///   the existential deposit.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::burn())]
		pub fn burn(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			T::Currency::burn_from(
				&Self::treasury_account(),
				amount,
				Preservation::Preserve,
				Precision::Exact,
				Fortitude::Polite,
			)
			.map_err(|_| Error::<T>::InsufficientTreasuryBalance)?;
			TotalBurned::<T>::mutate(|burned| *burned = burned.saturating_add(amount));
			Self::deposit_event(Event::TreasuryBurned { amount });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The data-mining reward pool account.
		pub fn data_mining_account() -> T::AccountId {
			T::DataMiningPoolId::get().into_account_truncating()
		}

		/// The foundation treasury account.
		pub fn treasury_account() -> T::AccountId {
			T::TreasuryId::get().into_account_truncating()
		}

		/// The reward of the first era: `R0 = E / (2 · HalvingInterval)`.
		pub fn initial_reward() -> BalanceOf<T> {
			let interval: u128 = T::HalvingInterval::get().saturated_into();
			let divisor: BalanceOf<T> = interval.saturating_mul(2).saturated_into();
			EmissionPool::<T>::get().checked_div(&divisor).unwrap_or_else(Zero::zero)
		}

		/// Halvings that have happened by block `n`: `n / HalvingInterval`.
		pub fn halvings(n: BlockNumberFor<T>) -> u32 {
			let interval = T::HalvingInterval::get();
			if interval.is_zero() {
				return u32::MAX;
			}
			(n / interval).saturated_into()
		}

		/// The reward the halving schedule assigns to block `n`: `R0 >> halvings(n)`, before
		/// clipping to the pool and the cap.
		pub fn scheduled_reward(n: BlockNumberFor<T>) -> BalanceOf<T> {
			Self::initial_reward().checked_shr(Self::halvings(n)).unwrap_or_else(Zero::zero)
		}

		/// What may still be minted: the smaller of the rest of the pool and the room under
		/// the cap.
		pub fn mintable() -> BalanceOf<T> {
			let pool_left = EmissionPool::<T>::get().saturating_sub(TotalIssued::<T>::get());
			let cap_left = T::MaxSupply::get().saturating_sub(T::Currency::total_issuance());
			pool_left.min(cap_left)
		}

		/// The reward per block now: the current era's scheduled reward, clipped to what may
		/// still be minted (zero once emission has ended).
		pub fn current_reward() -> BalanceOf<T> {
			Self::scheduled_reward(frame_system::Pallet::<T>::block_number()).min(Self::mintable())
		}

		/// The first block of the next era (the next multiple of `HalvingInterval`).
		pub fn next_halving_block() -> BlockNumberFor<T> {
			let now = frame_system::Pallet::<T>::block_number();
			let interval = T::HalvingInterval::get();
			if interval.is_zero() {
				return now;
			}
			(now / interval).saturating_add(One::one()).saturating_mul(interval)
		}

		/// Blocks from the current block until the next halving (at least one).
		pub fn blocks_until_next_halving() -> BlockNumberFor<T> {
			Self::next_halving_block().saturating_sub(frame_system::Pallet::<T>::block_number())
		}

		/// Total issuance of the native token.
		pub fn total_issuance() -> BalanceOf<T> {
			T::Currency::total_issuance()
		}

		/// What may still be issued under the cap.
		pub fn remaining_supply() -> BalanceOf<T> {
			T::MaxSupply::get().saturating_sub(T::Currency::total_issuance())
		}

		/// What is left of the emission pool.
		pub fn remaining_emission() -> BalanceOf<T> {
			EmissionPool::<T>::get().saturating_sub(TotalIssued::<T>::get())
		}

		/// The current block's author: cached by `on_initialize`, or found in the digest.
		pub fn block_author() -> Option<T::AccountId> {
			BlockAuthor::<T>::get().or_else(Self::find_author)
		}

		fn find_author() -> Option<T::AccountId> {
			let digest = frame_system::Pallet::<T>::digest();
			T::FindAuthor::find_author(digest.logs.iter().filter_map(|item| item.as_pre_runtime()))
		}

		/// Mint `amount` into `who`; `false` if the account cannot take it (e.g. below the
		/// existential deposit for a new account).
		fn mint_into(who: &T::AccountId, amount: BalanceOf<T>) -> bool {
			if amount.is_zero() {
				return true;
			}
			T::Currency::mint_into(who, amount).is_ok()
		}

		/// Mint and split the reward of block `n`.
		pub(crate) fn mint_block_reward(n: BlockNumberFor<T>, author: Option<T::AccountId>) {
			let scheduled = Self::scheduled_reward(n);
			if !n.is_zero() && (n % T::HalvingInterval::get()).is_zero() {
				Self::deposit_event(Event::Halved {
					halvings: Self::halvings(n),
					reward: scheduled,
				});
			}
			if scheduled.is_zero() {
				return;
			}
			let reward = scheduled.min(Self::mintable());
			if reward.is_zero() {
				// The pool is spent or the cap reached: rewards have stopped.
				return;
			}
			if reward < scheduled {
				// The last reward: what is left.
				Self::deposit_event(Event::RewardClipped { scheduled, minted: reward });
			}

			let split = T::RewardShares::get().split(reward);
			let mut to_treasury = split.treasury;
			let (author, to_author) = match author {
				Some(author) if Self::mint_into(&author, split.author) => {
					(Some(author), split.author)
				},
				_ => {
					to_treasury = to_treasury.saturating_add(split.author);
					(None, Zero::zero())
				},
			};
			let to_data_mining = if Self::mint_into(&Self::data_mining_account(), split.data_mining)
			{
				split.data_mining
			} else {
				to_treasury = to_treasury.saturating_add(split.data_mining);
				Zero::zero()
			};
			let to_treasury = if Self::mint_into(&Self::treasury_account(), to_treasury) {
				to_treasury
			} else {
				log::warn!(
					target: LOG_TARGET,
					"treasury cannot receive {to_treasury:?}; left unminted in the pool"
				);
				Zero::zero()
			};

			let minted = to_author.saturating_add(to_data_mining).saturating_add(to_treasury);
			TotalIssued::<T>::mutate(|issued| *issued = issued.saturating_add(minted));
			Self::deposit_event(Event::RewardMinted {
				block: n,
				author,
				to_author,
				to_data_mining,
				to_treasury,
			});
		}

		/// Take a transaction's fee and tip (together) out of total issuance until the block's
		/// settlement.
		pub(crate) fn collect_fees(fees: CreditOf<T>) {
			PendingFees::<T>::mutate(|pending| *pending = pending.saturating_add(fees.peek()));
			// Dropping a credit lowers total issuance by its amount.
			drop(fees);
		}

		/// Settle the block's fees: [`Config::FeeBurnShare`] of them stays burned, the rest is
		/// minted to the block author (or the treasury; if neither can take it, it stays
		/// burned too).
		pub(crate) fn settle_fees() {
			let total = PendingFees::<T>::take();
			if total.is_zero() {
				return;
			}
			let rest = total.saturating_sub(T::FeeBurnShare::get().mul_floor(total));
			let (mut to_author, mut to_treasury) = (Zero::zero(), Zero::zero());
			match Self::block_author() {
				Some(author) if Self::mint_into(&author, rest) => to_author = rest,
				_ if Self::mint_into(&Self::treasury_account(), rest) => to_treasury = rest,
				_ => {},
			}
			let burned = total.saturating_sub(to_author).saturating_sub(to_treasury);
			TotalBurned::<T>::mutate(|b| *b = b.saturating_add(burned));
			Self::deposit_event(Event::FeesBurned { burned, to_author, to_treasury });
		}

		/// The pallet's invariants:
		/// * total issuance is at most [`Config::MaxSupply`];
		/// * emission has minted at most the pool: `TotalIssued <= EmissionPool`;
		/// * the genesis issuance plus the pool fits under the cap;
		/// * the reward shares ([`Config::RewardShares`]) sum to 100 %;
		/// * no fees are pending: [`PendingFees`] is settled in the block that charged them;
		/// * issuance is accounted for: `total issuance <= InitialIssuance + TotalIssued -
		///   TotalBurned`. Nothing mints outside emission; other pallets may burn (balances
		///   dust, an account burning its own funds), so it is `<=`; when only this pallet
		///   changes issuance (as in this pallet's tests) it is `==`.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let issuance = T::Currency::total_issuance();
			ensure!(issuance <= T::MaxSupply::get(), "total issuance exceeds the cap");
			let (pool, issued, burned) =
				(EmissionPool::<T>::get(), TotalIssued::<T>::get(), TotalBurned::<T>::get());
			ensure!(issued <= pool, "emission minted more than its pool");
			ensure!(
				InitialIssuance::<T>::get().saturating_add(pool) <= T::MaxSupply::get(),
				"genesis issuance plus the emission pool exceeds the cap"
			);
			ensure!(T::RewardShares::get().is_valid(), "reward shares do not sum to 100%");
			ensure!(PendingFees::<T>::get().is_zero(), "fees left unsettled after the block");
			let accounted = InitialIssuance::<T>::get()
				.checked_add(&issued)
				.and_then(|minted| minted.checked_sub(&burned))
				.ok_or("more burned than ever issued")?;
			ensure!(issuance <= accounted, "total issuance grew outside of emission");
			Ok(())
		}
	}
}

/// Transaction fee and tip handler: collects them for the end of the block, which burns
/// [`Config::FeeBurnShare`] of them and pays the rest to the block author (see the crate docs).
/// Use as
/// `pallet_transaction_payment::FungibleAdapter<Balances, DealWithFees<Runtime>>`.
pub struct DealWithFees<T>(PhantomData<T>);

impl<T: Config> OnUnbalanced<CreditOf<T>> for DealWithFees<T> {
	fn on_nonzero_unbalanced(fees: CreditOf<T>) {
		Pallet::<T>::collect_fees(fees);
	}
}
