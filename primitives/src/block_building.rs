//! The runtime API a node uses to apply many transactions per runtime call while it builds a
//! block.

use alloc::vec::Vec;
use sp_runtime::ApplyExtrinsicResult;

sp_api::decl_runtime_apis! {
	/// Applying a batch of transactions in one runtime call.
	///
	/// `BlockBuilder::apply_extrinsic` takes one runtime call per transaction, and a call's
	/// fixed cost (a fresh instance, its memory reset afterwards) is a fifth of a transfer's
	/// when a block is built. This applies transactions exactly as that would, one after
	/// another, each in a storage transaction of its own, so the block, its state and its
	/// events are the same as if they had been applied one per call.
	pub trait BatchApply {
		/// Apply `extrinsics` in order, each as `BlockBuilder::apply_extrinsic` does, in a
		/// storage transaction of its own that is committed if it was applied (`Ok`, whatever
		/// its dispatch's outcome) and rolled back otherwise, so a rejected transaction leaves
		/// no trace. Stops after the first one the block has no room for
		/// (`InvalidTransaction::ExhaustsResources`): the results are those of the
		/// transactions tried, in order, that one last.
		fn apply_extrinsics(extrinsics: Vec<Block::Extrinsic>) -> Vec<ApplyExtrinsicResult>;
	}
}
