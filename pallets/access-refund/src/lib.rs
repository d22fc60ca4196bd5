//! # Access refund pallet
//!
//! A transaction's weight charges one storage read and one write for each account it touches
//! (the signer's through `CheckNonce`, a transfer's recipient's through the call), as if the
//! block had not touched that account before. The second time a block touches an account that
//! is not so: the account is already in the block's overlay, so reading it is no database read,
//! and writing it again adds no database write, since a block writes each changed key once, when
//! it ends. This pallet records the accounts a block has paid a read and a write for
//! ([`PaidFor`]), and its transaction extension [`RefundPaidAccess`] refunds a transaction the
//! read and write it was charged for each account already paid for. A block's weight then
//! follows the database work it causes: blocks of transfers among a few busy accounts hold many
//! more of them, while blocks of transfers between accounts no other transfer of the block
//! touches (the worst case, the one the weights are measured for) hold as many as before, less
//! the record's own cost, which every transaction pays ([`WeightInfo::record_accesses`]).
//!
//! ## What is recorded, and when
//!
//! * The signer, once the transaction's extensions have run: `CheckNonce` has then written its
//!   account (the incremented nonce), whatever the call does. So the runtime's extensions must
//!   run `CheckNonce` before [`RefundPaidAccess`] (SCI's runtime tests check the order).
//! * The account [`Config::ChargedAccount`] names for the call (a transfer's recipient), once
//!   the call has succeeded: a successful call has written it (a transfer to oneself writes
//!   nothing more, but the signer is recorded first). A failed call's changes are rolled back,
//!   so its account is not recorded.
//!
//! A refund never takes a transaction's weight below [`Config::MinimumCharge`] (the runtime's
//! signature check, which runs beside execution and must keep pace with it).
//!
//! ## The record lives within a block
//!
//! [`PaidFor`] holds the accounts in [`BUCKETS`] buckets by the first byte of their encoding,
//! each a sorted list of at most [`BUCKET_CAPACITY`]: a transaction reads and writes two small
//! values, and a block adds at most [`BUCKETS`] keys to its overlay, whatever its size. A full
//! bucket records no more accounts: those transactions get no refund, never a wrong one. An
//! account's first byte is its owner's choice, so anyone can fill a bucket and deny the others
//! in it their refunds for a block; hashing the account first would not stop that (keys are as
//! easily ground to a hash's first byte) and would cost every transaction a hash.
//! `on_finalize` empties the record, so it never reaches the database; its cost, charged in
//! `on_initialize`, is one database read per bucket (the first access to a
//! bucket in a block misses the overlay) and emptying every bucket.

#![cfg_attr(not(feature = "std"), no_std)]

// Only the benchmarks allocate.
#[cfg(feature = "runtime-benchmarks")]
extern crate alloc;

mod extension;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use extension::RefundPaidAccess;
use frame_support::traits::IsSubType;
pub use pallet::*;
pub use weights::WeightInfo;

/// How many buckets [`PaidFor`] spreads accounts over: one per value of an account's first
/// encoded byte.
pub const BUCKETS: u32 = 256;
/// The most accounts a bucket records in a block: 16,384 accounts in all, several times what a
/// full block of transfers touches.
pub const BUCKET_CAPACITY: u32 = 64;

/// The account besides the signer's whose storage read and write a call's weight charges, and
/// which the call has written whenever it succeeds, unless it is the signer's own (a transfer's
/// recipient), if any.
pub trait ChargedAccount<Call, AccountId> {
	/// The account `call` is charged a read and a write for, besides the signer's.
	fn charged_account(call: &Call) -> Option<AccountId>;
}

/// A balance transfer of something (`transfer_keep_alive`, `transfer_allow_death`) is charged its
/// recipient's account (pallet-balances' weights: one read and one write of it), which it writes
/// when it succeeds.
pub struct TransferRecipient<T, I = ()>(core::marker::PhantomData<(T, I)>);

impl<T, I> ChargedAccount<T::RuntimeCall, T::AccountId> for TransferRecipient<T, I>
where
	T: pallet_balances::Config<I>,
	I: 'static,
	T::RuntimeCall: IsSubType<pallet_balances::Call<T, I>>,
{
	fn charged_account(call: &T::RuntimeCall) -> Option<T::AccountId> {
		use sp_runtime::traits::{StaticLookup, Zero};
		match call.is_sub_type()? {
			pallet_balances::Call::transfer_keep_alive { dest, value }
			| pallet_balances::Call::transfer_allow_death { dest, value }
				if !value.is_zero() =>
			{
				T::Lookup::lookup(dest.clone()).ok()
			},
			_ => None,
		}
	}
}

/// One bucket of [`PaidFor`]: sorted accounts.
pub type Bucket<T> = frame_support::BoundedVec<
	<T as frame_system::Config>::AccountId,
	frame_support::traits::ConstU32<BUCKET_CAPACITY>,
>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, weights::Weight};
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Which account, besides the signer's, a call's weight charges a read and a write for.
		type ChargedAccount: ChargedAccount<Self::RuntimeCall, Self::AccountId>;
		/// The least weight a transaction is left with after its refund.
		#[pallet::constant]
		type MinimumCharge: Get<Weight>;
		/// Weights of the record's upkeep, measured by this pallet's benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// The accounts this block has paid a storage read and write for, by bucket (an account's
	/// first encoded byte), each sorted. Emptied at the end of every block.
	#[pallet::storage]
	pub type PaidFor<T: Config> = StorageMap<_, Twox64Concat, u8, Bucket<T>, ValueQuery>;

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Charges the record's upkeep for the block up front: each bucket's first read, and
		/// emptying them all in `on_finalize`.
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			T::WeightInfo::on_finalize().saturating_add(T::DbWeight::get().reads(BUCKETS.into()))
		}

		/// Empties the record: the next block has paid for nothing yet.
		fn on_finalize(_n: BlockNumberFor<T>) {
			let _ = PaidFor::<T>::clear(BUCKETS, None);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	impl<T: Config> Pallet<T> {
		/// The bucket `who` is recorded in.
		pub(crate) fn bucket(who: &T::AccountId) -> u8 {
			who.using_encoded(|bytes| bytes.first().copied().unwrap_or_default())
		}

		/// Whether this block has paid for `who`'s account.
		pub fn is_paid_for(who: &T::AccountId) -> bool {
			PaidFor::<T>::get(Self::bucket(who)).binary_search(who).is_ok()
		}

		/// Records that this block has paid for `who`'s account; whether it already had. A
		/// full bucket records nothing.
		pub fn record(who: &T::AccountId) -> bool {
			let bucket = Self::bucket(who);
			let mut paid = PaidFor::<T>::get(bucket);
			match paid.binary_search(who) {
				Ok(_) => true,
				Err(at) => {
					if paid.try_insert(at, who.clone()).is_ok() {
						PaidFor::<T>::insert(bucket, paid);
					}
					false
				},
			}
		}

		/// The record is empty between blocks.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			ensure!(
				PaidFor::<T>::iter_keys().next().is_none(),
				"the accounts a block paid for outlived the block"
			);
			Ok(())
		}
	}
}
