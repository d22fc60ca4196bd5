//! # Validators pallet
//!
//! What SCI adds to the validator set that `pallet-session` and `pallet-staking` keep: the
//! session schedule, and the elimination vote by which validators eject one of their own.
//!
//! ## Session schedule
//!
//! A session lasts [`SessionLength`] blocks from the block it started at ([`SessionStart`]),
//! set in the genesis config and by [`Config::AdminOrigin`] within
//! [`Config::MinSessionLength`]..=[`Config::MaxSessionLength`]; a new length applies from the
//! current session on. The pallet is the session pallet's `ShouldEndSession` and
//! `NextSessionRotation`, and wraps its `SessionManager` ([`EliminatingSessions`]) to note
//! when each session starts.
//!
//! ## Elimination motions
//!
//! A current validator proposes to eject another ([`Pallet::propose_elimination`]), naming
//! the share of its stake to slash (zero for none); the proposal counts as its aye. The other
//! validators vote ([`Pallet::vote`]); the target neither votes nor counts. When at least two
//! thirds of the electorate (the validators at the time of the vote, less the target) vote
//! aye, the motion passes: the target is disabled at once (its blocks and votes no longer
//! count in this session), and at the next session planned it is chilled (no longer a
//! candidate), slashed if the motion says so (through the offences pallet, so the slash is
//! deferred and governance can cancel it) and left out of the set. A motion fails as soon as
//! two thirds can no longer be reached, and lapses after [`Config::MotionDuration`] blocks.
//! [`Config::EliminationOrigin`] (a governance track) ejects a validator directly.
//!
//! The set never empties: a motion may not target the last validator not already on its way
//! out.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
mod session;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use session::EliminatingSessions;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use sp_runtime::Perbill;

/// What ejecting a validator does to it, outside this pallet.
pub trait Eliminate<AccountId> {
	/// Stop it from producing blocks and voting in the current session.
	fn disable(who: &AccountId);
	/// Withdraw its candidacy, so that no election picks it again.
	fn chill(who: &AccountId);
	/// Slash `fraction` of its stake (a reported offence, which governance may cancel).
	fn slash(who: &AccountId, fraction: Perbill);
}

/// The validators of the current session.
pub trait CurrentValidators<AccountId> {
	/// Their accounts.
	fn validators() -> Vec<AccountId>;
	/// Make `validators` the current ones (benchmarks).
	#[cfg(feature = "runtime-benchmarks")]
	fn set_validators(validators: Vec<AccountId>);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::Saturating;

	/// A vote to eject a validator.
	#[derive(
		frame_support::CloneNoBound,
		frame_support::PartialEqNoBound,
		frame_support::EqNoBound,
		frame_support::DebugNoBound,
		Encode,
		Decode,
		DecodeWithMemTracking,
		TypeInfo,
		MaxEncodedLen,
	)]
	#[scale_info(skip_type_params(T))]
	pub struct Motion<T: Config> {
		/// The validator that proposed it.
		pub proposer: T::AccountId,
		/// The share of the target's stake slashed if it passes.
		pub slash: Perbill,
		/// The validators for it, the proposer first.
		pub ayes: BoundedVec<T::AccountId, T::MaxValidators>,
		/// The validators against it.
		pub nays: BoundedVec<T::AccountId, T::MaxValidators>,
		/// The last block it may pass in.
		pub end: BlockNumberFor<T>,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The validators of the current session.
		type Validators: CurrentValidators<Self::AccountId>;
		/// What ejecting a validator does.
		type Eliminate: Eliminate<Self::AccountId>;
		/// Ejects a validator without a motion (a governance track).
		type EliminationOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Sets the session length.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The most validators a set has (bounds a motion's votes).
		#[pallet::constant]
		type MaxValidators: Get<u32>;
		/// The most motions open at once.
		#[pallet::constant]
		type MaxMotions: Get<u32>;
		/// Blocks a motion stays open.
		#[pallet::constant]
		type MotionDuration: Get<BlockNumberFor<Self>>;
		/// The shortest session.
		#[pallet::constant]
		type MinSessionLength: Get<BlockNumberFor<Self>>;
		/// The longest session.
		#[pallet::constant]
		type MaxSessionLength: Get<BlockNumberFor<Self>>;
		/// Weights of the calls.
		type WeightInfo: WeightInfo;
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Blocks per session.
	#[pallet::storage]
	pub type SessionLength<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// The block the current session started at.
	#[pallet::storage]
	pub type SessionStart<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// The open motions, by the validator they would eject.
	#[pallet::storage]
	pub type Motions<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, Motion<T>, OptionQuery>;

	/// Validators ejected and the share of stake to slash: chilled, slashed and left out of the
	/// set when the next session is planned.
	#[pallet::storage]
	pub type Ejected<T: Config> =
		StorageValue<_, BoundedVec<(T::AccountId, Perbill), T::MaxValidators>, ValueQuery>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// Blocks per session (within the configured bounds; by default the shortest).
		pub session_length: BlockNumberFor<T>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self { session_length: T::MinSessionLength::get() }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(
				(T::MinSessionLength::get()..=T::MaxSessionLength::get())
					.contains(&self.session_length),
				"validators: the genesis session length is outside the configured bounds"
			);
			SessionLength::<T>::put(self.session_length);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A validator proposed to eject another.
		MotionProposed {
			/// The validator that would be ejected.
			target: T::AccountId,
			/// The proposer.
			proposer: T::AccountId,
			/// The share of stake that would be slashed.
			slash: Perbill,
		},
		/// A validator voted on a motion.
		Voted {
			/// The motion's target.
			target: T::AccountId,
			/// The voter.
			voter: T::AccountId,
			/// For or against.
			aye: bool,
		},
		/// A motion passed or governance ejected a validator: disabled now, out of the set
		/// from the next session.
		Ejected {
			/// The validator.
			target: T::AccountId,
			/// The share of stake to slash.
			slash: Perbill,
		},
		/// A motion can no longer reach two thirds.
		MotionFailed {
			/// Its target.
			target: T::AccountId,
		},
		/// A motion lapsed without a decision.
		MotionExpired {
			/// Its target.
			target: T::AccountId,
		},
		/// An ejected validator was chilled (and slashed) as the next session was planned.
		Eliminated {
			/// The validator.
			target: T::AccountId,
			/// The share of stake slashed.
			slash: Perbill,
		},
		/// The session length changed.
		SessionLengthSet {
			/// Blocks per session.
			length: BlockNumberFor<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Only a current validator may propose or vote.
		NotValidator,
		/// The target is not a current validator.
		TargetNotValidator,
		/// A validator may not propose to eject itself.
		SelfElimination,
		/// A motion against this validator is open.
		MotionExists,
		/// No motion against this validator is open.
		NoMotion,
		/// The motion is past its end.
		MotionClosed,
		/// The motion is still open.
		MotionOpen,
		/// The target of a motion does not vote on it.
		TargetCannotVote,
		/// This validator already voted this way.
		DuplicateVote,
		/// As many motions as allowed are open.
		TooManyMotions,
		/// The validator is already ejected.
		AlreadyEjected,
		/// Ejecting it would leave no validator.
		LastValidator,
		/// The session length is outside the allowed bounds.
		SessionLengthOutOfBounds,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Propose to eject the validator `target`, slashing `slash` of its stake if the motion
		/// passes. The caller must be a current validator; its proposal is its aye.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::propose_elimination(T::MaxValidators::get()))]
		pub fn propose_elimination(
			origin: OriginFor<T>,
			target: T::AccountId,
			slash: Perbill,
		) -> DispatchResult {
			let proposer = ensure_signed(origin)?;
			let validators = T::Validators::validators();
			ensure!(validators.contains(&proposer), Error::<T>::NotValidator);
			ensure!(proposer != target, Error::<T>::SelfElimination);
			Self::ensure_ejectable(&validators, &target)?;
			let now = frame_system::Pallet::<T>::block_number();
			if let Some(motion) = Motions::<T>::get(&target) {
				ensure!(motion.end < now, Error::<T>::MotionExists);
				Self::expire(target.clone());
			}
			ensure!(Motions::<T>::count() < T::MaxMotions::get(), Error::<T>::TooManyMotions);
			let motion = Motion {
				proposer: proposer.clone(),
				slash,
				ayes: BoundedVec::truncate_from(alloc::vec![proposer.clone()]),
				nays: BoundedVec::new(),
				end: now.saturating_add(T::MotionDuration::get()),
			};
			Self::deposit_event(Event::MotionProposed { target: target.clone(), proposer, slash });
			Self::decide(&validators, target, motion);
			Ok(())
		}

		/// Vote on the motion to eject `target`. The caller must be a current validator other
		/// than the target; a vote may be changed.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::vote(T::MaxValidators::get()))]
		pub fn vote(origin: OriginFor<T>, target: T::AccountId, aye: bool) -> DispatchResult {
			let voter = ensure_signed(origin)?;
			let validators = T::Validators::validators();
			ensure!(validators.contains(&voter), Error::<T>::NotValidator);
			ensure!(voter != target, Error::<T>::TargetCannotVote);
			let mut motion = Motions::<T>::get(&target).ok_or(Error::<T>::NoMotion)?;
			ensure!(
				frame_system::Pallet::<T>::block_number() <= motion.end,
				Error::<T>::MotionClosed
			);
			let (add, remove) = if aye {
				(&mut motion.ayes, &mut motion.nays)
			} else {
				(&mut motion.nays, &mut motion.ayes)
			};
			ensure!(!add.contains(&voter), Error::<T>::DuplicateVote);
			remove.retain(|v| v != &voter);
			// A validator set holds at most `MaxValidators`, so a vote always fits.
			add.try_push(voter.clone()).map_err(|_| Error::<T>::NotValidator)?;
			Self::deposit_event(Event::Voted { target: target.clone(), voter, aye });
			Self::decide(&validators, target, motion);
			Ok(())
		}

		/// Eject `target` without a motion, slashing `slash` of its stake.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::eliminate())]
		pub fn eliminate(
			origin: OriginFor<T>,
			target: T::AccountId,
			slash: Perbill,
		) -> DispatchResult {
			T::EliminationOrigin::ensure_origin(origin)?;
			Self::ensure_ejectable(&T::Validators::validators(), &target)?;
			Motions::<T>::remove(&target);
			Self::eject(target, slash);
			Ok(())
		}

		/// Set the session length, from the current session on.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_session_length())]
		pub fn set_session_length(
			origin: OriginFor<T>,
			length: BlockNumberFor<T>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(
				(T::MinSessionLength::get()..=T::MaxSessionLength::get()).contains(&length),
				Error::<T>::SessionLengthOutOfBounds
			);
			SessionLength::<T>::put(length);
			Self::deposit_event(Event::SessionLengthSet { length });
			Ok(())
		}

		/// Remove the lapsed motion against `target`. Anyone may call it.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::close())]
		pub fn close(origin: OriginFor<T>, target: T::AccountId) -> DispatchResult {
			ensure_signed(origin)?;
			let motion = Motions::<T>::get(&target).ok_or(Error::<T>::NoMotion)?;
			ensure!(motion.end < frame_system::Pallet::<T>::block_number(), Error::<T>::MotionOpen);
			Self::expire(target);
			Ok(())
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	impl<T: Config> Pallet<T> {
		/// `target` is a validator that may be ejected: in the set, not ejected yet, and not
		/// the last one staying.
		fn ensure_ejectable(validators: &[T::AccountId], target: &T::AccountId) -> DispatchResult {
			ensure!(validators.contains(target), Error::<T>::TargetNotValidator);
			let ejected = Ejected::<T>::get();
			ensure!(ejected.iter().all(|(who, _)| who != target), Error::<T>::AlreadyEjected);
			let staying = validators.iter().filter(|v| ejected.iter().all(|(who, _)| who != *v));
			ensure!(staying.count() > 1, Error::<T>::LastValidator);
			Ok(())
		}

		/// Pass, fail or keep `motion` against `target`, counting only current validators.
		fn decide(validators: &[T::AccountId], target: T::AccountId, motion: Motion<T>) {
			let electorate = validators.iter().filter(|v| **v != target).count() as u32;
			let counted = |votes: &[T::AccountId]| {
				votes.iter().filter(|v| validators.contains(v)).count() as u32
			};
			let (ayes, nays) = (counted(&motion.ayes), counted(&motion.nays));
			if ayes.saturating_mul(3) >= electorate.saturating_mul(2) {
				Motions::<T>::remove(&target);
				if Self::ensure_ejectable(validators, &target).is_ok() {
					Self::eject(target, motion.slash);
				} else {
					Self::deposit_event(Event::MotionFailed { target });
				}
			} else if electorate.saturating_sub(nays).saturating_mul(3)
				< electorate.saturating_mul(2)
			{
				Motions::<T>::remove(&target);
				Self::deposit_event(Event::MotionFailed { target });
			} else {
				Motions::<T>::insert(&target, motion);
			}
		}

		fn eject(target: T::AccountId, slash: Perbill) {
			T::Eliminate::disable(&target);
			// `ensure_ejectable` checked that it is a validator not yet ejected: it fits.
			let _ = Ejected::<T>::try_mutate(|ejected| ejected.try_push((target.clone(), slash)));
			Self::deposit_event(Event::Ejected { target, slash });
		}

		fn expire(target: T::AccountId) {
			Motions::<T>::remove(&target);
			Self::deposit_event(Event::MotionExpired { target });
		}

		/// Chill and slash the ejected validators; returns them.
		pub(crate) fn eliminate_ejected() -> Vec<T::AccountId> {
			Ejected::<T>::take()
				.into_iter()
				.map(|(target, slash)| {
					T::Eliminate::chill(&target);
					if !slash.is_zero() {
						T::Eliminate::slash(&target, slash);
					}
					Self::deposit_event(Event::Eliminated { target: target.clone(), slash });
					target
				})
				.collect()
		}

		/// Invariants: the session length within bounds, the motion counter equal to the
		/// motions, each motion's votes disjoint and within the bound of open motions.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			ensure!(
				(T::MinSessionLength::get()..=T::MaxSessionLength::get())
					.contains(&SessionLength::<T>::get()),
				"session length out of bounds"
			);
			let motions: Vec<_> = Motions::<T>::iter().collect();
			ensure!(motions.len() as u32 == Motions::<T>::count(), "motion count mismatch");
			ensure!(motions.len() as u32 <= T::MaxMotions::get(), "too many motions");
			for (target, motion) in motions {
				ensure!(!motion.ayes.contains(&target), "a target voted on its own motion");
				ensure!(
					motion.ayes.iter().all(|v| !motion.nays.contains(v)),
					"a validator voted both ways"
				);
			}
			Ok(())
		}
	}
}
