//! # Foundation pallet
//!
//! The foundation's operations-transparency protocol: every token the foundation holds and
//! spends is visible on chain, spending follows quarterly budgets set by governance, and no
//! single key can move funds.
//!
//! ## Account and quarters
//!
//! The foundation account is derived from [`Config::PalletId`] (the account the emission pallet
//! pays the treasury share into). Quarter `q` is blocks `[q · QuarterLength, (q + 1) ·
//! QuarterLength)`.
//!
//! ## Budgets and spends
//!
//! Governance ([`Config::GovernanceOrigin`]) sets the budget per [`Category`] for the current or a
//! future quarter ([`Pallet::set_budget`]) and the signatories with an M-of-N threshold
//! ([`Pallet::set_signatories`]). A signatory proposes a spend ([`Pallet::propose_spend`]: category,
//! beneficiary, amount, memo), which counts as its approval; others approve
//! ([`Pallet::approve_spend`]). The approval that reaches the threshold pays the beneficiary from
//! the foundation account, once, if the amount fits what is left of the category's budget in the
//! quarter of that approval; otherwise that approval fails and may be given again later (e.g. in
//! the next quarter). Proposals expire after [`Config::ProposalLifetime`] blocks; the proposer may
//! cancel, and anyone may remove an expired one. When the signatory set changes, approvals by
//! removed signatories stop counting.
//!
//! ## Audit trail
//!
//! [`Trail`] is an append-only record per quarter, indexed from 0, of every movement of the
//! foundation's balance: spends (category, beneficiary, amount, approvers, proposal), burns, and
//! inflows. Inflows (the emission share each block, transfers in) arrive without passing through
//! this pallet, so they are recorded as the growth of the balance since the last record: every
//! [`Config::InflowRecordPeriod`] blocks, before every spend or burn, and at the end of a quarter.
//! A decrease that this pallet did not cause (e.g. a governance burn through the emission pallet)
//! is recorded as [`Flow::OtherOutflow`]. The trail's amounts therefore always reconcile with the
//! balance.
//!
//! ## Quarter end
//!
//! At the first block of a quarter the previous one is closed: inflows are recorded, a share
//! ([`Config::BurnShare`]) of the idle balance is burned (recorded as a burn), and the closing
//! balance is kept. Unspent budget lapses: budgets belong to their quarter. The burn share is a
//! protocol parameter: this pallet does not store it, it reads it from the runtime, where
//! governance sets it through the parameters pallet (`pallet-parameters`).
//!
//! ## Runtime API
//!
//! [`runtime_api::FoundationApi::quarter_report`]: budget, spent and remaining per category, the
//! quarter's spends, inflows and burns, and the balance at its start and end.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
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

use alloc::vec::Vec;
use frame_support::{
	traits::{
		fungible::{self, Inspect, Mutate},
		tokens::{Fortitude, Precision, Preservation},
		Get,
	},
	PalletId,
};
use sp_runtime::{
	traits::{AccountIdConversion, Saturating, Zero},
	Permill,
};

/// The account id type of a runtime.
pub type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// The balance type of [`Config::Currency`].
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<AccountIdOf<T>>>::Balance;
/// A spend proposal of a runtime.
pub type ProposalOf<T> = Proposal<
	AccountIdOf<T>,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
	<T as Config>::MaxMemoLength,
	<T as Config>::MaxSignatories,
>;
/// A trail entry of a runtime.
pub type TrailEntryOf<T> = TrailEntry<
	AccountIdOf<T>,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
	<T as Config>::MaxSignatories,
>;
/// The signatories of a runtime.
pub type SignatoriesOf<T> =
	frame_support::BoundedVec<AccountIdOf<T>, <T as Config>::MaxSignatories>;

/// Sets protocol parameters for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Make [`Config::BurnShare`] return `share` (e.g. by writing the runtime's parameter), so
	/// the quarter-end benchmark burns.
	fn set_burn_share(share: Permill);
}

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
		/// The native token held and spent by the foundation.
		type Currency: fungible::Mutate<Self::AccountId>;

		/// Sets budgets and signatories.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Share of the idle balance burned when a quarter closes. A protocol parameter, set by
		/// governance through the runtime's parameters pallet.
		type BurnShare: Get<Permill>;

		/// Derives the foundation account.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Blocks per quarter. Must not be zero.
		#[pallet::constant]
		type QuarterLength: Get<BlockNumberFor<Self>>;

		/// Blocks between two records of inflows in the trail. Must not be zero.
		#[pallet::constant]
		type InflowRecordPeriod: Get<BlockNumberFor<Self>>;

		/// Blocks after which an unexecuted proposal expires.
		#[pallet::constant]
		type ProposalLifetime: Get<BlockNumberFor<Self>>;

		/// Most signatories.
		#[pallet::constant]
		type MaxSignatories: Get<u32>;

		/// Most bytes in a spend's memo.
		#[pallet::constant]
		type MaxMemoLength: Get<u32>;

		/// Most proposals open at once.
		#[pallet::constant]
		type MaxPendingProposals: Get<u32>;

		/// Most spends executed per quarter (bounds the trail).
		#[pallet::constant]
		type MaxSpendsPerQuarter: Get<u32>;

		/// Weights of this pallet's calls and hook.
		type WeightInfo: WeightInfo;

		/// Sets protocol parameters for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// Budget per quarter and category.
	#[pallet::storage]
	pub type Budgets<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		QuarterIndex,
		Twox64Concat,
		Category,
		BalanceOf<T>,
		ValueQuery,
	>;

	/// Spent per quarter and category; never more than the budget.
	#[pallet::storage]
	pub type Spent<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		QuarterIndex,
		Twox64Concat,
		Category,
		BalanceOf<T>,
		ValueQuery,
	>;

	/// Who may propose and approve spends.
	#[pallet::storage]
	pub type Signatories<T: Config> = StorageValue<_, SignatoriesOf<T>, ValueQuery>;

	/// Approvals a spend needs (1 ≤ threshold ≤ number of signatories, once set).
	#[pallet::storage]
	pub type Threshold<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Open spend proposals.
	#[pallet::storage]
	pub type Proposals<T: Config> =
		CountedStorageMap<_, Twox64Concat, ProposalIndex, ProposalOf<T>>;

	/// The index the next proposal gets.
	#[pallet::storage]
	pub type NextProposal<T: Config> = StorageValue<_, ProposalIndex, ValueQuery>;

	/// The audit trail: entries of each quarter, indexed from 0.
	#[pallet::storage]
	pub type Trail<T: Config> =
		StorageDoubleMap<_, Twox64Concat, QuarterIndex, Twox64Concat, u32, TrailEntryOf<T>>;

	/// Entries in [`Trail`] per quarter.
	#[pallet::storage]
	pub type TrailLength<T: Config> = StorageMap<_, Twox64Concat, QuarterIndex, u32, ValueQuery>;

	/// Spends executed per quarter (at most [`Config::MaxSpendsPerQuarter`]).
	#[pallet::storage]
	pub type SpendCount<T: Config> = StorageMap<_, Twox64Concat, QuarterIndex, u32, ValueQuery>;

	/// The foundation's balance as of the last trail record: inflows are measured from it.
	#[pallet::storage]
	pub type RecordedBalance<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// The foundation's balance when each quarter opened and, once closed, when it ended.
	#[pallet::storage]
	pub type QuarterBalances<T: Config> =
		StorageMap<_, Twox64Concat, QuarterIndex, QuarterBalance<BalanceOf<T>>>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The first signatories.
		pub signatories: Vec<T::AccountId>,
		/// Their threshold.
		pub threshold: u32,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if !self.signatories.is_empty() {
				let set =
					Pallet::<T>::checked_signatories(self.signatories.clone(), self.threshold)
						.expect(
							"invalid foundation signatories or threshold in the genesis config",
						);
				Signatories::<T>::put(set);
				Threshold::<T>::put(self.threshold);
			}
			let balance = T::Currency::balance(&Pallet::<T>::account());
			RecordedBalance::<T>::put(balance);
			QuarterBalances::<T>::insert(0, QuarterBalance { start: balance, end: None });
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A category's budget for a quarter was set.
		BudgetSet {
			/// The quarter.
			quarter: QuarterIndex,
			/// The category.
			category: Category,
			/// Its budget in the quarter.
			amount: BalanceOf<T>,
		},
		/// The signatory set and threshold changed.
		SignatoriesSet {
			/// The new signatories.
			signatories: Vec<T::AccountId>,
			/// Approvals a spend now needs.
			threshold: u32,
		},
		/// A signatory proposed a spend.
		SpendProposed {
			/// The proposal's index.
			index: ProposalIndex,
			/// The signatory that proposed it (its first approval).
			proposer: T::AccountId,
			/// The budget category it spends from.
			category: Category,
			/// Who would be paid.
			beneficiary: T::AccountId,
			/// How much.
			amount: BalanceOf<T>,
		},
		/// A signatory approved a spend.
		SpendApproved {
			/// The proposal's index.
			index: ProposalIndex,
			/// The approving signatory.
			approver: T::AccountId,
			/// Approvals the proposal has now.
			approvals: u32,
		},
		/// A spend reached its threshold and was paid.
		SpendExecuted {
			/// The proposal's index.
			index: ProposalIndex,
			/// The quarter whose budget paid it.
			quarter: QuarterIndex,
			/// The budget category.
			category: Category,
			/// Who was paid.
			beneficiary: T::AccountId,
			/// How much.
			amount: BalanceOf<T>,
		},
		/// The proposer cancelled a spend.
		SpendCancelled {
			/// The proposal's index.
			index: ProposalIndex,
		},
		/// An expired proposal was removed.
		SpendExpired {
			/// The proposal's index.
			index: ProposalIndex,
		},
		/// An entry was appended to the audit trail.
		Recorded {
			/// The quarter whose trail it extends.
			quarter: QuarterIndex,
			/// The entry's index in the quarter's trail.
			entry: u32,
			/// The movement recorded.
			flow: FlowOf<T>,
		},
		/// A quarter closed.
		QuarterClosed {
			/// The closed quarter.
			quarter: QuarterIndex,
			/// The foundation's balance at its end.
			balance: BalanceOf<T>,
			/// Burned from the idle balance.
			burned: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Only a signatory may propose or approve.
		NotSignatory,
		/// The signatory list has duplicates, is empty or too long, or the threshold is zero or
		/// above the number of signatories.
		InvalidSignatories,
		/// A budget may be set only for the current or a future quarter.
		PastQuarter,
		/// The amount is zero.
		ZeroAmount,
		/// The memo is longer than [`Config::MaxMemoLength`].
		MemoTooLong,
		/// Too many proposals are open.
		TooManyProposals,
		/// No such proposal.
		UnknownProposal,
		/// The proposal has expired.
		Expired,
		/// The proposal has not expired yet.
		NotExpired,
		/// This signatory already approved the proposal.
		AlreadyApproved,
		/// Only the proposer may cancel.
		NotProposer,
		/// The spend exceeds what is left of the category's budget this quarter.
		InsufficientBudget,
		/// The quarter already has [`Config::MaxSpendsPerQuarter`] spends.
		TooManySpends,
		/// The foundation account cannot pay the amount and stay alive.
		InsufficientFunds,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			if n.is_zero() {
				return Weight::zero();
			}
			if (n % T::QuarterLength::get()).is_zero() {
				Self::close_quarter(Self::quarter_of(n).saturating_sub(1));
				T::WeightInfo::on_initialize_quarter_end()
			} else if (n % T::InflowRecordPeriod::get()).is_zero() {
				Self::record_balance_change(Self::quarter_of(n));
				T::WeightInfo::on_initialize_inflow()
			} else {
				T::DbWeight::get().reads(0)
			}
		}

		fn integrity_test() {
			assert!(!T::QuarterLength::get().is_zero(), "QuarterLength must not be zero");
			assert!(!T::InflowRecordPeriod::get().is_zero(), "InflowRecordPeriod must not be zero");
			assert!(T::MaxSignatories::get() > 0, "MaxSignatories must not be zero");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Set the budget of `category` in `quarter` (the current or a future one), replacing
		/// any earlier budget.
		///
		/// The dispatch origin must be [`Config::GovernanceOrigin`].
		///
		/// Emits [`Event::BudgetSet`].
		///
		/// Errors:
		/// - [`Error::PastQuarter`] if `quarter` is before the current quarter.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_budget())]
		pub fn set_budget(
			origin: OriginFor<T>,
			quarter: QuarterIndex,
			category: Category,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(quarter >= Self::current_quarter(), Error::<T>::PastQuarter);
			Budgets::<T>::insert(quarter, category, amount);
			Self::deposit_event(Event::BudgetSet { quarter, category, amount });
			Ok(())
		}

		/// Replace the signatories and the threshold. Approvals of open proposals by accounts
		/// that are no longer signatories are dropped.
		///
		/// The dispatch origin must be [`Config::GovernanceOrigin`].
		///
		/// Emits [`Event::SignatoriesSet`].
		///
		/// Errors:
		/// - [`Error::InvalidSignatories`] if `signatories` is empty, has duplicates or more than
		///   [`Config::MaxSignatories`] accounts, or `threshold` is zero or above their number.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_signatories(
			T::MaxSignatories::get(),
			T::MaxPendingProposals::get(),
		))]
		pub fn set_signatories(
			origin: OriginFor<T>,
			signatories: Vec<T::AccountId>,
			threshold: u32,
		) -> DispatchResultWithPostInfo {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let set = Self::checked_signatories(signatories, threshold)?;
			let mut pending = 0;
			Proposals::<T>::translate_values(|mut proposal: ProposalOf<T>| {
				proposal.approvals.retain(|a| set.contains(a));
				pending += 1;
				Some(proposal)
			});
			let count = set.len() as u32;
			Signatories::<T>::put(&set);
			Threshold::<T>::put(threshold);
			Self::deposit_event(Event::SignatoriesSet { signatories: set.into_inner(), threshold });
			Ok(Some(T::WeightInfo::set_signatories(count, pending)).into())
		}

		/// Propose paying `amount` from the `category` budget to `beneficiary`; counts as the
		/// proposer's approval (and executes at once if the threshold is one).
		///
		/// The proposal expires [`Config::ProposalLifetime`] blocks from now.
		///
		/// The dispatch origin must be _Signed_ by a signatory.
		///
		/// Emits [`Event::SpendProposed`]; if the spend executes at once, also
		/// [`Event::Recorded`] (for the spend, and first for any inflow or outflow since the
		/// last record) and [`Event::SpendExecuted`].
		///
		/// Errors:
		/// - [`Error::NotSignatory`] if the caller is not a signatory;
		/// - [`Error::ZeroAmount`] if `amount` is zero;
		/// - [`Error::MemoTooLong`] if `memo` is longer than [`Config::MaxMemoLength`];
		/// - [`Error::TooManyProposals`] if [`Config::MaxPendingProposals`] proposals are open;
		/// - if the spend executes at once, the errors of its execution as for
		///   [`Pallet::approve_spend`]: [`Error::InsufficientBudget`],
		///   [`Error::TooManySpends`], [`Error::InsufficientFunds`]; then nothing is proposed.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::propose_spend().max(T::WeightInfo::approve_spend_execute()))]
		pub fn propose_spend(
			origin: OriginFor<T>,
			category: Category,
			beneficiary: T::AccountId,
			amount: BalanceOf<T>,
			memo: Vec<u8>,
		) -> DispatchResult {
			let proposer = ensure_signed(origin)?;
			ensure!(Signatories::<T>::get().contains(&proposer), Error::<T>::NotSignatory);
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			let memo: BoundedVec<u8, T::MaxMemoLength> =
				memo.try_into().map_err(|_| Error::<T>::MemoTooLong)?;
			ensure!(
				Proposals::<T>::count() < T::MaxPendingProposals::get(),
				Error::<T>::TooManyProposals
			);
			let index = NextProposal::<T>::get();
			NextProposal::<T>::put(index.wrapping_add(1));
			let now = frame_system::Pallet::<T>::block_number();
			let proposal = Proposal {
				proposer: proposer.clone(),
				category,
				beneficiary: beneficiary.clone(),
				amount,
				memo,
				approvals: BoundedVec::truncate_from(alloc::vec![proposer.clone()]),
				expires_at: now.saturating_add(T::ProposalLifetime::get()),
			};
			Self::deposit_event(Event::SpendProposed {
				index,
				proposer,
				category,
				beneficiary,
				amount,
			});
			Self::execute_if_approved(index, proposal)
		}

		/// Approve proposal `index`; the approval that reaches the threshold pays the spend from
		/// the budget of the current quarter.
		///
		/// The dispatch origin must be _Signed_ by a signatory that has not approved the
		/// proposal yet.
		///
		/// Emits [`Event::SpendApproved`]; when the threshold is reached, also
		/// [`Event::Recorded`] (for the spend, and first for any inflow or outflow since the
		/// last record) and [`Event::SpendExecuted`].
		///
		/// Errors:
		/// - [`Error::NotSignatory`] if the caller is not a signatory;
		/// - [`Error::UnknownProposal`] if no proposal is open at `index`;
		/// - [`Error::Expired`] if the proposal has expired;
		/// - [`Error::AlreadyApproved`] if the caller has approved it already;
		/// - when the threshold is reached: [`Error::InsufficientBudget`] if the amount exceeds
		///   what is left of the category's budget this quarter, [`Error::TooManySpends`] if
		///   the quarter has [`Config::MaxSpendsPerQuarter`] spends, and
		///   [`Error::InsufficientFunds`] if the foundation account cannot pay the amount and
		///   stay alive. The approval then fails and may be given again later.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::approve_spend().max(T::WeightInfo::approve_spend_execute()))]
		pub fn approve_spend(origin: OriginFor<T>, index: ProposalIndex) -> DispatchResult {
			let approver = ensure_signed(origin)?;
			ensure!(Signatories::<T>::get().contains(&approver), Error::<T>::NotSignatory);
			let mut proposal = Proposals::<T>::get(index).ok_or(Error::<T>::UnknownProposal)?;
			ensure!(!Self::is_expired(&proposal), Error::<T>::Expired);
			ensure!(!proposal.approvals.contains(&approver), Error::<T>::AlreadyApproved);
			// Signatories are at most `MaxSignatories`, and only signatories approve.
			proposal.approvals.try_push(approver.clone()).map_err(|_| Error::<T>::NotSignatory)?;
			Self::deposit_event(Event::SpendApproved {
				index,
				approver,
				approvals: proposal.approvals.len() as u32,
			});
			Self::execute_if_approved(index, proposal)
		}

		/// Withdraw one's own open proposal `index`.
		///
		/// The dispatch origin must be _Signed_ by the proposer.
		///
		/// Emits [`Event::SpendCancelled`].
		///
		/// Errors:
		/// - [`Error::UnknownProposal`] if no proposal is open at `index`;
		/// - [`Error::NotProposer`] if the caller did not propose it.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::cancel_spend())]
		pub fn cancel_spend(origin: OriginFor<T>, index: ProposalIndex) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let proposal = Proposals::<T>::get(index).ok_or(Error::<T>::UnknownProposal)?;
			ensure!(proposal.proposer == who, Error::<T>::NotProposer);
			Proposals::<T>::remove(index);
			Self::deposit_event(Event::SpendCancelled { index });
			Ok(())
		}

		/// Remove the expired proposal `index`.
		///
		/// The dispatch origin must be _Signed_, by any account.
		///
		/// Emits [`Event::SpendExpired`].
		///
		/// Errors:
		/// - [`Error::UnknownProposal`] if no proposal is open at `index`;
		/// - [`Error::NotExpired`] if the proposal has not expired yet.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::remove_expired())]
		pub fn remove_expired(origin: OriginFor<T>, index: ProposalIndex) -> DispatchResult {
			ensure_signed(origin)?;
			let proposal = Proposals::<T>::get(index).ok_or(Error::<T>::UnknownProposal)?;
			ensure!(Self::is_expired(&proposal), Error::<T>::NotExpired);
			Proposals::<T>::remove(index);
			Self::deposit_event(Event::SpendExpired { index });
			Ok(())
		}
	}
}

/// A trail flow of a runtime.
pub type FlowOf<T> = Flow<AccountIdOf<T>, BalanceOf<T>, <T as Config>::MaxSignatories>;

impl<T: Config> Pallet<T> {
	/// The foundation account.
	pub fn account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The quarter block `n` belongs to.
	pub fn quarter_of(n: frame_system::pallet_prelude::BlockNumberFor<T>) -> QuarterIndex {
		let quarter = n / T::QuarterLength::get();
		quarter.try_into().unwrap_or(QuarterIndex::MAX)
	}

	/// The current quarter.
	pub fn current_quarter() -> QuarterIndex {
		Self::quarter_of(frame_system::Pallet::<T>::block_number())
	}

	/// What is left of `category`'s budget in `quarter`.
	pub fn remaining(quarter: QuarterIndex, category: Category) -> BalanceOf<T> {
		Budgets::<T>::get(quarter, category).saturating_sub(Spent::<T>::get(quarter, category))
	}

	fn is_expired(proposal: &ProposalOf<T>) -> bool {
		frame_system::Pallet::<T>::block_number() >= proposal.expires_at
	}

	fn checked_signatories(
		signatories: Vec<T::AccountId>,
		threshold: u32,
	) -> Result<SignatoriesOf<T>, Error<T>> {
		let count = signatories.len();
		let mut sorted = signatories.clone();
		sorted.sort();
		sorted.dedup();
		let valid =
			count > 0 && sorted.len() == count && threshold > 0 && threshold as usize <= count;
		if !valid {
			return Err(Error::<T>::InvalidSignatories);
		}
		signatories.try_into().map_err(|_| Error::<T>::InvalidSignatories)
	}

	/// Store `proposal`, or pay it if it has enough approvals by current signatories.
	fn execute_if_approved(
		index: ProposalIndex,
		proposal: ProposalOf<T>,
	) -> frame_support::dispatch::DispatchResult {
		if (proposal.approvals.len() as u32) < Threshold::<T>::get() {
			Proposals::<T>::insert(index, proposal);
			return Ok(());
		}
		let quarter = Self::current_quarter();
		let category = proposal.category;
		frame_support::ensure!(
			proposal.amount <= Self::remaining(quarter, category),
			Error::<T>::InsufficientBudget
		);
		frame_support::ensure!(
			SpendCount::<T>::get(quarter) < T::MaxSpendsPerQuarter::get(),
			Error::<T>::TooManySpends
		);
		Self::record_balance_change(quarter);
		T::Currency::transfer(
			&Self::account(),
			&proposal.beneficiary,
			proposal.amount,
			Preservation::Preserve,
		)
		.map_err(|_| Error::<T>::InsufficientFunds)?;
		Spent::<T>::mutate(quarter, category, |spent| {
			*spent = spent.saturating_add(proposal.amount)
		});
		SpendCount::<T>::mutate(quarter, |count| *count += 1);
		Proposals::<T>::remove(index);
		Self::record(
			quarter,
			Flow::Spend {
				proposal: index,
				category,
				beneficiary: proposal.beneficiary.clone(),
				amount: proposal.amount,
				approvers: proposal.approvals,
			},
		);
		Self::deposit_event(Event::SpendExecuted {
			index,
			quarter,
			category,
			beneficiary: proposal.beneficiary,
			amount: proposal.amount,
		});
		Ok(())
	}

	/// Append `flow` to `quarter`'s trail and note the balance it leaves.
	fn record(quarter: QuarterIndex, flow: FlowOf<T>) {
		let entry = TrailLength::<T>::get(quarter);
		let block = frame_system::Pallet::<T>::block_number();
		Trail::<T>::insert(quarter, entry, TrailEntry { block, flow: flow.clone() });
		TrailLength::<T>::insert(quarter, entry + 1);
		RecordedBalance::<T>::put(T::Currency::balance(&Self::account()));
		Self::deposit_event(Event::Recorded { quarter, entry, flow });
	}

	/// Record how the balance moved since the last record, without this pallet.
	fn record_balance_change(quarter: QuarterIndex) {
		let balance = T::Currency::balance(&Self::account());
		let recorded = RecordedBalance::<T>::get();
		if balance > recorded {
			Self::record(quarter, Flow::Inflow { amount: balance - recorded });
		} else if balance < recorded {
			Self::record(quarter, Flow::OtherOutflow { amount: recorded - balance });
		}
	}

	/// Close `quarter`: record inflows, burn [`Config::BurnShare`] of the idle balance, keep the
	/// closing balance and open the next quarter with it.
	fn close_quarter(quarter: QuarterIndex) {
		Self::record_balance_change(quarter);
		let account = Self::account();
		let balance = T::Currency::balance(&account);
		let to_burn = T::BurnShare::get().mul_floor(balance);
		let burned = if to_burn.is_zero() {
			Zero::zero()
		} else {
			T::Currency::burn_from(
				&account,
				to_burn,
				Preservation::Preserve,
				Precision::BestEffort,
				Fortitude::Polite,
			)
			.unwrap_or_else(|_| Zero::zero())
		};
		if !burned.is_zero() {
			Self::record(quarter, Flow::Burn { amount: burned });
		}
		let end = T::Currency::balance(&account);
		QuarterBalances::<T>::mutate(quarter, |b| {
			b.get_or_insert(QuarterBalance { start: end, end: None }).end = Some(end);
		});
		QuarterBalances::<T>::insert(
			quarter.saturating_add(1),
			QuarterBalance { start: end, end: None },
		);
		Self::deposit_event(Event::QuarterClosed { quarter, balance: end, burned });
	}

	/// The report of `quarter` ([`runtime_api::FoundationApi::quarter_report`]).
	pub fn quarter_report(quarter: QuarterIndex) -> QuarterReportOf<T> {
		let categories = Category::ALL
			.iter()
			.map(|&category| CategoryReport {
				category,
				budget: Budgets::<T>::get(quarter, category),
				spent: Spent::<T>::get(quarter, category),
				remaining: Self::remaining(quarter, category),
			})
			.collect();
		let mut spends = Vec::new();
		let (mut inflows, mut burned) = (BalanceOf::<T>::zero(), BalanceOf::<T>::zero());
		for entry in 0..TrailLength::<T>::get(quarter) {
			let Some(record) = Trail::<T>::get(quarter, entry) else { continue };
			match &record.flow {
				Flow::Inflow { amount } => inflows = inflows.saturating_add(*amount),
				Flow::Burn { amount } => burned = burned.saturating_add(*amount),
				Flow::Spend { .. } => spends.push(record),
				Flow::OtherOutflow { .. } => {},
			}
		}
		let balances = QuarterBalances::<T>::get(quarter);
		QuarterReport {
			quarter,
			categories,
			spends,
			inflows,
			burned,
			balance_start: balances.as_ref().map(|b| b.start),
			balance_end: balances.and_then(|b| b.end),
		}
	}

	/// Invariants: spending within budgets, a consistent trail, a valid signatory set.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (quarter, category, spent) in Spent::<T>::iter() {
			frame_support::ensure!(
				spent <= Budgets::<T>::get(quarter, category),
				"spent more than the budget"
			);
		}
		for (quarter, length) in TrailLength::<T>::iter() {
			frame_support::ensure!(
				Trail::<T>::iter_key_prefix(quarter).count() as u32 == length,
				"trail length does not match its entries"
			);
			frame_support::ensure!(
				SpendCount::<T>::get(quarter) <= T::MaxSpendsPerQuarter::get(),
				"too many spends in a quarter"
			);
		}
		let signatories = Signatories::<T>::get();
		let threshold = Threshold::<T>::get();
		frame_support::ensure!(
			threshold as usize <= signatories.len(),
			"threshold above the number of signatories"
		);
		frame_support::ensure!(
			Proposals::<T>::count() <= T::MaxPendingProposals::get(),
			"too many open proposals"
		);
		Ok(())
	}
}

/// A quarter report of a runtime.
pub type QuarterReportOf<T> = QuarterReport<
	AccountIdOf<T>,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
	<T as Config>::MaxSignatories,
>;
