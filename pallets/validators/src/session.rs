//! The pallet's place in `pallet-session`: when sessions end, and the session manager that
//! leaves ejected validators out.

use crate::{Config, CurrentValidators, Pallet, SessionLength, SessionStart};
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::Weight,
	traits::{EstimateNextSessionRotation, Get},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Saturating, Permill};
use sp_staking::SessionIndex;

impl<T: Config> Pallet<T> {
	/// The block the current session ends at (the next one starts).
	pub fn session_end() -> BlockNumberFor<T> {
		SessionStart::<T>::get().saturating_add(SessionLength::<T>::get())
	}
}

impl<T: Config> pallet_session::ShouldEndSession<BlockNumberFor<T>> for Pallet<T> {
	fn should_end_session(now: BlockNumberFor<T>) -> bool {
		now >= Self::session_end()
	}
}

impl<T: Config> EstimateNextSessionRotation<BlockNumberFor<T>> for Pallet<T> {
	fn average_session_length() -> BlockNumberFor<T> {
		SessionLength::<T>::get()
	}

	fn estimate_current_session_progress(now: BlockNumberFor<T>) -> (Option<Permill>, Weight) {
		let elapsed = now.saturating_sub(SessionStart::<T>::get());
		let length = SessionLength::<T>::get();
		let progress = Permill::from_rational(elapsed.min(length), length.max(1u32.into()));
		(Some(progress), T::DbWeight::get().reads(2))
	}

	fn estimate_next_session_rotation(
		now: BlockNumberFor<T>,
	) -> (Option<BlockNumberFor<T>>, Weight) {
		(Some(Self::session_end().max(now)), T::DbWeight::get().reads(2))
	}
}

/// The session manager: `Inner`'s (staking's) sets, less the validators ejected since the last
/// session was planned, and the start of each session noted for the schedule.
pub struct EliminatingSessions<T, Inner>(core::marker::PhantomData<(T, Inner)>);

impl<T, Inner> EliminatingSessions<T, Inner>
where
	T: Config,
	Inner: pallet_session::SessionManager<T::AccountId>,
{
	fn plan(
		new_index: SessionIndex,
		planned: Option<Vec<T::AccountId>>,
	) -> Option<Vec<T::AccountId>> {
		let ejected = Pallet::<T>::eliminate_ejected();
		if ejected.is_empty() {
			return planned;
		}
		let set = planned.unwrap_or_else(T::Validators::validators);
		let staying: Vec<_> = set.iter().filter(|v| !ejected.contains(v)).cloned().collect();
		log::info!(
			target: "runtime::validators",
			"session {new_index}: {} of {} validators ejected",
			set.len() - staying.len(),
			set.len()
		);
		// Motions never target the last validator staying; a set from the election that holds
		// only ejected ones is kept rather than emptied.
		Some(if staying.is_empty() { set } else { staying })
	}
}

impl<T, Inner> pallet_session::SessionManager<T::AccountId> for EliminatingSessions<T, Inner>
where
	T: Config,
	Inner: pallet_session::SessionManager<T::AccountId>,
{
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		Self::plan(new_index, Inner::new_session(new_index))
	}

	fn new_session_genesis(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		Inner::new_session_genesis(new_index)
	}

	fn end_session(end_index: SessionIndex) {
		Inner::end_session(end_index)
	}

	fn start_session(start_index: SessionIndex) {
		SessionStart::<T>::put(frame_system::Pallet::<T>::block_number());
		Inner::start_session(start_index)
	}
}

/// The session pallet's validators.
impl<T: Config + pallet_session::Config<ValidatorId = <T as frame_system::Config>::AccountId>>
	CurrentValidators<T::AccountId> for pallet_session::Pallet<T>
{
	fn validators() -> Vec<T::AccountId> {
		pallet_session::Validators::<T>::get()
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_validators(validators: Vec<T::AccountId>) {
		pallet_session::Validators::<T>::put(validators)
	}
}
