//! The runtime API of data mining, for devices, their owners and explorers.

use crate::{DeviceId, Epoch, EpochIndex, Report};
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Epochs, reports and claimable rewards.
	pub trait MiningApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The epoch reports are being submitted for, and its books so far.
		fn current_epoch() -> (EpochIndex, Option<Epoch<BlockNumber, Balance>>);
		/// The books of `epoch`, until its unclaimed rewards return to the pool.
		fn epoch(epoch: EpochIndex) -> Option<Epoch<BlockNumber, Balance>>;
		/// `device`'s report for `epoch`, with its score.
		fn report(epoch: EpochIndex, device: DeviceId) -> Option<Report<AccountId, Balance>>;
		/// What `device`'s owner could claim for `epoch` now.
		fn claimable(epoch: EpochIndex, device: DeviceId) -> Option<Balance>;
	}
}
